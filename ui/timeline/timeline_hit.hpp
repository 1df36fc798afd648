// Questions about positions on the timeline, each answered by binary search: which event is
// nearest a click, where an event is drawn (to outline or scroll to it), and what a time range
// holds (events, calls and their durations).
#pragma once

#include <QPointF>
#include <QRect>

#include <cstdint>
#include <optional>

#include "timeline/lane_layout.hpp"
#include "timeline/time_axis.hpp"
#include "timeline/timeline_types.hpp"

namespace ioscope::ui {

struct TimelineHit {
  EventRef ref;
  std::size_t merged = 1;  // items folded into the pixel under the cursor
};

// The event nearest pos (widget coordinates) within a few pixels, in the row under it.
// rect: the whole timeline's rect; layout built for it (TimelinePainter::layout).
std::optional<TimelineHit> hitTest(const QList<TimelineRun>& runs, const LaneLayout& layout,
                                   const TimeAxis& axis, const QRect& rect, int scroll_y,
                                   const QPointF& pos);

// Where an event is drawn: its time extent (absolute) and row. Marks have t0 == t1.
struct EventPlace {
  const LaneRow* row = nullptr;
  std::int64_t t0 = 0, t1 = 0;
  bool span = false;
  bool kernel_copy = false;  // drawn on the shopkeeper's row
};
std::optional<EventPlace> locateEvent(const QList<TimelineRun>& runs, const LaneLayout& layout,
                                      const EventRef& ref);

struct RangeStats {
  std::uint64_t events = 0;
  std::uint64_t calls = 0;  // finished syscall spans that start in the range
  std::int64_t min_ns = 0, max_ns = 0, avg_ns = 0;
};
// Absolute times. O(log n) for the events, O(calls in range) for the durations.
RangeStats rangeStats(const TraceDocument& doc, std::int64_t t0, std::int64_t t1);

// The first time-ordered row whose event is at or after absolute time t (== size() if none).
std::size_t firstRowAtOrAfter(const TraceDocument& doc, std::int64_t t);

}  // namespace ioscope::ui
