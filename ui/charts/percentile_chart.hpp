// The classic HdrHistogram plot: one latency curve per series, x = 1/(1-p) on a log axis (so
// 10 is p90, 100 is p99, 1000 is p99.9), y = latency. Built on Qt Charts like log_log_chart;
// hovering a curve shows the point's percentile and latency in hoverText().
#pragma once

#include <QColor>
#include <QPointF>
#include <QString>

#include <memory>
#include <vector>

#include "charts/chart_widget.hpp"

namespace ioscope::ui {

class PercentileChart : public ChartWidget {
  Q_OBJECT

 public:
  explicit PercentileChart(QWidget* parent = nullptr);
  ~PercentileChart() override;

  void setAxisTitles(const QString& x, const QString& y);
  void setFontPointSize(int points);

  // A curve; points are (percentile in %, latency in the y unit). Returns its id.
  int addSeries(const QString& name, const QColor& color, Qt::PenStyle style);
  // Replaces the curve's points. Percentiles must be in [0, 100); latency > 0.
  void setPoints(int series, const std::vector<QPointF>& percentile_latency);
  int seriesCount() const;
  int pointCount(int series) const;
  QString seriesName(int series) const;
  // Removes every series.
  void clear();

 private:
  void refit();

  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace ioscope::ui
