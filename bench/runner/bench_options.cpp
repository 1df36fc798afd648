#include "bench_options.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>

namespace ioscope::bench {

namespace {

std::string known_models() {
  std::string out;
  for (const auto& m : bench_model_ids()) out += (out.empty() ? "" : ", ") + m;
  return out;
}

std::optional<long long> whole_number(const std::string& text, long long lo, long long hi) {
  long long v = 0;
  const auto* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<double> positive_number(const std::string& text, double hi) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(v) || v <= 0 || v > hi) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

const std::vector<std::string>& bench_model_ids() {
  static const std::vector<std::string> ids = {"blocking", "nonblocking", "select", "poll",
                                               "epoll",    "epoll-et",    "sigio",  "io_uring"};
  return ids;
}

std::string base_model(const std::string& spec) {
  return spec.substr(0, spec.find('+'));
}

std::string uring_features_of(const std::string& spec) {
  const auto plus = spec.find('+');
  if (plus == std::string::npos) return {};
  std::string f = spec.substr(plus + 1);
  std::replace(f.begin(), f.end(), '+', ',');
  return f;
}

std::string bare_server_name(const std::string& model) {
  std::string name = "bare_" + base_model(model);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

int active_connections(const BenchOptions& o) {
  const double active = std::round(o.active_fraction * o.load.connections);
  return std::clamp(static_cast<int>(active), 1, o.load.connections);
}

std::string bench_usage() {
  return R"(usage: ioscope-server-bench [flags]

Runs each model's ioscope echo server ('ioscope-cli serve') and its bare C twin (bench/bare) as
separate processes on 127.0.0.1, drives each with the same load in alternating runs, and prints
per model the median ratio ioscope/bare of round trips per second, with its spread (min-max).

  --model ID[,ID]     only these models (default: all of them, in Stevens' order); io_uring
                      may carry its features: io_uring+multishot, io_uring+defer-taskrun,
                      io_uring+multishot+defer-taskrun (measured against the plain bare twin)
  --tracing on|off|both
                      which ioscope server each run measures beside the bare one: traced,
                      untraced ('ioscope-cli serve --untraced') or both (default both)
  --runs N            runs per server and model, 1-1000 (default 5)
  --connections N     client connections, 1-28000 (default 50; with --c10k 10000)
  --size BYTES        message size, 1-16777216 (default 64)
  --seconds S         length of each run, e.g. 0.5 (default 2)
  --mode closed|open  closed: send, wait for the whole echo, repeat (default);
                      open: send at --rate per connection, latency from the intended send time
  --rate R            open loop: messages per second per connection (default 200)
  --c10k              C10K: hold --connections open to each server while only the --active
                      fraction of them talk, the rest idle; one run per side (no --runs).
                      Prints, per model and side, the connections held, round trips per
                      second of the active ones, p50/p99, server CPU per message and peak
                      RSS. Raises RLIMIT_NOFILE's soft limit to the hard limit (the servers
                      inherit it) and runs fewer connections, saying so, if that is too low.
                      select is skipped above 1000 connections (FD_SETSIZE is 1024).
  --active F          --c10k: the fraction of connections that talk, 0-1 (default 0.01)
  --max-connections N --c10k: the cap given to 'ioscope-cli serve --max-connections' (it
                      binds the blocking model only, a thread per connection; connections
                      over it are closed at once and show as not held). Default: as many as
                      the connections run
  --json              print the results as one JSON object
  --cli PATH          the ioscope-cli to run (default: the one this build made)
  --bare-dir DIR      where the bare_<model> servers are (default: this build's)
  --help              this text

Connections from 127.0.0.1 to one port each take a local port from the ephemeral range
(/proc/sys/net/ipv4/ip_local_port_range, 32768-60999 by default).
sigio's and io_uring's servers sleep until there is something to do (serve's --idle sleep), as
their bare twins do.
Exit status: 0 all echoes correct, 1 an echo error or a server that failed, 2 bad flags.
)";
}

ParsedOptions parse_bench_options(const std::vector<std::string>& args,
                                  const std::string& default_cli_path,
                                  const std::string& default_bare_dir) {
  BenchOptions o;
  o.cli_path = default_cli_path;
  o.bare_dir = default_bare_dir;
  std::vector<std::string> models;
  bool tracing_given = false;
  bool rate_given = false;
  bool connections_given = false;
  bool runs_given = false;
  bool active_given = false;
  bool cap_given = false;
  std::string error;
  auto bad = [&](const std::string& flag, const std::string& value, const std::string& want) {
    error = flag + " needs " + want + ", got '" + value + "'";
  };

  using Setter = std::function<void(const std::string& flag, const std::string& value)>;
  const std::map<std::string, Setter> with_value = {
      {"--model",
       [&](const std::string& f, const std::string& v) {
         const auto& ids = bench_model_ids();
         std::size_t start = 0;
         while (start <= v.size()) {
           std::size_t comma = v.find(',', start);
           if (comma == std::string::npos) comma = v.size();
           const std::string spec = v.substr(start, comma - start);
           start = comma + 1;
           if (std::find(ids.begin(), ids.end(), base_model(spec)) == ids.end())
             return bad(f, spec, "a model id (one of: " + known_models() + ")");
           std::string features = uring_features_of(spec);
           if (!features.empty() && base_model(spec) != "io_uring")
             return bad(f, spec, "features after '+' on io_uring only");
           for (std::size_t at = 0; at <= features.size();) {
             std::size_t end = features.find(',', at);
             if (end == std::string::npos) end = features.size();
             const std::string one = features.substr(at, end - at);
             if (!features.empty() && one != "multishot" && one != "defer-taskrun")
               return bad(f, spec, "io_uring features multishot or defer-taskrun after '+'");
             at = end + 1;
           }
           models.push_back(spec);
         }
       }},
      {"--tracing",
       [&](const std::string& f, const std::string& v) {
         tracing_given = true;
         if (v == "on") return void(o.tracing = Tracing::On);
         if (v == "off") return void(o.tracing = Tracing::Off);
         if (v == "both") return void(o.tracing = Tracing::Both);
         bad(f, v, "'on', 'off' or 'both'");
       }},
      {"--runs",
       [&](const std::string& f, const std::string& v) {
         runs_given = true;
         if (auto n = whole_number(v, 1, 1000)) return void(o.runs = static_cast<int>(*n));
         bad(f, v, "a whole number from 1 to 1000");
       }},
      {"--connections",
       [&](const std::string& f, const std::string& v) {
         connections_given = true;
         if (auto n = whole_number(v, 1, kMaxConnections))
           return void(o.load.connections = static_cast<int>(*n));
         bad(f, v, "a whole number from 1 to " + std::to_string(kMaxConnections));
       }},
      {"--size",
       [&](const std::string& f, const std::string& v) {
         if (auto n = whole_number(v, 1, 16 << 20))
           return void(o.load.message_size = static_cast<std::size_t>(*n));
         bad(f, v, "a message size in bytes from 1 to 16777216");
       }},
      {"--seconds",
       [&](const std::string& f, const std::string& v) {
         auto s = positive_number(v, 3600);
         if (!s || *s < 0.01) return bad(f, v, "a duration in seconds from 0.01 to 3600");
         o.load.duration = std::chrono::nanoseconds(static_cast<std::int64_t>(*s * 1e9));
       }},
      {"--mode",
       [&](const std::string& f, const std::string& v) {
         if (v == "closed") return void(o.load.mode = load::LoadMode::Closed);
         if (v == "open") return void(o.load.mode = load::LoadMode::Open);
         bad(f, v, "'closed' or 'open'");
       }},
      {"--rate",
       [&](const std::string& f, const std::string& v) {
         auto r = positive_number(v, 1e7);
         if (!r) return bad(f, v, "messages per second per connection, above 0");
         o.load.rate_per_connection = *r;
         rate_given = true;
       }},
      {"--active",
       [&](const std::string& f, const std::string& v) {
         active_given = true;
         auto a = positive_number(v, 1);
         if (!a) return bad(f, v, "a fraction above 0 and at most 1, e.g. 0.01");
         o.active_fraction = *a;
       }},
      {"--max-connections",
       [&](const std::string& f, const std::string& v) {
         cap_given = true;
         if (auto n = whole_number(v, 1, 65536)) return void(o.server_cap = static_cast<int>(*n));
         bad(f, v, "a whole number from 1 to 65536");
       }},
      {"--cli", [&](const std::string&, const std::string& v) { o.cli_path = v; }},
      {"--bare-dir", [&](const std::string&, const std::string& v) { o.bare_dir = v; }},
  };

  for (std::size_t i = 0; i < args.size() && error.empty(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> value;
    if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    }
    if (flag == "--json" || flag == "--c10k" || flag == "--help" || flag == "-h") {
      if (value) {
        error = flag + " takes no value";
        break;
      }
      (flag == "--json" ? o.json : flag == "--c10k" ? o.c10k : o.help) = true;
      continue;
    }
    const auto setter = with_value.find(flag);
    if (setter == with_value.end()) {
      error = "unknown flag '" + flag + "' (see --help)";
      break;
    }
    if (!value) {
      if (i + 1 == args.size()) {
        error = flag + " needs a value";
        break;
      }
      value = args[++i];
    }
    setter->second(flag, *value);
  }
  if (error.empty() && rate_given && o.load.mode != load::LoadMode::Open)
    error = "--rate applies to the open loop only: add --mode open";
  if (error.empty() && active_given && !o.c10k) error = "--active applies to --c10k only";
  if (error.empty() && cap_given && !o.c10k) error = "--max-connections applies to --c10k only";
  if (error.empty() && runs_given && o.c10k)
    error = "--runs does not apply to --c10k: it runs each side once";
  if (!error.empty()) return {std::nullopt, error};
  if (o.c10k) {
    o.runs = 1;
    if (!connections_given) o.load.connections = kC10kConnections;
  }
  if (error.empty() && tracing_given && o.c10k)
    error = "--tracing does not apply to --c10k: its ioscope servers are traced";
  if (!error.empty()) return {std::nullopt, error};
  o.models = models.empty() ? bench_model_ids() : models;
  return {o, {}};
}

}  // namespace ioscope::bench
