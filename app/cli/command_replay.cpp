// ioscope-cli replay: a recording (.ioscope) shown again without running anything: the summary
// `run` printed, made from the recorded events by the same formatter, and where and when it was
// recorded.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <ctime>
#include <string>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/summary_format.hpp"
#include "record/recording_format.hpp"
#include "record/recording_reader.hpp"
#include "record/replayed_summary.hpp"

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

}  // namespace

int command_replay(const QStringList& all_args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Opens a recording made by 'ioscope-cli run --record FILE' and prints the run's summary "
      "again, counted from the recorded events, with where and when it was recorded. Nothing "
      "runs. Exit 1 when the file cannot be read or is not a whole recording."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The recording (.ioscope)."));
  parser.addOptions({
      {QStringLiteral("json"), QStringLiteral("Print the summary as one JSON object.")},
  });
  if (!parser.parse(all_args)) {
    print_error(parser.errorText().toStdString());
    return kExitUsage;
  }
  if (parser.isSet(QStringLiteral("help"))) {
    std::fputs(qPrintable(parser.helpText()), stdout);
    return kExitOk;
  }
  const QStringList files = parser.positionalArguments();
  if (files.size() != 1) {
    print_error(files.isEmpty()
                    ? "replay needs a recording (FILE.ioscope)"
                    : "replay takes one recording, not " + std::to_string(files.size()));
    return kExitUsage;
  }
  const std::string path = files[0].toStdString();
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
