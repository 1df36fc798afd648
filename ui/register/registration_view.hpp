// The Register tab (lesson 11): N descriptors registered with epoll, one epoll_ctl per
// descriptor, against one batched io_uring_enter; and one epoll loop that waits on a socket, a
// timer, a signal and a child process at once. The experiment (engine/lab/registration_experiment)
// runs on its own thread; each result is shown as soon as it is known.
#pragma once

#include <QWidget>

#include <memory>
#include <thread>
#include <vector>

#include "lab/registration_experiment.hpp"

class QLabel;
class QPushButton;
class QTableWidget;

namespace ioscope {
class StopSignal;
}

namespace ioscope::ui {

class RegistrationView : public QWidget {
  Q_OBJECT

 public:
  explicit RegistrationView(QWidget* parent = nullptr);
  ~RegistrationView() override;  // stops the experiment and joins its thread

  void setParams(const RegistrationParams& params) { params_ = params; }
  const RegistrationParams& params() const { return params_; }
  // Starts the experiment; false (and message()) if it is running or the parameters are refused.
  bool start();
  void stop();
  bool running() const { return running_; }
  QString message() const;

  // The last run's report (complete once finished() was emitted).
  const RegistrationReport& report() const { return report_; }
  QTableWidget* table() const { return table_; }
  QTableWidget* loopTable() const { return loop_; }

 signals:
  void started();  // an experiment began (MainWindow then stops any other)
  void finished();

 private:
  void onResult(quint64 run, const RegistrationResult& result);
  void onDone(quint64 run, const RegistrationReport& report);
  void addRow(const RegistrationResult& r);
  void showLoop(const ManyKindsResult& loop);
  void join();

  RegistrationParams params_;
  RegistrationReport report_;
  std::thread thread_;
  std::unique_ptr<StopSignal> stop_;
  quint64 run_ = 0;
  bool running_ = false;
  QPushButton* start_;
  QLabel* message_;
  QTableWidget* table_;
  QTableWidget* loop_;
};

}  // namespace ioscope::ui
