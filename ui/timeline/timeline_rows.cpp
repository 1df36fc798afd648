#include "timeline/timeline_rows.hpp"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>

#include "timeline/timeline_icons.hpp"
#include "timeline/timeline_text.hpp"

namespace ioscope::ui {

namespace {

constexpr double kMinBarPx = 2.0;     // narrower spans fold into pixel columns
constexpr std::size_t kBinScan = 4;   // items a folded column looks at to choose its colour
constexpr double kMinPhase2Px = 4.0;  // phase 2 stays visible even when it is a sliver
constexpr double kMinCaptionPx = 34.0;
constexpr double kTickPx = 2.0;
constexpr int kStateCount = static_cast<int>(TimelineState::Error) + 1;

// The first index in [from, n) where pred turns false, searching outwards from `from`: the
// next pixel column's items are close, and so are their events in memory. O(log distance).
template <typename Pred>
std::size_t gallop(std::size_t from, std::size_t n, Pred pred) {
  if (from >= n || !pred(from)) return from;
  std::size_t good = from;  // pred(good) holds
  for (std::size_t step = 1;; step *= 2) {
    const std::size_t probe = good + step;
    if (probe >= n) return partition_index(good + 1, n, pred);
    if (!pred(probe)) return partition_index(good + 1, probe, pred);
    good = probe;
  }
}

// The first span at or after index `from` that ends at or after t. Calls never overlap, so
// their ends are sorted.
std::size_t spanFrom(const SpanList& v, std::size_t from, std::int64_t t) {
  return gallop(from, v.size(), [&](std::size_t i) { return v.end_time(i) < t; });
}

// The same over copies, which may overlap (io_uring): a plain binary search over [from, n).
std::size_t copyFrom(const SpanList& v, std::size_t from, std::int64_t t) {
  return partition_index(from, v.size(), [&](std::size_t i) { return v.end_time(i) < t; });
}

std::size_t markFrom(const MarkList& v, std::size_t from, std::int64_t t) {
  return gallop(from, v.size(), [&](std::size_t i) { return v.time(i) < t; });
}

// Adjacent pixel columns of one state, merged into one rectangle per run.
class ColumnRuns {
 public:
  void add(double col, double top, double height) {
    if (open_ && col >= cur_.left() && col <= cur_.right() + 0.001 && top == cur_.top() &&
        height == cur_.height()) {
      cur_.setRight(std::max(cur_.right(), col + 1));
      return;
    }
    if (open_) done_.push_back(cur_);
    cur_ = QRectF(col, top, 1, height);
    open_ = true;
  }
  // Plain ticks in one colour, each at least min_width wide (growing leftwards).
  void flush(QPainter& p, const QColor& colour, double min_width = 1) {
    if (open_) done_.push_back(cur_);
    for (QRectF r : done_) {
      if (r.width() < min_width) r.setLeft(r.right() - min_width);
      p.fillRect(r, colour);
    }
    done_.clear();
    open_ = false;
  }
  // Folded spans: a stretch wide enough looks like a bar of its state (same cue as the
  // legend); a thin one is a solid line. EAGAIN stays a comb of ticks, never a bar.
  void flushState(QPainter& p, TimelineState s, const TimelinePalette& pal) {
    if (open_) done_.push_back(cur_);
    for (QRectF r : done_) {
      if (s == TimelineState::Eagain) {
        for (double x = r.left(); x < r.right(); x += 3)
          p.fillRect(QRectF(x, r.top(), 1.5, r.height()), pal.eagain);
      } else if (s == TimelineState::Copying || s == TimelineState::KernelCopy) {
        if (r.width() < 3) r.setLeft(r.right() - 3);
        p.fillRect(r, pal.copy_fill);
        if (r.width() >= 6) paintStateBar(p, r, s, pal);
      } else if (r.width() >= 4) {
        paintStateBar(p, r, s, pal);
      } else {
        p.fillRect(r, s == TimelineState::Waiting || s == TimelineState::Open ? pal.wait_line
                                                                              : pal.colour(s));
      }
    }
    done_.clear();
    open_ = false;
  }

