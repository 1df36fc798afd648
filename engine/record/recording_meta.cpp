#include "record/recording_meta.hpp"

#include <algorithm>

#include "record/json_fields.hpp"
#include "record/machine_info.hpp"
#include "record/run_json.hpp"
#include "trace/clock.hpp"

#ifndef IOSCOPE_VERSION
#error "engine/CMakeLists.txt defines IOSCOPE_VERSION for this file"
#endif

namespace ioscope::record {

using nlohmann::json;

namespace {

// nlohmann's parser keeps its own stack, but dump() and the checks here recurse: a hostile file
// of a million '[' must be refused before it is parsed.
constexpr int kMaxJsonDepth = 64;

bool nests_too_deep(const std::string& text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

std::optional<Lane> lane_named(const std::string& name) {
  for (Lane l : {Lane::Buyer, Lane::Shopkeeper, Lane::Factory})
    if (name == to_string(l)) return l;
  return std::nullopt;
}

json machine_json(const MachineInfo& m) {
  return {{"hostname", m.hostname},   {"kernel", m.kernel}, {"arch", m.arch},
          {"cpu_model", m.cpu_model}, {"cpus", m.cpus},     {"clock_source", m.clock_source}};
}

void read_machine(JsonFields in, MachineInfo& m) {
  in.get("hostname", m.hostname);
  in.get("kernel", m.kernel);
  in.get("arch", m.arch);
  in.get("cpu_model", m.cpu_model);
  in.get("cpus", m.cpus);
  in.get("clock_source", m.clock_source);
}

json annotation_json(const Annotation& a) {
  return {{"t_ns", a.t_ns},
          {"lane", a.lane ? json(to_string(*a.lane)) : json(nullptr)},
          {"track", a.track},
          {"text", a.text},
          {"run", a.run}};
}

void read_annotation(JsonFields in, Annotation& a) {
  in.get("t_ns", a.t_ns);
  if (const json* lane = in.find("lane"); lane != nullptr && !lane->is_null()) {
    a.lane = lane->is_string() ? lane_named(lane->get<std::string>()) : std::nullopt;
    if (!a.lane) in.fail("lane", "must be buyer, shopkeeper, factory or null");
  }
  in.get("track", a.track);
  in.get("text", a.text);
  in.get("run", a.run);
}

void read_run(JsonFields in, RecordedRun& r) {
  in.get("first_event", r.first_event);
  in.get("event_count", r.event_count);
  read_scenario(in.object("scenario"), r.summary.scenario);
  read_run_result(in.object("result"), r.summary);
}

// What the fields say must agree with the file: every run's events are in it, every note is on
// a run that is.
std::string inconsistency(const RecordingMeta& m, std::uint64_t event_count) {
  for (std::size_t i = 0; i < m.runs.size(); ++i) {
    const RecordedRun& r = m.runs[i];
    if (r.first_event > event_count || r.event_count > event_count - r.first_event)
      return "runs[" + std::to_string(i) + "] claims events " + std::to_string(r.first_event) +
             " to " + std::to_string(r.first_event + r.event_count) + ", but the recording holds " +
             std::to_string(event_count);
  }
  for (std::size_t i = 0; i < m.annotations.size(); ++i)
    if (m.annotations[i].run >= std::max<std::size_t>(1, m.runs.size()))
      return "annotations[" + std::to_string(i) + "] is on run " +
             std::to_string(m.annotations[i].run) + ", but the recording has " +
             std::to_string(m.runs.size());
  return {};
}

}  // namespace

std::vector<std::string> RecordingMeta::models() const {
  std::vector<std::string> out;
  for (const RecordedRun& r : runs)
    if (std::find(out.begin(), out.end(), r.summary.scenario.model) == out.end())
      out.push_back(r.summary.scenario.model);
  return out;
}

RecordingMeta new_recording_meta() {
  RecordingMeta m;
  m.ioscope_version = IOSCOPE_VERSION;
  m.created_unix_ns = realtime_ns();
  m.machine = this_machine();
  return m;
}

RecordedRun recorded_run(const RunSummary& summary, std::uint64_t first_event,
                         std::uint64_t event_count) {
  RecordedRun r;
  r.summary = summary;
  r.summary.latencies_ns.clear();
  r.first_event = first_event;
  r.event_count = event_count;
  return r;
}

std::string meta_to_json(const RecordingMeta& m) {
  json runs = json::array();
  for (const RecordedRun& r : m.runs)
    runs.push_back({{"first_event", r.first_event},
                    {"event_count", r.event_count},
                    {"scenario", scenario_json(r.summary.scenario)},
                    {"result", run_result_json(r.summary)}});
  json notes = json::array();
  for (const Annotation& a : m.annotations) notes.push_back(annotation_json(a));
  json lesson = nullptr;
  if (!m.lesson_id.empty() || m.prediction >= 0)
    lesson = {
        {"id", m.lesson_id}, {"prediction", m.prediction}, {"prediction_text", m.prediction_text}};
  const json doc = {{"ioscope_version", m.ioscope_version},
                    {"created_unix_ns", m.created_unix_ns},
                    {"machine", machine_json(m.machine)},
                    {"runs", runs},
                    {"lesson", lesson},
                    {"annotations", notes},
                    {"extra", m.extra.is_object() ? m.extra : json::object()}};
  // Text from outside (a host name, a note) may not be valid UTF-8: replaced, never a throw.
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<RecordingMeta> meta_from_json(const std::string& text, std::uint64_t event_count) {
  if (nests_too_deep(text))
    return Error{"metadata: nested more than " + std::to_string(kMaxJsonDepth) + " levels deep"};
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    // A syntax error, and also a number too big for any type (out_of_range 406).
    return Error{std::string("metadata is not valid JSON: ") + e.what()};
  }
  if (!doc.is_object()) return Error{"metadata: not a JSON object"};
  RecordingMeta m;
  std::string error;
  JsonFields in(doc, "", error);
  in.get("ioscope_version", m.ioscope_version);
  in.get("created_unix_ns", m.created_unix_ns);
  read_machine(in.object("machine"), m.machine);
  const json& runs = in.array("runs");
  for (std::size_t i = 0; i < runs.size() && in.ok(); ++i)
    read_run(in.element("runs", i, runs[i]), m.runs.emplace_back());
  if (const json* lesson = in.find("lesson"); lesson != nullptr && !lesson->is_null()) {
    JsonFields l = in.object("lesson");
    l.get("id", m.lesson_id);
    l.get("prediction", m.prediction);
    l.get("prediction_text", m.prediction_text);
  }
  const json& notes = in.array("annotations");
  for (std::size_t i = 0; i < notes.size() && in.ok(); ++i)
    read_annotation(in.element("annotations", i, notes[i]), m.annotations.emplace_back());
  if (const json* extra = in.find("extra"); extra != nullptr) {
    if (extra->is_object())
      m.extra = *extra;
    else
      in.fail("extra", "must be an object");
  }
  if (error.empty()) error = inconsistency(m, event_count);
  if (!error.empty()) return Error{"metadata: " + error};
  return m;
}

}  // namespace ioscope::record
