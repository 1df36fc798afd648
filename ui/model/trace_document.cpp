#include "model/trace_document.hpp"

#include <algorithm>
#include <cerrno>

namespace ioscope::ui {

namespace {

bool track_before(const TrackId& a, const TrackId& b) {
  if (a.lane != b.lane) return static_cast<int>(a.lane) < static_cast<int>(b.lane);
  return a.track < b.track;
}

}  // namespace

namespace detail {

std::int64_t Store::cut_time(std::uint32_t begin) const {
  auto it = std::lower_bound(cut.begin(), cut.end(), begin,
                             [](const auto& c, std::uint32_t b) { return c.first < b; });
  return (it != cut.end() && it->first == begin) ? it->second : 0;
}

Span Store::span(SpanRef r) const {
  const TraceEvent& b = events[r.begin];
  Span s;
  s.t0 = s.t1 = b.t_ns;
  s.event = s.end_event = r.begin;
  switch (b.kind) {
    case EventKind::SyscallBegin:
      s.kind = SpanKind::Syscall;
      s.sys = b.sys;
      break;
    case EventKind::CopyBegin:
      s.kind = SpanKind::Copy;
      s.flags = b.flags;
      break;
    case EventKind::Wakeup:
    case EventKind::KernelCopy:  // measured: the length is in the event
      s.kind = b.kind == EventKind::Wakeup ? SpanKind::Wakeup : SpanKind::Copy;
      s.flags = b.flags;
      s.t1 = b.t_ns + std::max<std::int64_t>(b.aux, 0);
      return s;
    default:
      s.kind = SpanKind::Work;
      s.t1 = b.t_ns + std::max<std::int64_t>(b.aux, 0);
      return s;
  }
  if (r.end == kSpanOpen) {
    s.open = true;
  } else if (r.end == kSpanCut) {
    s.t1 = std::max(cut_time(r.begin), s.t0);
    s.flags |= kSpanUnfinished;
  } else {
    s.end_event = r.end;
    s.t1 = std::max(events[r.end].t_ns, s.t0);
  }
  return s;
}

std::int64_t Store::end_time(SpanRef r) const {
  if (r.end == kSpanOpen) return INT64_MAX;
  const TraceEvent& b = events[r.begin];
  if (r.end == r.begin) return b.t_ns + std::max<std::int64_t>(b.aux, 0);  // work, measured
  if (r.end == kSpanCut) return std::max(cut_time(r.begin), b.t_ns);
  return std::max(events[r.end].t_ns, b.t_ns);
}

}  // namespace detail

TraceDocument::TraceDocument() : store_(std::make_unique<detail::Store>()) {}
TraceDocument::~TraceDocument() = default;
TraceDocument::TraceDocument(TraceDocument&&) noexcept = default;
TraceDocument& TraceDocument::operator=(TraceDocument&&) noexcept = default;

void TraceDocument::clear() {
  store_->events.clear();
  store_->cut.clear();
  store_->cut.shrink_to_fit();
  late_by_time_.clear();
  late_by_arrival_.clear();
  spine_t_ = INT64_MIN;
  tracks_.clear();
  tracks_.shrink_to_fit();
  first_t_ = last_t_ = 0;
  folder_.clear();
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
  t.spans.store_ = t.copies.store_ = t.wakeups.store_ = t.measured_copies.store_ = store_.get();
  t.marks.store_ = store_.get();
  auto it = std::find_if(tracks_.begin(), tracks_.end(),
                         [&](const Track& other) { return track_before(id, other.id); });
  return *tracks_.insert(it, std::move(t));
}

bool TraceDocument::key_less(std::uint32_t a, std::uint32_t b) const {
  const std::int64_t ta = store_->events[a].t_ns, tb = store_->events[b].t_ns;
  return ta < tb || (ta == tb && a < b);
}

bool TraceDocument::is_late(std::uint32_t index) const {
  const std::size_t k = partition_index(0, late_by_arrival_.size(),
                                        [&](std::size_t m) { return late_by_arrival_[m] < index; });
  return k < late_by_arrival_.size() && late_by_arrival_[k] == index;
}

std::uint32_t TraceDocument::spine_at(std::size_t j) const {
  // The j-th index not in late_by_arrival_: j plus the late indices at or before it. With L
  // sorted and distinct, L[m] - m never decreases, and L[m] comes before it iff L[m] - m <= j.
  const std::size_t before = partition_index(
      0, late_by_arrival_.size(), [&](std::size_t m) { return late_by_arrival_[m] - m <= j; });
  return static_cast<std::uint32_t>(j + before);
}

std::uint32_t TraceDocument::by_time(std::size_t row) const {
  const std::size_t nl = late_by_time_.size();
  if (nl == 0) return static_cast<std::uint32_t>(row);
  const std::size_t ns = size() - nl;
  // Row `row` of the merge of the spine and the late list, both sorted by (time, index): find
  // k, how many late events the rows before it hold.
  const std::size_t m = row;
  const std::size_t lo = m > ns ? m - ns : 0;
  const std::size_t hi = std::min(m, nl);
  const std::size_t k = partition_index(
      lo, hi, [&](std::size_t c) { return key_less(late_by_time_[c], spine_at(m - c - 1)); });
  if (k >= nl) return spine_at(m - k);
  if (m - k >= ns) return late_by_time_[k];
  const std::uint32_t late = late_by_time_[k], spine = spine_at(m - k);
  return key_less(late, spine) ? late : spine;
}

long TraceDocument::row_of(std::uint32_t index) const {
  if (index >= size()) return -1;
  const std::size_t nl = late_by_time_.size();
  if (nl == 0) return static_cast<long>(index);
  auto late_before = [&](std::uint32_t i) {
    return partition_index(0, nl, [&](std::size_t k) { return key_less(late_by_time_[k], i); });
  };
  if (!is_late(index)) {
    const std::size_t j = index - partition_index(0, late_by_arrival_.size(), [&](std::size_t m) {
                            return late_by_arrival_[m] < index;
                          });
    return static_cast<long>(j + late_before(index));
  }
  const std::size_t ns = size() - nl;
  const std::size_t spine_before =
      partition_index(0, ns, [&](std::size_t j) { return key_less(spine_at(j), index); });
  return static_cast<long>(late_before(index) + spine_before);
}

std::size_t TraceDocument::append(const std::vector<TraceEvent>& batch) {
  if (folder_.passthrough(size(), batch.size())) return append_kept(batch);
  std::vector<TraceEvent> kept;
  kept.reserve(batch.size());
  // A folded EAGAIN call still counts on its thread's row.
  folder_.filter(batch, size(), kept, [this](const TraceEvent& e) {
    ++track_for({e.lane, e.track}).eagain;
  });
  return append_kept(kept);
}

std::size_t TraceDocument::append_kept(const std::vector<TraceEvent>& batch) {
  const std::size_t old_rows = size();
  if (batch.empty()) return old_rows;
  const auto base = static_cast<std::uint32_t>(old_rows);
  auto& events = store_->events;
  events.reserve_more(batch.size());
  // The spine: events at or after the newest time so far. The others arrived late.
  std::vector<std::uint32_t> fresh_late;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const TraceEvent& e = batch[i];
    events.push_back(e);
    const auto index = base + static_cast<std::uint32_t>(i);
    if (e.t_ns >= spine_t_) {
      spine_t_ = e.t_ns;
    } else {
      fresh_late.push_back(index);
      late_by_arrival_.push_back(index);
    }
  }
  std::size_t first_changed = old_rows;
  if (!fresh_late.empty()) {
    std::stable_sort(fresh_late.begin(), fresh_late.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return key_less(a, b); });
    // Merge into late_by_time_ from the back: late events are mostly recent.
    const std::size_t old_late = late_by_time_.size();
    late_by_time_.grow(fresh_late.size());
    std::size_t i = old_late, j = fresh_late.size(), out = late_by_time_.size();
    while (j > 0) {
      if (i > 0 && key_less(fresh_late[j - 1], late_by_time_[i - 1]))
        late_by_time_[--out] = late_by_time_[--i];
      else
        late_by_time_[--out] = fresh_late[--j];
    }
    const long row = row_of(fresh_late.front());
    first_changed = std::min(old_rows, static_cast<std::size_t>(row));
  }
  const std::int64_t t_min = event(by_time(0)).t_ns;
  if (old_rows == 0) first_t_ = t_min;
  first_t_ = std::min(first_t_, t_min);
  last_t_ = std::max(last_t_, spine_t_);
  // Spans pair begin with end per track in emission order, which is arrival order per ring.
  for (std::uint32_t i = base; i < size(); ++i) index_event(i);
  events.trim();
  late_by_time_.trim();
  late_by_arrival_.trim();
  for (Track& t : tracks_) {
    t.spans.refs_.trim();
    t.copies.refs_.trim();
    t.wakeups.refs_.trim();
    t.measured_copies.refs_.trim();
    t.marks.index_.trim();
  }
  return first_changed;
}

