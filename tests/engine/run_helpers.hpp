// Shared by the engine tests: run a scenario for real and get its summary and its whole trace,
// sorted by time, plus small queries over the trace.
#pragma once

#include <functional>
#include <vector>

#include "lab/run.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::test {

struct TracedRun {
  RunSummary summary;
  std::vector<TraceEvent> events;   // sorted by t_ns (stable: same-time events keep ring order)
  std::vector<TraceEvent> arrival;  // as drained: each thread's events in the order it made them
};

// Runs the scenario on a thread while draining the trace (so nothing is dropped).
TracedRun run_traced(const Scenario& scenario);

Scenario scenario(const char* model, int clients, int messages, std::size_t size,
                  std::int64_t interval_ns);

// Events of the buyer lane, in time order, that match pred.
std::vector<TraceEvent> select_events(const TracedRun& run,
                                      const std::function<bool(const TraceEvent&)>& pred);

// A SyscallBegin and its SyscallEnd, paired per buyer track.
struct Call {
  TraceEvent begin;
  TraceEvent end;
};
std::vector<Call> calls(const TracedRun& run, Sys sys);

// Descriptors in /proc/self/fd and threads in /proc/self/task right now.
int open_fd_count();
int thread_count();

}  // namespace ioscope::test