 private:
  std::vector<QRectF> done_;
  QRectF cur_;
  bool open_ = false;
};

QColor tickColour(const TimelinePalette& pal, TimelineState s) {
  if (s == TimelineState::Notify) return QColor(0xA8, 0x9A, 0x00);  // yellow reads badly as a line
  if (s == TimelineState::Waiting || s == TimelineState::Open) return pal.wait_line;
  return pal.colour(s);
}

QColor captionColour(const TimelinePalette& pal, TimelineState s) {
  return (s == TimelineState::Copying || s == TimelineState::KernelCopy) ? QColor(Qt::white)
                                                                         : pal.text;
}

TimelineState narrowState(const TraceDocument& doc, const Span& s) {
  if (s.kind == SpanKind::Work) return TimelineState::Work;
  if (s.kind == SpanKind::Copy)
    return (s.flags & flag::kKernelCopy) ? TimelineState::KernelCopy : TimelineState::Copying;
  if (s.open) return TimelineState::Open;
  switch (classifyCall(s, doc.event(s.event), doc.event(s.end_event))) {
    case CallClass::Recv:
      return TimelineState::Copying;
    case CallClass::Readiness:
      return TimelineState::Waiting;
    case CallClass::Eagain:
      return TimelineState::Eagain;
    default:
      return TimelineState::OtherCall;
  }
}

bool buyerMark(const TraceEvent& e) {
  switch (e.kind) {
    case EventKind::Notify:
    case EventKind::Accept:
    case EventKind::Close:
    case EventKind::Error:
      return true;
    default:
      return false;
  }
}
bool kernelMark(const TraceEvent& e) {
  return isArrival(e);
}
bool factoryMark(const TraceEvent& e) {
  return e.kind == EventKind::ClientSend || e.kind == EventKind::ClientRecv;
}

}  // namespace

TimelineFonts TimelineFonts::from(const QFont& base) {
  TimelineFonts f;
  f.caption = base;
  f.caption.setPointSizeF(std::max(11.0, base.pointSizeF()));
  f.small = f.caption;
  f.lane = base;
  f.lane.setPointSizeF(std::max(13.0, base.pointSizeF() + 2));
  f.lane.setBold(true);
  f.scale = TimelineMetrics::scaleFor(base);
  return f;
}

TimelineState markState(const TraceEvent& e) {
  switch (e.kind) {
    case EventKind::KernelReady:
      return (e.flags & flag::kInferred) ? TimelineState::ReadyInferred
                                         : TimelineState::KernelReady;
    case EventKind::DataQueued:
      return isArrival(e) ? TimelineState::KernelReady : TimelineState::OtherCall;
    case EventKind::ClientSend:
      return TimelineState::Send;
    case EventKind::ClientRecv:
      return TimelineState::Recv;
    case EventKind::Notify:
      if (e.sys == Sys::io_uring_enter) return TimelineState::Completion;
      if (e.sys == Sys::none || e.sys == Sys::rt_sigtimedwait) return TimelineState::Signal;
      return TimelineState::Notify;
    case EventKind::Error:
      return TimelineState::Error;
    default:
      return TimelineState::OtherCall;
  }
}

std::size_t firstCopyAtOrAfter(const SpanList& copies, std::int64_t t) {
  constexpr std::size_t kStepBack = 16;
  auto first =
      partition_index(0, copies.size(), [&](std::size_t i) { return copies.start(i) < t; });
  for (std::size_t k = first, n = 0; k > 0 && n < kStepBack; --k, ++n)
    if (copies.end_time(k - 1) >= t) first = k - 1;
  return first;
}

std::optional<Span> copyWithin(const Track& track, const Span& s, std::int64_t end) {
  const auto& c = track.copies;
  for (std::size_t k = firstCopyAtOrAfter(c, s.t0), n = 0; k < c.size() && n < 4; ++k, ++n) {
    if (c[k].t0 > end) break;
    if (c[k].t0 >= s.t0 && !(c[k].flags & flag::kKernelCopy)) return c[k];
  }
  return std::nullopt;
}

bool hasKernelCopies(const Track& buyer) {
  // A model copies either in the process or in the kernel: the ends tell which.
  for (const SpanList* c : {&buyer.copies, &buyer.measured_copies})
    if (!c->empty() &&
        ((c->front().flags & flag::kKernelCopy) || (c->back().flags & flag::kKernelCopy)))
      return true;
  return false;
}

const SpanList& drawnCopies(const Track& track) {
  return track.measured_copies.empty() ? track.copies : track.measured_copies;
}

std::optional<MeasuredRecv> measuredWithin(const Track& track, const Span& s) {
  if (s.open || track.measured_copies.empty()) return std::nullopt;
  const auto& c = track.measured_copies;
  std::optional<Span> copy;
  for (std::size_t k = firstCopyAtOrAfter(c, s.t0), n = 0; k < c.size() && n < 8; ++k, ++n) {
    if (c.start(k) > s.t1) break;
    const Span ck = c[k];
    if (ck.t0 >= s.t0 && !(ck.flags & flag::kKernelCopy)) {
      copy = ck;
      break;
    }
  }
  if (!copy) return std::nullopt;
  MeasuredRecv m{*copy, std::nullopt};
  // A thread may be woken more than once in one call (a lock, a spurious wake-up): the one that
  // led to the copy is the last before it.
  const auto& w = track.wakeups;
  for (std::size_t k = firstCopyAtOrAfter(w, s.t0), n = 0; k < w.size() && n < 64; ++k, ++n) {
    if (w.start(k) > copy->t0) break;
    if (w.start(k) >= s.t0) m.wakeup = w[k];
  }
  return m;
}

std::optional<MeasuredPlace> firstMeasuredPlace(const TraceDocument& doc) {
  std::optional<MeasuredPlace> best;
  const auto offer = [&](std::int64_t t0, std::int64_t t1, std::uint32_t event) {
    if (!best || t0 < best->t0) best = MeasuredPlace{t0, t1, event};
  };
  for (const Track& t : doc.tracks()) {
    if (t.id.lane != Lane::Buyer || t.measured_copies.empty()) continue;
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
      const Span s = t.spans[i];
      if (s.kind != SpanKind::Syscall) continue;
      if (const auto m = measuredWithin(t, s); m && m->wakeup) {
        offer(m->wakeup->t0, m->copy.t1, m->wakeup->event);
        break;
      }
    }
  }
  if (best) return best;
  for (const Track& t : doc.tracks())
    for (const Span c : t.measured_copies)
      if (c.flags & flag::kKernelCopy) {
        offer(c.t0, c.t1, c.event);
        break;
      }
  return best;
}

