#include "events/span_lookup.hpp"

#include <algorithm>

namespace ioscope::ui {

namespace {

// Spans with t0 <= t end just before the returned index.
std::size_t after_start(const SpanList& v, std::int64_t t) {
  return partition_index(0, v.size(), [&](std::size_t i) { return v.start(i) <= t; });
}

const SpanList* spans_for(const TraceDocument& doc, const TraceEvent& e, bool copies) {
  const Track* track = doc.find_track({e.lane, e.track});
  if (!track) return nullptr;
  return copies ? &track->copies : &track->spans;
}

}  // namespace

std::optional<Span> spanOpenedBy(const TraceDocument& doc, std::uint32_t index) {
  if (index >= doc.size()) return std::nullopt;
  const TraceEvent& e = doc.event(index);
  if (e.kind != EventKind::SyscallBegin && e.kind != EventKind::CopyBegin &&
      e.kind != EventKind::Work)
    return std::nullopt;
  const auto* v = spans_for(doc, e, e.kind == EventKind::CopyBegin);
  if (!v) return std::nullopt;
  // Spans starting at the same time sit together just before after_start(t).
  for (std::size_t k = after_start(*v, e.t_ns); k > 0;) {
    --k;
    if (v->start(k) != e.t_ns) break;
    if (v->ref(k).begin == index) return (*v)[k];
  }
  return std::nullopt;
}

std::optional<Span> spanEndedBy(const TraceDocument& doc, std::uint32_t index) {
  if (index >= doc.size()) return std::nullopt;
  const TraceEvent& e = doc.event(index);
  if (e.kind != EventKind::SyscallEnd && e.kind != EventKind::CopyEnd) return std::nullopt;
  const auto* v = spans_for(doc, e, e.kind == EventKind::CopyEnd);
  if (!v) return std::nullopt;
  // One thread's calls do not overlap: the call this ended is usually the last one started
  // before it; a few steps back covers spans that share a start time.
  std::size_t k = after_start(*v, e.t_ns);
  for (int steps = 0; k > 0 && steps < 8; ++steps) {
    --k;
    const SpanRef r = v->ref(k);
    if (r.end == index && r.begin != index) return (*v)[k];
  }
  return std::nullopt;
}

std::optional<Span> copyInside(const TraceDocument& doc, const Track& track, std::int32_t fd,
                               std::int64_t t0, std::int64_t t1) {
  std::size_t k = after_start(track.copies, t1);
  for (int steps = 0; k > 0 && steps < 8; ++steps) {
    --k;
    const Span s = track.copies[k];
    if (s.t0 < t0) break;
    if (s.t1 <= t1 && s.event < doc.size() && doc.event(s.event).fd == fd) return s;
  }
  return std::nullopt;
}

std::optional<Span> callAt(const Track& track, std::int64_t t) {
  std::size_t k = after_start(track.spans, t);
  for (int steps = 0; k > 0 && steps < 8; ++steps) {
    --k;
    const Span s = track.spans[k];
    if (s.kind == SpanKind::Syscall && s.t0 <= t && (s.open || s.t1 >= t)) return s;
  }
  return std::nullopt;
}

}  // namespace ioscope::ui
