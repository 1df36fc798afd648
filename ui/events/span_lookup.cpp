#include "events/span_lookup.hpp"

#include <algorithm>

namespace ioscope::ui {

namespace {

// Spans with t0 <= t end just before the returned iterator.
std::vector<Span>::const_iterator after_start(const std::vector<Span>& v, std::int64_t t) {
  return std::upper_bound(v.begin(), v.end(), t,
                          [](std::int64_t x, const Span& s) { return x < s.t0; });
}

const std::vector<Span>* spans_for(const TraceDocument& doc, const TraceEvent& e, bool copies) {
  const Track* track = doc.find_track({e.lane, e.track});
  if (!track) return nullptr;
  return copies ? &track->copies : &track->spans;
}

}  // namespace

const Span* spanOpenedBy(const TraceDocument& doc, std::uint32_t index) {
  if (index >= doc.size()) return nullptr;
  const TraceEvent& e = doc.event(index);
  if (e.kind != EventKind::SyscallBegin && e.kind != EventKind::CopyBegin &&
      e.kind != EventKind::Work)
    return nullptr;
  const auto* v = spans_for(doc, e, e.kind == EventKind::CopyBegin);
  if (!v) return nullptr;
  // Spans starting at the same time sit together just before after_start(t).
  for (auto it = after_start(*v, e.t_ns); it != v->begin();) {
    --it;
    if (it->t0 != e.t_ns) break;
    if (it->event == index) return &*it;
  }
  return nullptr;
}

const Span* spanEndedBy(const TraceDocument& doc, std::uint32_t index) {
  if (index >= doc.size()) return nullptr;
  const TraceEvent& e = doc.event(index);
  if (e.kind != EventKind::SyscallEnd && e.kind != EventKind::CopyEnd) return nullptr;
  const auto* v = spans_for(doc, e, e.kind == EventKind::CopyEnd);
  if (!v) return nullptr;
  // One thread's calls do not overlap: the call this ended is usually the last one started
  // before it; a few steps back covers spans that share a start time.
  auto it = after_start(*v, e.t_ns);
  for (int steps = 0; it != v->begin() && steps < 8; ++steps) {
    --it;
    if (it->end_event == index && it->event != index) return &*it;
  }
  return nullptr;
}

const Span* copyInside(const TraceDocument& doc, const Track& track, std::int32_t fd,
                       std::int64_t t0, std::int64_t t1) {
  auto it = after_start(track.copies, t1);
  for (int steps = 0; it != track.copies.begin() && steps < 8; ++steps) {
    --it;
    if (it->t0 < t0) break;
    if (it->t1 <= t1 && it->event < doc.size() && doc.event(it->event).fd == fd) return &*it;
  }
  return nullptr;
}

const Span* callAt(const Track& track, std::int64_t t) {
  auto it = after_start(track.spans, t);
  for (int steps = 0; it != track.spans.begin() && steps < 8; ++steps) {
    --it;
    if (it->kind == SpanKind::Syscall && it->t0 <= t && (it->open || it->t1 >= t)) return &*it;
  }
  return nullptr;
}

}  // namespace ioscope::ui