void RowPainter::count(std::size_t visited) {
  stats_.items += visited;
  track_items_ += visited;
}

RowPainter::CaptionLayout RowPainter::layoutCaption(const QRectF& r, const QString& text,
                                                    bool bold) const {
  CaptionLayout c;
  c.font = fonts_.caption;
  if (bold) c.font.setBold(true);
  const QRectF vis =
      r.intersected(QRectF(v_.plot_left, r.top(), v_.plot_right - v_.plot_left, r.height()));
  if (vis.width() < kMinCaptionPx * fonts_.scale || text.isEmpty()) return c;
  const QFontMetricsF fm(c.font);
  const double pad = 5 * fonts_.scale;
  c.shown = fm.elidedText(text, Qt::ElideRight, vis.width() - 2 * pad);
  if (c.shown.isEmpty() || c.shown == QStringLiteral("…")) {
    c.shown.clear();
    return c;
  }
  c.area = vis.adjusted(pad, 0, -pad, 0);
  c.box = QRectF(c.area.left(), vis.center().y() - fm.height() / 2, fm.horizontalAdvance(c.shown),
                 fm.height());
  return c;
}

void RowPainter::caption(const QRectF& r, const QString& text, const QColor& colour, bool bold) {
  caption(layoutCaption(r, text, bold), colour);
}

void RowPainter::caption(const CaptionLayout& c, const QColor& colour) {
  if (c.shown.isEmpty()) return;
  p_.setFont(c.font);
  p_.setPen(colour);
  p_.drawText(c.area, Qt::AlignVCenter | Qt::AlignLeft, c.shown);
  stats_.caption_boxes.push_back(c.box);
}

