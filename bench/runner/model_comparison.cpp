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
  return side == Side::Ioscope ? "ioscope" : "bare";
}

std::vector<std::string> server_argv(const BenchOptions& o, const std::string& model, Side side) {
  if (side == Side::Bare) return {o.bare_dir + "/" + bare_server_name(model), "0"};
  std::vector<std::string> argv = {o.cli_path, "serve", "--model", model, "--port", "0"};
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

std::vector<double> ModelComparison::ratios() const {
  std::vector<double> out;
  for (std::size_t i = 0; i < std::min(ioscope.size(), bare.size()); ++i) {
    const double b = bare[i].load.round_trips_per_second();
    if (b > 0) out.push_back(ioscope[i].load.round_trips_per_second() / b);
  }
  return out;
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
  for (int run = 0; run < options.runs && !cancel.load(); ++run) {
    const Side order[2] = {run % 2 == 0 ? Side::Ioscope : Side::Bare,
                           run % 2 == 0 ? Side::Bare : Side::Ioscope};
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
      (side == Side::Ioscope ? result.ioscope : result.bare)
          .push_back({std::move(report), server.cpu_seconds(), server.peak_rss_kb()});
    }
    if (progress && result.ioscope.size() == result.bare.size()) {
      char line[160];
      std::snprintf(line, sizeof line, "%s: run %d/%d: ioscope %.0f rt/s, bare %.0f rt/s",
                    model.c_str(), run + 1, options.runs,
                    result.ioscope.back().load.round_trips_per_second(),
                    result.bare.back().load.round_trips_per_second());
      progress(line);
    }
  }
  return result;
}

}  // namespace ioscope::bench
