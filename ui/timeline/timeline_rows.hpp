// Painting the inside of one row (buyer, shopkeeper, factory) with level of detail: per track
// the visible range is found by binary search, items a pixel wide or more are drawn one by one,
// and runs of sub-pixel items fold into one column per pixel (the next column is found by
// another binary search, so a column costs O(log n) however many items it hides). The cost of a
// row is O(width log n), never O(events). Internal to the timeline.
#pragma once

#include <QFont>
#include <QRectF>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

#include "model/trace_document.hpp"
#include "timeline/lane_layout.hpp"
#include "timeline/timeline_palette.hpp"
#include "timeline/timeline_types.hpp"

class QPainter;

namespace ioscope::ui {

struct TimelineFonts {
  QFont caption;       // >= 11 pt: bars, marks, ruler
  QFont lane;          // >= 13 pt bold: lane names, titles
  QFont small;         // subtitles (still >= 11 pt: read from the back of the room)
  double scale = 1.0;  // sizes drawn with these fonts: TimelineMetrics::scaleFor(base)

  static TimelineFonts from(const QFont& base);
};

// One run's mapping from absolute trace time to painter x, and where the view is.
struct RunView {
  const TraceDocument* doc = nullptr;
  std::int64_t origin_abs = 0;  // absolute time at plot x = 0
  double ns_per_px = 1;
  double plot_left = 0;                  // painter x of plot x = 0
  double plot_right = 0;                 // painter x of the plot's right edge
  std::int64_t t_left = 0, t_right = 0;  // visible absolute times
  std::int64_t open_end = 0;             // where open (still running) spans end

  double x(std::int64_t t) const {
    return plot_left + static_cast<double>(t - origin_abs) / ns_per_px;
  }
  std::int64_t tAt(double px) const {
    return origin_abs + static_cast<std::int64_t>((px - plot_left) * ns_per_px);
  }
};

class RowPainter {
 public:
  RowPainter(QPainter& p, const RunView& view, const TimelinePalette& pal,
             const TimelineFonts& fonts, TimelineLook look, PaintStats& stats)
      : p_(p), v_(view), pal_(pal), fonts_(fonts), look_(look), stats_(stats) {}

  void buyer(const Track& track, const QRectF& row);
  // kernel may be null; buyers are searched for io_uring's kernel copies.
  void shopkeeper(const Track* kernel, const std::vector<const Track*>& buyers, const QRectF& row);
  void factory(const std::vector<const Track*>& clients, const QRectF& row, bool captions);

 private:
  void spans(const Track& track, const QRectF& band, const QRectF& tick_band);
  void wideSpan(const Track& track, const Span& s, double xa, double xb, const QRectF& band,
                const QRectF& tick_band, double next_x);
  void slivers(const Track& track, const QRectF& band);
  // in_thread: drawn on the buyer's own row (the probe measured it in that thread: task_work).
  void kernelCopies(const Track& buyer, const QRectF& band, bool in_thread = false);
  // A receive whose copy the kernel probe measured: phase 1, the wake-up, the copy. False when
  // the probe measured no copy inside this call (then the inferred picture is drawn).
  bool measuredRecv(const Track& track, const Span& s, double xa, double xb, const QRectF& band);
  // Marks of the given kinds, glyphs at y (centre) of size g; dense stretches fold into ticks.
  void marks(const std::vector<const Track*>& tracks, const QRectF& band, bool captions,
             bool (*accept)(const TraceEvent&));
  void glyph(const TraceEvent& e, const QRectF& r);
  QRectF glyphBox(const TraceEvent& e, const QRectF& band) const;
  // A caption fitted into r: what is shown (elided; empty: nothing fits), and where.
  struct CaptionLayout {
    QFont font;
    QString shown;
    QRectF area;  // where the text is aligned
    QRectF box;   // where its glyphs go
  };
  CaptionLayout layoutCaption(const QRectF& r, const QString& text, bool bold = false) const;
  void caption(const QRectF& r, const QString& text, const QColor& colour, bool bold = false);
  void caption(const CaptionLayout& c, const QColor& colour);
  void count(std::size_t visited);

