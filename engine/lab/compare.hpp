// The latency lab: the same open-loop workload on each chosen model, one after the other with
// identical parameters, so the numbers differ only by how each model waits for data.
//
// The workload is a total rate, not a per-client loop: `rate` messages per second spread evenly
// over `clients`, each client sending on its own fixed schedule whether or not echoes are back
// (the factory's open loop), and latency runs from a message's *intended* send time to its
// whole echo. A server that stalls therefore shows the stall in its tail; a closed-loop client
// would simply have sent less and hidden it (coordinated omission).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/latency_histogram.hpp"
#include "lab/run.hpp"
#include "lab/scenario.hpp"
#include "net/result.hpp"

namespace ioscope {

// One series of a comparison: a model id, for io_uring optionally followed by its features
// ("io_uring+multishot", "io_uring+multishot+defer-taskrun"), so the plain one-shot server and
// the variants an engineer would deploy run side by side under the same load.
struct Series {
  std::string model;
  UringFeatures uring;
};
Result<Series> parse_series(const std::string& spec);
// parse_series, or, when the spec is not one, the spec as a model id with no features (an
// unknown id is then left for validate() to name).
Series series_or_model(const std::string& spec);
// The spec parse_series reads back: the model id, with io_uring's features after '+'.
std::string series_name(const std::string& model, const UringFeatures& uring);
// The io_uring variants, plain first: what `--models uring-variants` compares.
std::vector<std::string> uring_variant_series();

struct CompareParams {
  std::vector<std::string> models;  // series, see Series
  int clients = 64;
  std::int64_t rate = 20'000;  // messages per second, all clients together
  std::int64_t duration_ns = 3'000'000'000;
  std::size_t size = 64;
  std::vector<std::int64_t> sweep;  // rates for the knee search; empty = no sweep
  // false: the trace writers record nothing (counters still count), to measure tracing's cost.
  bool tracing = true;
  // Truth checks: see Scenario::stall_ns.
  std::int64_t stall_ns = 0;
  std::int64_t stall_after_ns = 0;
  // Sleep: sigio and io_uring sleep until there is something to do, as the other models do, so
  // the latencies compare the models. Work ("keeps working", the lessons' setting) measures
  // their work loop's granularity as much as the model: see IdleMode.
  IdleMode idle = IdleMode::Sleep;
};

inline constexpr std::int64_t kMaxRate = 10'000'000;
inline constexpr std::int64_t kMaxCompareDuration = 600'000'000'000;

// Names the first thing wrong, or nothing. Also checks that every model id is known.
std::optional<Error> validate(const CompareParams& p);

// Per-client schedule for a total rate: the interval between one client's messages and how
// many it sends so the run lasts `duration_ns`.
struct ClientSchedule {
  std::int64_t interval_ns = 0;
  int messages = 0;
};
ClientSchedule schedule_for(int clients, std::int64_t rate, std::int64_t duration_ns);

struct ModelResult {
  std::string model;
  std::int64_t rate = 0;
  IdleMode idle = IdleMode::Sleep;  // how it ran, where the model has the choice (idle_applies)
  std::string skipped;              // why the model could not run here; empty when it ran
  std::string error;                // the run failed; empty on success
  LatencyHistogram histogram;
  LatencyPercentiles latency;
  std::uint64_t messages_verified = 0;
  double throughput = 0;  // verified messages per second of the run
  std::int64_t cpu_ns = 0;
  std::int64_t ctx_switches = 0;
  std::uint64_t work_units = 0;
  std::int64_t duration_ns = 0;
};

// Runs one model at one rate (the rest of the parameters from p).
ModelResult run_one(const std::string& model, std::int64_t rate, const CompareParams& p);

// run_one's steps, for a caller that runs the Run itself (to cancel it or drain its trace):
// a result already final when the model is unknown or cannot run here; the scenario a model
// runs at a rate; the figures of a finished run.
std::optional<ModelResult> unrunnable(const std::string& model, std::int64_t rate);
Scenario compare_scenario(const std::string& model, std::int64_t rate, const CompareParams& p);
ModelResult result_of(const std::string& model, std::int64_t rate, const RunSummary& sum);

// The model id as a comparison names it: "io_uring (sleeps)", "sigio (keeps working)", plain
// "epoll" for a model that has no choice. For text output; the app says the same in tr().
std::string compare_label(const std::string& model, IdleMode idle);

// The knee: with the sweep's rates in increasing order, the floor is the p99 at the lowest rate
// (the model idle between messages). The knee is the lowest rate whose p99 is more than twice
// the floor AND at least 100 µs above it (so microsecond jitter does not count), or whose run
// failed or verified under 90% of the messages it was offered for its duration (it fell
// behind). No knee: the model kept its floor across the whole sweep.
inline constexpr double kKneeFactor = 2.0;
inline constexpr std::int64_t kKneeMinRiseNs = 100'000;
struct SweepResult {
  std::string model;
  std::vector<ModelResult> points;  // one per swept rate, increasing
  std::int64_t floor_p99 = 0;
  std::optional<std::int64_t> knee_rate;
};
std::optional<std::int64_t> find_knee(const std::vector<ModelResult>& points);

struct MachineInfo {
  unsigned cores = 0;
  std::string kernel;  // uname: sysname release
};
MachineInfo machine_info();

// Called after each finished run, e.g. to show progress.
using CompareProgress = void (*)(const ModelResult&, void* user);

struct CompareReport {
  CompareParams params;
  MachineInfo machine;
  std::vector<ModelResult> results;  // at params.rate, one per model, in order
  std::vector<SweepResult> sweeps;   // one per model when params.sweep is set
};

CompareReport run_compare(const CompareParams& p, CompareProgress progress = nullptr,
                          void* user = nullptr);

}  // namespace ioscope
