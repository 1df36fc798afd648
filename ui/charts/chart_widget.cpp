#include "charts/chart_widget.hpp"

#include <QChart>
#include <QChartView>
#include <QPixmap>

#include "charts/chart_frame.hpp"
#include "model/image_file.hpp"

namespace ioscope::ui {

ChartWidget::ChartWidget(QWidget* parent, Qt::Alignment legend)
    : QWidget(parent), chart_(new QChart) {
  view_ = make_chart_view(this, chart_, legend);
}

void ChartWidget::setTitle(const QString& title) {
  chart_->setTitle(title);
}

QString ChartWidget::hoverText() const {
  return hover_;
}

QString ChartWidget::savePng(const QString& path) const {
  return writePng(view_->grab().toImage(), path);
}

void ChartWidget::setHover(const QString& text) {
  hover_ = text;
  emit hovered(hover_);
}

}  // namespace ioscope::ui
