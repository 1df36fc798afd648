#include "charts/bar_chart.hpp"

#include "charts/chart_frame.hpp"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QPixmap>
#include <QValueAxis>

#include <algorithm>

namespace ioscope::ui {

struct BarChart::Impl {
  QChart* chart = nullptr;
  QChartView* view = nullptr;
  QBarSeries* bars = nullptr;
  QBarCategoryAxis* x = nullptr;
  QValueAxis* y = nullptr;
  std::vector<QBarSet*> sets;
  QString hover;
  int decimals = 1;
};

BarChart::BarChart(QWidget* parent) : QWidget(parent), d_(std::make_unique<Impl>()) {
  d_->chart = new QChart;
  QFont small = d_->chart->legend()->font();
  small.setPointSize(std::max(7, small.pointSize() - 1));
  d_->chart->legend()->setFont(small);
  d_->bars = new QBarSeries;
  d_->chart->addSeries(d_->bars);
  d_->x = new QBarCategoryAxis;
  d_->y = new QValueAxis;
  d_->y->setLabelFormat(QStringLiteral("%g"));
  d_->chart->addAxis(d_->x, Qt::AlignBottom);
  d_->chart->addAxis(d_->y, Qt::AlignLeft);
  d_->bars->attachAxis(d_->x);
  d_->bars->attachAxis(d_->y);
  d_->view = make_chart_view(this, d_->chart, Qt::AlignBottom);
  refit();
}

BarChart::~BarChart() = default;

void BarChart::setTitle(const QString& title) {
  d_->chart->setTitle(title);
}

void BarChart::setAxisTitle(const QString& y) {
  d_->y->setTitleText(y);
}

void BarChart::setCategories(const QStringList& categories) {
  d_->x->clear();
  d_->x->append(categories);
}

void BarChart::setFontPointSize(int points) {
  set_chart_font(d_->chart, font(), points, {d_->x, d_->y});
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
    d_->hover = QStringLiteral("%1 %2: %3")
                    .arg(set->label(), cat)
                    .arg(set->at(index), 0, 'f', d_->decimals);
    emit hovered(d_->hover);
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
  d_->hover.clear();
  refit();
}

QString BarChart::hoverText() const {
  return d_->hover;
}

bool BarChart::savePng(const QString& path) const {
  return d_->view->grab().save(path, "PNG");
}

void BarChart::refit() {
  double hi = 0.0;
  for (const QBarSet* s : d_->sets)
    for (int i = 0; i < s->count(); ++i) hi = std::max(hi, s->at(i));
  d_->y->setRange(0.0, hi > 0.0 ? hi * 1.15 : 1.0);
  d_->y->applyNiceNumbers();
}

}  // namespace ioscope::ui
