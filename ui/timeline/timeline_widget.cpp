// TimelineWidget: state, public API, painting. Mouse and keys live in timeline_widget_input.cpp.
#include "timeline/timeline_widget.hpp"

#include <QInputDialog>
#include <QLineEdit>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

#include "events/event_text.hpp"
#include "timeline/lane_layout.hpp"
#include "timeline/timeline_hit.hpp"
#include "timeline/timeline_painter.hpp"
#include "timeline/timeline_text.hpp"

namespace ioscope::ui {

namespace {
constexpr int kScrollBarWidth = 16;
constexpr double kFollowMarginPx = 24;
}  // namespace

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMouseTracking(true);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(480, 240);
  vbar_ = new QScrollBar(Qt::Vertical, this);
  vbar_->hide();
  connect(vbar_, &QScrollBar::valueChanged, this, [this](int v) {
    opt_.scroll_y = v;
    update();
  });
  now_timer_.setInterval(33);
  connect(&now_timer_, &QTimer::timeout, this, [this] {
    if (now_provider_) setNow(now_provider_());
  });
  play_timer_.setInterval(16);
  connect(&play_timer_, &QTimer::timeout, this, &TimelineWidget::advancePlayback);
}

TimelineWidget::~TimelineWidget() = default;

void TimelineWidget::setDocument(const TraceDocument* doc) {
  if (doc == nullptr)
    setRuns({});
  else
    setRuns({TimelineRun{doc, QString()}});
}

void TimelineWidget::setDocuments(const QList<const TraceDocument*>& docs,
                                  const QStringList& titles) {
  QList<TimelineRun> runs;
  for (int i = 0; i < docs.size(); ++i) runs.append(TimelineRun{docs[i], titles.value(i)});
  setRuns(runs);
}

void TimelineWidget::setRuns(const QList<TimelineRun>& runs) {
  pause();
  runs_ = runs;
  opt_.selected.reset();
  opt_.playhead.reset();
  opt_.range.reset();
  opt_.range_summary.clear();
  opt_.marker_a.reset();
  opt_.marker_b.reset();
  opt_.notes.clear();
  opt_.scroll_y = 0;
  vbar_->setValue(0);
  fitted_ = true;
  refit();
  updateScrollBar();
  update();
}

void TimelineWidget::documentChanged() {
  if (opt_.live && follow_)
    followNow();
  else if (fitted_)
    refit();
  updateScrollBar();
  update();
}

void TimelineWidget::setLook(TimelineLook look) {
  opt_.look = look;
  metricsChanged();  // the lane names, so the gutter, differ between looks
}

void TimelineWidget::metricsChanged() {
  const int plot_w = plotRect().width();
  updateScrollBar();
  if (fitted_)
    refit();
  else if (plot_w != plotRect().width())
    emit viewChanged();
  update();
}

void TimelineWidget::setLive(bool live) {
  if (live == opt_.live) return;
  opt_.live = live;
  if (live) {
    // A new run: what was selected or measured belonged to the last one.
    pause();
    opt_.playhead.reset();
    opt_.selected.reset();
    opt_.range.reset();
    opt_.range_summary.clear();
    opt_.marker_a.reset();
    opt_.marker_b.reset();
    fitted_ = true;
    if (now_provider_) now_timer_.start();
  } else {
    now_timer_.stop();
  }
  opt_.following = live && follow_;
  documentChanged();
}

void TimelineWidget::setFollowLive(bool follow) {
  if (follow == follow_) return;
  follow_ = follow;
  opt_.following = opt_.live && follow_;
  if (opt_.live && follow_) followNow();
  emit followLiveChanged(follow_);
  update();
}

void TimelineWidget::setNowProvider(std::function<std::int64_t()> now) {
  now_provider_ = std::move(now);
  if (now_provider_ && opt_.live) now_timer_.start();
  if (!now_provider_) now_timer_.stop();
}

void TimelineWidget::setNow(qint64 now_ns) {
  opt_.now_ns = now_ns;
  if (opt_.live && follow_) followNow();
  update();
}

void TimelineWidget::setAxis(const TimeAxis& axis) {
  axis_ = axis;
  fitted_ = false;
  emit viewChanged();
  update();
}

QRect TimelineWidget::paintRect() const {
  QRect r = rect();
  if (!vbar_->isHidden()) r.setWidth(r.width() - kScrollBarWidth);
  return r;
}

TimelineMetrics TimelineWidget::metrics() const {
  return TimelinePainter::metrics(font(), opt_.look);
}

QRect TimelineWidget::plotRect() const {
  return TimelinePainter::plotRect(paintRect(), metrics());
}

