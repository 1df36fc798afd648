// The timeline as a picture: gutter with lane names and pictograms, the ruler, the lanes with
// their bars and marks, flow arrows, and the overlays (selection, markers, range, playhead,
// cheat sheet). Pure painting on any QPainter (widget, QImage), so the benchmark, the tests
// and screenshots draw exactly what the widget shows, without a widget.
//
// Cost: O(rows x plot width x log n) per paint, never O(events) (see timeline_rows.hpp).
#pragma once

#include <QFont>
#include <QList>
#include <QRect>

#include "timeline/lane_layout.hpp"
#include "timeline/time_axis.hpp"
#include "timeline/timeline_types.hpp"

class QPainter;

namespace ioscope::ui {

class TimelinePainter {
 public:
  // At the normal size; larger type widens the gutter and heightens the ruler (metrics).
  static constexpr int kGutterWidth = TimelineMetrics::kGutterWidth;
  static constexpr int kRulerHeight = TimelineMetrics::kRulerHeight;

  // The sizes paint() uses for a painter with this font (what the widget's font gives).
  static TimelineMetrics metrics(const QFont& font, TimelineLook look) {
    return TimelineMetrics::forFont(font, look);
  }
  // The plot: right of the gutter, below the ruler. The axis's x = 0 is its left edge.
  static QRect plotRect(const QRect& rect, const TimelineMetrics& metrics = {});
  // The rows of runs laid out for a timeline drawn in rect (what paint() uses).
  static LaneLayout layout(const QRect& rect, const QList<TimelineRun>& runs,
                           const TimelineMetrics& metrics = {});
  // The distance between major ruler ticks (px) that keeps their labels apart at this axis,
  // plot width and caption font.
  static double tickGap(const TimeAxis& axis, int plot_width, const QFont& caption, double scale);
  // A ruler tick's label ("+1.5 ms") at this tick step.
  static QString rulerLabel(std::int64_t rel, std::int64_t step);
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
