// The Scan tab: why epoll scales and select does not, with this machine's own numbers. Two
// classrooms of the same N students side by side (select or poll on the left, epoll on the
// right), animated from a real measurement at that N, and below them the sweep chart: cost per
// waiting call against N, log-log, one series per mechanism, filling in as the sweep runs.
#pragma once

#include <QWidget>

#include <map>
#include <vector>

#include "lab/scan_experiment.hpp"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ioscope::ui {

class LogLogChart;
class ScanBoard;
class ScanController;

class ScanView : public QWidget {
  Q_OBJECT

 public:
  explicit ScanView(QWidget* parent = nullptr);
  ~ScanView() override;

  // The classroom: N descriptors watched, k of them ready each call (k is clamped to N).
  void setStudents(int n);
  int students() const;
  void setActive(int k);
  int active() const;
  // Select or Poll on the left panel.
  void setLeftMechanism(ScanMechanism m);
  ScanMechanism leftMechanism() const;
  // The sweep's N values (the classroom's N is always measured too), rounds, io_uring.
  void setSweep(const std::vector<int>& fds);
  std::vector<int> sweep() const;
  void setRounds(int rounds);
  void setIncludeIoUring(bool on);
  // The parameters start() will run with.
  ScanParams params() const;

  // Starts the sweep; false (and message()) if it cannot start.
  bool start();
  void stop();
  bool running() const;
  QString message() const;

  ScanController* controller() const { return controller_; }
  LogLogChart* chart() const { return chart_; }
  ScanBoard* leftBoard() const { return left_board_; }
  ScanBoard* rightBoard() const { return right_board_; }
  // Chart series id of a mechanism, or -1 before its first point.
  int seriesOf(ScanMechanism m) const;
  // The texts beside the panels and under the chart (tests read them).
  QString leftText() const;
  QString rightText() const;
  QString skipText() const;

 signals:
  void started();  // an experiment began (MainWindow then stops any other)
  void finished();

 private:
  void onResult(int index);
  void onFinished(bool cancelled);
  void onClassroomChanged();
  void showLeft();
  void showRight();
  void updateLeftCounters(int call);
  void updateRightCounters(int call);
  void updateButtons();

  ScanController* controller_;
  QSpinBox* students_;
  QSpinBox* active_;
  QComboBox* left_mech_;
  QCheckBox* io_uring_;
  QLineEdit* sweep_;
  QSpinBox* rounds_;
  QPushButton* run_;
  QPushButton* stop_;
  QLabel* analogy_;
  QLabel* left_title_;
  QLabel* right_title_;
  ScanBoard* left_board_;
  ScanBoard* right_board_;
  QLabel* left_counters_;
  QLabel* right_counters_;
  QLabel* left_cost_;
  QLabel* right_cost_;
  LogLogChart* chart_;
  QLabel* skips_;
  QLabel* status_;
  std::map<ScanMechanism, int> series_;
  // The classroom's own results (at N), by mechanism.
  std::map<ScanMechanism, ScanResult> at_n_;
};

}  // namespace ioscope::ui