namespace {

// Inserts after the items that start at or before t: events arrive nearly in order, so this
// searches from the back.
template <typename V, typename Item, typename Start>
void insert_sorted(V& v, Item item, std::int64_t t, Start start) {
  std::size_t pos = v.size();
  while (pos > 0 && start(pos - 1) > t) --pos;
  if (pos == v.size())
    v.push_back(item);
  else
    v.insert(pos, item);
}

}  // namespace

void TraceDocument::close_span(SpanList& list, std::uint32_t begin, std::uint32_t end) {
  // Usually one of the last few (calls on one thread do not overlap).
  for (std::size_t k = list.size(), n = 0; k > 0 && n < 8; --k, ++n)
    if (list.refs_[k - 1].begin == begin) {
      list.refs_[k - 1].end = end;
      return;
    }
  const std::int64_t t0 = event(begin).t_ns;
  std::size_t k =
      partition_index(0, list.size(), [&](std::size_t i) { return list.start(i) < t0; });
  for (; k < list.size() && list.start(k) == t0; ++k)
    if (list.refs_[k].begin == begin) {
      list.refs_[k].end = end;
      return;
    }
}

void TraceDocument::index_event(std::uint32_t index) {
  const TraceEvent& e = event(index);
  Track& track = track_for({e.lane, e.track});
  switch (e.kind) {
    case EventKind::SyscallBegin:
    case EventKind::CopyBegin: {
      SpanList& list = e.kind == EventKind::SyscallBegin ? track.spans : track.copies;
      insert_sorted(list.refs_, SpanRef{index, kSpanOpen}, e.t_ns,
                    [&](std::size_t i) { return list.start(i); });
      track.open.push_back(index);
      break;
    }
    case EventKind::SyscallEnd:
    case EventKind::CopyEnd: {
      // The open call of this track with this syscall (the open copy with this fd): the one
      // that started last.
      const bool call = e.kind == EventKind::SyscallEnd;
      auto best = track.open.end();
      for (auto it = track.open.begin(); it != track.open.end(); ++it) {
        const TraceEvent& b = event(*it);
        const bool match = call ? (b.kind == EventKind::SyscallBegin && b.sys == e.sys)
                                : (b.kind == EventKind::CopyBegin && b.fd == e.fd);
        if (match && (best == track.open.end() || !key_less(*it, *best))) best = it;
      }
      if (best == track.open.end()) break;
      close_span(call ? track.spans : track.copies, *best, index);
      track.open.erase(best);
      if (call && e.value < 0 && (e.err == EAGAIN || e.err == EWOULDBLOCK)) ++track.eagain;
      break;
    }
    case EventKind::Work: {
      insert_sorted(track.spans.refs_, SpanRef{index, index}, e.t_ns,
                    [&](std::size_t i) { return track.spans.start(i); });
      last_t_ = std::max(last_t_, e.t_ns + std::max<std::int64_t>(e.aux, 0));
      break;
    }
    case EventKind::Wakeup:
    case EventKind::KernelCopy: {
      SpanList& list = e.kind == EventKind::Wakeup ? track.wakeups : track.measured_copies;
      insert_sorted(list.refs_, SpanRef{index, index}, e.t_ns,
                    [&](std::size_t i) { return list.start(i); });
      last_t_ = std::max(last_t_, e.t_ns + std::max<std::int64_t>(e.aux, 0));
      break;
    }
    default: {
      insert_sorted(track.marks.index_, index, e.t_ns,
                    [&](std::size_t i) { return track.marks.time(i); });
      break;
    }
  }
}

