#include "charts/percentile_chart.hpp"

#include "charts/chart_frame.hpp"

#include <QChart>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>

#include <algorithm>
#include <limits>

namespace ioscope::ui {

struct PercentileChart::Impl {
  QLogValueAxis* x = nullptr;
  QLogValueAxis* y = nullptr;
  std::vector<QLineSeries*> series;
};

PercentileChart::PercentileChart(QWidget* parent)
    : ChartWidget(parent, Qt::AlignRight), d_(std::make_unique<Impl>()) {
  d_->x = make_log_axis(QStringLiteral("%g"));
  d_->y = make_log_axis(QStringLiteral("%g"));
  chart()->addAxis(d_->x, Qt::AlignBottom);
  chart()->addAxis(d_->y, Qt::AlignLeft);
  refit();
}

PercentileChart::~PercentileChart() = default;

void PercentileChart::setAxisTitles(const QString& x, const QString& y) {
  d_->x->setTitleText(x);
  d_->y->setTitleText(y);
}

void PercentileChart::setFontPointSize(int points) {
  set_chart_font(chart(), font(), points, {d_->x, d_->y});
}

int PercentileChart::addSeries(const QString& name, const QColor& color, Qt::PenStyle style) {
  auto* line = new QLineSeries;
  line->setName(name);
  line->setPen(QPen(color, 3.0, style));
  line->setPointsVisible(true);
  chart()->addSeries(line);
  line->attachAxis(d_->x);
  line->attachAxis(d_->y);
  connect(line, &QLineSeries::hovered, this, [this, line](const QPointF& p, bool state) {
    if (!state) return;
    const double pct = 100.0 * (1.0 - 1.0 / p.x());
    setHover(QStringLiteral("%1: p%2 = %3")
                 .arg(line->name())
                 .arg(pct, 0, 'f', pct >= 99.9 ? 3 : (pct >= 99 ? 2 : 1))
                 .arg(p.y(), 0, 'g', 4));
  });
  d_->series.push_back(line);
  return static_cast<int>(d_->series.size()) - 1;
}

void PercentileChart::setPoints(int series, const std::vector<QPointF>& percentile_latency) {
  if (series < 0 || series >= seriesCount()) return;
  QList<QPointF> pts;
  for (const QPointF& p : percentile_latency) {
    if (p.x() < 0.0 || p.x() >= 100.0 || !(p.y() > 0.0)) continue;
    pts.append(QPointF(1.0 / (1.0 - p.x() / 100.0), p.y()));
  }
  std::sort(pts.begin(), pts.end(),
            [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
  d_->series[static_cast<std::size_t>(series)]->replace(pts);
  refit();
}

int PercentileChart::seriesCount() const {
  return static_cast<int>(d_->series.size());
}

int PercentileChart::pointCount(int series) const {
  if (series < 0 || series >= seriesCount()) return 0;
  return static_cast<int>(d_->series[static_cast<std::size_t>(series)]->count());
}

QString PercentileChart::seriesName(int series) const {
  if (series < 0 || series >= seriesCount()) return {};
  return d_->series[static_cast<std::size_t>(series)]->name();
}

void PercentileChart::clear() {
  chart()->removeAllSeries();
  d_->series.clear();
  clearHover();
  refit();
}

// Whole decades around every point, so the axes read 1, 10, 100, ...
void PercentileChart::refit() {
  double x_hi = 0.0;
  double y_lo = std::numeric_limits<double>::max(), y_hi = 0.0;
  for (const QLineSeries* s : d_->series) {
    for (const QPointF& p : s->points()) {
      x_hi = std::max(x_hi, p.x());
      y_lo = std::min(y_lo, p.y());
      y_hi = std::max(y_hi, p.y());
    }
  }
  if (x_hi <= 1.0) x_hi = 1000.0;
  if (y_hi <= 0.0) {
    y_lo = 1.0;
    y_hi = 1000.0;
  }
  d_->x->setRange(1.0, decade_above(x_hi * 1.0001));
  const double lo = decade_below(y_lo);
  double hi = decade_above(y_hi * 1.0001);
  if (hi <= lo) hi = lo * 10.0;
  d_->y->setRange(lo, hi);
}

}  // namespace ioscope::ui
