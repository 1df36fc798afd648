#include "charts/bar_chart.hpp"

#include "charts/chart_frame.hpp"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

#include <QFontMetrics>

#include <algorithm>
#include <cmath>

namespace ioscope::ui {

struct BarChart::Impl {
  QBarSeries* bars = nullptr;
  QBarCategoryAxis* x = nullptr;
  QValueAxis* y = nullptr;
  std::vector<QBarSet*> sets;
  int decimals = 1;
  double plot_height = -1.0;  // the plot area's, once the chart has laid itself out
};

BarChart::BarChart(QWidget* parent)
    : ChartWidget(parent, Qt::AlignBottom), d_(std::make_unique<Impl>()) {
  QFont small = chart()->legend()->font();
  small.setPointSize(std::max(7, small.pointSize() - 1));
  chart()->legend()->setFont(small);
  d_->bars = new QBarSeries;
  chart()->addSeries(d_->bars);
  d_->x = new QBarCategoryAxis;
  d_->y = new QValueAxis;
  d_->y->setLabelFormat(QStringLiteral("%g"));
  chart()->addAxis(d_->x, Qt::AlignBottom);
  chart()->addAxis(d_->y, Qt::AlignLeft);
  d_->bars->attachAxis(d_->x);
  d_->bars->attachAxis(d_->y);
  connect(chart(), &QChart::plotAreaChanged, this, [this](const QRectF& area) {
    if (area.height() == d_->plot_height) return;
    d_->plot_height = area.height();
    refit();
  });
  refit();
}

BarChart::~BarChart() = default;

void BarChart::setAxisTitle(const QString& y) {
  d_->y->setTitleText(y);
}

void BarChart::setCategories(const QStringList& categories) {
  d_->x->clear();
  d_->x->append(categories);
}

void BarChart::setFontPointSize(int points) {
  set_chart_font(chart(), font(), points, {d_->x, d_->y});
}

void BarChart::setDecimals(int decimals) {
  d_->decimals = decimals;
}

int BarChart::addSeries(const QString& name, const QColor& color,
                        const std::vector<double>& values) {
  auto* set = new QBarSet(name);
  set->setColor(color);
  set->setBorderColor(QColor(0x1A, 0x1A, 0x1A));
  for (double v : values) set->append(v);
  connect(set, &QBarSet::hovered, this, [this, set](bool state, int index) {
    if (!state) return;
    const QStringList cats = d_->x->categories();
    const QString cat = index >= 0 && index < cats.size() ? cats[index] : QString();
    setHover(QStringLiteral("%1 %2: %3")
                 .arg(set->label(), cat)
                 .arg(set->at(index), 0, 'f', d_->decimals));
  });
  d_->bars->append(set);
  d_->sets.push_back(set);
  refit();
  return static_cast<int>(d_->sets.size()) - 1;
}

int BarChart::seriesCount() const {
  return static_cast<int>(d_->sets.size());
}

double BarChart::value(int series, int category) const {
  if (series < 0 || series >= seriesCount()) return 0.0;
  const QBarSet* s = d_->sets[static_cast<std::size_t>(series)];
  if (category < 0 || category >= s->count()) return 0.0;
  return s->at(category);
}

void BarChart::clear() {
  d_->bars->clear();
  d_->sets.clear();
  clearHover();
  refit();
}

namespace {

// The smallest of 1, 2, 5 times a power of ten at or above x.
double nice_step(double x) {
  const double p = std::pow(10.0, std::floor(std::log10(x)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= x) return m * p;
  return 10.0 * p;
}

}  // namespace

void BarChart::refit() {
  double hi = 0.0;
  for (const QBarSet* s : d_->sets)
    for (int i = 0; i < s->count(); ++i) hi = std::max(hi, s->at(i));
  const double top = hi > 0.0 ? hi * 1.15 : 1.0;
  // As many ticks as the plot's height has room for, each label two lines apart: a short chart
  // with six ticks has Qt elide every label to "...".
  const int line = QFontMetrics(d_->y->labelsFont()).height();
  const double plot = d_->plot_height >= 0.0 ? d_->plot_height : std::max(0, height() - 8 * line);
  const int intervals = std::clamp(static_cast<int>(plot / (2 * line)), 1, 5);
  const double step = nice_step(top / intervals);
  const int n = std::max(1, static_cast<int>(std::ceil(top / step - 1e-9)));
  d_->y->setRange(0.0, step * n);
  d_->y->setTickCount(n + 1);
}

}  // namespace ioscope::ui
