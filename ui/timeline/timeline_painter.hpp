// The timeline as a picture: gutter with lane names and pictograms, the ruler, the lanes with
// their bars and marks, flow arrows, and the overlays (selection, markers, range, playhead,
// cheat sheet). Pure painting on any QPainter (widget, QImage), so the benchmark, the tests
// and screenshots draw exactly what the widget shows, without a widget.
//
// Cost: O(rows x plot width x log n) per paint, never O(events) (see timeline_rows.hpp).
#pragma once

#include <QList>
#include <QRect>

#include "timeline/lane_layout.hpp"
#include "timeline/time_axis.hpp"
#include "timeline/timeline_types.hpp"

class QPainter;

namespace ioscope::ui {

class TimelinePainter {
 public:
  static constexpr int kGutterWidth = 176;
  static constexpr int kRulerHeight = 40;

  // The plot: right of the gutter, below the ruler. The axis's x = 0 is its left edge.
  static QRect plotRect(const QRect& rect);
  // The rows of runs laid out for a timeline drawn in rect (what paint() uses).
  static LaneLayout layout(const QRect& rect, const QList<TimelineRun>& runs);
  // [0, longest run] in timeline time; open calls of a live run reach to now_ns.
  static TimeRange extent(const QList<TimelineRun>& runs, bool live, std::int64_t now_ns);

  // Paints runs into rect. axis: timeline time (ns since each run's first event).
  static PaintStats paint(QPainter& p, const QRect& rect, const QList<TimelineRun>& runs,
                          const TimeAxis& axis, const TimelineOptions& options);
  // One run, no title band: the look overrides options.look.
  static PaintStats paint(QPainter& p, const QRect& rect, const TraceDocument& doc,
                          const TimeAxis& axis, TimelineLook look, TimelineOptions options = {});
};

}  // namespace ioscope::ui