void TraceDocument::close_open_spans(std::int64_t t) {
  // Calls held back while folding never ended: they are shown, cut off like any open call.
  std::vector<TraceEvent> held;
  folder_.release(held);
  if (!held.empty()) append_kept(held);
  for (auto& track : tracks_) {
    for (std::uint32_t begin : track.open) {
      const bool call = event(begin).kind == EventKind::SyscallBegin;
      close_span(call ? track.spans : track.copies, begin, kSpanCut);
      auto& cut = store_->cut;
      auto it = std::lower_bound(cut.begin(), cut.end(), begin,
                                 [](const auto& c, std::uint32_t b) { return c.first < b; });
      cut.insert(it, {begin, t});
    }
    track.open.clear();
    track.open.shrink_to_fit();
  }
}

std::size_t TraceDocument::memory_bytes() const {
  std::size_t bytes = sizeof(TraceDocument) + sizeof(detail::Store);
  bytes += store_->events.capacity_bytes();
  bytes += store_->cut.capacity() * sizeof(store_->cut[0]);
  bytes += late_by_time_.capacity_bytes() + late_by_arrival_.capacity_bytes();
  bytes += tracks_.capacity() * sizeof(Track);
  for (const Track& t : tracks_) {
    bytes += t.spans.capacity_bytes() + t.copies.capacity_bytes() + t.marks.capacity_bytes();
    bytes += t.wakeups.capacity_bytes() + t.measured_copies.capacity_bytes();
    bytes += t.open.capacity() * sizeof(std::uint32_t);
  }
  return bytes;
}

}  // namespace ioscope::ui
