// The model picker at the top of the window: whatever model is chosen, its name is read whole
// from the back of the room, on the 1366-pixel screen the app is sized for.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QStyle>
#include <QStyleOptionComboBox>

#include "window/scenario_panel.hpp"

namespace ioscope::ui {
namespace {

// Pixels the closed picker gives the chosen name, as the style draws it.
int nameRoom(const QComboBox& picker) {
  QStyleOptionComboBox option;
  option.initFrom(&picker);
  option.editable = picker.isEditable();
  option.currentText = picker.currentText();
  return picker.style()
      ->subControlRect(QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, &picker)
      .width();
}

// The panel as wide as the window at 1366 pixels with the Lessons pane closed: one row, full.
TEST(ScenarioPanel, TheChosenModelsNameIsNeverCut) {
  ScenarioPanel bar;
  bar.resize(1366, bar.sizeHint().height());
  bar.show();
  auto* panel = &bar;
  auto* picker = panel->findChild<QComboBox*>(QStringLiteral("modelPicker"));
  ASSERT_NE(picker, nullptr);
  picker->setCurrentIndex(picker->findData(QStringLiteral("epoll"), Qt::UserRole));
  QApplication::processEvents();
  const int narrowest = panel->minimumSizeHint().width();
  for (const char* id : {"epoll", "blocking", "io_uring", "io_uring+multishot",
                         "io_uring+multishot+defer-taskrun"}) {
    const int index = picker->findData(QString::fromLatin1(id), Qt::UserRole);
    ASSERT_GE(index, 0) << id;
    picker->setCurrentIndex(index);
    QApplication::processEvents();
    EXPECT_GE(nameRoom(*picker), picker->fontMetrics().horizontalAdvance(picker->currentText()))
        << id << " is cut: " << picker->width() << " px wide";
  }
  // A short name gives the room back (to the Lessons pane beside the views, say).
  picker->setCurrentIndex(picker->findData(QStringLiteral("epoll"), Qt::UserRole));
  QApplication::processEvents();
  EXPECT_EQ(panel->minimumSizeHint().width(), narrowest);
}

}  // namespace
}  // namespace ioscope::ui
