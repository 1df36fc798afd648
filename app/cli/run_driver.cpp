#include "cli/run_driver.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "trace/trace_hub.hpp"

namespace ioscope::cli {

namespace {
volatile std::sig_atomic_t g_interrupted = 0;
void on_interrupt(int) {
  g_interrupted = 1;
}
}  // namespace

void catch_interrupts() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() {
  return g_interrupted != 0;
}

DrivenRun drive_run(const Scenario& scenario, bool keep_events) {
  DrivenRun out;
  TraceHub hub;
  Run run(scenario);
  std::atomic<bool> done{false};
  std::thread engine([&] {
    out.summary = run.execute(hub);
    done.store(true);
  });
  std::vector<TraceEvent> batch;
  while (!done.load()) {
    if (interrupted()) run.cancel();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    batch.clear();
    hub.drain(batch);
    if (keep_events) out.events.insert(out.events.end(), batch.begin(), batch.end());
  }
  engine.join();
  batch.clear();
  hub.drain(batch);
  if (keep_events) out.events.insert(out.events.end(), batch.begin(), batch.end());
  return out;
}

std::optional<Error> save_run_recording(record::RecordingWriter& writer, const DrivenRun& run) {
  record::RecordingMeta meta = record::new_recording_meta();
  meta.runs.push_back(record::recorded_run(run.summary, 0, run.events.size()));
  if (auto err = writer.begin(meta)) return err;
  if (auto err = writer.append(run.events)) return err;
  return writer.finish();
}

}  // namespace ioscope::cli
