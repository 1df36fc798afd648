// Where a finished run's events go: Chrome Trace Event JSON (opens in Perfetto UI and
// chrome://tracing) and CSV. Both accept events in any order and sort them by time (stably, so
// events stamped alike keep the order they came in).
#pragma once

#include <array>
#include <cstdint>
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

// One process, "ioscope: <model>", with a track per buyer thread (its syscalls, notifications
// and work), one beside it per buyer thread for phase 2 (the copies), one for the shopkeeper
// (when data reached the kernel) and one per factory client; flow arrows follow each message
// from its send to the kernel and from the kernel to the call that took it. Timestamps are in
// microseconds from the first event.
//
// After "traceEvents" the object also holds an "ioscope" section that viewers skip: the format
// number, the meta and every event as it came in, numbers only, so ioscope can read the file
// back exactly (chrome_json_import.hpp). It comes last because older Perfetto importers stop
// reading at the first top-level key they do not know.
void write_chrome_json(std::vector<TraceEvent> events, const TraceMeta& meta, std::ostream& out);

// The "ioscope" section's version: a reader refuses a number above the one it knows.
inline constexpr int kChromeJsonFormat = 1;
// The fields of each event in the "ioscope" section, in order (also written into the file, so a
// person or a script can tell what the numbers are).
inline constexpr std::array<const char*, 11> kChromeJsonFields = {
    "t_ns", "value", "aux", "fd", "track", "err", "kind", "lane", "sys", "flags", "conn"};

// Header t_ns,lane,track,kind,sys,fd,conn,value,aux,err,flags, then one row per event.
void write_csv(std::vector<TraceEvent> events, std::ostream& out);

// Picks the format by extension (.json or .csv); errors name the path and the reason.
std::optional<Error> write_trace_file(const std::string& path, std::vector<TraceEvent> events,
                                      const TraceMeta& meta);

}  // namespace ioscope
