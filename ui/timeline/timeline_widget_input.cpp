// TimelineWidget: mouse, wheel, keys and tooltips.
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

#include "events/event_text.hpp"
#include "timeline/lane_layout.hpp"
#include "timeline/timeline_hit.hpp"
#include "timeline/timeline_painter.hpp"
#include "timeline/timeline_text.hpp"
#include "timeline/timeline_widget.hpp"

namespace ioscope::ui {

namespace {
constexpr double kClickSlopPx = 4;
constexpr double kWheelZoomBase = 1.0015;  // per 1/8 degree: one notch (120) ~ x1.2
}  // namespace

std::int64_t TimelineWidget::cursorTime() const {
  if (opt_.hover_x) return axis_.t_of(*opt_.hover_x);
  if (opt_.playhead) return *opt_.playhead;
  return axis_.t_of(plotRect().width() / 2.0);
}

void TimelineWidget::wheelEvent(QWheelEvent* event) {
  const QPoint angle = event->angleDelta();
  const QRect plot = plotRect();
  const double x = event->position().x() - plot.left();
  const bool over_gutter = event->position().x() < plot.left();
  const Qt::KeyboardModifiers mods = event->modifiers();
  // Some platforms turn Shift/Alt+wheel into a horizontal delta.
  const int along = angle.y() != 0 ? angle.y() : angle.x();
  if ((mods & Qt::AltModifier) || (over_gutter && !(mods & Qt::ShiftModifier))) {
    if (!vbar_->isHidden()) vbar_->setValue(vbar_->value() - along / 2);
  } else if ((mods & Qt::ShiftModifier) || (angle.y() == 0 && angle.x() != 0)) {
    panBy(-along * plot.width() / 1200.0);
  } else {
    zoomAround(std::clamp(x, 0.0, double(plot.width())), std::pow(kWheelZoomBase, along));
  }
  event->accept();
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
  setFocus(Qt::MouseFocusReason);
  press_pos_ = last_pos_ = event->position();
  moved_ = false;
  const QRect plot = plotRect();
  const bool in_plot = event->position().x() >= plot.left();
  const bool range =
      event->button() == Qt::RightButton ||
      (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
  if (in_plot && range) {
    drag_ = Drag::Range;
    range_anchor_ = axis_.t_of(event->position().x() - plot.left());
  } else if (event->button() == Qt::LeftButton) {
    drag_ = Drag::Pan;
  }
  event->accept();
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
  const QRect plot = plotRect();
  const QPointF pos = event->position();
  if (pos.x() >= plot.left() && pos.x() <= plot.right())
    opt_.hover_x = pos.x() - plot.left();
  else
    opt_.hover_x.reset();
  if (drag_ != Drag::None && (pos - press_pos_).manhattanLength() > kClickSlopPx) moved_ = true;
  if (drag_ == Drag::Pan && moved_) {
    const double dx = pos.x() - last_pos_.x();
    const double dy = pos.y() - last_pos_.y();
    if (dx != 0) panBy(-dx);
    if (dy != 0 && !vbar_->isHidden()) vbar_->setValue(vbar_->value() - static_cast<int>(dy));
  } else if (drag_ == Drag::Range && moved_) {
    const std::int64_t t = axis_.t_of(pos.x() - plot.left());
    opt_.range = TimeRange{std::min(range_anchor_, t), std::max(range_anchor_, t)};
    updateRangeSummary(false);  // durations are counted on release
  }
  last_pos_ = pos;
  update();
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event) {
  const Drag drag = drag_;
  drag_ = Drag::None;
  if (drag == Drag::Range && moved_) {
    updateRangeSummary(true);
    update();
    emit rangeChanged();
    return;
  }
  if (drag == Drag::Pan && !moved_ && event->button() == Qt::LeftButton) {
    const auto hit =
        hitTest(runs_, currentLayout(), axis_, paintRect(), opt_.scroll_y, event->position());
    if (hit) selectAndReport(hit->ref, false);
  }
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) fit();
}

void TimelineWidget::leaveEvent(QEvent*) {
  opt_.hover_x.reset();
  update();
}

void TimelineWidget::keyPressEvent(QKeyEvent* event) {
  const double w = plotRect().width();
  if (event->text() == QStringLiteral("?")) {
    setCheatSheetVisible(!opt_.show_cheat_sheet);
    return;
  }
  switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
      zoomIn();
      break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
      zoomOut();
      break;
    case Qt::Key_Left:
      panBy(-w * 0.15);
      break;
    case Qt::Key_Right:
      panBy(w * 0.15);
      break;
    case Qt::Key_Up:
      vbar_->setValue(vbar_->value() - vbar_->singleStep());
      break;
    case Qt::Key_Down:
      vbar_->setValue(vbar_->value() + vbar_->singleStep());
      break;
    case Qt::Key_F:
    case Qt::Key_0:
      fit();
      break;
    case Qt::Key_Home:
      jumpToStart();
      break;
    case Qt::Key_End:
      jumpToEnd();
      break;
    case Qt::Key_Space:
      togglePlay();
      break;
    case Qt::Key_Period:
    case Qt::Key_Greater:
      stepNext();
      break;
    case Qt::Key_Comma:
    case Qt::Key_Less:
      stepPrevious();
      break;
    case Qt::Key_A:
      setMarkerA(cursorTime());
      break;
    case Qt::Key_B:
      setMarkerB(cursorTime());
      break;
    case Qt::Key_L:
      setFollowLive(!follow_);
      break;
    case Qt::Key_P:
      // P pins a note; Shift+P takes away the one under the mouse.
      if (event->modifiers() & Qt::ShiftModifier)
        removeNoteAt(axis_.x_of(cursorTime()));
      else
        promptNote();
      break;
    case Qt::Key_Escape:
      if (!opt_.show_cheat_sheet && !opt_.range && !opt_.marker_a && !opt_.marker_b) {
        event->ignore();
        return;
      }
      opt_.show_cheat_sheet = false;
      clearMarkers();
      if (opt_.range) clearRange();
      break;
    default:
      QWidget::keyPressEvent(event);
      return;
  }
  event->accept();
}

bool TimelineWidget::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const auto hit =
        hitTest(runs_, currentLayout(), axis_, paintRect(), opt_.scroll_y, help->pos());
    if (!hit) {
      QToolTip::hideText();
      event->ignore();
      return true;
    }
    const TraceDocument& doc = *runs_[hit->ref.run].doc;
    const TraceEvent& e = doc.event(hit->ref.index);
    QString tip =
        text::eventLabel(e) + QStringLiteral("\n") + text::relativeTime(e.t_ns - doc.first_time());
    if (hit->merged > 1) tip += QStringLiteral("\n") + TimelineText::mergedItems(hit->merged);
    QToolTip::showText(help->globalPos(), tip, this);
    return true;
  }
  if (event->type() == QEvent::FontChange) {
    const bool handled = QWidget::event(event);
    metricsChanged();  // a larger font: a wider gutter, taller ruler and rows
    return handled;
  }
  return QWidget::event(event);
}

}  // namespace ioscope::ui
