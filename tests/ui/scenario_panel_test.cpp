// The model and preset pickers at the top of the window: whatever is chosen, its name is read
// whole from the back of the room, on the 1366-pixel screen the app is sized for.
#include <gtest/gtest.h>

#include <QApplication>
#include <QComboBox>
#include <QSpinBox>
#include <QStyle>
#include <QStyleOptionComboBox>

#include "lessons/app_language.hpp"
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

// The preset says what the run will look like ("Classroom", "课堂"): cut, the room reads
// "Classr…". Chosen from the picker, or set by editing the workload (Custom) and back by a
// scenario that matches a preset.
TEST(ScenarioPanel, TheChosenPresetsNameIsNeverCut) {
  for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
    AppLanguage::apply(lang);
    ScenarioPanel bar;
    bar.resize(1366, bar.sizeHint().height());
    bar.show();
    auto* picker = bar.findChild<QComboBox*>(QStringLiteral("presetPicker"));
    ASSERT_NE(picker, nullptr);
    // Squeezed as far as the window lets it (the Lessons pane open on a small projector).
    const auto expectWhole = [&](const char* when) {
      QApplication::processEvents();
      bar.resize(bar.minimumSizeHint().width(), bar.minimumSizeHint().height());
      QApplication::processEvents();
      EXPECT_GE(nameRoom(*picker), picker->fontMetrics().horizontalAdvance(picker->currentText()))
          << lang.toStdString() << ": " << picker->currentText().toStdString() << " is cut " << when
          << ": " << picker->width() << " px wide";
    };
    expectWhole("when the panel opens");
    for (int i = 0; i < picker->count(); ++i) {
      picker->setCurrentIndex(i);
      expectWhole("when picked");
      EXPECT_FALSE(picker->itemData(i, Qt::ToolTipRole).toString().isEmpty())
          << "the tooltip says what " << picker->itemText(i).toStdString() << " is for";
    }
    picker->setCurrentIndex(0);
    const Scenario classroom = bar.scenario();
    auto* clients = bar.findChild<QSpinBox*>();
    ASSERT_NE(clients, nullptr);
    clients->setValue(clients->value() + 1);  // now Custom
    expectWhole("after an edit");
    bar.setScenario(classroom);  // a preset's workload again
    expectWhole("after a matching scenario");
    EXPECT_EQ(picker->currentIndex(), 0);
  }
  AppLanguage::apply(QStringLiteral("en"));
}

}  // namespace
}  // namespace ioscope::ui