LaneLayout TimelineWidget::currentLayout() const {
  return TimelinePainter::layout(paintRect(), runs_, metrics());
}

void TimelineWidget::updateScrollBar() {
  const TimelineMetrics m = metrics();
  const QRect full = TimelinePainter::plotRect(rect(), m);
  const int content = TimelinePainter::layout(rect(), runs_, m).contentHeight();
  const bool need = content > full.height();
  if (need == vbar_->isHidden()) {
    vbar_->setVisible(need);
    if (fitted_) refit();
  }
  if (!need) {
    opt_.scroll_y = 0;
    return;
  }
  vbar_->setGeometry(width() - kScrollBarWidth, full.top(), kScrollBarWidth, full.height());
  vbar_->setRange(0, std::max(0, content - full.height()));
  vbar_->setPageStep(full.height());
  vbar_->setSingleStep(24);
  opt_.scroll_y = vbar_->value();
}

TimeRange TimelineWidget::extent() const {
  return TimelinePainter::extent(runs_, opt_.live, opt_.now_ns);
}

std::int64_t TimelineWidget::relative(int run, std::int64_t abs) const {
  if (run < 0 || run >= runs_.size() || runs_[run].doc == nullptr) return abs;
  return abs - runs_[run].doc->first_time();
}

void TimelineWidget::refit() {
  const TimeRange r = extent();
  axis_.fit(r.t0, std::max(r.t1, r.t0 + 1000), plotRect().width());
}

void TimelineWidget::fit() {
  fitted_ = true;
  refit();
  emit viewChanged();
  update();
}

void TimelineWidget::followNow() {
  if (fitted_) {
    refit();
    return;
  }
  if (runs_.isEmpty() || runs_.front().doc == nullptr || runs_.front().doc->empty()) return;
  const std::int64_t now_rel = std::max(relative(0, opt_.now_ns), extent().t1);
  axis_.place(now_rel, plotRect().width() - kFollowMarginPx);
}

void TimelineWidget::userMovedView(bool panned) {
  fitted_ = false;
  if (panned && opt_.live && follow_) {
    follow_ = false;
    opt_.following = false;
    emit followLiveChanged(false);
  }
  emit viewChanged();
  update();
}

void TimelineWidget::zoomAround(double plot_x, double factor) {
  axis_.zoom_at(plot_x, factor);
  userMovedView(false);
  if (opt_.live && follow_) followNow();
}

void TimelineWidget::zoomIn() {
  zoomAround(opt_.hover_x.value_or(plotRect().width() / 2.0), 1.5);
}

void TimelineWidget::zoomOut() {
  zoomAround(opt_.hover_x.value_or(plotRect().width() / 2.0), 1 / 1.5);
}

void TimelineWidget::panBy(double dx_px) {
  axis_.pan(dx_px);
  userMovedView(true);
}

std::optional<quint32> TimelineWidget::selectedEvent() const {
  if (!opt_.selected) return std::nullopt;
  return opt_.selected->index;
}

void TimelineWidget::setSelectedEvent(quint32 index) {
  selectEvent(0, index);
}

void TimelineWidget::selectEvent(int run, quint32 index) {
  if (run < 0 || run >= runs_.size() || runs_[run].doc == nullptr ||
      index >= runs_[run].doc->size()) {
    clearSelection();
    return;
  }
  opt_.selected = EventRef{run, index};
  ensureVisible(*opt_.selected);
  update();
}

void TimelineWidget::clearSelection() {
  opt_.selected.reset();
  update();
}

void TimelineWidget::ensureVisible(const EventRef& ref) {
  const LaneLayout layout = currentLayout();
  const auto place = locateEvent(runs_, layout, ref);
  if (!place) return;
  const double w = plotRect().width();
  const double a = axis_.x_of(relative(ref.run, place->t0));
  const double b = axis_.x_of(relative(ref.run, place->t1));
  if (b < 0 || a > w) {
    // Keep the zoom, bring the event to the middle.
    axis_.place(relative(ref.run, place->t0), w / 2);
    userMovedView(true);
  }
  const int top = place->row->y, bottom = place->row->y + place->row->height;
  const int view_h = plotRect().height();
  if (!vbar_->isHidden() && (top < opt_.scroll_y || bottom > opt_.scroll_y + view_h))
    vbar_->setValue(std::max(0, top - view_h / 3));
}

void TimelineWidget::selectAndReport(const EventRef& ref, bool move_playhead) {
  opt_.selected = ref;
  if (move_playhead) {
    const TraceDocument* doc = runs_[ref.run].doc;
    opt_.playhead = relative(ref.run, doc->event(ref.index).t_ns);
    opt_.dim_after_playhead = !opt_.live;
    emit playheadChanged(*opt_.playhead);
  }
  ensureVisible(ref);
  update();
  emit eventSelected(ref.index);
}

