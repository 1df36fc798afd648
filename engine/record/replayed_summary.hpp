// A recorded run's summary as `ioscope-cli run` printed it, made again from the recording: counted
// from its events where the events tell, taken from what the run reported where they cannot.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "lab/run.hpp"
#include "record/recording_meta.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::record {

// The counts a run's TraceWriters keep, counted from the engine's own events (the kernel probe's
// are not counted there either): syscalls begun, EAGAIN returns, notifications, work units,
// kernel-stamped and inferred arrivals, events. Equal to the run's own counts when it dropped
// no event.
TraceCounters count_events(std::span<const TraceEvent> events);

// The same, counted a block at a time while a recording loads: add() each block of the run's
// events in order, then summary().
class ReplayTally {
 public:
  void add(std::span<const TraceEvent> events);
  RunSummary summary(const RecordedRun& run) const;

 private:
  TraceCounters counters_;
  std::vector<std::int64_t> latencies_ns_;
};

// The summary of run, whose events are events: counts, latencies (each ClientRecv's value) and
// messages verified from the events; bytes, port, CPU time, the probe's report, the duration and
// the outcome from the run's own report.
RunSummary replayed_summary(const RecordedRun& run, std::span<const TraceEvent> events);

// The events of run within all of a recording's events (empty if the range does not fit).
std::span<const TraceEvent> events_of(const RecordedRun& run, std::span<const TraceEvent> all);

}  // namespace ioscope::record
