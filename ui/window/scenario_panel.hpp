// The controls above the timeline: which model, what workload (with the classroom and fast
// presets), Run and Stop.
#pragma once

#include <QWidget>

#include "lab/scenario.hpp"

class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace ioscope::ui {

class ScenarioPanel : public QWidget {
  Q_OBJECT

 public:
  enum class Preset { Classroom, Fast, Custom };

  explicit ScenarioPanel(QWidget* parent = nullptr);

  Scenario scenario() const;
  void setScenario(const Scenario& s);  // unknown or unavailable model ids are ignored
  void applyPreset(Preset preset);
  void setRunning(bool running);

  QPushButton* runButton() const { return run_; }
  QPushButton* stopButton() const { return stop_; }

  static Scenario presetScenario(Preset preset, const std::string& model);

 signals:
  void runRequested();
  void stopRequested();

 private:
  void markCustom();

  QComboBox* model_;
  QComboBox* preset_;
  QSpinBox* clients_;
  QSpinBox* messages_;
  QSpinBox* size_;
  QDoubleSpinBox* interval_ms_;
  QPushButton* run_;
  QPushButton* stop_;
  bool applying_ = false;
};

}  // namespace ioscope::ui
