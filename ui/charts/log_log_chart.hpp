// The one layer over Qt Charts (deprecated from Qt 6.10 on): a log-log line chart with named
// series, points added one at a time (kept in x order), and marked vertical walls. Nothing else
// in ui/ includes QtCharts, so a move to another chart library touches this file pair only.
#pragma once

#include <QColor>
#include <QString>
#include <QWidget>

#include <memory>

namespace ioscope::ui {

class LogLogChart : public QWidget {
  Q_OBJECT

 public:
  enum class Marker { Circle, Square, Triangle, Diamond };

  explicit LogLogChart(QWidget* parent = nullptr);
  ~LogLogChart() override;

  void setTitle(const QString& title);
  void setAxisTitles(const QString& x, const QString& y);
  // Point size of every text in the chart (titles, ticks, legend).
  void setFontPointSize(int points);

  // A new line series with its legend name; returns its id. Colour, dash and marker shape
  // together tell series apart, so none depends on colour alone.
  // A larger marker drawn first stays visible as a ring behind a later series' equal point.
  int addSeries(const QString& name, const QColor& color, Qt::PenStyle style, Marker marker,
                double marker_size = 13.0);
  // x and y must be > 0 (log axes); others are ignored. Points are kept in x order.
  void addPoint(int series, double x, double y);
  int pointCount(int series) const;
  int seriesCount() const;
  QString seriesName(int series) const;
  // Removes every point (the series and walls stay).
  void clearPoints();

  // A dashed vertical line at x spanning the plot, with its legend name (e.g. FD_SETSIZE).
  void addVerticalWall(double x, const QString& name, const QColor& color);
  int wallCount() const;

 private:
  void refit();

  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace ioscope::ui
