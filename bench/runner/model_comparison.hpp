// One model measured both ways: ioscope's server and its bare twin, each started fresh for
// every run and driven with the same load, in alternating order (so drift in the machine's
// state, warm caches or a neighbour's load, falls on both sides alike).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "bench_options.hpp"
#include "load_generator.hpp"
#include "server_process.hpp"

namespace ioscope::bench {

struct Spread {
  double median = 0;
  double min = 0;
  double max = 0;
};
Spread spread_of(std::vector<double> values);  // all zero when empty

// One server's run: the load's report and the server's CPU time.
struct ServerRun {
  load::LoadReport load;
  double cpu_seconds = 0;
  long peak_rss_kb = 0;
  double cpu_us_per_round_trip() const {
    return load.round_trips > 0 ? cpu_seconds * 1e6 / static_cast<double>(load.round_trips) : 0;
  }
};

struct ModelComparison {
  std::string model;
  std::vector<ServerRun> ioscope;   // traced, one per run, in run order (none with --tracing off)
  std::vector<ServerRun> untraced;  // 'serve --untraced' (none with --tracing on)
  std::vector<ServerRun> bare;
  std::string skipped;              // why the model was not measured here (io_uring disabled...)
  std::vector<std::string> errors;  // servers that failed, echoes that were wrong

  // ioscope/bare round trips per second, run by run (runs where both sides completed).
  std::vector<double> ratios() const;
  std::vector<double> untraced_ratios() const;
  bool ok() const { return errors.empty(); }
};

Spread round_trips_per_second(const std::vector<ServerRun>& runs);
Spread p50_us(const std::vector<ServerRun>& runs);
Spread p99_us(const std::vector<ServerRun>& runs);
// The server's CPU time (user + system) per round trip, startup and shutdown included.
Spread cpu_us_per_round_trip(const std::vector<ServerRun>& runs);

enum class Side { Ioscope, IoscopeUntraced, Bare };
const char* name_of(Side side);
// The command that starts model's server on a free port (in --c10k mode, with room for every
// connection).
std::vector<std::string> server_argv(const BenchOptions& options, const std::string& model,
                                     Side side);
// The last line a server printed, for an error message.
std::string last_words(const ServerProcess& p);
// ioscope-cli serve says so in words when a model cannot run on this machine.
bool says_unavailable(const ServerProcess& p);

// progress gets one line per finished run (for stderr). Stops early when cancel is set.
ModelComparison compare_model(const BenchOptions& options, const std::string& model,
                              const std::atomic<bool>& cancel,
                              const std::function<void(const std::string&)>& progress);

}  // namespace ioscope::bench
