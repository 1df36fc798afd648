// Runs the scan experiment (engine/lab/scan_experiment) on its own thread and hands each result
// to the GUI thread as soon as it is known. A sweep can be stopped at any time; a result that
// arrives late from a stopped sweep is dropped (every sweep has its own run id).
#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <thread>
#include <vector>

#include "lab/scan_experiment.hpp"

namespace ioscope {
class StopSignal;
}

namespace ioscope::ui {

class ScanController : public QObject {
  Q_OBJECT

 public:
  explicit ScanController(QObject* parent = nullptr);
  ~ScanController() override;  // stops the sweep and joins its thread

  // Starts a sweep; false (and error()) if one is running or the parameters are refused.
  bool start(const ScanParams& params);
  // Asks the sweep to stop and waits for its thread (it stops between two waiting calls).
  void stop();
  bool running() const { return running_; }
  const std::vector<ScanResult>& results() const { return results_; }
  const FdCeiling& ceiling() const { return ceiling_; }
  QString error() const { return error_; }

 signals:
  void resultAdded(int index);  // results()[index] is new
  void finished(bool cancelled);

 private:
  void onResult(quint64 run, const ScanResult& result);
  void onDone(quint64 run, const ScanReport& report);
  void join();

  std::thread thread_;
  std::unique_ptr<StopSignal> stop_;
  quint64 run_ = 0;
  bool running_ = false;
  std::vector<ScanResult> results_;
  FdCeiling ceiling_;
  QString error_;
};

}  // namespace ioscope::ui
