// A run's trace as the views need it: every event in time order (the event list), and per track
// (buyer thread, kernel, client) time-sorted spans and marks (the timeline). Qt-free, so it is
// cheap to test and to benchmark; the views observe it through TraceSession.
#pragma once

#include <climits>
#include <compare>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/chunked_vector.hpp"
#include "model/trace_fold.hpp"

#include "trace/trace_event.hpp"

namespace ioscope::ui {

enum class SpanKind : std::uint8_t {
  Syscall,  // a call from begin to end
  Copy,     // phase 2: kernel -> user copy (or wake-up + copy, or the kernel's own copy)
  Work,     // useful work the process did
  Send,     // the factory sending one message (instant-sized)
  Wakeup,   // measured in the kernel: a sleeping thread woken until it was back on a CPU
};

// What the views read: a span as a value, assembled from its events on demand (the document keeps
// only the indices of the events that opened and closed it, see SpanRef).
struct Span {
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;      // == t0 while open
  std::uint32_t event = 0;  // index (arrival order) of the event that opened it
  std::uint32_t end_event = 0;
  SpanKind kind = SpanKind::Syscall;
  Sys sys = Sys::none;
  std::uint8_t flags = 0;
  bool open = false;  // still running (live: the call has not returned yet)
  // fd, result and errno live in the events: event(event) and event(end_event).
};
inline constexpr std::uint8_t kSpanUnfinished = 0x80;  // in Span::flags: cut off by the run's end

struct Mark {
  std::int64_t t = 0;
  std::uint32_t event = 0;
  EventKind kind = EventKind::Notify;
};

// What the document stores per span: 8 bytes. Times, kind, syscall and flags are read from the
// events. end is an arrival index, or kSpanOpen / kSpanCut.
struct SpanRef {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;  // a Work span: == begin (its length is in the event)
};
inline constexpr std::uint32_t kSpanOpen = 0xFFFFFFFFu;  // still running
inline constexpr std::uint32_t kSpanCut = 0xFFFFFFFEu;   // cut off by close_open_spans

namespace detail {
// The events and the few cut-off times, on the heap so that the lists below can point at them
// while the document moves.
struct Store {
  ChunkedVector<TraceEvent> events;
  std::vector<std::pair<std::uint32_t, std::int64_t>> cut;  // begin index -> cut time, by index
  Span span(SpanRef r) const;
  std::int64_t end_time(SpanRef r) const;  // t1, or INT64_MAX while open (reads what it needs)
  std::int64_t cut_time(std::uint32_t begin) const;
};

// A random-access iterator over a list that yields values (Span or Mark), for std algorithms.
template <typename List, typename Item>
class ValueIterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = Item;
  using difference_type = std::ptrdiff_t;
  using reference = Item;
  struct pointer {
    Item v;
    const Item* operator->() const { return &v; }
  };

  ValueIterator() = default;
  ValueIterator(const List* l, std::size_t i) : list_(l), i_(i) {}
  Item operator*() const { return (*list_)[i_]; }
  pointer operator->() const { return {(*list_)[i_]}; }
  Item operator[](difference_type n) const { return (*list_)[i_ + static_cast<std::size_t>(n)]; }
  ValueIterator& operator++() {
    ++i_;
    return *this;
  }
  ValueIterator operator++(int) {
    auto t = *this;
    ++i_;
    return t;
  }
  ValueIterator& operator--() {
    --i_;
    return *this;
  }
  ValueIterator operator--(int) {
    auto t = *this;
    --i_;
    return t;
  }
  ValueIterator& operator+=(difference_type n) {
    i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + n);
    return *this;
  }
  ValueIterator& operator-=(difference_type n) { return *this += -n; }
  friend ValueIterator operator+(ValueIterator a, difference_type n) { return a += n; }
  friend ValueIterator operator+(difference_type n, ValueIterator a) { return a += n; }
  friend ValueIterator operator-(ValueIterator a, difference_type n) { return a -= n; }
  friend difference_type operator-(const ValueIterator& a, const ValueIterator& b) {
    return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
  }
  friend bool operator==(const ValueIterator& a, const ValueIterator& b) { return a.i_ == b.i_; }
  friend auto operator<=>(const ValueIterator& a, const ValueIterator& b) { return a.i_ <=> b.i_; }
  std::size_t index() const { return i_; }