void RowPainter::buyer(const Track& track, const QRectF& row) {
  track_items_ = 0;
  const QRectF marks_band = RowBands::buyerMarks(row);
  const QRectF bar_band = RowBands::buyerBars(row);
  const QRectF tick_band(row.left(), bar_band.top() - 2, row.width(), bar_band.height() * 0.62);
  spans(track, bar_band, tick_band);
  // The kernel's copies the probe saw in this very thread (io_uring task_work): the buyer's own
  // CPU time, in kernel mode, so they are drawn on his row as well as the shopkeeper's.
  if (!track.measured_copies.empty() && hasKernelCopies(track))
    kernelCopies(track, RowBands::taskWork(row), /*in_thread=*/true);
  const std::vector<const Track*> one{&track};
  marks(one, marks_band, true, &buyerMark);
  stats_.max_track_items = std::max(stats_.max_track_items, track_items_);
}

void RowPainter::spans(const Track& track, const QRectF& band, const QRectF& tick_band) {
  const auto& v = track.spans;
  std::array<ColumnRuns, kStateCount> runs;
  ColumnRuns eagain_runs;
  std::size_t i = first_span_at_or_after(v, v_.t_left);
  while (i < v.size()) {
    const Span& s = v[i];
    if (s.t0 > v_.t_right) break;
    const std::int64_t end = s.open ? std::max(v_.open_end, s.t0) : s.t1;
    const double xa = v_.x(s.t0), xb = v_.x(end);
    if (xb - xa >= kMinBarPx) {
      const double next_x = i + 1 < v.size() ? v_.x(v.start(i + 1)) : v_.plot_right + 1e4;
      wideSpan(track, s, xa, xb, band, tick_band, next_x);
      count(1);
      ++i;
      continue;
    }
    // Everything that ends inside this pixel column folds into it.
    const double col = std::floor(xa);
    const std::size_t j = std::max(i + 1, spanFrom(v, i + 1, v_.tAt(col + 1)));
    const std::size_t stop = std::min(j, i + kBinScan);
    TimelineState best = TimelineState::OtherCall;
    std::int64_t best_dur = -1;
    bool eagain = false;
    for (std::size_t k = i; k < stop; ++k) {
      const Span sk = v[k];
      const TimelineState st = narrowState(*v_.doc, sk);
      if (st == TimelineState::Eagain) {
        eagain = true;
        continue;
      }
      const std::int64_t d = (sk.open ? v_.open_end : sk.t1) - sk.t0;
      if (d > best_dur) {
        best_dur = d;
        best = st;
      }
    }
    count(stop - i);
    if (j - i > 1) ++stats_.merged_bins;
    if (best_dur >= 0) runs[static_cast<std::size_t>(best)].add(col, band.top(), band.height());
    if (eagain) eagain_runs.add(col, tick_band.top(), tick_band.height());
    i = j;
  }
  for (int s = 0; s < kStateCount; ++s)
    runs[static_cast<std::size_t>(s)].flushState(p_, static_cast<TimelineState>(s), pal_);
  eagain_runs.flushState(p_, TimelineState::Eagain, pal_);
  if (!hasKernelCopies(track)) slivers(track, band);
}

void RowPainter::slivers(const Track& track, const QRectF& band) {
  // Phase 2 is rare and short: however far out we zoom, every copy stays visible, as a
  // sliver at the end of its call (where a wide call draws it too).
  const auto& v = drawnCopies(track);
  ColumnRuns runs;
  std::size_t i = firstCopyAtOrAfter(v, v_.t_left);
  while (i < v.size()) {
    const Span& s = v[i];
    if (s.t0 > v_.t_right) break;
    const double xa = v_.x(s.t0), xb = v_.x(s.open ? std::max(v_.open_end, s.t0) : s.t1);
    count(1);
    if (xb - xa >= kMinBarPx) {
      ++i;  // drawn with its call
      continue;
    }
    const double col = std::floor(xb);
    const std::size_t j = std::max(i + 1, copyFrom(v, i + 1, v_.tAt(col + 1)));
    if (j - i > 1) ++stats_.merged_bins;
    runs.add(col, band.top(), band.height());
    i = j;
  }
  runs.flush(p_, pal_.copy_fill, kMinPhase2Px);
}

