// The engine, seen from the GUI thread: starts a run on its own thread, drains its trace rings
// on a ~60 Hz timer in batches into the TraceDocument, and cancels it at once on stop(). The GUI
// never waits on the engine; a late result of a stopped run cannot reach a newer one.
#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "foreign/foreign_trace.hpp"
#include "lab/run.hpp"
#include "model/trace_document.hpp"
#include "record/recording_meta.hpp"
#include "record/recording_reader.hpp"
#include "record/replayed_summary.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope::ui {

class RunController : public QObject {
  Q_OBJECT

 public:
  explicit RunController(QObject* parent = nullptr);
  ~RunController() override;  // stops and joins a running run

  // GUI thread. Starts a run of a valid scenario (returns false with error() otherwise).
  bool start(const Scenario& scenario);
  // GUI thread. Traces a program ioscope did not write (the kernel probe) instead of running a
  // model: its calls arrive as a run's events do, and when it ends (stop(), or the program's own
  // exit) traceResult() names its I/O model. False (error()) when it cannot start.
  bool startTrace(const ForeignTarget& target);
  // GUI thread. Opens an strace log (strace -f -tt -T -yy): its calls as a trace's, the process's
  // side only, and its model named (traceResult()); eventsAdded() and finished() follow at once.
  // False (error() names the file and the line) when it cannot be read; the current run stays.
  bool openStraceLog(const QString& path);
  // GUI thread. Shows a one-run recording progressively: its first block at once (the first
  // frame), the rest on a timer in slices of a few milliseconds, so the window answers while a
  // long recording loads. finished() follows when every event is in, or when a damaged block
  // ends the loading (error() names it; the events before it stay). running() is true
  // meanwhile, and stop() ends it early.
  bool loadRecording(record::RecordingReader reader);
  bool loading() const { return loading_ != nullptr; }
  // GUI thread. Shows run number `run` of a recording already read, whose events are events.
  bool showRecordedRun(const record::RecordingMeta& meta, std::size_t run,
                       std::span<const TraceEvent> events);
  // GUI thread, nothing running. Saves the run shown to path: its events, its summary, and
  // meta's lesson, prediction, notes and extra; the version, time and machine are this run's
  // (a recording opened and saved again keeps where and when it was made). False with error().
  bool saveRecording(const QString& path, record::RecordingMeta meta);
  // Several runs (a race) in one recording, in this order; meta as for saveRecording. The error
  // names the path and the reason.
  static std::optional<Error> save_runs(const std::string& path, record::RecordingMeta meta,
                                        const std::vector<const RunController*>& runs);
  // The recording shown, or none (a live run, a trace, a log).
  const std::optional<record::RecordingMeta>& recording() const { return recording_; }
  // GUI thread. Cancels the run or ends the trace; finished() follows shortly.
  void stop();
  // GUI thread. Takes over other's run, its trace and summary, as if it had been made here (the
  // window rebuilt in another language keeps the run): eventsAdded() and finished() follow at
  // once. A live run of other is stopped and finished first. other is left with no run.
  void adopt(RunController& other);

  bool running() const { return engine_.joinable() || loading_ != nullptr; }
  const TraceDocument& document() const { return document_; }
  // What a long run keeps (trace_fold.hpp); kept for every run after.
  void setFoldLimits(FoldLimits limits) { document_.setFoldLimits(limits); }
  const RunSummary& summary() const { return summary_; }
  // The last trace's program and verdict; empty after a run of a model.
  const std::optional<ForeignTraceResult>& traceResult() const { return trace_; }
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
  // batch_ into the document, and eventsAdded() for the rows it changed (nothing when empty).
  void appendBatch();
  void loadSome();
  void finishLoading(const std::optional<Error>& failed);
  // Before a new run, trace or log: nothing of the last one is left (not running).
  void forget();

  TraceDocument document_;
  std::unique_ptr<TraceHub> hub_;
  std::unique_ptr<Run> run_;
  std::thread engine_;
  std::atomic<bool> done_{false};
  RunSummary result_;  // written by the engine thread before done_, read after
  std::unique_ptr<StopSignal> trace_stop_;
  std::optional<ForeignTraceResult> trace_result_;  // as result_, for a trace
  std::optional<ForeignTraceResult> trace_;
  RunSummary summary_;
  std::optional<record::RecordingMeta> recording_;
  bool has_result_ = false;
  std::unique_ptr<record::RecordingReader> loading_;  // a recording being loaded
  record::ReplayTally tally_;
  bool stop_loading_ = false;
  QTimer load_timer_;  // a run, trace, log or recording has finished and is shown
  QString error_;
  QTimer timer_;
  std::vector<TraceEvent> batch_;
};

}  // namespace ioscope::ui
