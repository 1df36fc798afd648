// The controls above the timeline: which model, what workload (with the classroom and fast
// presets), the deliberate mistakes a lesson can switch on ("Mistakes to try"), Run and Stop.
#pragma once

#include <QWidget>

#include "lab/scenario.hpp"

class QAction;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;
class QStandardItemModel;

namespace ioscope::ui {

class ScenarioPanel : public QWidget {
  Q_OBJECT

 public:
  enum class Preset { Classroom, Fast, Custom };

  explicit ScenarioPanel(QWidget* parent = nullptr);

  Scenario scenario() const;
  // Unknown or unavailable model ids are ignored. The picker lists io_uring's variants
  // ("io_uring+multishot", ...) as models of their own: Scenario::uring says which.
  void setScenario(const Scenario& s);
  void applyPreset(Preset preset);
  void setRunning(bool running);
  // The mistakes switched on (part of scenario(); setScenario() sets them too).
  Bugs bugs() const;
  void setBugs(const Bugs& bugs);
  // The "Mistakes to try" button and its four checkable actions (et-no-drain, high-fd,
  // thundering-herd, tiny-rcvbuf, in that order).
  QPushButton* bugsButton() const { return bugs_button_; }
  QAction* bugAction(int i) const { return bug_actions_[i]; }
  static constexpr int kBugCount = 4;

  // "Kernel probe": on, the run measures the kernel's side with eBPF where the machine allows it
  // (ProbeMode::Auto); off, it does not try. Disabled, with the reason as its tooltip, where the
  // probe cannot run. Not part of setScenario(): a lesson's scenario leaves it as the user set it.
  QCheckBox* probeCheck() const { return probe_; }

  QPushButton* runButton() const { return run_; }
  QPushButton* stopButton() const { return stop_; }

  static Scenario presetScenario(Preset preset, const std::string& model);
  QSize minimumSizeHint() const override;
  bool twoRows() const { return two_rows_; }

 signals:
  void runRequested();
  void stopRequested();
  void bugsChanged(const ioscope::Bugs& bugs);

 private:
  void addUringVariants(QStandardItemModel* items, bool available);
  void markCustom();
  void updateBugsButton();
  void arrange(bool two_rows);
  void fitChosenNames();
  int oneRowWidth() const;

 protected:
  void resizeEvent(QResizeEvent* event) override;

 private:
  QComboBox* model_;
  QComboBox* preset_;
  QSpinBox* clients_;
  QSpinBox* messages_;
  QSpinBox* size_;
  QDoubleSpinBox* interval_ms_;
  QPushButton* run_;
  QPushButton* stop_;
  QPushButton* bugs_button_;
  QCheckBox* probe_;
  QAction* bug_actions_[kBugCount];
  bool applying_ = false;
  bool two_rows_ = false;
  QWidget* what_;
  QWidget* workload_;
  QWidget* buttons_;
  QGridLayout* grid_ = nullptr;
};

}  // namespace ioscope::ui
