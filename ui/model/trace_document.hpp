// A run's trace as the views need it: every event in time order (the event list), and per track
// (buyer thread, kernel, client) time-sorted spans and marks (the timeline). Qt-free, so it is
// cheap to test and to benchmark; the views observe it through TraceSession.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace_event.hpp"

namespace ioscope::ui {

enum class SpanKind : std::uint8_t {
  Syscall,  // a call from begin to end
  Copy,     // phase 2: kernel -> user copy (or wake-up + copy, or the kernel's own copy)
  Work,     // useful work the process did
  Send,     // the factory sending one message (instant-sized)
};

struct Span {
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;     // == t0 while open
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

struct TrackId {
  Lane lane = Lane::Buyer;
  std::uint16_t track = 0;
  friend bool operator==(const TrackId&, const TrackId&) = default;
};

struct Track {
  TrackId id;
  std::vector<Span> spans;   // syscalls, work and sends, sorted by t0, never overlapping
  std::vector<Span> copies;  // phase 2 spans, sorted by t0 (they sit inside a call)
  std::vector<Mark> marks;   // instants, sorted by t
  std::uint64_t eagain = 0;  // running count of calls that returned EAGAIN
};

class TraceDocument {
 public:
  void clear();

  // Adds a batch (any order). Events older than what is already stored are merged in.
  // Returns the first time-ordered row that changed (== old row count when all were appended).
  std::size_t append(const std::vector<TraceEvent>& batch);

  // Arrival order: the index spans and marks refer to.
  const TraceEvent& event(std::uint32_t index) const { return events_[index]; }
  std::size_t size() const { return events_.size(); }

  // Time order: row r of the event list is event(by_time(r)).
  std::uint32_t by_time(std::size_t row) const { return by_time_[row]; }
  // The row showing event `index`, or -1.
  long row_of(std::uint32_t index) const;

  const std::vector<Track>& tracks() const { return tracks_; }  // buyer, kernel, factory order
  const Track* find_track(TrackId id) const;

  std::int64_t first_time() const { return first_t_; }
  std::int64_t last_time() const { return last_t_; }
  bool empty() const { return events_.empty(); }

  // Closes every open span at t (a finished or cancelled run), marking it unfinished.
  void close_open_spans(std::int64_t t);

 private:
  Track& track_for(TrackId id);
  void index_event(std::uint32_t index);

  std::vector<TraceEvent> events_;
  std::vector<std::uint32_t> by_time_;
  std::vector<Track> tracks_;
  std::int64_t first_t_ = 0;
  std::int64_t last_t_ = 0;
};

// Binary search: the first span/mark in v that may be visible at or after t (spans ending
// before t are skipped). v must be sorted by start time with non-overlapping spans.
std::size_t first_span_at_or_after(const std::vector<Span>& v, std::int64_t t);
std::size_t first_mark_at_or_after(const std::vector<Mark>& v, std::int64_t t);

}  // namespace ioscope::ui
