#include <QJsonDocument>

#include <cstdio>
#include <fstream>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/run_driver.hpp"
#include "cli/summary_format.hpp"
#include "models/model.hpp"
#include "trace/trace_sinks.hpp"

namespace ioscope::cli {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int command_run(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Runs one I/O model's echo server against the factory: N clients, each sending M "
      "messages of S bytes every INTERVAL (open loop), verifying every echoed byte."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("model"), QStringLiteral("Model id (see 'ioscope-cli models')."), QStringLiteral("ID")},
      {QStringLiteral("clients"), QStringLiteral("Clients, 1-512 (default 4)."), QStringLiteral("N")},
      {QStringLiteral("messages"), QStringLiteral("Messages per client (default 100)."), QStringLiteral("M")},
      {QStringLiteral("size"), QStringLiteral("Bytes per message, 1-1048576 (default 512)."), QStringLiteral("BYTES")},
      {QStringLiteral("interval"), QStringLiteral("Time between a client's messages, e.g. 2ms, 500us, 1s (default 2ms)."), QStringLiteral("DURATION")},
      {QStringLiteral("bugs"), QStringLiteral("Deliberate mistakes to make, comma-separated: ") + QString::fromLatin1(kBugNames) + QStringLiteral("."), QStringLiteral("NAME[,NAME]")},
      {QStringLiteral("probe"), QStringLiteral("Measure the kernel's side (data queued, wake-up, copy) with the eBPF probe: auto (where the machine allows it: root, BTF), on (fail without it), off (default auto)."), QStringLiteral("auto|on|off")},
      {QStringLiteral("trace"), QStringLiteral("Write the trace: .json (Perfetto / chrome://tracing) or .csv."), QStringLiteral("FILE")},
      {QStringLiteral("json"), QStringLiteral("Print the summary as one JSON object.")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;
  if (!parser.isSet(QStringLiteral("model"))) {
    print_error("run needs --model ID (one of: " + model_ids_joined() + ")");
    return kExitUsage;
  }
  Scenario s;
  s.model = parser.value(QStringLiteral("model")).toStdString();
  const auto clients = int_option(parser, QStringLiteral("clients"), 1, kMaxClients, 4);
  const auto messages = int_option(parser, QStringLiteral("messages"), 1, kMaxMessages, 100);
  const auto size = int_option(parser, QStringLiteral("size"), 1, static_cast<long long>(kMaxMessageSize), 512);
  const auto interval = duration_option(parser, QStringLiteral("interval"), 2'000'000);
  if (!clients || !messages || !size || !interval) return kExitUsage;
  s.clients = static_cast<int>(*clients);
  s.messages = static_cast<int>(*messages);
  s.size = static_cast<std::size_t>(*size);
  s.interval_ns = *interval;
  const auto bugs = bugs_option(parser);
  if (!bugs) return kExitUsage;
  s.bugs = *bugs;
  s.probe = ProbeMode::Auto;
  if (parser.isSet(QStringLiteral("probe"))) {
    auto mode = parse_probe_mode(parser.value(QStringLiteral("probe")).toStdString());
    if (!mode) {
      print_error("--probe: " + mode.error().message);
      return kExitUsage;
    }
    s.probe = *mode;
  }
  if (auto bad = validate(s)) {
    print_error(bad->message);
    return kExitUsage;
  }

  // Check the trace path before running, so a typo costs nothing.
  const std::string trace_path = parser.value(QStringLiteral("trace")).toStdString();
  if (!trace_path.empty()) {
    if (!ends_with(trace_path, ".json") && !ends_with(trace_path, ".csv")) {
      print_error("--trace '" + trace_path + "': the file name must end in .json or .csv");
      return kExitUsage;
    }
    std::ofstream probe(trace_path, std::ios::app);
    if (!probe) {
      print_error("cannot write the trace to '" + trace_path + "': " + errno_text(errno));
      return kExitUsage;
    }
  }

  catch_interrupts();
  DrivenRun run = drive_run(s, !trace_path.empty());
  if (!trace_path.empty()) {
    TraceMeta meta;
    meta.model = s.model;
    if (auto err = write_trace_file(trace_path, std::move(run.events), meta)) {
      print_error(err->message);
      return kExitFailed;
    }
  }
  if (parser.isSet(QStringLiteral("json"))) {
    std::fputs(QJsonDocument(summary_json(run.summary)).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
  } else {
    std::fputs(summary_text(run.summary).c_str(), stdout);
  }
  if (!run.summary.error.empty()) {
    print_error(run.summary.error);
    return kExitFailed;
  }
  return run.summary.cancelled ? kExitFailed : kExitOk;
}

}  // namespace ioscope::cli
