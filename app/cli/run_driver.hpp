// Runs the engine on its own thread while this thread drains the trace, and turns Ctrl-C into a
// clean cancel.
#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "lab/run.hpp"
#include "net/stop_signal.hpp"
#include "record/recording_writer.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::cli {

struct DrivenRun {
  RunSummary summary;
  std::vector<TraceEvent> events;
};

// SIGINT and SIGTERM set a flag instead of killing the process.
void catch_interrupts();
bool interrupted();

DrivenRun drive_run(const Scenario& scenario, bool keep_events);

// The whole run into writer (made before the run, so a bad path cost nothing): its events as
// they were drained, its summary and this machine in the metadata.
std::optional<Error> save_run_recording(record::RecordingWriter& writer, const DrivenRun& run);

// An experiment (scan, register) on its own thread, stopped cleanly by Ctrl-C: experiment(stop)
// returns its report.
template <typename Report, typename Experiment>
Report run_interruptible(Experiment experiment) {
  catch_interrupts();
  StopSignal stop;
  Report report;
  std::atomic<bool> done{false};
  std::thread engine([&] {
    report = experiment(stop);
    done.store(true);
  });
  while (!done.load()) {
    if (interrupted()) stop.request();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  engine.join();
  return report;
}

}  // namespace ioscope::cli