void RowPainter::wideSpan(const Track& track, const Span& s, double xa, double xb,
                          const QRectF& band, const QRectF& tick_band, double next_x) {
  const QRectF bar(xa, band.top(), xb - xa, band.height());
  const TraceEvent& b = v_.doc->event(s.event);
  if (s.kind == SpanKind::Work) {
    paintStateBar(p_, bar, TimelineState::Work, pal_);
    caption(bar, TimelineText::workCaption(look_, b), pal_.text);
    return;
  }
  const TraceEvent& e = v_.doc->event(s.end_event);
  const CallClass cls = classifyCall(s, b, e);
  if (cls == CallClass::Eagain) {
    // Never a bar: a wasted call is a tick, however far we zoom in. One that took long (the
    // thread was preempted inside it) gets a thin bracket to its end: |----|.
    p_.fillRect(QRectF(xa, tick_band.top(), kTickPx, tick_band.height()), pal_.eagain);
    if (xb - xa > 6) {
      p_.fillRect(QRectF(xa, tick_band.center().y() - 1, xb - xa, 2), pal_.eagain);
      p_.fillRect(QRectF(xb - kTickPx, tick_band.top() + tick_band.height() * 0.25, kTickPx,
                         tick_band.height() * 0.5),
                  pal_.eagain);
    }
    const QString text = TimelineText::eagainCaption(look_);
    const double w = QFontMetricsF(fonts_.caption).horizontalAdvance(text) + 12 * fonts_.scale;
    if (next_x - xa > w + kTickPx)
      caption(QRectF(xa + kTickPx, tick_band.top(), w, tick_band.height()), text, pal_.eagain);
    return;
  }
  if (s.open) {
    paintStateBar(p_, bar, TimelineState::Open, pal_);
    caption(bar, TimelineText::callCaption(look_, cls, b, e, true), pal_.text);
    return;
  }
  if (cls == CallClass::Recv) {
    if (measuredRecv(track, s, xa, xb, band)) return;
    const std::int64_t end = s.t1;
    const std::optional<Span> copy = copyWithin(track, s, end);
    double split = copy ? std::max(xa, v_.x(copy->t0)) : xa;
    split = std::max(xa, std::min(split, xb - kMinPhase2Px));
    const bool waited = split > xa + 0.5;
    if (waited) {
      const QRectF phase1(xa, band.top(), split - xa, band.height());
      paintStateBar(p_, phase1, TimelineState::Waiting, pal_);
      caption(phase1, TimelineText::callCaption(look_, cls, b, e, false), pal_.text);
    }
    const QRectF phase2(split, band.top(), xb - split, band.height());
    paintStateBar(p_, phase2, TimelineState::Copying, pal_);
    const std::int64_t bytes = copy ? v_.doc->event(copy->event).value : e.value;
    caption(phase2, TimelineText::copyCaption(look_, b, e, bytes, !waited), Qt::white, true);
    return;
  }
  const TimelineState st =
      cls == CallClass::Readiness ? TimelineState::Waiting : TimelineState::OtherCall;
  paintStateBar(p_, bar, st, pal_);
  caption(bar, TimelineText::callCaption(look_, cls, b, e, false), captionColour(pal_, st));
}

