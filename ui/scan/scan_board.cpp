#include "scan/scan_board.hpp"

#include <QPainter>
#include <QPainterPath>
#include <QTimer>

#include <algorithm>
#include <cmath>

#include "timeline/timeline_palette.hpp"

namespace ioscope::ui {

namespace {

constexpr int kTickMs = 33;
constexpr double kCallMs = 2400.0;  // one animated waiting call

struct Grid {
  QRectF area;
  int cols = 1;
  double cell = 10.0;
  QRectF box(int i) const {
    const int r = i / cols, c = i % cols;
    const double pad = std::max(1.0, cell * 0.12);
    return QRectF(area.left() + c * cell + pad, area.top() + r * cell + pad, cell - 2 * pad,
                  cell - 2 * pad);
  }
};

Grid grid_for(const QRectF& area, int n) {
  Grid g;
  g.area = area;
  n = std::max(n, 1);
  const double aspect = area.width() / std::max(1.0, area.height());
  int cols = std::max(1, static_cast<int>(std::ceil(std::sqrt(n * aspect))));
  double best = 0.0;
  // Try a few column counts around the guess; keep the one with the largest cells.
  for (int c = std::max(1, cols - 3); c <= cols + 3; ++c) {
    const int rows = (n + c - 1) / c;
    const double cell = std::min(area.width() / c, area.height() / rows);
    if (cell > best) best = cell, g.cols = c;
  }
  g.cell = best;
  const int rows = (n + g.cols - 1) / g.cols;
  // Centre the grid in its area.
  g.area = QRectF(area.left() + (area.width() - g.cols * g.cell) / 2,
                  area.top() + (area.height() - rows * g.cell) / 2, g.cols * g.cell, rows * g.cell);
  return g;
}

void draw_check(QPainter& p, const QRectF& r, const QColor& color) {
  QPainterPath tick;
  tick.moveTo(r.left() + r.width() * 0.22, r.top() + r.height() * 0.55);
  tick.lineTo(r.left() + r.width() * 0.42, r.top() + r.height() * 0.75);
  tick.lineTo(r.left() + r.width() * 0.80, r.top() + r.height() * 0.28);
  p.setPen(
      QPen(color, std::max(2.0, r.width() * 0.12), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  p.setBrush(Qt::NoBrush);
  p.drawPath(tick);
}

}  // namespace

ScanBoard::ScanBoard(Mode mode, QWidget* parent)
    : QWidget(parent), mode_(mode), timer_(new QTimer(this)) {
  timer_->setInterval(kTickMs);
  connect(timer_, &QTimer::timeout, this, &ScanBoard::advance);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize ScanBoard::minimumSizeHint() const {
  return {220, 140};
}

void ScanBoard::setStudents(int n) {
  students_ = std::max(1, n);
  clearMeasured();
}

void ScanBoard::setMeasured(int scanned, int ready, int calls) {
  scanned_ = std::max(0, scanned);
  ready_ = std::clamp(ready, 0, students_);
  calls_ = std::max(1, calls);
  call_ = 1;
  phase_ = 0.0;
  if (isVisible() && frozen_ < 0) timer_->start();
  emit callAnimated(call_);
  update();
}

void ScanBoard::clearMeasured() {
  scanned_ = ready_ = calls_ = call_ = 0;
  phase_ = 0.0;
  timer_->stop();
  update();
}

void ScanBoard::setFrozenPhase(double phase) {
  frozen_ = phase < 0 ? -1.0 : std::min(phase, 0.999);
  if (frozen_ >= 0) {
    timer_->stop();
    phase_ = frozen_;
  } else if (measured() && isVisible()) {
    timer_->start();
  }
  update();
}

void ScanBoard::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (measured() && frozen_ < 0) timer_->start();
}

void ScanBoard::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  timer_->stop();
}

void ScanBoard::advance() {
  phase_ += kTickMs / kCallMs;
  if (phase_ >= 1.0) {
    phase_ = 0.0;
    call_ = call_ >= calls_ ? 1 : call_ + 1;
    emit callAnimated(call_);
  }
  update();
}

// The k ready descriptors, spread evenly through the class.
bool ScanBoard::isReady(int index) const {
  if (ready_ <= 0) return false;
  for (int j = 0; j < ready_; ++j)
    if (index == (j * students_) / ready_ + students_ / (2 * ready_)) return true;
  return false;
}

void ScanBoard::paintEvent(QPaintEvent*) {
  const TimelinePalette pal;
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(rect(), pal.background);
  p.setPen(QPen(pal.gutter_line, 1));
  p.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));

