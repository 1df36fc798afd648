// The main window: pick a model and a workload, press Run, and watch the buyer wait. The
// timeline, the event list and the inspector show the same run and share one selection.
#pragma once

#include <QMainWindow>

#include "lab/scenario.hpp"

class QAction;
class QLabel;
class QTabWidget;

namespace ioscope::ui {

class EventListWidget;
class InspectorWidget;
class LatencyView;
class RaceView;
class RunController;
class ScanView;
class ScenarioPanel;
class TimelineLegend;
class TimelineWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum class View { Timeline, Race, Scan, Latency };

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  RunController* controller() const { return controller_; }
  ScenarioPanel* scenarioPanel() const { return panel_; }
  TimelineWidget* timeline() const { return timeline_; }
  EventListWidget* eventList() const { return events_; }
  InspectorWidget* inspector() const { return inspector_; }
  RaceView* raceView() const { return race_; }
  ScanView* scanView() const { return scan_; }
  LatencyView* latencyView() const { return latency_; }

  void setView(View view);
  void setAnalogyLook(bool analogy);
  bool startRun();  // the panel's scenario; false (and a message) if it cannot start
  void stopRun();
  // Selects a telling event (the first call that returned data) so the inspector has a story.
  void selectFirstDataCall();
  // Restores the window and the last scenario from QSettings.
  void restoreState();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void onEventsAdded(qsizetype first_changed, qsizetype old_rows);
  void onFinished();
  void onEventSelected(quint32 index);
  void updateStatus();
  void saveSettings() const;

  RunController* controller_;
  ScenarioPanel* panel_;
  QTabWidget* tabs_;
  TimelineWidget* timeline_;
  EventListWidget* events_;
  InspectorWidget* inspector_;
  RaceView* race_;
  ScanView* scan_;
  LatencyView* latency_;
  QLabel* status_;
  QLabel* dropped_;
  QAction* analogy_;
  QAction* syscall_;
  TimelineLegend* legend_;
  QAction* follow_;
  QTimer* live_tick_;
};

}  // namespace ioscope::ui
