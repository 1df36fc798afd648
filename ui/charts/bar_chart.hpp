// Grouped bars on Qt Charts: categories along x (e.g. "p50", "p99"), one bar set per series
// (e.g. per model, in that series' colour), a linear y axis from 0. Hovering a bar shows its
// series, category and value in hoverText().
#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "charts/chart_widget.hpp"

namespace ioscope::ui {

class BarChart : public ChartWidget {
  Q_OBJECT

 public:
  explicit BarChart(QWidget* parent = nullptr);
  ~BarChart() override;

  void setAxisTitle(const QString& y);
  void setCategories(const QStringList& categories);
  void setFontPointSize(int points);
  // Values are shown with this many decimals in the hover text.
  void setDecimals(int decimals);

  // A bar set with one value per category; returns its id.
  int addSeries(const QString& name, const QColor& color, const std::vector<double>& values);
  int seriesCount() const;
  double value(int series, int category) const;
  void clear();

 private:
  void refit();

  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace ioscope::ui
