#include "timeline/timeline_hit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "timeline/timeline_painter.hpp"
#include "timeline/timeline_rows.hpp"
#include "timeline/timeline_text.hpp"

namespace ioscope::ui {

namespace {

constexpr double kTolerancePx = 8;
constexpr std::size_t kScan = 256;

struct Best {
  double d = std::numeric_limits<double>::max();
  std::uint32_t index = 0;
  std::size_t merged = 1;
  void offer(double dist, std::uint32_t i, std::size_t n) {
    if (dist < d) {
      d = dist;
      index = i;
      merged = n;
    }
  }
};

double outside(double v, double lo, double hi) {
  return v < lo ? lo - v : (v > hi ? v - hi : 0.0);
}

bool markInRow(RowKind kind, const TraceEvent& e) {
  switch (kind) {
    case RowKind::Buyer:
      return e.kind == EventKind::Notify || e.kind == EventKind::Accept ||
             e.kind == EventKind::Close || e.kind == EventKind::Error;
    case RowKind::Shopkeeper:
      return isArrival(e);
    case RowKind::Factory:
    case RowKind::FactoryGroup:
      return e.kind == EventKind::ClientSend || e.kind == EventKind::ClientRecv;
    case RowKind::Title:
      return false;
  }
  return false;
}

void offerMarks(const TraceDocument& doc, const Track& track, const LaneRow& row,
                const RunView& view, const QRectF& rect, const QPointF& pos, bool kernel_copies,
                Best& best) {
  const std::int64_t tol = static_cast<std::int64_t>(kTolerancePx * view.ns_per_px) + 1;
  const std::int64_t t = view.tAt(pos.x());
  const auto& m = track.marks;
  const std::size_t lo = first_mark_at_or_after(m, t - tol);
  const std::size_t hi = first_mark_at_or_after(m, t + tol + 1);
  for (std::size_t k = lo; k < hi && k < lo + kScan; ++k) {
    const TraceEvent& e = doc.event(m[k].event);
    if (!markInRow(row.kind, e)) continue;
    const double dx = std::fabs(view.x(m[k].t) - pos.x());
    const double dy = std::fabs(RowBands::markY(row.kind, e.kind, rect, kernel_copies) - pos.y());
    best.offer(dx + 0.5 * std::max(0.0, dy - 10), m[k].event, hi - lo);
  }
}

void offerSpans(const Track& track, const SpanList& v, const RunView& view, const QRectF& band,
                const QPointF& pos, bool copies, Best& best) {
  const std::int64_t tol = static_cast<std::int64_t>(kTolerancePx * view.ns_per_px) + 1;
  const std::int64_t t = view.tAt(pos.x());
  const std::size_t lo =
      copies ? firstCopyAtOrAfter(v, t - tol) : first_span_at_or_after(v, t - tol);
  const double dy = outside(pos.y(), band.top(), band.bottom());
  for (std::size_t k = lo; k < v.size() && k < lo + kScan && v[k].t0 <= t + tol; ++k) {
    const Span& s = v[k];
    if (copies && !(s.flags & flag::kKernelCopy)) continue;
    const double xa = view.x(s.t0);
    const double xb = std::max(xa + 2, view.x(s.open ? view.open_end : s.t1));
    const double dx = outside(pos.x(), xa, xb);
    std::uint32_t index = s.event;
    if (!copies && s.kind == SpanKind::Syscall && !s.open) {
      // Phase 2 of a call that took data selects the copy itself; where the probe measured it,
      // the copy or the wake-up under the cursor.
      if (const std::optional<MeasuredRecv> m = measuredWithin(track, s)) {
        if (pos.x() >= view.x(m->copy.t0))
          index = m->copy.event;
        else if (m->wakeup && pos.x() >= view.x(m->wakeup->t0))
          index = m->wakeup->event;
      } else if (const std::optional<Span> c = copyWithin(track, s, s.t1);
                 c && pos.x() >= view.x(c->t0)) {
        index = c->event;
      }
    }
    const std::size_t merged = first_span_at_or_after(v, view.tAt(pos.x() + 1)) -
                               first_span_at_or_after(v, view.tAt(pos.x()));
    best.offer(dx + 0.5 * dy, index, std::max<std::size_t>(1, merged));
  }
}

RunView viewFor(const TraceDocument& doc, const TimeAxis& axis, const QRect& plot) {
  RunView v;
  v.doc = &doc;
  v.origin_abs = axis.origin() + doc.first_time();
  v.ns_per_px = axis.ns_per_px();
  v.plot_left = plot.left();
  v.plot_right = plot.left() + plot.width();
  v.t_left = v.tAt(v.plot_left);
  v.t_right = v.tAt(v.plot_right);
  v.open_end = doc.last_time();
  return v;
}

}  // namespace

std::optional<TimelineHit> hitTest(const QList<TimelineRun>& runs, const LaneLayout& layout,
                                   const TimeAxis& axis, const QRect& rect, int scroll_y,
                                   const QPointF& pos) {
  const QRect plot = TimelinePainter::plotRect(rect, layout.metrics());
  if (pos.x() < plot.left() || pos.x() > plot.right() || pos.y() < plot.top()) return std::nullopt;
  const double lanes_top = plot.top() - scroll_y;
  const LaneRow* row = layout.rowAt(static_cast<int>(std::floor(pos.y() - lanes_top)));
  if (row == nullptr || row->kind == RowKind::Title || row->run >= runs.size() ||
      runs[row->run].doc == nullptr)
    return std::nullopt;
  const TraceDocument& doc = *runs[row->run].doc;
  const RunView view = viewFor(doc, axis, plot);
  const QRectF row_rect(plot.left(), lanes_top + row->y, plot.width(), row->height);

  bool kernel_copies = false;
  std::vector<const Track*> copiers;  // buyer threads (task_work) and the kernel (io-wq)
  for (const Track& t : doc.tracks())
    if (t.id.lane != Lane::Factory) {
      copiers.push_back(&t);
      kernel_copies = kernel_copies || hasKernelCopies(t);
    }

  Best marks, spans;
  for (const Track* t : row->tracks)
    offerMarks(doc, *t, *row, view, row_rect, pos, kernel_copies, marks);
  if (row->kind == RowKind::Buyer && !row->tracks.empty()) {
    const Track& t = *row->tracks.front();
    if (!t.measured_copies.empty() && hasKernelCopies(t))  // task_work, under the call's bar
      offerSpans(t, t.measured_copies, view, RowBands::taskWork(row_rect), pos, true, spans);
    offerSpans(t, t.spans, view, RowBands::buyerBars(row_rect), pos, false, spans);
  }
  if (row->kind == RowKind::Shopkeeper && kernel_copies) {
    for (const Track* b : copiers)
      if (hasKernelCopies(*b))
        offerSpans(*b, drawnCopies(*b), view, RowBands::kernelCopies(row_rect), pos, true, spans);
  }
  // A mark under the cursor wins over the bar around it.
  const Best& pick = (marks.d <= kTolerancePx && marks.d <= spans.d + 4) ? marks : spans;
  if (pick.d > kTolerancePx * 1.5) return std::nullopt;
  return TimelineHit{EventRef{row->run, pick.index}, pick.merged};
}

std::optional<EventPlace> locateEvent(const QList<TimelineRun>& runs, const LaneLayout& layout,
                                      const EventRef& ref) {
  if (ref.run < 0 || ref.run >= runs.size() || runs[ref.run].doc == nullptr) return std::nullopt;
  const TraceDocument& doc = *runs[ref.run].doc;
  if (ref.index >= doc.size()) return std::nullopt;
  const TraceEvent& e = doc.event(ref.index);
  EventPlace place;
  place.t0 = place.t1 = e.t_ns;
  const Track* track = doc.find_track({e.lane, e.track});
  const SpanList* v = nullptr;
  bool by_end = false;
  switch (e.kind) {
    case EventKind::SyscallBegin:
    case EventKind::Work:
      v = track ? &track->spans : nullptr;
      break;
    case EventKind::SyscallEnd:
      v = track ? &track->spans : nullptr;
      by_end = true;
      break;
    case EventKind::CopyBegin:
      v = track ? &track->copies : nullptr;
      break;
    case EventKind::CopyEnd:
      v = track ? &track->copies : nullptr;
      by_end = true;
      break;
    case EventKind::Wakeup:
    case EventKind::KernelCopy:  // measured: the event holds its own length
      place.span = true;
      place.t1 = e.t_ns + std::max<std::int64_t>(e.aux, 0);
      place.kernel_copy = e.kind == EventKind::KernelCopy && (e.flags & flag::kKernelCopy);
      break;
    default:
      break;
  }
  if (v != nullptr) {
    const bool copies = v == &track->copies;
    const std::size_t from =
        copies ? firstCopyAtOrAfter(*v, e.t_ns) : first_span_at_or_after(*v, e.t_ns);
    for (std::size_t k = from, n = 0; k < v->size() && n < 64; ++k, ++n) {
      const Span& s = (*v)[k];
      if (s.t0 > e.t_ns) break;
      if ((by_end ? s.end_event : s.event) != ref.index) continue;
      place.span = true;
      place.t0 = s.t0;
      place.t1 = s.open ? std::max(s.t0, doc.last_time()) : s.t1;
      place.kernel_copy = s.kind == SpanKind::Copy && (s.flags & flag::kKernelCopy);
      break;
    }
  }
  place.row =
      place.kernel_copy ? layout.shopkeeperRow(ref.run) : layout.rowFor(ref.run, e.lane, e.track);
  if (place.row == nullptr) return std::nullopt;
  return place;
}

std::size_t firstRowAtOrAfter(const TraceDocument& doc, std::int64_t t) {
  std::size_t lo = 0, hi = doc.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (doc.event(doc.by_time(mid)).t_ns < t)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

RangeStats rangeStats(const TraceDocument& doc, std::int64_t t0, std::int64_t t1) {
  RangeStats r;
  if (t1 < t0) std::swap(t0, t1);
  r.events = firstRowAtOrAfter(doc, t1 + 1) - firstRowAtOrAfter(doc, t0);
  std::int64_t sum = 0;
  r.min_ns = std::numeric_limits<std::int64_t>::max();
  for (const Track& t : doc.tracks()) {
    if (t.id.lane != Lane::Buyer) continue;
    const auto& v = t.spans;
    for (std::size_t k = first_span_at_or_after(v, t0); k < v.size() && v[k].t0 <= t1; ++k) {
      const Span& s = v[k];
      if (s.kind != SpanKind::Syscall || s.open || s.t0 < t0) continue;
      const std::int64_t d = s.t1 - s.t0;
      ++r.calls;
      sum += d;
      r.min_ns = std::min(r.min_ns, d);
      r.max_ns = std::max(r.max_ns, d);
    }
  }
  if (r.calls == 0)
    r.min_ns = 0;
  else
    r.avg_ns = sum / static_cast<std::int64_t>(r.calls);
  return r;
}

}  // namespace ioscope::ui