void TimelineWidget::setPlayhead(qint64 t) {
  opt_.playhead = t;
  opt_.dim_after_playhead = !opt_.live;
  update();
  emit playheadChanged(t);
}

void TimelineWidget::clearPlayhead() {
  pause();
  opt_.playhead.reset();
  update();
}

void TimelineWidget::stepNext() {
  const int run = selectedRun();
  if (run >= runs_.size() || runs_[run].doc == nullptr || runs_[run].doc->empty()) return;
  const TraceDocument& doc = *runs_[run].doc;
  std::size_t row = 0;
  const long at = opt_.selected ? doc.row_of(opt_.selected->index) : -1;
  if (at >= 0)
    row = static_cast<std::size_t>(at) + 1;
  else if (opt_.playhead)
    row = firstRowAtOrAfter(doc, *opt_.playhead + doc.first_time());
  if (row >= doc.size()) return;
  selectAndReport({run, doc.by_time(row)}, true);
}

void TimelineWidget::stepPrevious() {
  const int run = selectedRun();
  if (run >= runs_.size() || runs_[run].doc == nullptr || runs_[run].doc->empty()) return;
  const TraceDocument& doc = *runs_[run].doc;
  const long at = opt_.selected ? doc.row_of(opt_.selected->index) : -1;
  std::size_t row;
  if (at >= 0) {
    if (at == 0) return;
    row = static_cast<std::size_t>(at) - 1;
  } else {
    const std::size_t after =
        opt_.playhead ? firstRowAtOrAfter(doc, *opt_.playhead + doc.first_time()) : doc.size();
    if (after == 0) return;
    row = after - 1;
  }
  selectAndReport({run, doc.by_time(row)}, true);
}

void TimelineWidget::jumpToStart() {
  setPlayhead(0);
  const double x = axis_.x_of(0);
  if (x < 0 || x > plotRect().width()) {
    axis_.place(0, plotRect().width() * 0.05);
    userMovedView(true);
  }
}

void TimelineWidget::jumpToEnd() {
  const std::int64_t end = extent().t1;
  pause();
  setPlayhead(end);
  const double x = axis_.x_of(end);
  if (x < 0 || x > plotRect().width()) {
    axis_.place(end, plotRect().width() * 0.95);
    userMovedView(true);
  }
}

void TimelineWidget::play(double speed) {
  if (opt_.live || runs_.isEmpty()) return;
  speed_ = std::clamp(speed, kMinPlaySpeed, kMaxPlaySpeed);
  const TimeRange r = extent();
  if (!opt_.playhead || *opt_.playhead >= r.t1) setPlayhead(r.t0);
  opt_.dim_after_playhead = true;
  play_carry_ = 0;
  play_clock_.start();
  if (!play_timer_.isActive()) {
    play_timer_.start();
    emit playingChanged(true);
  }
}

void TimelineWidget::pause() {
  if (!play_timer_.isActive()) return;
  play_timer_.stop();
  emit playingChanged(false);
}

void TimelineWidget::togglePlay() {
  if (isPlaying())
    pause();
  else
    play(speed_);
}

void TimelineWidget::advancePlayback() {
  const double wall = static_cast<double>(play_clock_.nsecsElapsed());
  play_clock_.restart();
  play_carry_ += wall * speed_;
  const auto step = static_cast<std::int64_t>(play_carry_);
  play_carry_ -= static_cast<double>(step);
  const std::int64_t end = extent().t1;
  std::int64_t t = std::min(end, opt_.playhead.value_or(0) + step);
  opt_.playhead = t;
  // Keep the playhead in view, paging smoothly at the zoom the user chose.
  const double w = plotRect().width(), x = axis_.x_of(t);
  if (x > w * 0.85 || x < 0) {
    axis_.place(t, w * (x < 0 ? 0.15 : 0.85));
    fitted_ = false;
    emit viewChanged();
  }
  emit playheadChanged(t);
  update();
  if (t >= end) pause();
}

void TimelineWidget::setMarkerA(qint64 t) {
  opt_.marker_a = t;
  update();
}

void TimelineWidget::setMarkerB(qint64 t) {
  opt_.marker_b = t;
  update();
}

void TimelineWidget::clearMarkers() {
  opt_.marker_a.reset();
  opt_.marker_b.reset();
  update();
}