bool RowPainter::measuredRecv(const Track& track, const Span& s, double xa, double xb,
                              const QRectF& band) {
  const std::optional<MeasuredRecv> m = measuredWithin(track, s);
  if (!m) return false;
  const TraceEvent& b = v_.doc->event(s.event);
  const TraceEvent& e = v_.doc->event(s.end_event);
  // Each piece keeps a few pixels so that all three show at any zoom; they stay in order.
  const double min_wake = 3 * fonts_.scale;
  const double c0 = std::clamp(v_.x(m->copy.t0), xa, std::max(xa, xb - kMinPhase2Px));
  const double c1 = std::clamp(std::max(v_.x(m->copy.t1), c0 + kMinPhase2Px), c0, xb);
  double w0 = c0, w1 = c0;
  if (m->wakeup) {
    w0 = std::clamp(v_.x(m->wakeup->t0), xa, std::max(xa, c0 - min_wake));
    w1 = std::clamp(std::max(v_.x(m->wakeup->t1), w0 + min_wake), w0, c0);
  }
  const auto piece = [&](double from, double to) {
    return QRectF(from, band.top(), to - from, band.height());
  };
  if (w0 > xa + 0.5) {
    paintStateBar(p_, piece(xa, w0), TimelineState::Waiting, pal_);
    caption(piece(xa, w0), TimelineText::callCaption(look_, CallClass::Recv, b, e, false),
            pal_.text);
  }
  if (m->wakeup) {
    paintStateBar(p_, piece(w0, w1), TimelineState::Wakeup, pal_);
    caption(piece(w0, w1), TimelineText::wakeupCaption(look_, m->wakeup->t1 - m->wakeup->t0),
            pal_.text, true);
  }
  // The kernel's own path on the thread between the pieces (back from the scheduler, taking
  // the socket lock; after the copy, the return to user space): a plain call.
  if (c0 > w1 + 0.5) paintStateBar(p_, piece(w1, c0), TimelineState::OtherCall, pal_);
  paintStateBar(p_, piece(c0, c1), TimelineState::Copying, pal_);
  const std::int64_t bytes = v_.doc->event(m->copy.event).value;
  caption(piece(c0, c1), TimelineText::copyCaption(look_, b, e, bytes, w0 <= xa + 0.5), Qt::white,
          true);
  if (xb > c1 + 0.5) paintStateBar(p_, piece(c1, xb), TimelineState::OtherCall, pal_);
  return true;
}

void RowPainter::shopkeeper(const Track* kernel, const std::vector<const Track*>& buyers,
                            const QRectF& row) {
  // The kernel copies of the buyers' threads (task_work) and of the kernel's own (io-wq).
  std::vector<const Track*> copiers = buyers;
  if (kernel != nullptr) copiers.push_back(kernel);
  bool copies = false;
  for (const Track* b : copiers) copies = copies || hasKernelCopies(*b);
  const QRectF mark_band = RowBands::kernelMarks(row, copies);
  if (copies) {
    const QRectF copy_band = RowBands::kernelCopies(row);
    for (const Track* b : copiers)
      if (hasKernelCopies(*b)) {
        track_items_ = 0;
        kernelCopies(*b, copy_band);
        stats_.max_track_items = std::max(stats_.max_track_items, track_items_);
      }
  }
  if (kernel != nullptr) {
    track_items_ = 0;
    const std::vector<const Track*> one{kernel};
    marks(one, mark_band, true, &kernelMark);
    stats_.max_track_items = std::max(stats_.max_track_items, track_items_);
  }
}

void RowPainter::kernelCopies(const Track& buyer, const QRectF& band, bool in_thread) {
  const auto& v = drawnCopies(buyer);
  ColumnRuns runs;
  std::size_t i = firstCopyAtOrAfter(v, v_.t_left);
  while (i < v.size()) {
    const Span& s = v[i];
    if (s.t0 > v_.t_right) break;
    const double xa = v_.x(s.t0), xb = v_.x(s.open ? std::max(v_.open_end, s.t0) : s.t1);
    if (xb - xa >= kMinBarPx) {
      count(1);
      ++i;
      if (!(s.flags & flag::kKernelCopy)) continue;
      const QRectF bar(xa, band.top(), xb - xa, band.height());
      paintStateBar(p_, bar, TimelineState::KernelCopy, pal_);
      const std::int64_t bytes = v_.doc->event(s.event).value;
      caption(bar,
              in_thread ? TimelineText::taskWorkCaption(look_, bytes)
                        : TimelineText::kernelCopyCaption(look_, bytes),
              Qt::white, true);
      continue;
    }
    const double col = std::floor(xa);
    const std::size_t j = std::max(i + 1, copyFrom(v, i + 1, v_.tAt(col + 1)));
    count(std::min(j - i, kBinScan));
    if (j - i > 1) ++stats_.merged_bins;
    runs.add(col, band.top(), band.height());
    i = j;
  }
  runs.flushState(p_, TimelineState::KernelCopy, pal_);
}

