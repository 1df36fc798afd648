#include "model_comparison.hpp"

#include <algorithm>
#include <cstdio>

#include "server_process.hpp"

namespace ioscope::bench {

namespace {

Spread spread_by(const std::vector<ServerRun>& runs, double (*value)(const ServerRun&)) {
  std::vector<double> values;
  for (const auto& r : runs) values.push_back(value(r));
  return spread_of(values);
}

}  // namespace

const char* name_of(Side side) {
  switch (side) {
    case Side::Ioscope:
      return "ioscope";
    case Side::IoscopeUntraced:
      return "ioscope untraced";
    case Side::Bare:
      break;
  }
  return "bare";
}

std::vector<std::string> server_argv(const BenchOptions& o, const std::string& model, Side side) {
  if (side == Side::Bare) return {o.bare_dir + "/" + bare_server_name(model), "0"};
  std::vector<std::string> argv = {o.cli_path,        "serve",  "--model",
                                   base_model(model), "--port", "0"};
  if (const std::string features = uring_features_of(model); !features.empty())
    argv.insert(argv.end(), {"--uring", features});
  if (side == Side::IoscopeUntraced) argv.push_back("--untraced");
  // The cap binds blocking only (a thread per connection); C10K asks room for all of them.
  if (o.c10k) {
    const int cap = o.server_cap > 0 ? o.server_cap : o.load.connections;
    argv.insert(argv.end(), {"--max-connections", std::to_string(cap)});
  }
  return argv;
}

bool says_unavailable(const ServerProcess& p) {
  return p.unavailable() || p.err().find("cannot run here") != std::string::npos;
}

std::string last_words(const ServerProcess& p) {
  std::string text = p.err().empty() ? p.out() : p.err();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

Spread spread_of(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}

namespace {

std::vector<double> ratios_of(const std::vector<ServerRun>& ioscope,
                              const std::vector<ServerRun>& bare) {
  std::vector<double> out;
  for (std::size_t i = 0; i < std::min(ioscope.size(), bare.size()); ++i) {
    const double b = bare[i].load.round_trips_per_second();
    if (b > 0) out.push_back(ioscope[i].load.round_trips_per_second() / b);
  }
  return out;
}

}  // namespace

std::vector<double> ModelComparison::ratios() const {
  return ratios_of(ioscope, bare);
}

std::vector<double> ModelComparison::untraced_ratios() const {
  return ratios_of(untraced, bare);
}

Spread round_trips_per_second(const std::vector<ServerRun>& runs) {
  return spread_by(runs, [](const ServerRun& r) { return r.load.round_trips_per_second(); });
}

Spread p50_us(const std::vector<ServerRun>& runs) {
  return spread_by(
      runs, [](const ServerRun& r) { return static_cast<double>(r.load.latency.p50_ns) / 1e3; });
}

Spread p99_us(const std::vector<ServerRun>& runs) {
  return spread_by(
      runs, [](const ServerRun& r) { return static_cast<double>(r.load.latency.p99_ns) / 1e3; });
}

Spread cpu_us_per_round_trip(const std::vector<ServerRun>& runs) {
  return spread_by(runs, [](const ServerRun& r) { return r.cpu_us_per_round_trip(); });
}

ModelComparison compare_model(const BenchOptions& options, const std::string& model,
                              const std::atomic<bool>& cancel,
                              const std::function<void(const std::string&)>& progress) {
  ModelComparison result;
  result.model = model;
  std::vector<Side> sides;
  if (options.tracing != Tracing::Off) sides.push_back(Side::Ioscope);
  if (options.tracing != Tracing::On) sides.push_back(Side::IoscopeUntraced);
  sides.push_back(Side::Bare);
  for (int run = 0; run < options.runs && !cancel.load(); ++run) {
    // Each run starts with the next side: every side goes first, middle and last in turn.
    std::vector<Side> order;
    for (std::size_t k = 0; k < sides.size(); ++k)
      order.push_back(sides[(k + static_cast<std::size_t>(run)) % sides.size()]);
    for (Side side : order) {
      const std::string who =
          std::string(name_of(side)) + " " + model + ", run " + std::to_string(run + 1);
      // One server at a time, and only while it is measured: an idle poller would otherwise
      // burn a core the other side needs.
      ServerProcess server;
      if (!server.start(server_argv(options, model, side))) {
        if (says_unavailable(server)) {
          result.skipped = last_words(server);
        } else {
          result.errors.push_back(who + ": " + server.error());
        }
        return result;
      }
      load::LoadConfig config = options.load;
      config.port = server.port();
      load::LoadReport report = load::run_load(config, &cancel);
      const std::string ended = server.stop();
      for (const auto& e : report.error_messages) result.errors.push_back(who + ": " + e);
      if (report.errors > report.error_messages.size())
        result.errors.push_back(who + ": and " +
                                std::to_string(report.errors - report.error_messages.size()) +
                                " more failed connections");
      if (ended != "exit 0" && !cancel.load())
        result.errors.push_back(who + ": the server ended with " + ended +
                                " when stopped: " + last_words(server));
      (side == Side::Ioscope           ? result.ioscope
       : side == Side::IoscopeUntraced ? result.untraced
                                       : result.bare)
          .push_back({std::move(report), server.cpu_seconds(), server.peak_rss_kb()});
    }
    if (progress && !result.bare.empty() &&
        result.bare.size() == static_cast<std::size_t>(run + 1)) {
      std::string line =
          model + ": run " + std::to_string(run + 1) + "/" + std::to_string(options.runs) + ":";
      char figure[64];
      auto add = [&](const char* who, const std::vector<ServerRun>& runs) {
        if (runs.size() != result.bare.size()) return;
        std::snprintf(figure, sizeof figure, " %s %.0f rt/s", who,
                      runs.back().load.round_trips_per_second());
        line += figure;
      };
      add("ioscope", result.ioscope);
      add("untraced", result.untraced);
      add("bare", result.bare);
      progress(line);
    }
  }
  return result;
}

}  // namespace ioscope::bench