void TimelineWidget::setRange(qint64 t0, qint64 t1) {
  opt_.range = TimeRange{std::min(t0, t1), std::max(t0, t1)};
  updateRangeSummary(true);
  update();
  emit rangeChanged();
}

void TimelineWidget::clearRange() {
  opt_.range.reset();
  opt_.range_summary.clear();
  update();
  emit rangeChanged();
}

void TimelineWidget::updateRangeSummary(bool full) {
  opt_.range_summary.clear();
  if (!opt_.range) return;
  const TimeRange r = *opt_.range;
  opt_.range_summary << TimelineText::rangeHeader(r.t1 - r.t0);
  if (!full) return;
  for (int i = 0; i < runs_.size(); ++i) {
    const TraceDocument* doc = runs_[i].doc;
    if (doc == nullptr || doc->empty()) continue;
    const RangeStats s = rangeStats(*doc, r.t0 + doc->first_time(), r.t1 + doc->first_time());
    opt_.range_summary << TimelineText::rangeCounts(runs_.size() > 1 ? runs_[i].title : QString(),
                                                    s.events, s.calls, s.min_ns, s.avg_ns,
                                                    s.max_ns);
  }
}

void TimelineWidget::setBanner(const QString& text) {
  opt_.banner = text;
  update();
}

void TimelineWidget::setPresenterSheet(bool presenter) {
  opt_.presenter_sheet = presenter;
  update();
}

void TimelineWidget::setCheatSheetVisible(bool visible) {
  opt_.show_cheat_sheet = visible;
  update();
}

QImage TimelineWidget::renderToImage(QSize size) const {
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  TimeAxis axis = axis_;
  const QRect target(QPoint(0, 0), size);
  const TimelineMetrics m = metrics();
  const double old_w = plotRect().width(), new_w = TimelinePainter::plotRect(target, m).width();
  if (fitted_) {
    const TimeRange r = extent();
    axis.fit(r.t0, std::max(r.t1, r.t0 + 1000), new_w);
  } else if (new_w > 0 && old_w > 0) {
    axis.set_scale(axis_.ns_per_px() * old_w / new_w);
  }
  TimelineOptions opt = opt_;
  opt.hover_x.reset();
  const int content = TimelinePainter::layout(target, runs_, m).contentHeight();
  opt.scroll_y = std::clamp(opt.scroll_y, 0,
                            std::max(0, content - TimelinePainter::plotRect(target, m).height()));
  QPainter p(&image);
  p.setFont(font());
  TimelinePainter::paint(p, target, runs_, axis, opt);
  return image;
}

void TimelineWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  stats_ = TimelinePainter::paint(p, paintRect(), runs_, axis_, opt_);
  if (!vbar_->isHidden())
    p.fillRect(QRect(width() - kScrollBarWidth, 0, kScrollBarWidth, metrics().ruler),
               palette().window());
}

void TimelineWidget::resizeEvent(QResizeEvent*) {
  updateScrollBar();
  if (fitted_)
    refit();
  else if (opt_.live && follow_)
    followNow();
}

void TimelineWidget::pinNote(qint64 t, const QString& text) {
  const QString trimmed = text.simplified();
  if (trimmed.isEmpty()) return;
  opt_.notes.append(TimelineNote{t, trimmed});
  update();
  emit notesChanged();
}

bool TimelineWidget::removeNoteAt(double plot_x) {
  const double reach = 8 * metrics().scale;
  qsizetype best = -1;
  double best_d = reach;
  for (qsizetype i = 0; i < opt_.notes.size(); ++i) {
    const double d = std::abs(axis_.x_of(opt_.notes[i].t) - plot_x);
    if (d <= best_d) {
      best_d = d;
      best = i;
    }
  }
  if (best < 0) return false;
  opt_.notes.removeAt(best);
  update();
  emit notesChanged();
  return true;
}

void TimelineWidget::clearNotes() {
  if (opt_.notes.isEmpty()) return;
  opt_.notes.clear();
  update();
  emit notesChanged();
}

void TimelineWidget::promptNote() {
  std::int64_t t = cursorTime();
  if (opt_.playhead) {
    t = *opt_.playhead;
  } else if (opt_.selected && opt_.selected->run < runs_.size() && runs_[opt_.selected->run].doc) {
    t = relative(opt_.selected->run,
                 runs_[opt_.selected->run].doc->event(opt_.selected->index).t_ns);
  }
  bool ok = false;
  const QString text =
      QInputDialog::getText(this, tr("Pin a note"), tr("Note at %1:").arg(text::relativeTime(t)),
                            QLineEdit::Normal, QString(), &ok);
  if (ok) pinNote(t, text);
}

}  // namespace ioscope::ui