 private:
  const List* list_ = nullptr;
  std::size_t i_ = 0;
};
}  // namespace detail

// A track's spans, sorted by start: reads like a std::vector<Span> of values.
class SpanList {
 public:
  using const_iterator = detail::ValueIterator<SpanList, Span>;
  std::size_t size() const { return refs_.size(); }
  bool empty() const { return refs_.empty(); }
  Span operator[](std::size_t i) const { return store_->span(refs_[i]); }
  Span front() const { return (*this)[0]; }
  Span back() const { return (*this)[size() - 1]; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  // Just the start of span i (one event read).
  std::int64_t start(std::size_t i) const { return store_->events[refs_[i].begin].t_ns; }
  // Where span i ends: t1, or INT64_MAX while open (what visibility searches need).
  std::int64_t end_time(std::size_t i) const { return store_->end_time(refs_[i]); }
  SpanRef ref(std::size_t i) const { return refs_[i]; }
  std::size_t capacity_bytes() const { return refs_.capacity_bytes(); }

 private:
  friend class TraceDocument;
  const detail::Store* store_ = nullptr;
  ChunkedVector<SpanRef> refs_;
};

// A track's instants, sorted by time: 4 bytes each (the event's index).
class MarkList {
 public:
  using const_iterator = detail::ValueIterator<MarkList, Mark>;
  std::size_t size() const { return index_.size(); }
  bool empty() const { return index_.empty(); }
  Mark operator[](std::size_t i) const {
    const std::uint32_t k = index_[i];
    const TraceEvent& e = store_->events[k];
    return {e.t_ns, k, e.kind};
  }
  Mark front() const { return (*this)[0]; }
  Mark back() const { return (*this)[size() - 1]; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  std::int64_t time(std::size_t i) const { return store_->events[index_[i]].t_ns; }
  std::size_t capacity_bytes() const { return index_.capacity_bytes(); }

 private:
  friend class TraceDocument;
  const detail::Store* store_ = nullptr;
  ChunkedVector<std::uint32_t> index_;
};

struct TrackId {
  Lane lane = Lane::Buyer;
  std::uint16_t track = 0;
  friend bool operator==(const TrackId&, const TrackId&) = default;
};

struct Track {
  TrackId id;
  SpanList spans;   // syscalls, work and sends, sorted by t0, never overlapping
  SpanList copies;  // phase 2 spans, sorted by t0 (they sit inside a call)
  // Measured by the kernel probe (source Probe), each sorted by t0: the wake-ups of this thread
  // (sched_waking -> back on a CPU) and the kernel's copies to user memory on it
  // (skb_copy_datagram_iovec -> sock_recv_length). Where a track has measured copies, the views
  // draw them instead of the copies the engine inferred from user space.
  SpanList wakeups;
  SpanList measured_copies;
  MarkList marks;                   // instants, sorted by t
  std::uint64_t eagain = 0;         // running count of calls that returned EAGAIN
  std::vector<std::uint32_t> open;  // arrival indices of the spans still open (a few)
};

// Memory: per event, the 40-byte event itself (in chunks, no doubling slack), 8 bytes per span
// (about 4 per event: a span takes two events) or 4 per mark, and 8 bytes per event that arrived
// later than a newer one (the time index stores only those exceptions: while arrival order is
// time order, row r is event r).
class TraceDocument {
 public:
  TraceDocument();
  ~TraceDocument();
  TraceDocument(const TraceDocument&) = delete;
  TraceDocument& operator=(const TraceDocument&) = delete;
  TraceDocument(TraceDocument&&) noexcept;
  TraceDocument& operator=(TraceDocument&&) noexcept;

