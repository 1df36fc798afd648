#include "record/replayed_summary.hpp"

#include <cerrno>

namespace ioscope::record {

namespace {

void count_into(TraceCounters& c, std::span<const TraceEvent> events) {
  for (const TraceEvent& e : events) {
    if (source_of(e) != Source::Engine) continue;
    ++c.events;
    switch (e.kind) {
      case EventKind::SyscallBegin:
        if (static_cast<std::size_t>(e.sys) < c.syscalls.size())
          ++c.syscalls[static_cast<std::size_t>(e.sys)];
        break;
      case EventKind::SyscallEnd:
        if (e.value < 0 && (e.err == EAGAIN || e.err == EWOULDBLOCK)) ++c.eagain;
        break;
      case EventKind::Notify:
        ++c.notifications;
        break;
      case EventKind::Work:
        c.work_units += static_cast<std::uint64_t>(e.value);
        break;
      case EventKind::KernelReady:
        ++((e.flags & flag::kInferred) ? c.kernel_inferred : c.kernel_stamped);
        break;
      default:
        break;
    }
  }
}

}  // namespace

TraceCounters count_events(std::span<const TraceEvent> events) {
  TraceCounters c;
  count_into(c, events);
  return c;
}

void ReplayTally::add(std::span<const TraceEvent> events) {
  count_into(counters_, events);
  for (const TraceEvent& e : events)
    if (e.kind == EventKind::ClientRecv && source_of(e) == Source::Engine)
      latencies_ns_.push_back(e.value);
}

RunSummary ReplayTally::summary(const RecordedRun& run) const {
  RunSummary s = run.summary;
  s.counters = counters_;
  s.latencies_ns = latencies_ns_;
  s.messages_verified = s.latencies_ns.size();
  s.latency = summarize_latency(s.latencies_ns);
  return s;
}

RunSummary replayed_summary(const RecordedRun& run, std::span<const TraceEvent> events) {
  ReplayTally tally;
  tally.add(events);
  return tally.summary(run);
}

std::span<const TraceEvent> events_of(const RecordedRun& run, std::span<const TraceEvent> all) {
  if (run.first_event > all.size() || run.event_count > all.size() - run.first_event) return {};
  return all.subspan(run.first_event, run.event_count);
}

}  // namespace ioscope::record