void RowPainter::factory(const std::vector<const Track*>& clients, const QRectF& row,
                         bool captions) {
  if (clients.size() <= 1) {
    track_items_ = 0;
    marks(clients, row, captions, &factoryMark);
    stats_.max_track_items = std::max(stats_.max_track_items, track_items_);
    return;
  }
  // A shared row: each client is walked on its own (the O(width) bound holds per track); their
  // captions keep clear of each other's.
  row_first_caption_ = stats_.caption_boxes.size();
  for (const Track* t : clients) {
    track_items_ = 0;
    const std::vector<const Track*> one{t};
    marks(one, row, captions, &factoryMark);
    stats_.max_track_items = std::max(stats_.max_track_items, track_items_);
  }
  row_first_caption_.reset();
}

QRectF RowPainter::glyphBox(const TraceEvent& e, const QRectF& band) const {
  double cy = band.center().y();
  double g = std::min(band.height() - 2, 26.0 * fonts_.scale);
  if (e.kind == EventKind::ClientSend || e.kind == EventKind::ClientRecv) {
    // Sends above, echoes below: the two never hide each other.
    g = std::min(band.height() * 0.44, 22.0 * fonts_.scale);
    cy = e.kind == EventKind::ClientSend ? RowBands::sendY(band) : RowBands::recvY(band);
  } else if (e.kind == EventKind::Accept || e.kind == EventKind::Close) {
    g *= 0.6;
  }
  const double x = v_.x(e.t_ns);
  return QRectF(x - g / 2, cy - g / 2, g, g);
}

void RowPainter::glyph(const TraceEvent& e, const QRectF& r) {
  const TimelineState st = markState(e);
  if (e.kind == EventKind::Accept || e.kind == EventKind::Close) {
    // A connection came in (+) or ended (x): small, grey, out of the way.
    p_.save();
    p_.setRenderHint(QPainter::Antialiasing, true);
    p_.setPen(QPen(pal_.other_line, 1.5 * fonts_.scale));
    p_.setBrush(pal_.background);
    const QPointF c = r.center();
    const double h = r.width() / 2;
    p_.drawEllipse(c, h, h);
    const double k = h * 0.5;
    if (e.kind == EventKind::Accept) {
      p_.drawLine(QPointF(c.x() - k, c.y()), QPointF(c.x() + k, c.y()));
      p_.drawLine(QPointF(c.x(), c.y() - k), QPointF(c.x(), c.y() + k));
    } else {
      p_.drawLine(QPointF(c.x() - k, c.y() - k), QPointF(c.x() + k, c.y() + k));
      p_.drawLine(QPointF(c.x() - k, c.y() + k), QPointF(c.x() + k, c.y() - k));
    }
    p_.restore();
    return;
  }
  if (look_ == TimelineLook::Analogy) {
    switch (e.kind) {
      case EventKind::DataQueued:  // a traced program's peer's data, measured (isArrival)
      case EventKind::KernelReady:
        if (st == TimelineState::ReadyInferred) {
          // Hollow: the kernel gave no stamp, the time is when the call returned.
          paintStateGlyph(p_, r, st, pal_);
          p_.save();
          p_.setOpacity(0.45);
          drawPictogram(p_, r.adjusted(2, 2, -2, -2), Pictogram::Knife);
          p_.restore();
        } else {
          drawPictogram(p_, r, Pictogram::Knife);
        }
        return;
      case EventKind::Notify:
        drawPictogram(p_, r,
                      st == TimelineState::Signal       ? Pictogram::Phone
                      : st == TimelineState::Completion ? Pictogram::Courier
                                                        : Pictogram::Bell);
        return;
      default:
        break;
    }
  }
  paintStateGlyph(p_, r, st, pal_);
}