  void clear();

  // Adds a batch (any order). Events older than what is already stored are merged in.
  // Returns the first time-ordered row that changed (== old row count when all were appended).
  // A long run is folded (trace_fold.hpp): past the limits, EAGAIN calls and then all events
  // are counted instead of kept; fold_report() says how many and from when.
  std::size_t append(const std::vector<TraceEvent>& batch);
  void setFoldLimits(FoldLimits limits) { folder_.setLimits(limits); }
  const FoldReport& fold_report() const { return folder_.report(); }
  const FoldLimits& fold_limits() const { return folder_.limits(); }

  // Arrival order: the index spans and marks refer to.
  const TraceEvent& event(std::uint32_t index) const { return store_->events[index]; }
  std::size_t size() const { return store_->events.size(); }

  // Time order (by time, then arrival): row r of the event list is event(by_time(r)). O(1) while
  // no event arrived late, else O(log^2 n).
  std::uint32_t by_time(std::size_t row) const;
  // The row showing event `index`, or -1.
  long row_of(std::uint32_t index) const;
  // How many events arrived after a newer one (the exceptions the time index stores).
  std::size_t late_count() const { return late_by_time_.size(); }

  const std::vector<Track>& tracks() const { return tracks_; }  // buyer, kernel, factory order
  const Track* find_track(TrackId id) const;

  std::int64_t first_time() const { return first_t_; }
  std::int64_t last_time() const { return last_t_; }
  bool empty() const { return size() == 0; }

  // Closes every open span at t (a finished or cancelled run), marking it unfinished.
  void close_open_spans(std::int64_t t);

  // Everything the document holds, in bytes: its own size and every container's capacity
  // (events, time index exceptions, per-track spans, marks and open lists, cut times).
  std::size_t memory_bytes() const;

 private:
  std::size_t append_kept(const std::vector<TraceEvent>& batch);
  Track& track_for(TrackId id);
  void index_event(std::uint32_t index);
  bool key_less(std::uint32_t a, std::uint32_t b) const;
  std::uint32_t spine_at(std::size_t j) const;  // j-th event that did not arrive late
  bool is_late(std::uint32_t index) const;
  void close_span(SpanList& list, std::uint32_t begin, std::uint32_t end);

  std::unique_ptr<detail::Store> store_;
  // Events that arrived after a newer one ("late"): by (time, index), and by index. Every other
  // event is on the spine: in arrival order, already in time order.
  ChunkedVector<std::uint32_t> late_by_time_;
  ChunkedVector<std::uint32_t> late_by_arrival_;
  std::int64_t spine_t_ = INT64_MIN;  // the newest time seen
  std::vector<Track> tracks_;
  std::int64_t first_t_ = 0;
  std::int64_t last_t_ = 0;
  TraceFolder folder_;
};

// Binary search: the first span/mark in v that may be visible at or after t (spans ending
// before t are skipped). v must be sorted by start time with non-overlapping spans.
// V: SpanList / MarkList, or a std::vector<Span> / <Mark>.
template <typename V>
std::size_t first_span_at_or_after(const V& v, std::int64_t t) {
  // Spans do not overlap, so t1 is sorted too.
  return partition_index(0, v.size(), [&](std::size_t i) {
    if constexpr (requires { v.end_time(i); }) {
      return v.end_time(i) < t;
    } else {
      const Span s = v[i];
      return (s.open ? INT64_MAX : s.t1) < t;
    }
  });
}
template <typename V>
std::size_t first_mark_at_or_after(const V& v, std::int64_t t) {
  if constexpr (requires { v.time(0); })
    return partition_index(0, v.size(), [&](std::size_t i) { return v.time(i) < t; });
  else
    return partition_index(0, v.size(), [&](std::size_t i) { return v[i].t < t; });
}

}  // namespace ioscope::ui
