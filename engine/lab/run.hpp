// One run: a model serves on a fresh loopback listener, the factory drives it, and the trace
// flows into the hub. Cancel from any thread; the run then ends promptly with every fd and
// thread it made gone.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "lab/scenario.hpp"
#include "lab/thread_usage.hpp"
#include "net/stop_signal.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

struct LatencySummary {
  std::int64_t p50 = 0, p99 = 0, max = 0;
  std::uint64_t count = 0;
};

struct RunSummary {
  Scenario scenario;
  std::uint16_t port = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_verified = 0;
  std::uint64_t messages_verified = 0;
  TraceCounters counters;
  std::uint64_t dropped = 0;
  LatencySummary latency;
  std::vector<std::int64_t> latencies_ns;  // every verified message, in completion order
  ThreadUsage server_usage;                // all server threads together (see thread_usage.hpp)
  std::int64_t duration_ns = 0;
  bool cancelled = false;
  std::string error;  // empty on success

  bool ok() const { return error.empty() && !cancelled; }
  // "kernel" when every kernel-ready time came from the kernel's own stamp, else "inferred".
  std::string kernel_ready_source() const;
};

LatencySummary summarize_latency(std::vector<std::int64_t> samples);

class Run {
 public:
  explicit Run(Scenario scenario) : scenario_(std::move(scenario)) {}

  // Runs to completion on the calling thread. The scenario must be valid (see validate()).
  RunSummary execute(TraceHub& hub);
  // Any thread, any moment, any number of times.
  void cancel() { stop_.request(); }

 private:
  Scenario scenario_;
  StopSignal stop_;
};

}  // namespace ioscope
