#include "timeline/timeline_palette.hpp"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

#include "timeline/timeline_icons.hpp"

namespace ioscope::ui {

const TimelinePalette& TimelinePalette::standard() {
  static const TimelinePalette palette;
  return palette;
}

QColor TimelinePalette::colour(TimelineState s) const {
  switch (s) {
    case TimelineState::Waiting:
    case TimelineState::Open:
      return wait_line;
    case TimelineState::Copying:
    case TimelineState::KernelCopy:
      return copy_fill;
    case TimelineState::Eagain:
      return eagain;
    case TimelineState::Wakeup:
      return wake_fill;
    case TimelineState::Work:
      return work_line;
    case TimelineState::OtherCall:
      return other_line;
    case TimelineState::KernelReady:
    case TimelineState::ReadyInferred:
      return ready;
    case TimelineState::Send:
      return send;
    case TimelineState::Recv:
      return recv;
    case TimelineState::Notify:
      return notify;
    case TimelineState::Signal:
      return signal;
    case TimelineState::Completion:
      return completion;
    case TimelineState::Error:
      return error;
  }
  return text;
}

QBrush TimelinePalette::fill(TimelineState s) const {
  switch (s) {
    case TimelineState::Waiting:
    case TimelineState::Open:
      return QBrush(wait_fill);
    case TimelineState::Copying:
    case TimelineState::KernelCopy:
      return QBrush(copy_fill);
    case TimelineState::Work:
      return QBrush(work_fill);
    case TimelineState::Wakeup:
      return QBrush(wake_fill);
    case TimelineState::OtherCall:
      return QBrush(other_fill);
    default:
      return QBrush(colour(s));
  }
}

QPen TimelinePalette::outline(TimelineState s) const {
  switch (s) {
    case TimelineState::Waiting:
      return QPen(wait_line, 1.0);
    case TimelineState::Open: {
      QPen pen(wait_line, 1.5, Qt::DashLine);
      return pen;
    }
    case TimelineState::Copying:
    case TimelineState::KernelCopy:
      return QPen(copy_outline, 2.0);
    case TimelineState::Work:
      return QPen(work_line, 1.0);
    case TimelineState::Wakeup:
      return QPen(wake_line, 1.5);
    case TimelineState::OtherCall:
      return QPen(other_line, 1.0);
    default:
      return QPen(colour(s).darker(160), 1.0);
  }
}

void paintStateBar(QPainter& p, const QRectF& r, TimelineState s, const TimelinePalette& pal) {
  if (r.width() <= 0 || r.height() <= 0) return;
  if (s == TimelineState::Eagain) {
    // Never a bar: a few thin ticks, as a row of EAGAIN calls looks.
    const double step = std::max(5.0, r.height() / 3);
    for (double x = r.left() + 1; x < r.right(); x += step)
      p.fillRect(QRectF(x, r.top(), 2, r.height() * 0.6), pal.eagain);
    return;
  }
  p.fillRect(r, pal.fill(s));
  switch (s) {
    case TimelineState::Waiting:
    case TimelineState::Open: {
      QColor line = pal.wait_line;
      line.setAlpha(150);
      p.fillRect(r, QBrush(line, Qt::BDiagPattern));
      break;
    }
    case TimelineState::Work:
      p.fillRect(r, QBrush(pal.work_line, Qt::HorPattern));
      break;
    case TimelineState::Wakeup:
      p.fillRect(r, QBrush(pal.wake_line, Qt::FDiagPattern));
      break;
    case TimelineState::KernelCopy: {
      p.fillRect(r, QBrush(QColor(255, 255, 255, 110), Qt::CrossPattern));
      break;
    }
    default:
      break;
  }
  const QPen pen = pal.outline(s);
  const double half = pen.widthF() / 2;
  if (r.width() > 2 * pen.widthF() + 1) {
    p.save();
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(half, half, -half, -half));
    p.restore();
  }
}

void paintStateGlyph(QPainter& p, const QRectF& r, TimelineState s, const TimelinePalette& pal) {
  const QPointF c = r.center();
  const double h = std::min(r.width(), r.height()) / 2;
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  switch (s) {
    case TimelineState::KernelReady:
    case TimelineState::ReadyInferred: {
      QPainterPath d;
      d.moveTo(c.x(), c.y() - h);
      d.lineTo(c.x() + h * 0.8, c.y());
      d.lineTo(c.x(), c.y() + h);
      d.lineTo(c.x() - h * 0.8, c.y());
      d.closeSubpath();
      if (s == TimelineState::KernelReady) {
        p.setPen(QPen(pal.ready.darker(150), 1.0));
        p.setBrush(pal.ready);
      } else {
        p.setPen(QPen(pal.ready, 2.0));
        p.setBrush(pal.background);
      }
      p.drawPath(d);
      break;
    }
    case TimelineState::Send: {
      QPainterPath t;
      t.moveTo(c.x(), c.y() - h);
      t.lineTo(c.x() + h * 0.9, c.y() + h * 0.8);
      t.lineTo(c.x() - h * 0.9, c.y() + h * 0.8);
      t.closeSubpath();
      p.setPen(QPen(pal.text, 1.0));
      p.setBrush(pal.send);
      p.drawPath(t);
      break;
    }
    case TimelineState::Recv: {
      p.setPen(QPen(pal.text, 1.0));
      p.setBrush(pal.recv);
      p.drawEllipse(c, h * 0.8, h * 0.8);
      p.setPen(QPen(Qt::white, 1.6));
      p.drawLine(QPointF(c.x() - h * 0.4, c.y()), QPointF(c.x() - h * 0.1, c.y() + h * 0.35));
      p.drawLine(QPointF(c.x() - h * 0.1, c.y() + h * 0.35),
                 QPointF(c.x() + h * 0.45, c.y() - h * 0.35));
      break;
    }
    case TimelineState::Notify:
      drawFallbackPictogram(p, r, Pictogram::Bell);
      break;
    case TimelineState::Signal:
      drawFallbackPictogram(p, r, Pictogram::Phone);
      break;
    case TimelineState::Completion:
      drawFallbackPictogram(p, r, Pictogram::Courier);
      break;
    case TimelineState::Error: {
      QPainterPath t;
      t.moveTo(c.x(), c.y() - h);
      t.lineTo(c.x() + h, c.y() + h * 0.85);
      t.lineTo(c.x() - h, c.y() + h * 0.85);
      t.closeSubpath();
      p.setPen(QPen(pal.text, 1.0));
      p.setBrush(pal.error);
      p.drawPath(t);
      p.setPen(QPen(Qt::white, 2.0));
      p.drawLine(QPointF(c.x(), c.y() - h * 0.4), QPointF(c.x(), c.y() + h * 0.3));
      p.drawPoint(QPointF(c.x(), c.y() + h * 0.6));
      break;
    }
    default:
      paintStateBar(p, r, s, pal);
      break;
  }
  p.restore();
}

}  // namespace ioscope::ui
