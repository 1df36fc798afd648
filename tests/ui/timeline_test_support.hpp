// Pixel and layout helpers shared by the timeline's tests: what colour a column of a painted
// image has, where a row sits.
#pragma once

#include <QColor>
#include <QImage>
#include <QRect>

#include <algorithm>
#include <cstdlib>

#include "timeline/lane_layout.hpp"
#include "timeline/timeline_painter.hpp"
#include "timeline/timeline_palette.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::ui {

// A synthetic event at base + t on fd 5: the timeline tests' runs are built from these.
inline TraceEvent syntheticEvent(std::int64_t base, std::int64_t t, EventKind kind,
                                 Lane lane = Lane::Buyer, Sys sys = Sys::none) {
  return {.t_ns = base + t, .fd = 5, .kind = kind, .lane = lane, .sys = sys};
}

inline bool near(QRgb a, const QColor& b, int tol = 12) {
  return std::abs(qRed(a) - b.red()) <= tol && std::abs(qGreen(a) - b.green()) <= tol &&
         std::abs(qBlue(a) - b.blue()) <= tol;
}

// Fraction of pixels in column x between y0 and y1 close to colour c.
inline double columnShare(const QImage& img, int x, int y0, int y1, const QColor& c) {
  int hits = 0;
  for (int y = y0; y < y1; ++y) hits += near(img.pixel(x, y), c) ? 1 : 0;
  return static_cast<double>(hits) / std::max(1, y1 - y0);
}

inline int nonBackground(const QImage& img, const QRect& r) {
  const TimelinePalette& pal = TimelinePalette::standard();
  int n = 0;
  for (int y = r.top(); y <= r.bottom(); ++y)
    for (int x = r.left(); x <= r.right(); ++x) {
      const QRgb p = img.pixel(x, y);
      if (!near(p, pal.background, 6) && !near(p, pal.row_alt, 6) && !near(p, pal.grid, 6)) ++n;
    }
  return n;
}

inline QRect rowRect(const QRect& rect, const LaneRow& row) {
  const QRect plot = TimelinePainter::plotRect(rect);
  return QRect(plot.left(), plot.top() + row.y, plot.width(), row.height);
}

inline const LaneRow* firstRow(const LaneLayout& layout, RowKind kind) {
  for (const LaneRow& r : layout.rows())
    if (r.kind == kind) return &r;
  return nullptr;
}

}  // namespace ioscope::ui
