// Runs the latency lab (engine/lab/compare.hpp) off the GUI thread: the same open-loop workload
// on each chosen model, one after the other with identical parameters. Each model's result is
// posted to the GUI thread as soon as that model finishes (modelFinished), so charts fill in
// while the next model runs; while a model runs, the latencies its clients have measured so far
// (from the trace's ClientRecv events) come every ~100 ms (modelProgress). stop() cancels the
// model that is running and joins the worker.
#pragma once

#include <QObject>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "lab/compare.hpp"

namespace ioscope {
class Run;
}

namespace ioscope::ui {

class LatencyController : public QObject {
  Q_OBJECT

 public:
  explicit LatencyController(QObject* parent = nullptr);
  ~LatencyController() override;  // stops and joins

  // Validates p and starts; false (with lastError()) if invalid or already running.
  bool start(const CompareParams& p);
  // Cancels the running model promptly and joins the worker; emits finished(true).
  void stop();
  bool isRunning() const { return running_; }
  QString lastError() const { return error_; }

  const CompareParams& params() const { return params_; }
  const MachineInfo& machine() const { return machine_; }
  // The results so far, in the order the models ran.
  const std::vector<ModelResult>& results() const { return results_; }
  // The running model's latencies so far (valid after modelProgress).
  const LatencyHistogram& progress() const { return progress_; }

 signals:
  void modelStarted(int index);
  void modelProgress(int index);
  void modelFinished(int index);
  void finished(bool cancelled);

 private:
  void work(std::uint64_t run_id, CompareParams p);
  void join();

  CompareParams params_;
  MachineInfo machine_;
  std::vector<ModelResult> results_;
  LatencyHistogram progress_;
  QString error_;
  bool running_ = false;
  std::uint64_t run_id_ = 0;  // GUI thread only

  std::thread worker_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;        // guards current_
  Run* current_ = nullptr;  // the run in progress, to cancel it
};

}  // namespace ioscope::ui
