// The bar chart's value axis: as many ticks as its height has room for, so a short chart on a
// projector shows its numbers instead of Qt's elided "...".
#include <gtest/gtest.h>

#include <QApplication>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFontMetrics>
#include <QValueAxis>

#include "charts/bar_chart.hpp"

namespace ioscope::ui {
namespace {

QValueAxis* value_axis(BarChart& chart) {
  auto* view = chart.findChild<QChartView*>();
  if (view == nullptr) return nullptr;
  const auto axes = view->chart()->axes(Qt::Vertical);
  return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
}

struct Shown {
  int ticks = 0;
  double max = 0.0;
  double spacing = 0.0;  // pixels between neighbouring ticks
  int line = 0;          // a label's height in pixels
};

Shown show_at(int height, double value) {
  BarChart chart;
  chart.setTitle(QStringLiteral("Server CPU per message"));
  chart.setAxisTitle(QStringLiteral("µs"));
  chart.setCategories({QStringLiteral("CPU")});
  chart.addSeries(QStringLiteral("epoll"), Qt::darkMagenta, {value});
  chart.addSeries(QStringLiteral("blocking"), Qt::darkBlue, {value * 0.6});
  chart.resize(600, height);
  chart.show();
  QApplication::processEvents();
  QValueAxis* axis = value_axis(chart);
  if (axis == nullptr) return {};
  auto* view = chart.findChild<QChartView*>();
  const double plot = view->chart()->plotArea().height();
  return {axis->tickCount(), axis->max(), plot / std::max(1, axis->tickCount() - 1),
          QFontMetrics(axis->labelsFont()).height()};
}

TEST(BarChart, AShortChartHasFewTicksWithRoomForTheirLabels) {
  for (double value : {0.37, 42.0, 1999.0, 123456.0}) {
    const Shown s = show_at(170, value);
    ASSERT_GE(s.ticks, 2) << value;
    EXPECT_GE(s.max, value) << value;
    EXPECT_GE(s.spacing, 1.5 * s.line) << value << ": " << s.ticks << " ticks";
  }
}

TEST(BarChart, ATallChartHasMoreTicks) {
  const Shown shortc = show_at(170, 42.0);
  const Shown tall = show_at(600, 42.0);
  EXPECT_GT(tall.ticks, shortc.ticks);
  EXPECT_GE(tall.max, 42.0);
  EXPECT_LE(tall.max, 42.0 * 2.5);  // the bars fill a good part of the height
}

}  // namespace
}  // namespace ioscope::ui
