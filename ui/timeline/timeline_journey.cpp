#include "timeline/timeline_journey.hpp"

#include <QCoreApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>

#include "timeline/timeline_icons.hpp"

namespace ioscope::ui {

namespace {

constexpr std::size_t kLookBack = 64;  // marks looked at behind t, per factory track

QPointF along(QPointF from, QPointF to, double f) {
  return from + (to - from) * std::clamp(f, 0.0, 1.0);
}

double progress(std::int64_t t, std::int64_t from, std::int64_t to) {
  return to > from ? static_cast<double>(t - from) / static_cast<double>(to - from) : 1.0;
}

}  // namespace

std::optional<Journey> journeyAt(const TraceDocument& doc, std::int64_t t) {
  std::optional<Mark> latest;
  for (const Track& track : doc.tracks()) {
    if (track.id.lane != Lane::Factory) continue;
    const auto& m = track.marks;
    std::size_t k = first_mark_at_or_after(m, t + 1);
    for (std::size_t n = 0; k > 0 && n < kLookBack; --k, ++n) {
      if (m[k - 1].kind != EventKind::ClientSend) continue;
      if (!latest || m[k - 1].t > latest->t) latest = m[k - 1];
      break;
    }
  }
  if (!latest) return std::nullopt;
  return Journey{*latest, resolveFlow(doc, *latest)};
}

QPointF knifeAt(const Journey& j, std::int64_t t, QPointF a, QPointF b, QPointF c) {
  if (!j.link.ready) return a;
  const std::int64_t ready = j.link.ready->t;
  if (t < ready) return along(a, b, progress(t, j.send.t, ready));
  if (!j.link.taker) return b;
  const std::int64_t taken = std::max(ready, j.link.taker->t0);
  if (t < taken) return b;
  const std::int64_t end = j.link.taker->open ? taken : std::max(taken, j.link.taker->t1);
  return along(b, c, progress(t, taken, end));
}

int paintJourney(QPainter& p, const RunView& view, const LaneLayout& layout, int run,
                 double lanes_top, const TimelinePalette& pal, double scale, TimelineLook look,
                 std::int64_t t, QPointF* knife) {
  const std::optional<Journey> j = journeyAt(*view.doc, t);
  if (!j) return -1;
  const TraceEvent& send = view.doc->event(j->send.event);
  auto rowRect = [&](const LaneRow& r) {
    return QRectF(view.plot_left, lanes_top + r.y, view.plot_right - view.plot_left, r.height);
  };
  const LaneRow* frow = layout.rowFor(run, Lane::Factory, send.track);
  const LaneRow* shop = layout.shopkeeperRow(run);
  if (frow == nullptr || shop == nullptr) return -1;
  const QPointF a(view.x(j->send.t), RowBands::sendY(rowRect(*frow)));
  QPointF b = a, c = a;
  if (j->link.ready) b = QPointF(view.x(j->link.ready->t), rowRect(*shop).center().y());
  c = b;
  if (j->link.taker) {
    if (const LaneRow* brow = layout.rowFor(run, Lane::Buyer, j->link.taker_track->id.track)) {
      const QRectF bars = RowBands::buyerBars(rowRect(*brow));
      c = QPointF(view.x(std::max(j->link.ready->t, j->link.taker->t0)), bars.center().y());
    }
  }
  const QPointF at = knifeAt(*j, t, a, b, c);
  // The whole path thin, the part travelled bold: where the knife has been and where it goes.
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  QColor path = pal.playhead;
  path.setAlpha(110);
  p.setPen(QPen(path, 2 * scale, Qt::DashLine, Qt::RoundCap));
  p.drawPolyline(std::array<QPointF, 3>{a, b, c}.data(), 3);
  p.setPen(QPen(pal.playhead, 4 * scale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  QPainterPath travelled(a);
  const bool past_b = j->link.ready && t >= j->link.ready->t;
  travelled.lineTo(past_b ? b : at);
  if (past_b) travelled.lineTo(at);
  p.drawPath(travelled);
  // The knife, on a white disc so it reads over bars and arrows.
  const double r = 17 * scale;
  p.setPen(QPen(pal.playhead, 2.5 * scale));
  p.setBrush(pal.background);
  p.drawEllipse(at, r, r);
  drawPictogram(p, QRectF(at.x() - r * 0.7, at.y() - r * 0.7, r * 1.4, r * 1.4), Pictogram::Knife);
  const QString label =
      look == TimelineLook::Analogy
          ? QCoreApplication::translate("TimelineJourney", "knife #%1").arg(send.aux)
          : QCoreApplication::translate("TimelineJourney", "message #%1").arg(send.aux);
  QFont f = p.font();
  f.setBold(true);
  p.setFont(f);
  p.setPen(pal.text);
  p.drawText(QPointF(at.x() + r + 4 * scale, at.y() - r * 0.3), label);
  p.restore();
  if (knife != nullptr) *knife = at;
  return static_cast<int>(send.aux);
}

}  // namespace ioscope::ui
