// Where a finished run's events go: Chrome Trace Event JSON (opens in Perfetto UI and
// chrome://tracing) and CSV. Both accept events in any order and sort them by time.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "net/result.hpp"
#include "trace/trace_event.hpp"

namespace ioscope {

struct TraceMeta {
  std::string model;  // the model id, shown as the process name
  std::uint16_t buyer_threads = 1;
};

void write_chrome_json(std::vector<TraceEvent> events, const TraceMeta& meta, std::ostream& out);
void write_csv(std::vector<TraceEvent> events, std::ostream& out);

// Picks the format by extension (.json or .csv); errors name the path and the reason.
std::optional<Error> write_trace_file(const std::string& path, std::vector<TraceEvent> events,
                                      const TraceMeta& meta);

}  // namespace ioscope
