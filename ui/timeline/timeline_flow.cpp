#include "timeline/timeline_flow.hpp"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ioscope::ui {

namespace {

constexpr std::size_t kReadyScan = 512;  // kernel marks looked at after a send
constexpr std::size_t kCallScan = 64;    // calls looked at after a ready time
constexpr std::size_t kMaxTakerTracks = 64;
constexpr std::int64_t kClockSlackNs = 100'000;  // stamps converted from another clock
constexpr std::int64_t kLookBackNs = 2'000'000;  // a message in flight for up to 2 ms
constexpr std::size_t kLookBackMarks = 64;

const Track* kernelTrack(const TraceDocument& doc) {
  for (const Track& t : doc.tracks())
    if (t.id.lane == Lane::Shopkeeper) return &t;
  return nullptr;
}

bool takesData(const TraceDocument& doc, const Span& s, std::int32_t fd) {
  // read(2) too: a traced program may read its sockets with it.
  if (s.kind != SpanKind::Syscall ||
      (s.sys != Sys::recvmsg && s.sys != Sys::recvfrom && s.sys != Sys::read))
    return false;
  if (doc.event(s.event).fd != fd) return false;
  return s.open || doc.event(s.end_event).value > 0;
}

std::optional<Span> takerIn(const TraceDocument& doc, const Track& t, std::int64_t ready,
                            std::int32_t fd) {
  const auto& v = t.spans;
  for (std::size_t k = first_span_at_or_after(v, ready), n = 0; k < v.size() && n < kCallScan;
       ++k, ++n)
    if (const Span s = v[k]; takesData(doc, s, fd)) return s;
  return std::nullopt;
}

struct Head {
  QPointF p[3];
};

Head arrowHead(const QPointF& from, const QPointF& to, double size) {
  const double a = std::atan2(to.y() - from.y(), to.x() - from.x());
  return {{to, QPointF(to.x() - size * std::cos(a - 0.45), to.y() - size * std::sin(a - 0.45)),
           QPointF(to.x() - size * std::cos(a + 0.45), to.y() - size * std::sin(a + 0.45))}};
}

// The segment from a to b, pulled back at both ends (so the glyphs stay visible).
std::pair<QPointF, QPointF> shortened(const QPointF& a, const QPointF& b, double gap_a,
                                      double gap_b) {
  const QPointF d = b - a;
  const double len = std::hypot(d.x(), d.y());
  if (len < gap_a + gap_b + 1) return {a, b};
  const QPointF u = d / len;
  return {a + u * gap_a, b - u * gap_b};
}

// Liang-Barsky: the part of a-b inside r, so a dash pattern is never laid along thousands of
// off-screen pixels (deep zoom puts an end far away). False when nothing is inside.
bool clipTo(const QRectF& r, QLineF& line) {
  double t0 = 0, t1 = 1;
  const double dx = line.dx(), dy = line.dy();
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {line.x1() - r.left(), r.right() - line.x1(), line.y1() - r.top(),
                       r.bottom() - line.y1()};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double t = q[i] / p[i];
    if (p[i] < 0)
      t0 = std::max(t0, t);
    else
      t1 = std::min(t1, t);
    if (t0 > t1) return false;
  }
  const QPointF a = line.p1();
  line = QLineF(a + QPointF(dx, dy) * t0, a + QPointF(dx, dy) * t1);
  return true;
}

}  // namespace

FlowLink resolveFlow(const TraceDocument& doc, const Mark& send) {
  FlowLink link;
  const TraceEvent& se = doc.event(send.event);
  const Track* kernel = kernelTrack(doc);
  if (kernel == nullptr) return link;
  const auto& km = kernel->marks;
  for (std::size_t k = first_mark_at_or_after(km, send.t - kClockSlackNs), n = 0;
       k < km.size() && n < kReadyScan; ++k, ++n) {
    const TraceEvent& re = doc.event(km[k].event);
    if (isArrival(re) && re.conn == se.conn && re.aux >= se.aux) {
      link.ready = km[k];
      break;
    }
  }
  if (!link.ready) return link;
  const TraceEvent& re = doc.event(link.ready->event);
  // The reading thread records the copy right after the ready mark: try its track first.
  if (link.ready->event + 1 < doc.size()) {
    const TraceEvent& next = doc.event(link.ready->event + 1);
    if (next.kind == EventKind::CopyBegin && next.fd == re.fd && next.lane == Lane::Buyer) {
      if (const Track* t = doc.find_track({Lane::Buyer, next.track})) {
        if (const std::optional<Span> s = takerIn(doc, *t, link.ready->t, re.fd)) {
          link.taker_track = t;
          link.taker = s;
          return link;
        }
      }
    }
  }
  std::size_t tried = 0;
  for (const Track& t : doc.tracks()) {
    if (t.id.lane != Lane::Buyer || tried++ >= kMaxTakerTracks) continue;
    const std::optional<Span> s = takerIn(doc, t, link.ready->t, re.fd);
    if (s && (!link.taker || s->t0 < link.taker->t0)) {
      link.taker = s;
      link.taker_track = &t;
    }
  }
  return link;
}

