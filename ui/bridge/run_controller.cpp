#include "bridge/run_controller.hpp"

#include "model/engine_text.hpp"

#include "foreign/strace_log.hpp"
#include "models/model.hpp"
#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"
#include "record/replayed_summary.hpp"
#include "trace/clock.hpp"

#include <cerrno>
#include <chrono>
#include <fstream>
#include <thread>
#include <utility>

namespace ioscope::ui {

RunController::RunController(QObject* parent) : QObject(parent) {
  timer_.setInterval(16);
  connect(&timer_, &QTimer::timeout, this, &RunController::drain);
  load_timer_.setInterval(0);  // between the window's own events: it stays responsive
  connect(&load_timer_, &QTimer::timeout, this, &RunController::loadSome);
}

RunController::~RunController() {
  if (run_) run_->cancel();
  if (trace_stop_) trace_stop_->request();
  if (engine_.joinable()) engine_.join();
}

void RunController::forget() {
  error_.clear();
  document_.clear();
  summary_ = RunSummary{};
  trace_.reset();
  recording_.reset();
  has_result_ = false;
  load_timer_.stop();
  loading_.reset();
  tally_ = {};
  stop_loading_ = false;
  trace_result_.reset();
  trace_stop_.reset();
  run_.reset();
  hub_.reset();
}

bool RunController::start(const Scenario& scenario) {
  if (running()) return false;
  if (auto bad = validate(scenario)) {
    error_ = QString::fromStdString(bad->message);
    return false;
  }
  // Refused before anything starts (the run itself would fail at once): the caller can say why
  // and offer what it has instead (a lesson's own recording).
  if (auto refused = model_cannot_run_here(scenario.model)) {
    error_ = engineText(*refused);
    return false;
  }
  forget();
  summary_.scenario = scenario;
  hub_ = std::make_unique<TraceHub>();
  run_ = std::make_unique<Run>(scenario);
  done_.store(false);
  engine_ = std::thread([this] {
    result_ = run_->execute(*hub_);
    done_.store(true, std::memory_order_release);
  });
  timer_.start();
  emit started();
  return true;
}

bool RunController::startTrace(const ForeignTarget& target) {
  if (running()) return false;
  forget();
  hub_ = std::make_unique<TraceHub>();
  trace_stop_ = std::make_unique<StopSignal>();
  done_.store(false);
  engine_ = std::thread([this, target] {
    trace_result_ = trace_program(target, *hub_, *trace_stop_);
    done_.store(true, std::memory_order_release);
  });
  timer_.start();
  emit started();
  return true;
}

bool RunController::openStraceLog(const QString& path) {
  if (running()) return false;
  std::ifstream in(path.toStdString(), std::ios::binary);
  if (!in) {
    error_ = tr("Cannot open %1: %2").arg(path, QString::fromStdString(errno_text(errno)));
    return false;
  }
  auto program = read_strace_log(in);
  if (!program) {
    error_ = tr("%1: %2").arg(path, QString::fromStdString(program.error().message));
    return false;
  }
  forget();
  ForeignTraceResult result;
  result.verdict = name_model(*program);
  result.program = std::move(*program);
  std::vector<TraceEvent> events = events_of(result.program);
  summary_.scenario.model = result.verdict.model;
  trace_ = std::move(result);
  emit started();
  if (!events.empty()) {
    const auto first = static_cast<qsizetype>(document_.append(events));
    emit eventsAdded(first, 0);
  }
  document_.close_open_spans(document_.last_time());
  has_result_ = true;
  emit finished();
  return true;
}

bool RunController::loadRecording(record::RecordingReader reader) {
  if (running()) return false;
  if (reader.meta().runs.size() != 1) {
    error_ = tr("This recording holds %1 runs; open it as a race.").arg(reader.meta().runs.size());
    return false;
  }
  forget();
  recording_ = reader.meta();
  summary_ = recording_->runs.front().summary;  // until its events are counted
  loading_ = std::make_unique<record::RecordingReader>(std::move(reader));
  emit started();
  loadSome();  // the first block now: the first frame does not wait for the rest
  if (loading_) load_timer_.start();
  return true;
}

void RunController::loadSome() {
  if (!loading_) return;
  using Clock = std::chrono::steady_clock;
  const auto until = Clock::now() + std::chrono::milliseconds(12);
  std::optional<Error> failed;
  bool end = stop_loading_;
  while (!end) {
    batch_.clear();
    auto got = loading_->next_block(batch_);
    if (!got) {
      failed = got.error();
      break;
    }
    if (*got == 0) {
      end = true;
      break;
    }
    tally_.add(batch_);
    appendBatch();
    if (Clock::now() >= until) break;
  }
  batch_.clear();
  if (end || failed) finishLoading(failed);
}

void RunController::finishLoading(const std::optional<Error>& failed) {
  load_timer_.stop();
  const bool cut = stop_loading_;
  loading_.reset();
  stop_loading_ = false;
  summary_ = tally_.summary(recording_->runs.front());
  tally_ = {};
  if (failed)
    error_ = tr("%1 (the %2 events before it are shown)")
                 .arg(QString::fromStdString(failed->message))
                 .arg(document_.size());
  else if (cut)
    summary_.cancelled = true;
  document_.close_open_spans(document_.last_time());
  has_result_ = true;
  emit finished();
}

bool RunController::showRecordedRun(const record::RecordingMeta& meta, std::size_t run,
                                    std::span<const TraceEvent> events) {
  if (running() || run >= meta.runs.size()) return false;
  forget();
  summary_ = record::replayed_summary(meta.runs[run], events);
  emit started();
  // In the order they were recorded, which is the order the run's window received them: the
  // document is built exactly as it was.
  constexpr std::size_t kBatch = 1 << 16;
  for (std::size_t at = 0; at < events.size(); at += kBatch) {
    const auto part = events.subspan(at, std::min(kBatch, events.size() - at));
    batch_.assign(part.begin(), part.end());
    appendBatch();
  }
  batch_.clear();
  document_.close_open_spans(document_.last_time());
  recording_ = meta;
  if (!summary_.error.empty()) error_ = engineText(summary_.error);
  has_result_ = true;
  emit finished();
  return true;
}

bool RunController::saveRecording(const QString& path, record::RecordingMeta meta) {
  if (auto failed = save_runs(path.toStdString(), std::move(meta), {this})) {
    error_ = QString::fromStdString(failed->message);
    return false;
  }
  return true;
}

std::optional<Error> RunController::save_runs(const std::string& path, record::RecordingMeta meta,
                                              const std::vector<const RunController*>& runs) {
  if (runs.empty()) return Error{tr("Nothing to save yet: run a model first.").toStdString()};
  for (const RunController* r : runs) {
    if (r->running()) return Error{tr("Stop the run before saving it.").toStdString()};
    if (!r->has_result_) return Error{tr("Nothing to save yet: run a model first.").toStdString()};
  }
  // A recording opened and saved again keeps where and when it was made.
  const record::RecordingMeta made =
      runs.front()->recording_ ? *runs.front()->recording_ : record::new_recording_meta();
  meta.ioscope_version = made.ioscope_version;
  meta.created_unix_ns = made.created_unix_ns;
  meta.machine = made.machine;
  meta.runs.clear();
  std::uint64_t first = 0;
  for (const RunController* r : runs) {
    meta.runs.push_back(record::recorded_run(r->summary_, first, r->document_.size()));
    first += r->document_.size();
  }
  auto writer = record::RecordingWriter::create(path);
  if (!writer) return writer.error();
  if (auto failed = writer->begin(meta)) return failed;
  // Each document's events in arrival order, a block at a time: no second copy of a long run.
  std::vector<TraceEvent> block;
  constexpr std::size_t kBlock = 1 << 16;
  for (const RunController* r : runs) {
    const TraceDocument& doc = r->document_;
    for (std::size_t i = 0; i < doc.size(); i += kBlock) {
      block.clear();
      for (std::size_t j = i; j < std::min(i + kBlock, doc.size()); ++j)
        block.push_back(doc.event(static_cast<std::uint32_t>(j)));
      if (auto failed = writer->append(block)) return failed;
    }
  }
  return writer->finish();
}

void RunController::stop() {
  if (loading_) {
    stop_loading_ = true;  // the next slice ends it, with what was loaded
    load_timer_.start();
  }
  if (run_) run_->cancel();
  if (trace_stop_) trace_stop_->request();
}

void RunController::adopt(RunController& other) {
  if (&other == this || running()) return;
  while (other.loading_) other.loadSome();  // a recording half loaded: the rest, now
  if (other.running()) {
    other.stop();
    // A cancelled run ends within its stop latency (a second at worst): wait for it, then the
    // last drain moves everything it recorded into its document.
    while (!other.done_.load(std::memory_order_acquire))
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    other.drain();
  }
  // Swapped, not moved: other keeps a whole (empty) document that its views may still look at.
  document_.clear();
  std::swap(document_, other.document_);
  summary_ = std::move(other.summary_);
  other.summary_ = RunSummary{};
  error_ = std::move(other.error_);
  hub_ = std::move(other.hub_);
  run_ = std::move(other.run_);
  trace_ = std::move(other.trace_);
  other.trace_.reset();
  recording_ = std::move(other.recording_);
  other.recording_.reset();
  has_result_ = std::exchange(other.has_result_, false);
  if (document_.size() == 0 && summary_.scenario.model.empty()) return;
  emit eventsAdded(0, 0);
  has_result_ = true;
  emit finished();
}

std::int64_t RunController::now_ns() const {
  return ioscope::now_ns();
}

std::uint64_t RunController::dropped() const {
  return hub_ ? hub_->dropped() : 0;
}

void RunController::appendBatch() {
  if (batch_.empty()) return;
  const auto old_rows = static_cast<qsizetype>(document_.size());
  const auto first_changed = static_cast<qsizetype>(document_.append(batch_));
  emit eventsAdded(first_changed, old_rows);
}

void RunController::drain() {
  if (!hub_) return;
  const bool finishing = done_.load(std::memory_order_acquire);
  batch_.clear();
  hub_->drain(batch_);
  appendBatch();
  if (!finishing) return;
  // Every producer has finished: one last drain above took what was left.
  timer_.stop();
  engine_.join();
  summary_ = std::move(result_);
  result_ = RunSummary{};
  if (trace_result_) {
    trace_ = std::move(trace_result_);
    trace_result_.reset();
    summary_.error = trace_->error;
    summary_.scenario.model = trace_->verdict.model;
  }
  document_.close_open_spans(document_.last_time());
  if (!summary_.error.empty()) error_ = engineText(summary_.error);
  has_result_ = true;
  emit finished();
}

}  // namespace ioscope::ui
