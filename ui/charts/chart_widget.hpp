// What a chart widget shows besides its data: one still QChart in a view that fills the widget,
// its title, the sentence for what the pointer last hovered, and a PNG of itself.
#pragma once

#include <QString>
#include <QWidget>

class QChart;
class QChartView;

namespace ioscope::ui {

class ChartWidget : public QWidget {
  Q_OBJECT

 public:
  void setTitle(const QString& title);
  QString hoverText() const;
  // Empty on success; otherwise why the file could not be written (model/image_file.hpp).
  QString savePng(const QString& path) const;

 signals:
  void hovered(const QString& text);

 protected:
  // The chart's legend sits at `legend`.
  ChartWidget(QWidget* parent, Qt::Alignment legend);
  QChart* chart() const { return chart_; }
  // Remembers what is hovered and tells the listeners.
  void setHover(const QString& text);
  void clearHover() { hover_.clear(); }

 private:
  QChart* chart_ = nullptr;
  QChartView* view_ = nullptr;
  QString hover_;
};

}  // namespace ioscope::ui