  const QRectF inner = QRectF(rect()).adjusted(8, 8, -8, -8);
  QRectF grid_area = inner;
  QRectF list_area;
  if (mode_ == Mode::Hands) {
    const double list_w = std::max(90.0, inner.width() * 0.16);
    grid_area.setRight(inner.right() - list_w - 8);
    list_area = QRectF(grid_area.right() + 8, inner.top(), list_w, inner.height());
  }
  const Grid g = grid_for(grid_area, students_);
  const bool numbers = g.cell >= 26;
  QFont small = font();
  small.setPointSizeF(std::clamp(g.cell * 0.28, 6.0, 14.0));
  p.setFont(small);

  const int walk = std::min(scanned_, students_);
  const int cursor =
      mode_ == Mode::Scan && measured() ? std::min(walk - 1, static_cast<int>(phase_ * walk)) : -1;

  for (int i = 0; i < students_; ++i) {
    const QRectF b = g.box(i);
    const bool ready = measured() && isReady(i);
    QColor fill = pal.other_fill.lighter(118);
    QPen pen(pal.other_line, 1);
    if (mode_ == Mode::Scan && measured() && i < walk && i <= cursor)
      fill = pal.wait_fill;  // asked
    if (ready) {
      fill = okabe_ito::kOrange;
      pen = QPen(pal.copy_outline, 2.5);
    }
    if (mode_ == Mode::Hands && ready && phase_ >= 0.3) {
      // Gone to the ready list: only a dashed outline stays behind.
      p.setPen(QPen(pal.other_line, 1.5, Qt::DashLine));
      p.setBrush(Qt::NoBrush);
      p.drawRoundedRect(b, 3, 3);
      continue;
    }
    p.setPen(pen);
    p.setBrush(fill);
    p.drawRoundedRect(b, 3, 3);
    if (ready)
      draw_check(p, b, pal.copy_outline);
    else if (numbers) {
      p.setPen(pal.text_dim);
      p.drawText(b, Qt::AlignCenter, QString::number(i + 1));
    }
  }

  if (cursor >= 0) {
    const QRectF b = g.box(cursor).adjusted(-3, -3, 3, 3);
    p.setPen(QPen(okabe_ito::kBlue, 4));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(b, 4, 4);
  }

  if (mode_ == Mode::Hands) {
    p.setPen(QPen(okabe_ito::kBluishGreen, 2));
    p.setBrush(QColor(0xE8, 0xF6, 0xF1));
    p.drawRoundedRect(list_area, 6, 6);
    QFont head = font();
    head.setBold(true);
    p.setFont(head);
    p.setPen(pal.text);
    const QRectF head_rect(list_area.left(), list_area.top() + 4, list_area.width(), 24);
    p.drawText(head_rect, Qt::AlignHCenter | Qt::AlignTop, tr("ready list"));
    if (measured()) {
      const double t = std::clamp((phase_ - 0.3) / 0.5, 0.0, 1.0);
      const double ease = t * t * (3 - 2 * t);
      const double slot = std::min(g.cell, list_area.width() - 16);
      int n = 0;
      for (int i = 0; i < students_; ++i) {
        if (!isReady(i)) continue;
        const QRectF from = g.box(i);
        const double top = head_rect.bottom() + 6 + n * (slot + 4);
        if (top + slot > list_area.bottom()) break;  // more ready than the list can show
        const QRectF to(list_area.center().x() - from.width() / 2, top, from.width(),
                        from.height());
        if (phase_ < 0.3) {
          // The hand goes up: a halo around the ready student.
          p.setPen(QPen(okabe_ito::kVermillion, 3));
          p.setBrush(Qt::NoBrush);
          p.drawRoundedRect(from.adjusted(-4, -4, 4, 4), 5, 5);
        } else {
          const QRectF at(from.topLeft() + (to.topLeft() - from.topLeft()) * ease, from.size());
          p.setPen(QPen(pal.copy_outline, 2.5));
          p.setBrush(okabe_ito::kOrange);
          p.drawRoundedRect(at, 3, 3);
          draw_check(p, at, pal.copy_outline);
        }
        ++n;
      }
    }
  }

  if (!measured()) {
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 1.2);
    big.setBold(true);
    p.setFont(big);
    const QString text = tr("Press Run sweep to measure");
    const QRectF band(inner.left(), inner.center().y() - 22, inner.width(), 44);
    p.fillRect(band, QColor(255, 255, 255, 215));
    p.setPen(pal.text);
    p.drawText(band, Qt::AlignCenter, text);
  }
}

}  // namespace ioscope::ui
