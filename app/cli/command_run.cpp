#include <QJsonDocument>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <optional>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/run_driver.hpp"
#include "cli/summary_format.hpp"
#include "models/model.hpp"
#include "options/scenario_options.hpp"
#include "trace/trace_sinks.hpp"

namespace ioscope::cli {

int command_run(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Runs one I/O model's echo server against the factory: N clients, each sending M "
      "messages of S bytes every INTERVAL (open loop), verifying every echoed byte."));
  parser.addHelpOption();
  Scenario s;
  s.probe = ProbeMode::Auto;  // a run measures the kernel's side where it can
  const options::WorkloadOptions workload;
  parser.addOption({QStringLiteral("model"), QStringLiteral("Model id (see 'ioscope-cli models')."),
                    QStringLiteral("ID")});
  parser.addOptions(options::workload_options(workload, s));
  parser.addOptions({
      {QStringLiteral("trace"),
       QStringLiteral("Write the trace: .json (Perfetto / chrome://tracing) or .csv."),
       QStringLiteral("FILE")},
      {QStringLiteral("record"),
       QStringLiteral(
           "Save the whole run as a recording (.ioscope): every event, the scenario, the "
           "summary and this machine; 'ioscope-cli replay FILE' shows it again."),
       QStringLiteral("FILE")},
      {QStringLiteral("json"), QStringLiteral("Print the summary as one JSON object.")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;
  if (!parser.isSet(QStringLiteral("model"))) {
    print_error("run needs --model ID (one of: " + model_ids_joined() + ")");
    return kExitUsage;
  }
  s.model = parser.value(QStringLiteral("model")).toStdString();
  if (auto bad = options::read_workload(parser, workload, s)) {
    print_error(*bad);
    return kExitUsage;
  }

  // Check the trace path before running, so a typo costs nothing.
  const std::string trace_path = parser.value(QStringLiteral("trace")).toStdString();
  if (!trace_path_usable(trace_path)) return kExitUsage;
  // The recording's file is made now for the same reason; it takes its name when complete.
  const std::string record_path = parser.value(QStringLiteral("record")).toStdString();
  if (!record_path_named_right(record_path)) return kExitUsage;
  std::optional<record::RecordingWriter> recording;
  if (!record_path.empty()) {
    auto writer = record::RecordingWriter::create(record_path);
    if (!writer) {
      print_error(writer.error().message);
      return kExitUsage;
    }
    recording.emplace(std::move(*writer));
    // Past a file size limit (ulimit -f) a write should fail with a message, not kill us.
    std::signal(SIGXFSZ, SIG_IGN);
  }

  catch_interrupts();
  DrivenRun run = drive_run(s, !trace_path.empty() || recording);
  if (recording) {
    if (auto err = save_run_recording(*recording, run)) {
      print_error(err->message);
      return kExitFailed;
    }
  }
  if (!trace_path.empty()) {
    TraceMeta meta;
    meta.model = s.model;
    if (auto err = write_trace_file(trace_path, std::move(run.events), meta)) {
      print_error(err->message);
      return kExitFailed;
    }
  }
  if (parser.isSet(QStringLiteral("json"))) {
    std::fputs(QJsonDocument(summary_json(run.summary)).toJson(QJsonDocument::Compact).constData(),
               stdout);
    std::fputc('\n', stdout);
  } else if (run.summary.error.empty() || run.summary.bytes_sent > 0) {
    // A run refused or failed before its first byte has nothing to sum up: its error says all.
    std::fputs(summary_text(run.summary).c_str(), stdout);
  }
  if (!run.summary.error.empty()) {
    print_error(run.summary.error);
    return kExitFailed;
  }
  return run.summary.cancelled ? kExitFailed : kExitOk;
}

}  // namespace ioscope::cli