void RowPainter::marks(const std::vector<const Track*>& tracks, const QRectF& band, bool captions,
                       bool (*accept)(const TraceEvent&)) {
  const double g_px = std::min(band.height() - 2, 26.0 * fonts_.scale);
  const auto slack = static_cast<std::int64_t>(g_px * v_.ns_per_px);
  const std::int64_t lo_t = v_.t_left - slack, hi_t = v_.t_right + slack;
  const double width = v_.plot_right - v_.plot_left;
  std::size_t visible = 0;
  for (const Track* t : tracks)
    visible += first_mark_at_or_after(t->marks, hi_t + 1) - first_mark_at_or_after(t->marks, lo_t);

  if (static_cast<double>(visible) <= std::max(16.0, width / 4)) {
    // Sparse: every mark as a glyph; crowded ones as ticks; captions where there is room.
    const QFontMetricsF fm(fonts_.caption);
    const std::size_t first_caption = row_first_caption_.value_or(stats_.caption_boxes.size());
    for (const Track* t : tracks) {
      const auto& m = t->marks;
      const std::size_t lo = first_mark_at_or_after(m, lo_t),
                        hi = first_mark_at_or_after(m, hi_t + 1);
      count(hi - lo);
      std::array<double, 2> last_right{-1e9, -1e9};  // per sub-row (sends / echoes)
      for (std::size_t k = lo; k < hi; ++k) {
        const TraceEvent& e = v_.doc->event(m[k].event);
        if (!accept(e)) continue;
        const QRectF box = glyphBox(e, band);
        const std::size_t lane = e.kind == EventKind::ClientRecv ? 1 : 0;
        if (box.left() < last_right[lane] - box.width() * 0.3) {
          const TimelineState st = markState(e);
          p_.fillRect(QRectF(box.center().x() - 1, box.top() + box.height() * 0.2, kTickPx,
                             box.height() * 0.6),
                      tickColour(pal_, st));
          continue;
        }
        glyph(e, box);
        last_right[lane] = box.right();
        if (!captions) continue;
        // Room up to the next mark drawn on the same sub-row.
        double next_x = v_.plot_right + 1e4;
        for (std::size_t n = k + 1; n < std::min(hi, k + 6); ++n) {
          const TraceEvent& ne = v_.doc->event(m[n].event);
          if (!accept(ne) || (ne.kind == EventKind::ClientRecv) != (lane == 1)) continue;
          next_x = v_.x(ne.t_ns) - box.width() / 2;
          break;
        }
        const QString text = TimelineText::markCaption(look_, e);
        const double w = fm.horizontalAdvance(text) + 12 * fonts_.scale;
        if (std::min(next_x, v_.plot_right) - box.right() < w) continue;
        const QRectF cap(box.right(), box.center().y() - fm.height() / 2 - 2 * fonts_.scale, w,
                         fm.height() + 4 * fonts_.scale);
        // A short row (a race's, with five models stacked) has no room for the send's and the
        // echo's captions one above the other: the one that would overlap is left out (its
        // glyph stays, the legend names it), not drawn over the other.
        const CaptionLayout laid = layoutCaption(cap, text);
        bool overlaps = false;
        for (std::size_t c = first_caption; c < stats_.caption_boxes.size() && !overlaps; ++c) {
          const QRectF both = stats_.caption_boxes[c].intersected(laid.box);
          overlaps = both.width() > 1 && both.height() > 1;
        }
        if (overlaps) continue;
        caption(laid, pal_.text);
        last_right[lane] = cap.right();
      }
    }
    return;
  }

  // Dense: one tick per pixel column and kind, merged into runs.
  std::array<ColumnRuns, kStateCount> runs;
  std::array<QRectF, kStateCount> boxes;
  for (const Track* t : tracks) {
    const auto& m = t->marks;
    std::size_t i = first_mark_at_or_after(m, lo_t);
    while (i < m.size() && m[i].t <= hi_t) {
      const double col = std::floor(v_.x(m[i].t));
      const std::size_t j = std::max(i + 1, markFrom(m, i + 1, v_.tAt(col + 1)));
      const std::size_t stop = std::min(j, i + kBinScan);
      for (std::size_t k = i; k < stop; ++k) {
        const TraceEvent& e = v_.doc->event(m[k].event);
        if (!accept(e)) continue;
        const auto st = static_cast<std::size_t>(markState(e));
        if (boxes[st].isNull()) boxes[st] = glyphBox(e, band);
        runs[st].add(col, boxes[st].top() + boxes[st].height() * 0.15, boxes[st].height() * 0.7);
      }
      count(stop - i);
      if (j - i > 1) ++stats_.merged_bins;
      i = j;
    }
  }
  for (int s = 0; s < kStateCount; ++s)
    runs[static_cast<std::size_t>(s)].flush(p_, tickColour(pal_, static_cast<TimelineState>(s)), 2);
}

}  // namespace ioscope::ui
