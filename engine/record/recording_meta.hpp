// What a recording says besides its events: which runs they are (scenario, toggles, model,
// what each run reported, the probe's status), where and when it was made, the lesson and the
// learner's prediction, the teacher's notes, and whatever the desktop app adds (extra). Kept in
// the file as JSON text (FORMAT.md, "Metadata").
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/run.hpp"
#include "net/result.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::record {

struct MachineInfo {
  std::string hostname;
  std::string kernel;        // uname: release, e.g. "6.1.0-18-amd64"
  std::string arch;          // uname: machine, e.g. "x86_64"
  std::string cpu_model;     // /proc/cpuinfo's "model name"
  int cpus = 0;              // online CPUs
  std::string clock_source;  // /sys/devices/system/clocksource/clocksource0/current_clocksource
  bool operator==(const MachineInfo&) const = default;
};

// One run's share of the recording: its summary as the run reported it, and which events are
// its own (a race records several runs, their events one run after another).
struct RecordedRun {
  RunSummary summary;  // latencies_ns stays empty: each ClientRecv event holds one
  std::uint64_t first_event = 0;
  std::uint64_t event_count = 0;
};

// A note pinned on a moment of the trace. lane empty: on the whole timeline, not one row.
struct Annotation {
  std::int64_t t_ns = 0;
  std::optional<Lane> lane;
  std::uint16_t track = 0;
  std::string text;
  std::uint32_t run = 0;  // which of runs it belongs to
  bool operator==(const Annotation&) const = default;
};

struct RecordingMeta {
  std::string ioscope_version;
  std::int64_t created_unix_ns = 0;  // CLOCK_REALTIME when the recording was made
  MachineInfo machine;
  std::vector<RecordedRun> runs;
  std::string lesson_id;  // empty: not a lesson's run
  int prediction = -1;    // the learner's answer, an index into the lesson's choices; -1: none
  std::string prediction_text;
  std::vector<Annotation> annotations;
  // The desktop app's own state (views, zoom, selection...): kept and handed back as it was.
  nlohmann::json extra = nlohmann::json::object();

  // The models of the runs, in order, each once.
  std::vector<std::string> models() const;
};

// Version, creation time and machine filled in from the running program and machine.
RecordingMeta new_recording_meta();
// A run as a recording keeps it (its latencies left to the events).
RecordedRun recorded_run(const RunSummary& summary, std::uint64_t first_event,
                         std::uint64_t event_count);

std::string meta_to_json(const RecordingMeta& meta);
// The metadata of a recording holding event_count events, or what is wrong with the text
// ("metadata: runs[0].scenario.clients must be ...").
Result<RecordingMeta> meta_from_json(const std::string& text, std::uint64_t event_count);

}  // namespace ioscope::record
