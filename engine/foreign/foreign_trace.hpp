// Tracing a program ioscope did not write, from start to verdict: the kernel probe filtered to
// its process, its calls drawn as they come (trace events on a buyer row per thread, in the same
// hub a run writes to), and its I/O model named at the end. The CLI's trace command and the app's
// File > Trace a program both run this.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "foreign/model_verdict.hpp"
#include "net/stop_signal.hpp"
#include "probe/probe_events.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

struct ForeignTarget {
  pid_t pid = 0;                  // a running process to attach to, or
  std::vector<std::string> argv;  // a command to start (argv[0] looked up in PATH)
  bool stdout_to_stderr = false;  // a started program's stdout goes to stderr (CLI --json)
};

struct ForeignTraceResult {
  ObservedProgram program;
  ModelVerdict verdict;
  std::string error;  // why the trace could not run (empty when it ran)
  std::string ended;  // "the program exited with status 0", when it ended by itself
  const char* stopped_with = nullptr;  // the signal a started program was stopped with
  KernelEventCounts kernel;            // what the probe measured on the program's side
  bool ok() const { return error.empty(); }
};

// Blocks until stop is requested, the program ends, or it fails to start. started (may be
// empty) is called once the probe watches the process, with its pid.
ForeignTraceResult trace_program(const ForeignTarget& target, TraceHub& hub, StopSignal& stop,
                                 const std::function<void(pid_t)>& started = {});

// The Sys a call is drawn as (Sys::none: not drawn, still counted in the verdict).
Sys drawn_as(const ObservedCall& call);
// The events a call is drawn with on buyer row track: its begin, its end, and for a wait that
// found descriptors ready, the notification.
void append_call_events(const ObservedCall& call, std::uint16_t track, Source source,
                        std::vector<TraceEvent>& out);
// A whole program's calls (an strace log's), a buyer row per thread, marked as imported.
std::vector<TraceEvent> events_of(const ObservedProgram& program);

}  // namespace ioscope
