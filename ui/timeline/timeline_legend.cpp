#include "timeline/timeline_legend.hpp"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "timeline/timeline_icons.hpp"
#include "timeline/timeline_palette.hpp"
#include "timeline/timeline_rows.hpp"
#include "timeline/timeline_text.hpp"

namespace ioscope::ui {

namespace {

constexpr int kPad = 8;
constexpr int kSwatchW = 34;
constexpr int kGap = 18;

bool isMark(TimelineState s) {
  switch (s) {
    case TimelineState::KernelReady:
    case TimelineState::ReadyInferred:
    case TimelineState::Send:
    case TimelineState::Recv:
    case TimelineState::Notify:
    case TimelineState::Signal:
    case TimelineState::Completion:
    case TimelineState::Error:
      return true;
    default:
      return false;
  }
}

void swatch(QPainter& p, const QRectF& r, TimelineState s, TimelineLook look) {
  const TimelinePalette& pal = TimelinePalette::standard();
  if (!isMark(s)) {
    paintStateBar(p, r.adjusted(0, 2, 0, -2), s, pal);
    return;
  }
  const QRectF box(r.center().x() - r.height() / 2, r.top(), r.height(), r.height());
  if (look == TimelineLook::Analogy) {
    switch (s) {
      case TimelineState::KernelReady:
        drawPictogram(p, box, Pictogram::Knife);
        return;
      case TimelineState::ReadyInferred:
        paintStateGlyph(p, box, s, pal);
        p.save();
        p.setOpacity(0.45);
        drawPictogram(p, box.adjusted(2, 2, -2, -2), Pictogram::Knife);
        p.restore();
        return;
      case TimelineState::Notify:
        drawPictogram(p, box, Pictogram::Bell);
        return;
      case TimelineState::Signal:
        drawPictogram(p, box, Pictogram::Phone);
        return;
      case TimelineState::Completion:
        drawPictogram(p, box, Pictogram::Courier);
        return;
      default:
        break;
    }
  }
  paintStateGlyph(p, box, s, pal);
}

}  // namespace

TimelineLegend::TimelineLegend(QWidget* parent) : QWidget(parent) {
  QFont f = font();
  f.setPointSizeF(std::max(11.0, f.pointSizeF()));
  setFont(f);
  QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
  policy.setHeightForWidth(true);
  setSizePolicy(policy);
}

bool TimelineLegend::event(QEvent* event) {
  // A larger font (presenter mode): more rows, taller ones.
  if (event->type() == QEvent::FontChange) updateGeometry();
  return QWidget::event(event);
}

void TimelineLegend::setLook(TimelineLook look) {
  look_ = look;
  updateGeometry();
  update();
}

int TimelineLegend::layoutEntries(int width, QPainter* p) const {
  // Larger type (presenter mode): swatches as tall as the text, a little wider; the spacing
  // stays, so the key keeps to as few rows as it can.
  const double s = TimelineMetrics::scaleFor(font());
  const int pad = kPad, gap = kGap, six = 6;
  const int swatch_w = s == 1.0 ? kSwatchW : static_cast<int>(kSwatchW * std::sqrt(s) + 0.5);
  const QFontMetricsF fm(font());
  const int line = static_cast<int>(std::max(fm.height(), 22.0)) + six;
  double x = pad, y = pad;
  for (const auto& entry : TimelineText::legend(look_)) {
    const double w = swatch_w + six + fm.horizontalAdvance(entry.text);
    if (x > pad && x + w > width - pad) {
      x = pad;
      y += line;
    }
    if (p != nullptr) {
      swatch(*p, QRectF(x, y + 2, swatch_w, line - 10), entry.state, look_);
      p->setPen(palette().color(QPalette::WindowText));
      p->drawText(QRectF(x + swatch_w + six, y, w - swatch_w - six, line - six),
                  Qt::AlignLeft | Qt::AlignVCenter, entry.text);
    }
    x += w + gap;
  }
  return static_cast<int>(y) + line + pad - six;
}

int TimelineLegend::heightForWidth(int width) const {
  return layoutEntries(width, nullptr);
}

QSize TimelineLegend::sizeHint() const {
  return {900, heightForWidth(900)};
}

QSize TimelineLegend::minimumSizeHint() const {
  // A hidden tab's legend is still narrow before its first layout; asking for the height of
  // that width would make the whole window taller than a 768-line screen.
  return {200, heightForWidth(std::max(width(), 1000))};
}

void TimelineLegend::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::TextAntialiasing, true);
  p.setFont(font());
  layoutEntries(width(), &p);
}

}  // namespace ioscope::ui