std::size_t paintFlows(QPainter& p, const RunView& view, const LaneLayout& layout, int run,
                       double lanes_top, const TimelinePalette& pal, int max_arrows) {
  const TraceDocument& doc = *view.doc;
  std::vector<const Track*> clients;
  std::size_t visible = 0;
  for (const Track& t : doc.tracks()) {
    if (t.id.lane != Lane::Factory) continue;
    clients.push_back(&t);
    visible += first_mark_at_or_after(t.marks, view.t_right + 1) -
               first_mark_at_or_after(t.marks, view.t_left);
  }
  // Marks hold a send and an echo per message.
  if (clients.empty() || visible > 2 * static_cast<std::size_t>(std::max(0, max_arrows))) return 0;
  const LaneRow* shop = layout.shopkeeperRow(run);
  if (shop == nullptr) return 0;
  auto rowRect = [&](const LaneRow& r) {
    return QRectF(view.plot_left, lanes_top + r.y, view.plot_right - view.plot_left, r.height);
  };
  const QRectF shop_rect = rowRect(*shop);
  const double sc = layout.metrics().scale;  // large type: larger glyphs, so longer gaps
  std::size_t drawn = 0;
  // Lines without antialiasing (they are near-vertical; AA strokes cost ~50 us each), heads
  // with it, one small polygon each (one big path of many heads rasterizes its whole box).
  std::vector<QLineF> travel, taken;
  std::vector<Head> heads;
  for (const Track* t : clients) {
    const LaneRow* frow = layout.rowFor(run, Lane::Factory, t->id.track);
    if (frow == nullptr) continue;
    const QRectF f_rect = rowRect(*frow);
    const auto& m = t->marks;
    // Sends a little before the view still count when their message lands in it.
    const std::size_t in_view = first_mark_at_or_after(m, view.t_left);
    std::size_t k = first_mark_at_or_after(m, view.t_left - kLookBackNs);
    k = std::max(k, in_view > kLookBackMarks ? in_view - kLookBackMarks : 0);
    for (; k < m.size() && m[k].t <= view.t_right; ++k) {
      if (m[k].kind != EventKind::ClientSend) continue;
      const FlowLink link = resolveFlow(doc, m[k]);
      if (!link.ready) continue;
      const std::int64_t last =
          link.taker ? std::max(link.ready->t, link.taker->t0) : link.ready->t;
      if (last < view.t_left) continue;
      // The message travels to the kernel (dashed)...
      const QPointF a(view.x(m[k].t), RowBands::sendY(f_rect));
      const QPointF b(view.x(link.ready->t), shop_rect.center().y());
      auto [a1, b1] = shortened(a, b, 11 * sc, 13 * sc);
      travel.emplace_back(a1, b1);
      heads.push_back(arrowHead(a1, b1, 8 * sc));
      ++drawn;
      if (!link.taker) continue;
      // ...and a buyer's call takes it (solid).
      const LaneRow* brow = layout.rowFor(run, Lane::Buyer, link.taker_track->id.track);
      if (brow == nullptr) continue;
      const QRectF bars = RowBands::buyerBars(rowRect(*brow));
      const QPointF c(view.x(std::max(link.ready->t, link.taker->t0)), bars.bottom() + 1);
      auto [b2, c2] = shortened(b, c, 13 * sc, 0);
      taken.emplace_back(b2, c2);
      heads.push_back(arrowHead(b2, c2, 8 * sc));
    }
  }
  const QRectF area = QRectF(view.plot_left, p.clipBoundingRect().top(),
                             view.plot_right - view.plot_left, p.clipBoundingRect().height())
                          .adjusted(-20, -20, 20, 20);
  auto clipAll = [&](std::vector<QLineF>& lines) {
    std::vector<QLineF> kept;
    for (QLineF l : lines)
      if (clipTo(area, l)) kept.push_back(l);
    lines.swap(kept);
  };
  clipAll(travel);
  clipAll(taken);
  p.save();
  p.setRenderHint(QPainter::Antialiasing, false);
  p.setBrush(Qt::NoBrush);
  p.setPen(QPen(pal.arrow, 2 * sc, Qt::DashLine));
  p.drawLines(travel.data(), static_cast<int>(travel.size()));
  p.setPen(QPen(pal.arrow, 2 * sc));
  p.drawLines(taken.data(), static_cast<int>(taken.size()));
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(Qt::NoPen);
  p.setBrush(pal.arrow);
  for (const Head& h : heads) p.drawConvexPolygon(h.p, 3);
  p.restore();
  return drawn;
}

}  // namespace ioscope::ui