  QPainter& p_;
  const RunView& v_;
  const TimelinePalette& pal_;
  const TimelineFonts& fonts_;
  TimelineLook look_;
  PaintStats& stats_;
  std::size_t track_items_ = 0;
  // Set while a shared factory row is drawn: its first caption in stats_.caption_boxes.
  std::optional<std::size_t> row_first_caption_;
};

// Where things sit inside a row (shared by painting, hit testing and the selection outline).
struct RowBands {
  static QRectF buyerMarks(const QRectF& row) {
    return {row.left(), row.top() + 1, row.width(), row.height() * 0.30 - 2};
  }
  static QRectF buyerBars(const QRectF& row) {
    return {row.left(), row.top() + row.height() * 0.30, row.width(), row.height() * 0.62};
  }
  static QRectF kernelMarks(const QRectF& row, bool with_copies) {
    return with_copies ? QRectF(row.left(), row.top() + 2, row.width(), row.height() * 0.5)
                       : row.adjusted(0, 4, 0, -4);
  }
  // io_uring's task_work copies the probe measured in a buyer's thread: under its call's bar.
  static QRectF taskWork(const QRectF& row) {
    const QRectF bars = buyerBars(row);
    return {row.left(), bars.top() + bars.height() * 0.55, row.width(), bars.height() * 0.45};
  }
  static QRectF kernelCopies(const QRectF& row) {
    return {row.left(), row.top() + row.height() * 0.56, row.width(), row.height() * 0.38};
  }
  static double sendY(const QRectF& row) { return row.top() + row.height() * 0.28; }
  static double recvY(const QRectF& row) { return row.top() + row.height() * 0.72; }
  // The vertical centre of a mark's glyph in a row of this kind.
  static double markY(RowKind kind, EventKind mark, const QRectF& row, bool kernel_copies) {
    switch (kind) {
      case RowKind::Buyer:
        return buyerMarks(row).center().y();
      case RowKind::Shopkeeper:
        return kernelMarks(row, kernel_copies).center().y();
      default:
        return mark == EventKind::ClientSend ? sendY(row) : recvY(row);
    }
  }
};

// The first copy that may be visible at or after t. Unlike calls, copies may overlap (io_uring
// copies for several connections at once), so this searches by start and steps back over the
// few that started earlier and are still running.
std::size_t firstCopyAtOrAfter(const SpanList& copies, std::int64_t t);
// The phase-2 copy inside call s on this track (not a kernel copy), or nothing. O(log n).
std::optional<Span> copyWithin(const Track& track, const Span& s, std::int64_t end);
// Does this track hold kernel (io_uring) copies, inferred or measured? O(1).
bool hasKernelCopies(const Track& buyer);
// The copies the views draw for a track: those the kernel probe measured if there are any, else
// those the engine inferred from user space.
const SpanList& drawnCopies(const Track& track);
// The probe's measured pieces of receive call s: the copy inside it (not a kernel copy), and the
// last wake-up of the thread between the call's start and that copy. O(log n).
struct MeasuredRecv {
  Span copy;
  std::optional<Span> wakeup;
};
std::optional<MeasuredRecv> measuredWithin(const Track& track, const Span& s);
// Where to look to see what the probe measured: the first receive on a buyer thread with a
// measured wake-up and copy (from the wake-up to the copy's end), else the first kernel copy
// the probe measured (io_uring). The event to select with it: the wake-up, or the copy.
struct MeasuredPlace {
  std::int64_t t0 = 0, t1 = 0;  // absolute times
  std::uint32_t event = 0;
};
std::optional<MeasuredPlace> firstMeasuredPlace(const TraceDocument& doc);
// The state a mark event is drawn in.
TimelineState markState(const TraceEvent& e);
// Data reaching the kernel for a message the timeline draws: a run's own arrival, or the data of
// a traced program's peer measured queued (a DataQueued that names its connection).
inline bool isArrival(const TraceEvent& e) {
  return e.kind == EventKind::KernelReady || (e.kind == EventKind::DataQueued && e.conn != 0);
}

}  // namespace ioscope::ui
