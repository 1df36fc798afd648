// The key to the timeline's colours and shapes, in the current look: a swatch (drawn by the
// same code as the bars and marks) and a few words per state, wrapping to the width it gets.
#pragma once

#include <QWidget>

#include "timeline/timeline_types.hpp"

namespace ioscope::ui {

class TimelineLegend : public QWidget {
  Q_OBJECT

 public:
  explicit TimelineLegend(QWidget* parent = nullptr);

  TimelineLook look() const { return look_; }

  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 public slots:
  void setLook(ioscope::ui::TimelineLook look);

 protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;

 private:
  // Lays the entries out in rows for a width; paints them when p is given. Returns the height.
  int layoutEntries(int width, QPainter* p) const;

  TimelineLook look_ = TimelineLook::Analogy;
};

}  // namespace ioscope::ui
