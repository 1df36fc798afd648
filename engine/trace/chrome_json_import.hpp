// Reads back a Chrome Trace Event JSON file that ioscope wrote (write_chrome_json): its "ioscope"
// section holds every event exactly as it was, which the slices and arrows for Perfetto do not.
//
// Errors: every failure is an Error naming the file and the problem ("'x.json': ioscope.events[3]
// has 10 numbers; an event has 11"), never an exception. The document is read as a stream (SAX),
// so memory holds the events and little else, whatever the size of the slices beside them; a
// file claiming more events than its bytes can hold is not believed. A Chrome trace ioscope did
// not write is refused with a sentence saying what it lacks. Any thread.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "net/result.hpp"
#include "record/recording_meta.hpp"
#include "trace/trace_event.hpp"
#include "trace/trace_sinks.hpp"

namespace ioscope {

struct ImportedJson {
  int format = 0;  // the "ioscope" section's version it was written in
  TraceMeta meta;
  std::vector<TraceEvent> events;  // in the order written
};

// name stands for the input in messages.
Result<ImportedJson> read_chrome_json(std::istream& in, const std::string& name = "the trace");
// The file at path, named by its path in messages.
Result<ImportedJson> load_chrome_json(const std::string& path);

// The run a Chrome JSON trace holds, as a recording would describe it: the model, and the
// workload's clients, messages and interval read off the factory's sends (message k is meant to
// leave at start + (k + 1) x interval); the rest (message size, bytes, duration, the probe's
// report) the file does not keep.
record::RecordedRun recorded_run_of(const ImportedJson& trace);

}  // namespace ioscope
