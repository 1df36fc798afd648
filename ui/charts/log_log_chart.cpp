#include "charts/log_log_chart.hpp"

#include "charts/chart_frame.hpp"

#include <QChart>
#include <QChartView>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>

#include <algorithm>
#include <limits>
#include <vector>

namespace ioscope::ui {

namespace {

QScatterSeries::MarkerShape shape_of(LogLogChart::Marker m) {
  switch (m) {
    case LogLogChart::Marker::Circle:
      return QScatterSeries::MarkerShapeCircle;
    case LogLogChart::Marker::Square:
      return QScatterSeries::MarkerShapeRectangle;
    case LogLogChart::Marker::Triangle:
      return QScatterSeries::MarkerShapeTriangle;
    case LogLogChart::Marker::Diamond:
      return QScatterSeries::MarkerShapeRotatedRectangle;
  }
  return QScatterSeries::MarkerShapeCircle;
}

}  // namespace

struct LogLogChart::Impl {
  struct Series {
    QLineSeries* line = nullptr;
    QScatterSeries* dots = nullptr;
  };
  QChart* chart = nullptr;
  QChartView* view = nullptr;
  QLogValueAxis* x = nullptr;
  QLogValueAxis* y = nullptr;
  std::vector<Series> series;
  std::vector<std::pair<double, QLineSeries*>> walls;
};

LogLogChart::LogLogChart(QWidget* parent) : QWidget(parent), d_(std::make_unique<Impl>()) {
  d_->chart = new QChart;
  d_->chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
  d_->x = make_log_axis(QStringLiteral("%.0f"));
  d_->y = make_log_axis(QStringLiteral("%g"));
  d_->chart->addAxis(d_->x, Qt::AlignBottom);
  d_->chart->addAxis(d_->y, Qt::AlignLeft);
  d_->view = make_chart_view(this, d_->chart, Qt::AlignRight);
  refit();
}

LogLogChart::~LogLogChart() = default;

void LogLogChart::setTitle(const QString& title) {
  d_->chart->setTitle(title);
}

void LogLogChart::setAxisTitles(const QString& x, const QString& y) {
  d_->x->setTitleText(x);
  d_->y->setTitleText(y);
}

void LogLogChart::setFontPointSize(int points) {
  set_chart_font(d_->chart, font(), points, {d_->x, d_->y});
}

int LogLogChart::addSeries(const QString& name, const QColor& color, Qt::PenStyle style,
                           Marker marker, double marker_size) {
  Impl::Series s;
  s.line = new QLineSeries;
  s.line->setName(name);
  QPen pen(color, 3.0, style);
  s.line->setPen(pen);
  s.dots = new QScatterSeries;
  s.dots->setName(name);
  s.dots->setMarkerShape(shape_of(marker));
  s.dots->setMarkerSize(marker_size);
  s.dots->setColor(color);
  s.dots->setBorderColor(QColor(0x1A, 0x1A, 0x1A));
  for (QXYSeries* xy : {static_cast<QXYSeries*>(s.line), static_cast<QXYSeries*>(s.dots)}) {
    d_->chart->addSeries(xy);
    xy->attachAxis(d_->x);
    xy->attachAxis(d_->y);
  }
  // One legend entry per series: the marker shape (with its colour) names it.
  for (QLegendMarker* m : d_->chart->legend()->markers(s.line)) m->setVisible(false);
  d_->series.push_back(s);
  return static_cast<int>(d_->series.size()) - 1;
}

void LogLogChart::addPoint(int series, double x, double y) {
  if (series < 0 || series >= seriesCount() || !(x > 0.0) || !(y > 0.0)) return;
  const Impl::Series& s = d_->series[static_cast<std::size_t>(series)];
  const QList<QPointF> pts = s.line->points();
  qsizetype at = 0;
  while (at < pts.size() && pts[at].x() <= x) ++at;
  s.line->insert(at, QPointF(x, y));
  s.dots->insert(at, QPointF(x, y));
  refit();
}

int LogLogChart::pointCount(int series) const {
  if (series < 0 || series >= seriesCount()) return 0;
  return static_cast<int>(d_->series[static_cast<std::size_t>(series)].line->count());
}

int LogLogChart::seriesCount() const {
  return static_cast<int>(d_->series.size());
}

QString LogLogChart::seriesName(int series) const {
  if (series < 0 || series >= seriesCount()) return {};
  return d_->series[static_cast<std::size_t>(series)].line->name();
}

void LogLogChart::clearPoints() {
  for (const Impl::Series& s : d_->series) {
    s.line->clear();
    s.dots->clear();
  }
  refit();
}

void LogLogChart::addVerticalWall(double x, const QString& name, const QColor& color) {
  auto* wall = new QLineSeries;
  wall->setName(name);
  wall->setPen(QPen(color, 3.0, Qt::DashLine));
  d_->chart->addSeries(wall);
  wall->attachAxis(d_->x);
  wall->attachAxis(d_->y);
  d_->walls.emplace_back(x, wall);
  refit();
}

int LogLogChart::wallCount() const {
  return static_cast<int>(d_->walls.size());
}

// Whole decades around every point and wall, so the log axes read 10, 100, 1000, ...
void LogLogChart::refit() {
  double x_lo = std::numeric_limits<double>::max(), x_hi = 0.0;
  double y_lo = std::numeric_limits<double>::max(), y_hi = 0.0;
  for (const Impl::Series& s : d_->series) {
    for (const QPointF& p : s.line->points()) {
      x_lo = std::min(x_lo, p.x());
      x_hi = std::max(x_hi, p.x());
      y_lo = std::min(y_lo, p.y());
      y_hi = std::max(y_hi, p.y());
    }
  }
  for (const auto& [x, wall] : d_->walls) {
    x_lo = std::min(x_lo, x);
    x_hi = std::max(x_hi, x);
  }
  if (x_hi <= 0.0) {
    x_lo = 10.0;
    x_hi = 10000.0;
  }
  if (y_hi <= 0.0) {
    y_lo = 0.1;
    y_hi = 100.0;
  }
  // A little room either side so the end markers are not cut in half by the plot's edge.
  const double x_min = decade_below(x_lo) / 1.5;
  double x_max = decade_above(x_hi) * 1.5;
  const double y_min = decade_below(y_lo);
  double y_max = decade_above(y_hi * 1.3);
  if (y_max <= y_min) y_max = y_min * 10.0;
  d_->x->setRange(x_min, x_max);
  d_->y->setRange(y_min, y_max);
  for (const auto& [x, wall] : d_->walls) wall->replace({QPointF(x, y_min), QPointF(x, y_max)});
}

}  // namespace ioscope::ui
