#include "timeline/timeline_painter.hpp"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "timeline/timeline_flow.hpp"
#include "timeline/timeline_hit.hpp"
#include "timeline/timeline_icons.hpp"
#include "timeline/timeline_journey.hpp"
#include "timeline/timeline_rows.hpp"
#include "timeline/timeline_text.hpp"

namespace ioscope::ui {

namespace {

struct Frame {
  QPainter& p;
  const QRect& rect;
  const QRect plot;
  const QList<TimelineRun>& runs;
  const TimeAxis& axis;
  const TimelineOptions& opt;
  const LaneLayout& layout;
  const TimelinePalette& pal;
  const TimelineFonts fonts;
  const double lanes_top;  // painter y of lane coordinate 0
  double tick_gap = 110;   // px between major ticks: wide enough for their labels

  const TimelineMetrics& m() const { return layout.metrics(); }
  double s(double v) const { return v * fonts.scale; }

  QRectF rowRect(const LaneRow& r, double left, double width) const {
    return {left, lanes_top + r.y, width, static_cast<double>(r.height)};
  }
  QRectF plotRow(const LaneRow& r) const { return rowRect(r, plot.left(), plot.width()); }
  double xRel(std::int64_t t) const { return plot.left() + axis.x_of(t); }
  bool rowVisible(const LaneRow& r) const {
    const double top = lanes_top + r.y;
    return top + r.height >= plot.top() && top <= plot.bottom() + 1;
  }
  RunView view(int run) const {
    RunView v;
    const TraceDocument* doc = runs[run].doc;
    v.doc = doc;
    v.origin_abs = axis.origin() + doc->first_time();
    v.ns_per_px = axis.ns_per_px();
    v.plot_left = plot.left();
    v.plot_right = plot.left() + plot.width();
    v.t_left = v.tAt(v.plot_left) - 1;
    v.t_right = v.tAt(v.plot_right) + 1;
    v.open_end = opt.live ? std::max(opt.now_ns, doc->last_time()) : doc->last_time();
    return v;
  }
};

bool hasDoc(const QList<TimelineRun>& runs, int run) {
  return run >= 0 && run < runs.size() && runs[run].doc != nullptr;
}

bool anyKernelCopies(const TraceDocument& doc, std::vector<const Track*>* buyers) {
  bool any = false;
  for (const Track& t : doc.tracks()) {
    if (t.id.lane == Lane::Buyer && buyers != nullptr) buyers->push_back(&t);
    // io-wq workers' copies sit on the kernel's own track.
    if (t.id.lane != Lane::Factory) any = any || hasKernelCopies(t);
  }
  return any;
}

void paintRowBackgrounds(const Frame& f) {
  int index = 0;
  for (const LaneRow& r : f.layout.rows()) {
    if (!f.rowVisible(r)) {
      ++index;
      continue;
    }
    const QRectF rr = f.rowRect(r, f.rect.left(), f.rect.width());
    if (r.kind == RowKind::Title) {
      f.p.fillRect(rr, f.pal.title_band);
      index = 0;
      continue;
    }
    if (index++ % 2 == 1) f.p.fillRect(rr, f.pal.row_alt);
    f.p.fillRect(QRectF(rr.left(), rr.bottom() - 0.5, rr.width(), 1), f.pal.grid);
  }
}

void paintGrid(const Frame& f) {
  for (const auto& tick : f.axis.ticks(f.plot.width(), 0, f.tick_gap)) {
    if (!tick.major) continue;
    f.p.fillRect(QRectF(f.plot.left() + tick.x, f.plot.top(), 1, f.plot.height()), f.pal.grid);
  }
}

void paintRows(const Frame& f, PaintStats& stats) {
  for (const LaneRow& r : f.layout.rows()) {
    if (r.kind == RowKind::Title || !f.rowVisible(r) || !hasDoc(f.runs, r.run)) continue;
    const RunView view = f.view(r.run);
    RowPainter rp(f.p, view, f.pal, f.fonts, f.opt.look, stats);
    const QRectF rr = f.plotRow(r);
    ++stats.rows;
    switch (r.kind) {
      case RowKind::Buyer:
        if (!r.tracks.empty()) rp.buyer(*r.tracks.front(), rr);
        break;
      case RowKind::Shopkeeper: {
        std::vector<const Track*> buyers;
        anyKernelCopies(*view.doc, &buyers);
        rp.shopkeeper(r.tracks.empty() ? nullptr : r.tracks.front(), buyers, rr);
        break;
      }
      case RowKind::Factory:
        rp.factory(r.tracks, rr, true);
        break;
      case RowKind::FactoryGroup:
        rp.factory(r.tracks, rr, false);
        break;
      case RowKind::Title:
        break;
    }
  }
}

void paintGutter(const Frame& f) {
  const int gutter_w = f.m().gutter;
  const QRectF gutter(f.rect.left(), f.plot.top(), gutter_w, f.plot.height());
  f.p.fillRect(gutter, f.pal.gutter);
  const bool analogy = f.opt.look == TimelineLook::Analogy;
  const QFontMetricsF lane_fm(f.fonts.lane), small_fm(f.fonts.small);
  for (const LaneRow& r : f.layout.rows()) {
    if (!f.rowVisible(r)) continue;
    const TraceDocument* doc = hasDoc(f.runs, r.run) ? f.runs[r.run].doc : nullptr;
    if (r.kind == RowKind::Title) {
      // Drawn last over the whole width: a band that separates one run from the next.
      const QRectF band = f.rowRect(r, f.rect.left(), f.rect.width());
      f.p.fillRect(band, f.pal.title_band);
      f.p.fillRect(QRectF(band.left(), band.top(), f.s(6), band.height()), okabe_ito::kOrange);
      f.p.setFont(f.fonts.lane);
      f.p.setPen(f.pal.title_text);
      f.p.drawText(band.adjusted(f.s(14), 0, -f.s(8), 0), Qt::AlignVCenter | Qt::AlignLeft,
                   lane_fm.elidedText(f.runs[r.run].title, Qt::ElideRight, band.width() - f.s(24)));
      continue;
    }
    const QRectF rr = f.rowRect(r, f.rect.left(), gutter_w);
    f.p.fillRect(QRectF(rr.left(), rr.bottom() - 0.5, rr.width(), 1), f.pal.gutter_line);
    int buyer_rows = 0;
    for (const LaneRow& o : f.layout.rows())
      if (o.run == r.run && o.kind == RowKind::Buyer) ++buyer_rows;
    const QString name = TimelineText::laneName(r, f.opt.look, buyer_rows);
    const QString sub = TimelineText::laneSubtitle(r, f.opt.look, doc);
    QString extra;
    QColor extra_colour = f.pal.eagain.darker(150);
    if (r.kind == RowKind::Buyer && !r.tracks.empty() && r.tracks.front()->eagain > 0)
      extra = TimelineText::eagainCount(f.opt.look, r.tracks.front()->eagain);

    double text_left = rr.left() + f.s(10);
    if (analogy) {
      const double icon = std::min(f.s(36), rr.height() - f.s(12));
      const Pictogram pic = r.kind == RowKind::Buyer        ? Pictogram::Buyer
                            : r.kind == RowKind::Shopkeeper ? Pictogram::Shopkeeper
                                                            : Pictogram::Factory;
      drawPictogram(f.p, QRectF(rr.left() + f.s(6), rr.center().y() - icon / 2, icon, icon), pic);
      text_left = rr.left() + f.s(12) + icon;
    }
    const double avail = rr.right() - text_left - f.s(6);
    const double lh = lane_fm.height(), sh = small_fm.height();
    const bool show_sub = rr.height() >= lh + sh + f.s(6);
    const bool show_extra = !extra.isEmpty() && rr.height() >= lh + 2 * sh + f.s(6);
    const double block = lh + (show_sub ? sh : 0) + (show_extra ? sh : 0);
    double y = rr.center().y() - block / 2;
    f.p.setFont(f.fonts.lane);
    f.p.setPen(f.pal.text);
    f.p.drawText(QRectF(text_left, y, avail, lh), Qt::AlignLeft | Qt::AlignVCenter,
                 lane_fm.elidedText(name, Qt::ElideRight, avail));
    y += lh;
    f.p.setFont(f.fonts.small);
    if (show_sub) {
      f.p.setPen(f.pal.text_dim);
      f.p.drawText(QRectF(text_left, y, avail, sh), Qt::AlignLeft | Qt::AlignVCenter,
                   small_fm.elidedText(sub, Qt::ElideRight, avail));
      y += sh;
    }
    if (show_extra) {
      // A long count would be cut: say 316k rather than 3…
      if (small_fm.horizontalAdvance(extra) > avail)
        extra = TimelineText::eagainCount(f.opt.look, r.tracks.front()->eagain, true);
      f.p.setPen(extra_colour);
      f.p.drawText(QRectF(text_left, y, avail, sh), Qt::AlignLeft | Qt::AlignVCenter,
                   small_fm.elidedText(extra, Qt::ElideRight, avail));
    }
  }
  f.p.fillRect(QRectF(f.rect.left() + gutter_w - 1, f.rect.top(), 1, f.rect.height()),
               f.pal.gutter_line);
}

void labelBox(QPainter& p, const QPointF& at, const QString& text, const QFont& font,
              const QColor& bg, const QColor& fg, double min_x, double max_x, double scale) {
  const QFontMetricsF fm(font);
  const double w = fm.horizontalAdvance(text) + 12 * scale, h = fm.height() + 4 * scale;
  const double x = std::clamp(at.x() - w / 2, min_x, std::max(min_x, max_x - w));
  const QRectF box(x, at.y() - h / 2, w, h);
  p.setPen(Qt::NoPen);
  p.setBrush(bg);
  p.drawRoundedRect(box, 4 * scale, 4 * scale);
  p.setPen(fg);
  p.setFont(font);
  p.drawText(box, Qt::AlignCenter, text);
}

// "+298.75 ms": as many decimals as the tick step needs, so deep zoom far from the start still
// gives distinct labels (TimeAxis::format rounds to 3 decimals).
QString rulerLabelText(std::int64_t rel, std::int64_t step) {
  if (rel == 0) return QStringLiteral("0");
  const double a = std::fabs(static_cast<double>(rel));
  double unit = 1;
  QString name = QStringLiteral("ns");
  if (a >= 1e9) {
    unit = 1e9;
    name = QStringLiteral("s");
  } else if (a >= 1e6) {
    unit = 1e6;
    name = QStringLiteral("ms");
  } else if (a >= 1e3) {
    unit = 1e3;
    name = QStringLiteral("µs");
  }
  int decimals = 0;
  for (double s = static_cast<double>(step) / unit; s < 1 - 1e-9 && decimals < 9; s *= 10)
    ++decimals;
  QString number = QString::number(static_cast<double>(rel) / unit, 'f', decimals);
  if (number.contains(QLatin1Char('.'))) {
    while (number.endsWith(QLatin1Char('0'))) number.chop(1);
    if (number.endsWith(QLatin1Char('.'))) number.chop(1);
  }
  return (rel > 0 ? QStringLiteral("+") : QString()) + number + QLatin1Char(' ') + name;
}

void paintRuler(const Frame& f) {
  const QRectF ruler(f.rect.left(), f.rect.top(), f.rect.width(), f.m().ruler);
  f.p.fillRect(ruler, f.pal.ruler);
  f.p.fillRect(QRectF(ruler.left(), ruler.bottom() - 1, ruler.width(), 1), f.pal.gutter_line);
  f.p.setFont(f.fonts.small);
  f.p.setPen(f.pal.text_dim);
  f.p.drawText(QRectF(ruler.left() + f.s(10), ruler.top(), f.m().gutter - f.s(16), ruler.height()),
               Qt::AlignLeft | Qt::AlignVCenter, TimelineText::rulerCaption());
  f.p.save();
  f.p.setClipRect(QRectF(f.plot.left(), ruler.top(), f.plot.width(), ruler.height()));
  const std::int64_t major = TimeAxis::nice_step(f.tick_gap * f.axis.ns_per_px());
  for (const auto& tick : f.axis.ticks(f.plot.width(), 0, f.tick_gap)) {
    const double x = f.plot.left() + tick.x;
    const double len = f.s(tick.major ? 12 : 5);
    f.p.fillRect(QRectF(x, ruler.bottom() - len, std::max(1.0, std::floor(f.s(1))), len),
                 f.pal.text_dim);
    if (!tick.major) continue;
    f.p.setFont(f.fonts.caption);
    f.p.setPen(f.pal.text);
    f.p.drawText(QRectF(x + f.s(4), ruler.top() + f.s(2), std::max(f.s(140), f.tick_gap),
                        ruler.height() - f.s(14)),
                 Qt::AlignLeft | Qt::AlignVCenter, TimelinePainter::rulerLabel(tick.t, major));
  }
  f.p.restore();
}

void paintOverlaysInLanes(const Frame& f) {
  QPainter& p = f.p;
  // Replay: what has not happened yet is faded.
  if (f.opt.playhead && f.opt.dim_after_playhead) {
    const double x = std::max<double>(f.plot.left(), f.xRel(*f.opt.playhead));
    if (x < f.plot.right())
      p.fillRect(QRectF(x, f.plot.top(), f.plot.right() - x + 1, f.plot.height()),
                 f.pal.future_veil);
  }
  if (f.opt.range) {
    const double a = f.xRel(std::min(f.opt.range->t0, f.opt.range->t1));
    const double b = f.xRel(std::max(f.opt.range->t0, f.opt.range->t1));
    const QRectF r(a, f.plot.top(), std::max(1.0, b - a), f.plot.height());
    p.fillRect(r, f.pal.range_fill);
    p.fillRect(QRectF(a, r.top(), 1, r.height()), f.pal.marker);
    p.fillRect(QRectF(b, r.top(), 1, r.height()), f.pal.marker);
  }
  for (const auto& m : {f.opt.marker_a, f.opt.marker_b}) {
    if (!m) continue;
    p.setPen(QPen(f.pal.marker, f.s(2), Qt::DashLine));
    const double x = f.xRel(*m);
    p.drawLine(QPointF(x, f.plot.top()), QPointF(x, f.plot.bottom()));
  }
  if (f.opt.selected && hasDoc(f.runs, f.opt.selected->run)) {
    if (auto place = locateEvent(f.runs, f.layout, *f.opt.selected)) {
      const RunView v = f.view(f.opt.selected->run);
      const QRectF row = f.plotRow(*place->row);
      const TraceEvent& e = v.doc->event(f.opt.selected->index);
      p.save();
      p.setRenderHint(QPainter::Antialiasing, true);
      p.setBrush(Qt::NoBrush);
      QRectF box;
      if (place->span) {
        QRectF band = place->kernel_copy ? RowBands::kernelCopies(row) : RowBands::buyerBars(row);
        double a = v.x(place->t0), b = v.x(place->t1);
        if (b - a < 8) {
          const double c = (a + b) / 2;
          a = c - 4;
          b = c + 4;
        }
        const double m = f.s(3);
        box = QRectF(a, band.top(), b - a, band.height()).adjusted(-m, -m, m, m);
        p.setPen(QPen(f.pal.selection_halo, f.s(6)));
        p.drawRect(box);
        p.setPen(QPen(f.pal.selection, f.s(2)));
        p.drawRect(box);
      } else {
        const double y =
            RowBands::markY(place->row->kind, e.kind, row, anyKernelCopies(*v.doc, nullptr));
        const QPointF c(v.x(place->t0), y);
        p.setPen(QPen(f.pal.selection_halo, f.s(6)));
        p.drawEllipse(c, f.s(15), f.s(15));
        p.setPen(QPen(f.pal.selection, f.s(2)));
        p.drawEllipse(c, f.s(15), f.s(15));
      }
      p.restore();
    }
  }
  if (f.opt.hover_x) {
    const double x = f.plot.left() + *f.opt.hover_x;
    p.fillRect(QRectF(x, f.plot.top(), 1, f.plot.height()), QColor(0, 0, 0, 70));
  }
  if (f.opt.playhead) {
    const double x = f.xRel(*f.opt.playhead);
    p.fillRect(QRectF(x - 1, f.plot.top(), 2, f.plot.height()), f.pal.playhead);
  }
}

// Pinned notes: a dashed line at the moment, the text in a box near the top of the lanes, boxes
// that would overlap stacked one under the other.
void paintNotes(const Frame& f, PaintStats& stats) {
  if (f.opt.notes.isEmpty()) return;
  QPainter& p = f.p;
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  QFont font = f.fonts.caption;
  font.setBold(true);
  const QFontMetricsF fm(font);
  const double max_w = f.s(320), pad = f.s(6), h = fm.height() + 2 * pad;
  std::vector<double> row_right;  // per stacked row: where its last box ends
  QList<TimelineNote> notes = f.opt.notes;
  std::sort(notes.begin(), notes.end(),
            [](const TimelineNote& a, const TimelineNote& b) { return a.t < b.t; });
  for (const TimelineNote& n : notes) {
    const double x = f.xRel(n.t);
    if (x < f.plot.left() || x > f.plot.right() + 1) continue;
    p.setPen(QPen(f.pal.note, f.s(2), Qt::DashLine));
    p.drawLine(QPointF(x, f.plot.top()), QPointF(x, f.plot.bottom()));
    const QString text = fm.elidedText(n.text, Qt::ElideRight, max_w - 2 * pad);
    const double w = fm.horizontalAdvance(text) + 2 * pad;
    const double lo = f.plot.left(), hi = f.plot.right();
    const double left = std::clamp(x - f.s(4), lo, std::max(lo, hi - w));
    std::size_t row = 0;
    while (row < row_right.size() && row_right[row] > left - f.s(4)) ++row;
    if (row == row_right.size()) row_right.push_back(0);
    row_right[row] = left + w;
    const QRectF box(left, f.plot.top() + f.s(4) + static_cast<double>(row) * (h + f.s(4)), w, h);
    p.setPen(Qt::NoPen);
    p.setBrush(f.pal.note);
    p.drawRoundedRect(box, f.s(4), f.s(4));
    p.setPen(Qt::white);
    p.setFont(font);
    p.drawText(box.adjusted(pad, 0, -pad, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
    ++stats.notes;
  }
  p.restore();
}

void paintOverlaysOnRuler(const Frame& f) {
  QPainter& p = f.p;
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  const double y = f.rect.top() + f.m().ruler / 2.0;
  const double lo = f.plot.left(), hi = f.plot.left() + f.plot.width();
  if (f.opt.marker_a && f.opt.marker_b) {
    const double a = f.xRel(*f.opt.marker_a), b = f.xRel(*f.opt.marker_b);
    labelBox(p, QPointF((a + b) / 2, y),
             TimelineText::markerDelta(std::llabs(*f.opt.marker_b - *f.opt.marker_a)),
             f.fonts.caption, f.pal.marker, Qt::white, lo, hi, f.fonts.scale);
  }
  if (f.opt.marker_a)
    labelBox(p, QPointF(f.xRel(*f.opt.marker_a), y), QStringLiteral("A"), f.fonts.lane,
             f.pal.marker, Qt::white, lo, hi, f.fonts.scale);
  if (f.opt.marker_b)
    labelBox(p, QPointF(f.xRel(*f.opt.marker_b), y), QStringLiteral("B"), f.fonts.lane,
             f.pal.marker, Qt::white, lo, hi, f.fonts.scale);
  if (f.opt.playhead) {
    const double x = f.xRel(*f.opt.playhead);
    if (x >= lo && x <= hi) {
      QPainterPath tri;
      const double b = f.rect.top() + f.m().ruler;
      tri.moveTo(x, b);
      tri.lineTo(x - f.s(8), b - f.s(12));
      tri.lineTo(x + f.s(8), b - f.s(12));
      tri.closeSubpath();
      p.setPen(Qt::NoPen);
      p.setBrush(f.pal.playhead);
      p.drawPath(tri);
    }
  }
  if (f.opt.hover_x) {
    const std::int64_t t = f.axis.t_of(*f.opt.hover_x);
    labelBox(
        p, QPointF(f.plot.left() + *f.opt.hover_x, y),
        (t > 0 ? QStringLiteral("+") : QString()) + QString::fromStdString(TimeAxis::format(t)),
        f.fonts.caption, QColor(0x1A, 0x1A, 0x1A, 220), Qt::white, lo, hi, f.fonts.scale);
  }
  if (f.opt.live) {
    const QString text = TimelineText::liveBadge(f.opt.following);
    const QFontMetricsF fm(f.fonts.caption);
    const double w = fm.horizontalAdvance(text) + f.s(14);
    labelBox(p, QPointF(hi - w / 2 - f.s(6), y), text, f.fonts.caption, okabe_ito::kVermillion,
             Qt::white, lo, hi, f.fonts.scale);
  }
  p.restore();
}

void paintRangeSummary(const Frame& f) {
  if (!f.opt.range || f.opt.range_summary.isEmpty()) return;
  QPainter& p = f.p;
  const QFontMetricsF fm(f.fonts.caption);
  double w = 0;
  for (const QString& line : f.opt.range_summary) w = std::max(w, fm.horizontalAdvance(line));
  w += f.s(20);
  const double h = fm.height() * f.opt.range_summary.size() + f.s(12);
  const double b = f.xRel(std::max(f.opt.range->t0, f.opt.range->t1));
  double x = std::clamp(b + f.s(8), double(f.plot.left() + 4), double(f.plot.right()) - w - 4);
  const QRectF box(x, f.plot.bottom() - h - f.s(6), w, h);
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(f.pal.marker, 1.5));
  p.setBrush(QColor(255, 255, 255, 235));
  p.drawRoundedRect(box, 6, 6);
  p.setFont(f.fonts.caption);
  p.setPen(f.pal.text);
  double y = box.top() + f.s(6);
  for (const QString& line : f.opt.range_summary) {
    p.drawText(QRectF(box.left() + f.s(10), y, w - f.s(20), fm.height()),
               Qt::AlignLeft | Qt::AlignVCenter, line);
    y += fm.height();
  }
  p.restore();
}

// A trace that is not the one the viewer expects (the previous lesson's run) says so in a band
// across the top of the plot, where it cannot be missed and hides little.
void paintBanner(const Frame& f) {
  QPainter& p = f.p;
  QFont font = f.fonts.lane;
  font.setBold(true);
  const QFontMetricsF fm(font);
  const double h = fm.height() + f.s(12);
  const QRectF band(f.plot.left(), f.plot.top(), f.plot.width(), h);
  p.save();
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(0xFF, 0xF4, 0xC2, 235));  // a pale yellow note
  p.drawRect(band);
  p.setFont(font);
  p.setPen(QColor(0x1A, 0x1A, 0x1A));
  p.drawText(band.adjusted(f.s(10), 0, -f.s(10), 0), Qt::AlignCenter | Qt::TextSingleLine,
             fm.elidedText(f.opt.banner, Qt::ElideRight, band.width() - f.s(20)));
  p.restore();
}

void paintCheatSheet(const Frame& f) {
  QPainter& p = f.p;
  const QStringList lines =
      f.opt.presenter_sheet ? TimelineText::presenterSheet() : TimelineText::cheatSheet();
  QFont font = f.fonts.caption;
  font.setPointSizeF(std::max(12.0, font.pointSizeF()));
  const QFontMetricsF fm(font), tfm(f.fonts.lane);
  double kw = 0, mw = 0;
  for (const QString& l : lines) {
    const QStringList parts = l.split(QLatin1Char('\t'));
    kw = std::max(kw, fm.horizontalAdvance(parts.value(0)));
    mw = std::max(mw, fm.horizontalAdvance(parts.value(1)));
  }
  const double lh = fm.height() + 4;
  const double w = kw + mw + 60, h = tfm.height() + 24 + lh * lines.size();
  const QRectF box(f.rect.center().x() - w / 2, f.rect.center().y() - h / 2, w, h);
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(Qt::NoPen);
  p.setBrush(QColor(0x1A, 0x1A, 0x1A, 235));
  p.drawRoundedRect(box, 10, 10);
  p.setPen(Qt::white);
  p.setFont(f.fonts.lane);
  p.drawText(QRectF(box.left() + 20, box.top() + 10, w - 40, tfm.height()), Qt::AlignLeft,
             f.opt.presenter_sheet ? TimelineText::presenterSheetTitle()
                                   : TimelineText::cheatSheetTitle());
  double y = box.top() + 16 + tfm.height();
  for (const QString& l : lines) {
    const QStringList parts = l.split(QLatin1Char('\t'));
    p.setFont(font);
    p.setPen(okabe_ito::kYellow);
    p.drawText(QRectF(box.left() + 20, y, kw, lh), Qt::AlignLeft | Qt::AlignVCenter,
               parts.value(0));
    p.setPen(Qt::white);
    p.drawText(QRectF(box.left() + 40 + kw, y, mw, lh), Qt::AlignLeft | Qt::AlignVCenter,
               parts.value(1));
    y += lh;
  }
  p.restore();
}

}  // namespace

QRect TimelinePainter::plotRect(const QRect& rect, const TimelineMetrics& m) {
  return QRect(rect.left() + m.gutter, rect.top() + m.ruler, std::max(1, rect.width() - m.gutter),
               std::max(1, rect.height() - m.ruler));
}

LaneLayout TimelinePainter::layout(const QRect& rect, const QList<TimelineRun>& runs,
                                   const TimelineMetrics& metrics) {
  return LaneLayout::build(runs, plotRect(rect, metrics).height(), metrics);
}

QString TimelinePainter::rulerLabel(std::int64_t rel, std::int64_t step) {
  return rulerLabelText(rel, step);
}

double TimelinePainter::tickGap(const TimeAxis& axis, int plot_width, const QFont& caption,
                                double scale) {
  // Every label the ruler would show at a gap must fit in that gap, with room to spare. Far
  // from the start at deep zoom labels get long; so does every label in large type.
  const QFontMetricsF fm(caption);
  const double min_gap = 110, spare = 24 * scale;
  double gap = min_gap;
  for (int i = 0; i < 3; ++i) {
    const std::int64_t step = TimeAxis::nice_step(gap * axis.ns_per_px());
    double widest = 0;
    for (const auto& tick : axis.ticks(plot_width, 0, gap))
      if (tick.major) widest = std::max(widest, fm.horizontalAdvance(rulerLabelText(tick.t, step)));
    // The label just past each edge too: panning must not bring in a wider one.
    const std::int64_t far =
        std::max(std::llabs(axis.t_of(0)), std::llabs(axis.t_of(plot_width))) + step;
    widest = std::max(widest, fm.horizontalAdvance(rulerLabelText(far, step)));
    const double next = std::max(min_gap, widest + spare);
    if (next <= gap) break;
    gap = next;
  }
  return gap;
}

TimelineMetrics TimelineMetrics::forFont(const QFont& font, TimelineLook look) {
  TimelineMetrics m;
  m.scale = scaleFor(font);
  m.ruler = m.ipx(kRulerHeight);
  // Wide enough for every lane's name and subtitle (as paintGutter lays them out), and never
  // narrower than at the normal size.
  const TimelineFonts fonts = TimelineFonts::from(font);
  const QFontMetricsF lane_fm(fonts.lane), small_fm(fonts.small);
  double widest = 0;
  const auto row = [](RowKind kind, std::uint16_t track) {
    LaneRow r;
    r.kind = kind;
    r.track = track;
    return r;
  };
  const std::vector<LaneRow> rows{row(RowKind::Buyer, 88), row(RowKind::Shopkeeper, 0),
                                  row(RowKind::Factory, 8), row(RowKind::FactoryGroup, 0)};
  for (const LaneRow& r : rows) {
    for (int buyers : {1, 2})
      widest = std::max(widest, lane_fm.horizontalAdvance(TimelineText::laneName(r, look, buyers)));
    widest =
        std::max(widest, small_fm.horizontalAdvance(TimelineText::laneSubtitle(r, look, nullptr)));
  }
  // A client's subtitle names its port; a group counts its clients.
  widest = std::max(widest, small_fm.horizontalAdvance(TimelineText::tr("port %1").arg(65535)));
  const double text_left = look == TimelineLook::Analogy ? m.px(12) + m.px(36) : m.px(10);
  const int need = static_cast<int>(std::ceil(text_left + widest + m.px(6) + m.px(4)));
  m.gutter = std::max(kGutterWidth, need);
  return m;
}

double TimelineMetrics::scaleFor(const QFont& font) {
  // TimelineFonts: captions are never below 11 pt; the normal size is 11 pt.
  return std::max(11.0, font.pointSizeF()) / 11.0;
}

TimeRange TimelinePainter::extent(const QList<TimelineRun>& runs, bool live, std::int64_t now_ns) {
  TimeRange r;
  for (const TimelineRun& run : runs) {
    if (run.doc == nullptr || run.doc->empty()) continue;
    std::int64_t end = run.doc->last_time() - run.doc->first_time();
    if (live) end = std::max(end, now_ns - run.doc->first_time());
    r.t1 = std::max(r.t1, end);
  }
  return r;
}

PaintStats TimelinePainter::paint(QPainter& p, const QRect& rect, const TraceDocument& doc,
                                  const TimeAxis& axis, TimelineLook look,
                                  TimelineOptions options) {
  options.look = look;
  return paint(p, rect, QList<TimelineRun>{TimelineRun{&doc, QString()}}, axis, options);
}

PaintStats TimelinePainter::paint(QPainter& p, const QRect& rect, const QList<TimelineRun>& runs,
                                  const TimeAxis& axis, const TimelineOptions& options) {
  PaintStats stats;
  const TimelineMetrics metrics = TimelineMetrics::forFont(p.font(), options.look);
  const LaneLayout lanes = layout(rect, runs, metrics);
  const QRect plot = plotRect(rect, metrics);
  Frame f{p,
          rect,
          plot,
          runs,
          axis,
          options,
          lanes,
          TimelinePalette::standard(),
          TimelineFonts::from(p.font()),
          static_cast<double>(plot.top() - options.scroll_y)};
  f.tick_gap = tickGap(axis, plot.width(), f.fonts.caption, f.fonts.scale);
  p.save();
  p.setClipRect(rect);
  p.setRenderHint(QPainter::Antialiasing, false);
  p.setRenderHint(QPainter::TextAntialiasing, true);
  p.fillRect(rect, f.pal.background);

  p.save();
  p.setClipRect(QRect(rect.left(), plot.top(), rect.width(), plot.height()));
  paintRowBackgrounds(f);
  p.setClipRect(plot);
  paintGrid(f);
  paintRows(f, stats);
  for (int r = 0; r < runs.size(); ++r)
    if (hasDoc(runs, r))
      stats.arrows +=
          paintFlows(p, f.view(r), lanes, r, f.lanes_top, f.pal, options.max_flow_arrows);
  paintOverlaysInLanes(f);
  paintNotes(f, stats);
  // Replay (a playhead on a finished run): one knife followed from the factory to the buyer.
  if (options.playhead && options.dim_after_playhead) {
    for (int r = 0; r < runs.size(); ++r) {
      if (!hasDoc(runs, r)) continue;
      const RunView v = f.view(r);
      // The playhead's own time, not one read back from its pixel (a pixel may span microseconds).
      const std::int64_t t = *options.playhead + runs[r].doc->first_time();
      QPointF at;
      const int message =
          paintJourney(p, v, lanes, r, f.lanes_top, f.pal, f.fonts.scale, options.look, t, &at);
      if (message >= 0 && stats.journey < 0) {
        stats.journey = message;
        stats.journey_x = at.x();
        stats.journey_y = at.y();
      }
    }
  }
  p.setClipRect(QRect(rect.left(), plot.top(), rect.width(), plot.height()));
  paintGutter(f);
  p.restore();

  paintRuler(f);
  paintOverlaysOnRuler(f);
  paintRangeSummary(f);

  bool empty = true;
  for (const TimelineRun& run : runs) empty = empty && (run.doc == nullptr || run.doc->empty());
  if (empty) {
    QFont big = f.fonts.lane;
    big.setBold(false);
    p.setFont(big);
    p.setPen(f.pal.text_dim);
    const QString text =
        options.empty_text.isEmpty() ? TimelineText::emptyTimeline() : options.empty_text;
    p.drawText(QRectF(plot).adjusted(10, 0, -10, 0), Qt::AlignCenter | Qt::TextWordWrap, text);
  }
  if (!empty && !options.banner.isEmpty()) paintBanner(f);
  if (options.show_cheat_sheet) paintCheatSheet(f);
  p.restore();
  return stats;
}

}  // namespace ioscope::ui
