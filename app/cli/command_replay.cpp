// ioscope-cli replay: a recording (.ioscope) shown again without running anything: the summary
// `run` printed, made from the recorded events by the same formatter, and where and when it was
// recorded. A Chrome JSON trace written by `run --trace` replays too, from the raw events it
// carries beside the slices; what such a file does not keep (message size, bytes, duration) is
// said, not shown as zero.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/summary_format.hpp"
#include "record/recording_format.hpp"
#include "record/recording_reader.hpp"
#include "record/replayed_summary.hpp"
#include "trace/chrome_json_import.hpp"

namespace ioscope::cli {

namespace {

using record::Recording;
using record::RecordingMeta;

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

std::string time_text(std::int64_t unix_ns, bool utc) {
  const std::time_t t = static_cast<std::time_t>(unix_ns / 1'000'000'000);
  std::tm tm{};
  if ((utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == nullptr) return "an unknown time";
  char buf[64];
  std::strftime(buf, sizeof buf, utc ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S %Z", &tm);
  return buf;
}

std::string or_unknown(const std::string& s) {
  return s.empty() ? "unknown" : s;
}

std::string recording_text(const std::string& path, const Recording& r) {
  const RecordingMeta& m = r.meta;
  const record::MachineInfo& h = m.machine;
  std::string out = "recorded       " + time_text(m.created_unix_ns, false) + " on " +
                    or_unknown(h.hostname) + " by ioscope " + or_unknown(m.ioscope_version) + "\n";
  out += "machine        Linux " + or_unknown(h.kernel) + " " + h.arch + ", " +
         or_unknown(h.cpu_model) + " (" + std::to_string(h.cpus) + " CPUs), clock source " +
         or_unknown(h.clock_source) + "\n";
  out += "recording      " + path + ": " + std::to_string(r.events.size()) + " events, " +
         std::to_string(m.runs.size()) + (m.runs.size() == 1 ? " run" : " runs") + "\n";
  if (!m.lesson_id.empty()) {
    out += "lesson         " + m.lesson_id;
    if (m.prediction >= 0)
      out += ", predicted " +
             (m.prediction_text.empty() ? "#" + std::to_string(m.prediction) : m.prediction_text);
    out += "\n";
  }
  for (const record::Annotation& a : m.annotations)
    out +=
        "note           at " + std::to_string(a.t_ns) + " ns" +
        (a.lane ? std::string(" on ") + to_string(*a.lane) + " " + std::to_string(a.track) : "") +
        ": " + a.text + "\n";
  return out;
}

QJsonObject recording_json(const std::string& path, const Recording& r) {
  const RecordingMeta& m = r.meta;
  QJsonObject o;
  o.insert(QStringLiteral("file"), qs(path));
  o.insert(QStringLiteral("format"), static_cast<qint64>(record::kFormatVersion));
  o.insert(QStringLiteral("ioscope_version"), qs(m.ioscope_version));
  o.insert(QStringLiteral("created_unix_ns"), static_cast<qint64>(m.created_unix_ns));
  o.insert(QStringLiteral("created_utc"), qs(time_text(m.created_unix_ns, true)));
  QJsonObject machine;
  machine.insert(QStringLiteral("hostname"), qs(m.machine.hostname));
  machine.insert(QStringLiteral("kernel"), qs(m.machine.kernel));
  machine.insert(QStringLiteral("arch"), qs(m.machine.arch));
  machine.insert(QStringLiteral("cpu_model"), qs(m.machine.cpu_model));
  machine.insert(QStringLiteral("cpus"), m.machine.cpus);
  machine.insert(QStringLiteral("clock_source"), qs(m.machine.clock_source));
  o.insert(QStringLiteral("machine"), machine);
  o.insert(QStringLiteral("events"), static_cast<qint64>(r.events.size()));
  if (!m.lesson_id.empty()) {
    o.insert(QStringLiteral("lesson"), qs(m.lesson_id));
    o.insert(QStringLiteral("prediction"), m.prediction);
  }
  o.insert(QStringLiteral("annotations"), static_cast<qint64>(m.annotations.size()));
  return o;
}

// When the run dropped events its own counts exceed what the events hold: said, not hidden. (A
// count of 0 is a recording that did not keep the run's own counts.)
std::string counts_note(const RunSummary& replayed, const RunSummary& recorded) {
  const std::uint64_t own = recorded.counters.events;
  if (own == 0 || own == replayed.counters.events) return {};
  std::string note = "counted        from the " + std::to_string(replayed.counters.events) +
                     " recorded events; the run itself counted " + std::to_string(own);
  if (recorded.dropped > 0)
    note += " (" + std::to_string(recorded.dropped) + " dropped before they were recorded)";
  return note + "\n";
}

// By its name, else by its first byte: JSON text starts with { or [ (after white space), a
// recording with its signature. A .ioscope file is always read as a recording, so a damaged one
// gets the recording reader's message.
bool looks_like_json(const std::string& path) {
  const auto ends_with = [&](std::string_view tail) {
    return path.size() >= tail.size() &&
           path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (ends_with(".json")) return true;
  if (ends_with(".ioscope")) return false;
  std::ifstream in(path, std::ios::binary);
  char c = 0;
  while (in.get(c))
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c == '{' || c == '[';
  return false;
}

// What a Chrome JSON trace does not keep of a run: printed instead of the zeros it would show.
constexpr const char* kNotKept[] = {"size",    "port",        "bytes_sent", "bytes_verified",
                                    "dropped", "duration_ns", "probe",      "kernel_events"};

// The summary's lines, with those a Chrome JSON trace cannot fill said so.
std::string json_trace_text(const std::string& path, const ImportedJson& trace,
                            const RunSummary& s) {
  std::istringstream lines(summary_text(s));
  std::string out, line;
  while (std::getline(lines, line)) {
    if (line.rfind("workload ", 0) == 0) {
      line = "workload       " + std::to_string(s.scenario.clients) + " clients x " +
             std::to_string(s.scenario.messages) + " messages, every " +
             format_duration(s.scenario.interval_ns) + " (message size not kept in the file)";
    } else if (line.rfind("bytes ", 0) == 0) {
      line = "bytes          not kept in a Chrome JSON trace";
    } else if (line.rfind("duration ", 0) == 0) {
      line = "duration       not kept in a Chrome JSON trace";
    } else if (line.rfind("kernel probe ", 0) == 0) {
      std::uint64_t probed = 0;
      for (const TraceEvent& e : trace.events) probed += source_of(e) == Source::Probe;
      line = probed == 0 ? "kernel probe   none of its events in the file (kernel events inferred)"
                         : "kernel probe   " + std::to_string(probed) +
                               " of its events in the file (its report is not kept)";
    } else if (line.rfind("trace ", 0) == 0) {
      const std::size_t cut = line.find(", 0 dropped");
      if (cut != std::string::npos) line.erase(cut, 11);
    }
    out += line + "\n";
  }
  out += "trace file     " + path + ": Chrome JSON written by ioscope-cli run --trace (format " +
         std::to_string(trace.format) + "), " + std::to_string(trace.events.size()) + " events\n";
  return out;
}

QJsonObject json_trace_json(const std::string& path, const ImportedJson& trace) {
  QJsonObject o;
  o.insert(QStringLiteral("file"), qs(path));
  o.insert(QStringLiteral("kind"), QStringLiteral("chrome-json"));
  o.insert(QStringLiteral("format"), trace.format);
  o.insert(QStringLiteral("events"), static_cast<qint64>(trace.events.size()));
  QJsonArray missing;
  for (const char* field : kNotKept) missing.append(QString::fromLatin1(field));
  o.insert(QStringLiteral("not_kept"), missing);
  return o;
}

int replay_json_trace(const std::string& path, bool as_json) {
  auto loaded = load_chrome_json(path);
  if (!loaded) {
    print_error(loaded.error().message);
    return kExitFailed;
  }
  const ImportedJson& trace = *loaded;
  const RunSummary s = record::replayed_summary(recorded_run_of(trace), trace.events);
  if (as_json) {
    QJsonObject o = summary_json(s);
    for (const char* field : kNotKept) o.remove(QString::fromLatin1(field));
    o.insert(QStringLiteral("trace_file"), json_trace_json(path, trace));
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return kExitOk;
  }
  std::fputs(json_trace_text(path, trace, s).c_str(), stdout);
  return kExitOk;
}

}  // namespace

int command_replay(const QStringList& all_args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Opens a recording made by 'ioscope-cli run --record FILE' and prints the run's summary "
      "again, counted from the recorded events, with where and when it was recorded. A Chrome "
      "JSON trace written by 'ioscope-cli run --trace FILE.json' replays too, from the events it "
      "carries (it does not keep the message size, bytes or duration). Nothing runs. Exit 1 when "
      "the file cannot be read, is not a whole recording, or is a JSON trace ioscope did not "
      "write."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("FILE"),
                               QStringLiteral("The recording (.ioscope) or JSON trace (.json)."));
  parser.addOptions({
      {QStringLiteral("json"), QStringLiteral("Print the summary as one JSON object.")},
  });
  std::string path;
  if (auto over =
          parse_one_file_or_help(parser, all_args, "replay needs a recording (FILE.ioscope)",
                                 "replay takes one recording", path))
    return *over;
  if (looks_like_json(path)) return replay_json_trace(path, parser.isSet(QStringLiteral("json")));
  auto loaded = record::load_recording(path);
  if (!loaded) {
    print_error(loaded.error().message);
    return kExitFailed;
  }
  const Recording& r = *loaded;
  std::vector<RunSummary> runs;
  for (const record::RecordedRun& run : r.meta.runs)
    runs.push_back(record::replayed_summary(run, record::events_of(run, r.events)));

  if (parser.isSet(QStringLiteral("json"))) {
    QJsonObject o;
    if (runs.size() == 1) {
      o = summary_json(runs[0]);
    } else {
      QJsonArray all;
      for (const RunSummary& s : runs) all.append(summary_json(s));
      o.insert(QStringLiteral("runs"), all);
    }
    o.insert(QStringLiteral("recording"), recording_json(path, r));
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return kExitOk;
  }
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (i > 0) std::fputc('\n', stdout);
    std::fputs(summary_text(runs[i]).c_str(), stdout);
    std::fputs(counts_note(runs[i], r.meta.runs[i].summary).c_str(), stdout);
  }
  std::fputs(recording_text(path, r).c_str(), stdout);
  return kExitOk;
}

}  // namespace ioscope::cli
