#include "charts/chart_frame.hpp"

#include <QAbstractAxis>
#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLogValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace ioscope::ui {

QChartView* make_chart_view(QWidget* owner, QChart* chart, Qt::Alignment legend) {
  // Charts redraw as each model's results arrive; animation would show values that are not there.
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(legend);
  chart->setMargins(QMargins(4, 4, 4, 4));
  auto* view = new QChartView(chart, owner);
  view->setRenderHint(QPainter::Antialiasing);
  auto* layout = new QVBoxLayout(owner);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(view);
  return view;
}

QLogValueAxis* make_log_axis(const QString& format) {
  auto* axis = new QLogValueAxis;
  axis->setBase(10.0);
  axis->setLabelFormat(format);
  axis->setMinorTickCount(-1);
  return axis;
}

void set_chart_font(QChart* chart, QFont base, int points,
                    std::initializer_list<QAbstractAxis*> axes) {
  base.setPointSize(points);
  QFont bold = base;
  bold.setBold(true);
  chart->setTitleFont(bold);
  chart->legend()->setFont(base);
  for (QAbstractAxis* a : axes) {
    a->setLabelsFont(base);
    a->setTitleFont(base);
  }
}

double decade_below(double v) {
  return std::pow(10.0, std::floor(std::log10(v)));
}

double decade_above(double v) {
  return std::pow(10.0, std::ceil(std::log10(v)));
}

}  // namespace ioscope::ui
