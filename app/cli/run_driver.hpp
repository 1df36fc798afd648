// Runs the engine on its own thread while this thread drains the trace, and turns Ctrl-C into a
// clean cancel.
#pragma once

#include <vector>

#include "lab/run.hpp"
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

}  // namespace ioscope::cli
