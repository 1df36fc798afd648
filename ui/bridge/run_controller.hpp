// The engine, seen from the GUI thread: starts a run on its own thread, drains its trace rings
// on a ~60 Hz timer in batches into the TraceDocument, and cancels it at once on stop(). The GUI
// never waits on the engine; a late result of a stopped run cannot reach a newer one.
#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <thread>

#include "lab/run.hpp"
#include "model/trace_document.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope::ui {

class RunController : public QObject {
  Q_OBJECT

 public:
  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;  // stops and joins a running run

  // GUI thread. Starts a run of a valid scenario (returns false with error() otherwise).
  bool start(const Scenario& scenario);
  // GUI thread. Cancels the run; finished() follows shortly.
  void stop();
  // GUI thread. Takes over other's run, its trace and summary, as if it had been made here (the
  // window rebuilt in another language keeps the run): eventsAdded() and finished() follow at
  // once. A live run of other is stopped and finished first. other is left with no run.
  void adopt(RunController& other);

  bool running() const { return engine_.joinable(); }
  const TraceDocument& document() const { return document_; }
  const RunSummary& summary() const { return summary_; }
  QString error() const { return error_; }
  std::int64_t now_ns() const;  // the engine's clock, for growing "waiting..." bars
  std::uint64_t dropped() const;

 signals:
  void started();
  // New events are in the document; rows from first_changed on are new or moved.
  void eventsAdded(qsizetype first_changed, qsizetype old_rows);
  void finished();

 private:
  void drain();

  TraceDocument document_;
  std::unique_ptr<TraceHub> hub_;
  std::unique_ptr<Run> run_;
  std::thread engine_;
  std::atomic<bool> done_{false};
  RunSummary result_;  // written by the engine thread before done_, read after
  RunSummary summary_;
  QString error_;
  QTimer timer_;
  std::vector<TraceEvent> batch_;
};

}  // namespace ioscope::ui
