#include "model/trace_document.hpp"

#include <algorithm>
#include <cerrno>

namespace ioscope::ui {

namespace {

bool track_before(const TrackId& a, const TrackId& b) {
  if (a.lane != b.lane) return static_cast<int>(a.lane) < static_cast<int>(b.lane);
  return a.track < b.track;
}

template <typename T, typename Key>
void insert_sorted(std::vector<T>& v, T item, Key key) {
  // Events arrive nearly in order, so search from the back.
  auto it = v.end();
  while (it != v.begin() && key(*(it - 1)) > key(item)) --it;
  v.insert(it, std::move(item));
}

}  // namespace

void TraceDocument::clear() {
  events_.clear();
  by_time_.clear();
  tracks_.clear();
  first_t_ = last_t_ = 0;
}

const Track* TraceDocument::find_track(TrackId id) const {
  for (const auto& t : tracks_)
    if (t.id == id) return &t;
  return nullptr;
}

Track& TraceDocument::track_for(TrackId id) {
  for (auto& t : tracks_)
    if (t.id == id) return t;
  Track t;
  t.id = id;
  auto it = std::find_if(tracks_.begin(), tracks_.end(),
                         [&](const Track& other) { return track_before(id, other.id); });
  return *tracks_.insert(it, std::move(t));
}

long TraceDocument::row_of(std::uint32_t index) const {
  if (index >= events_.size()) return -1;
  const std::int64_t t = events_[index].t_ns;
  auto it = std::lower_bound(by_time_.begin(), by_time_.end(), t,
                             [&](std::uint32_t i, std::int64_t v) { return events_[i].t_ns < v; });
  for (; it != by_time_.end() && events_[*it].t_ns == t; ++it)
    if (*it == index) return static_cast<long>(it - by_time_.begin());
  return -1;
}

std::size_t TraceDocument::append(const std::vector<TraceEvent>& batch) {
  const std::size_t old_rows = by_time_.size();
  if (batch.empty()) return old_rows;
  const auto base = static_cast<std::uint32_t>(events_.size());
  events_.insert(events_.end(), batch.begin(), batch.end());
  std::vector<std::uint32_t> fresh(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) fresh[i] = base + static_cast<std::uint32_t>(i);
  auto by_t = [&](std::uint32_t a, std::uint32_t b) { return events_[a].t_ns < events_[b].t_ns; };
  std::stable_sort(fresh.begin(), fresh.end(), by_t);
  std::size_t first_changed = old_rows;
  if (old_rows > 0 && events_[fresh.front()].t_ns < events_[by_time_.back()].t_ns) {
    auto pos = std::upper_bound(by_time_.begin(), by_time_.end(), fresh.front(), by_t);
    first_changed = static_cast<std::size_t>(pos - by_time_.begin());
  }
  by_time_.insert(by_time_.end(), fresh.begin(), fresh.end());
  if (first_changed < old_rows)
    std::inplace_merge(by_time_.begin() + static_cast<long>(first_changed),
                       by_time_.begin() + static_cast<long>(old_rows), by_time_.end(), by_t);
  if (old_rows == 0) first_t_ = events_[by_time_.front()].t_ns;
  first_t_ = std::min(first_t_, events_[by_time_.front()].t_ns);
  last_t_ = std::max(last_t_, events_[by_time_.back()].t_ns);
  // Spans pair begin with end per track in emission order, which is arrival order per ring.
  for (std::uint32_t i = base; i < events_.size(); ++i) index_event(i);
  return first_changed;
}

void TraceDocument::index_event(std::uint32_t index) {
  const TraceEvent& e = events_[index];
  Track& track = track_for({e.lane, e.track});
  switch (e.kind) {
    case EventKind::SyscallBegin: {
      Span s;
      s.t0 = s.t1 = e.t_ns;
      s.event = s.end_event = index;
      s.kind = SpanKind::Syscall;
      s.sys = e.sys;
      s.open = true;
      insert_sorted(track.spans, s, [](const Span& x) { return x.t0; });
      break;
    }
    case EventKind::SyscallEnd: {
      // The open call of this track with this syscall: the last one.
      for (auto it = track.spans.rbegin(); it != track.spans.rend(); ++it) {
        if (it->open && it->kind == SpanKind::Syscall && it->sys == e.sys) {
          it->open = false;
          it->t1 = std::max(e.t_ns, it->t0);
          it->end_event = index;
                  if (e.value < 0 && (e.err == EAGAIN || e.err == EWOULDBLOCK)) ++track.eagain;
          break;
        }
      }
      break;
    }
    case EventKind::CopyBegin: {
      Span s;
      s.t0 = s.t1 = e.t_ns;
      s.event = s.end_event = index;
      s.kind = SpanKind::Copy;
      s.flags = e.flags;
      s.open = true;
      insert_sorted(track.copies, s, [](const Span& x) { return x.t0; });
      break;
    }
    case EventKind::CopyEnd: {
      for (auto it = track.copies.rbegin(); it != track.copies.rend(); ++it) {
        if (it->open && events_[it->event].fd == e.fd) {
          it->open = false;
          it->t1 = std::max(e.t_ns, it->t0);
          it->end_event = index;
          break;
        }
      }
      break;
    }
    case EventKind::Work: {
      Span s;
      s.t0 = e.t_ns;
      s.t1 = e.t_ns + std::max<std::int64_t>(e.aux, 0);
      s.event = s.end_event = index;
      s.kind = SpanKind::Work;
      insert_sorted(track.spans, s, [](const Span& x) { return x.t0; });
      last_t_ = std::max(last_t_, s.t1);
      break;
    }
    default: {
      Mark m;
      m.t = e.t_ns;
      m.event = index;
      m.kind = e.kind;
      insert_sorted(track.marks, m, [](const Mark& x) { return x.t; });
      break;
    }
  }
}

void TraceDocument::close_open_spans(std::int64_t t) {
  for (auto& track : tracks_) {
    for (auto* v : {&track.spans, &track.copies})
      for (auto& s : *v)
        if (s.open) {
          s.open = false;
          s.t1 = std::max(t, s.t0);
          s.flags |= kSpanUnfinished;
        }
  }
}

std::size_t first_span_at_or_after(const std::vector<Span>& v, std::int64_t t) {
  // Spans do not overlap, so t1 is sorted too.
  auto it = std::lower_bound(v.begin(), v.end(), t, [](const Span& s, std::int64_t x) {
    return (s.open ? INT64_MAX : s.t1) < x;
  });
  return static_cast<std::size_t>(it - v.begin());
}

std::size_t first_mark_at_or_after(const std::vector<Mark>& v, std::int64_t t) {
  auto it = std::lower_bound(v.begin(), v.end(), t, [](const Mark& m, std::int64_t x) { return m.t < x; });
  return static_cast<std::size_t>(it - v.begin());
}

}  // namespace ioscope::ui
