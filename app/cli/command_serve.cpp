#include <QJsonDocument>

#include <cstdio>
#include <string>
#include <thread>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/run_driver.hpp"
#include "cli/summary_format.hpp"
#include "lab/serve_session.hpp"
#include "models/model.hpp"
#include "options/scenario_options.hpp"

namespace ioscope::cli {

int command_serve(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Runs one model's traced echo server on 127.0.0.1 for clients you bring (nc, a script). "
      "Ctrl-C stops it and prints a summary."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("model"), QStringLiteral("Model id (see 'ioscope-cli models')."),
       QStringLiteral("ID")},
      {QStringLiteral("port"),
       QStringLiteral("TCP port on 127.0.0.1, 1024-65535; 0 picks a free one (default 0)."),
       QStringLiteral("P")},
      {QStringLiteral("bugs"),
       QStringLiteral("Deliberate mistakes to make, comma-separated: ") +
           QString::fromLatin1(kBugNames) + QStringLiteral("."),
       QStringLiteral("NAME[,NAME]")},
      {QStringLiteral("max-connections"),
       QStringLiteral("blocking: the most connections served at once, a thread each; one more is "
                      "closed at once and counted (default %1).")
           .arg(kServeMaxConnections),
       QStringLiteral("N")},
      options::idle_option(IdleMode::Sleep),
      options::uring_option(),
      {QStringLiteral("untraced"),
       QStringLiteral("Record no events (the counters still count): to measure what tracing "
                      "costs.")},
      {QStringLiteral("json"), QStringLiteral("Print the summary as one JSON object.")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;
  if (!parser.isSet(QStringLiteral("model"))) {
    print_error("serve needs --model ID (one of: " + model_ids_joined() + ")");
    return kExitUsage;
  }
  const std::string model = parser.value(QStringLiteral("model")).toStdString();
  if (find_model(model) == nullptr) {
    print_error("unknown model '" + model + "' (known: " + model_ids_joined() + ")");
    return kExitUsage;
  }
  const auto port = int_option(parser, QStringLiteral("port"), 0, 65535, 0);
  if (!port) return kExitUsage;
  if (*port != 0 && *port < 1024) {
    print_error("--port " + std::to_string(*port) +
                " is a privileged port (below 1024), which ioscope never needs: pick one from "
                "1024 to 65535, or 0 for any free one");
    return kExitUsage;
  }
  const auto bugs = bugs_option(parser);
  if (!bugs) return kExitUsage;
  const auto max_connections = int_option(parser, QStringLiteral("max-connections"), 1, 65536,
                                          static_cast<long long>(kServeMaxConnections));
  if (!max_connections) return kExitUsage;
  const options::IdleValue idle = options::idle_value(parser, IdleMode::Sleep);
  if (idle.error) {
    print_error(*idle.error);
    return kExitUsage;
  }
  const options::UringValue uring = options::uring_value(parser);
  if (uring.error) {
    print_error(*uring.error);
    return kExitUsage;
  }
  Scenario asked;  // the model and its options checked as a run's scenario would be
  asked.model = model;
  asked.bugs = *bugs;
  asked.uring = uring.features;
  if (auto bad = validate(asked)) {
    print_error(bad->message);
    return kExitUsage;
  }

  catch_interrupts();
  TraceHub hub;
  hub.set_enabled(!parser.isSet(QStringLiteral("untraced")));
  ServeOptions serve_options;
  serve_options.bugs = *bugs;
  serve_options.max_connections = static_cast<std::size_t>(*max_connections);
  serve_options.idle = idle.mode;
  serve_options.uring = uring.features;
  StopSignal stop;
  std::atomic<bool> done{false};
  std::atomic<bool> listening{false};
  ServeSummary summary;
  std::thread server([&] {
    summary = serve_model(
        model, static_cast<std::uint16_t>(*port), hub, stop,
        [&](std::uint16_t p) {
          listening.store(true);
          std::fprintf(stderr, "ioscope-cli: %s echo server on 127.0.0.1:%u (Ctrl-C stops)\n",
                       model.c_str(), p);
        },
        serve_options);
    done.store(true);
  });
  std::vector<TraceEvent> discard;
  while (!done.load()) {
    if (interrupted()) stop.request();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    discard.clear();
    hub.drain(discard);  // keeps the rings from filling during a long session
  }
  server.join();
  if (!listening.load() && !summary.error.empty()) {
    // Nothing was served (the port is taken, say): the one line that says why, as for any
    // other argument that cannot be used.
    print_error(summary.error);
    return kExitUsage;
  }
  if (parser.isSet(QStringLiteral("json"))) {
    std::fputs(
        QJsonDocument(serve_summary_json(summary)).toJson(QJsonDocument::Compact).constData(),
        stdout);
    std::fputc('\n', stdout);
  } else {
    std::fputs(serve_summary_text(summary).c_str(), stdout);
  }
  if (!summary.error.empty()) {
    print_error(summary.error);
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace ioscope::cli
