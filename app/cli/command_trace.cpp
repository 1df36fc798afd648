// ioscope-cli trace: watch a program ioscope did not write through the kernel probe, and name its
// I/O model from what it did. Either it attaches to a running process (--pid, all its threads)
// or starts one (after --), and traces until Ctrl-C, --duration, or the program's exit.
//
// Tracing never changes what the target does: the probe only reads. ioscope never signals a
// process it attached to. A program it started and the user stopped gets SIGINT, then SIGTERM
// after 2 s, then SIGKILL after 2 s more: the same order a terminal user would try.
#include <QJsonDocument>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/run_driver.hpp"
#include "cli/verdict_format.hpp"
#include "foreign/foreign_trace.hpp"
#include "foreign/model_verdict.hpp"
#include "foreign/started_program.hpp"
#include "trace/trace_sinks.hpp"

namespace ioscope::cli {

namespace {

struct TraceArgs {
  pid_t pid = 0;                  // --pid
  std::vector<std::string> argv;  // or the command after --
  std::int64_t duration_ns = 0;   // 0: until Ctrl-C or the program's exit
  bool json = false;
};

}  // namespace

int command_trace(const QStringList& all_args) {
  QStringList args = all_args;
  std::vector<std::string> argv;
  if (const auto dashes = args.indexOf(QStringLiteral("--")); dashes >= 0) {
    for (auto i = dashes + 1; i < args.size(); ++i) argv.push_back(args[i].toStdString());
    args = args.mid(0, dashes);
  }
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Traces a program you wrote with the kernel probe (root, a kernel with BTF) and names its "
      "I/O model from what it does: 'trace --pid N' attaches to a running process, "
      "'trace -- CMD [ARGS...]' starts one. Ends on Ctrl-C, --duration or the program's exit. "
      "A program ioscope started is then stopped with SIGINT, SIGTERM after 2 s, SIGKILL after "
      "2 s more; a process it attached to is never signalled. Exit 2: bad arguments; 1: the "
      "trace failed or saw no socket I/O. Without the probe, record the program with 'strace "
      "-f -tt -T -yy -o LOG CMD' and run 'ioscope-cli import LOG'."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("pid"), QStringLiteral("A running process to trace, all its threads."),
       QStringLiteral("N")},
      {QStringLiteral("duration"),
       QStringLiteral("Stop after this long, e.g. 5s, 500ms (default: Ctrl-C or the program's "
                      "exit)."),
       QStringLiteral("TIME")},
      {QStringLiteral("trace"),
       QStringLiteral("Write the program's calls: .json (Perfetto / chrome://tracing) or .csv."),
       QStringLiteral("FILE")},
      {QStringLiteral("json"), QStringLiteral("Print the verdict as one JSON object.")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;

  TraceArgs t;
  t.argv = std::move(argv);
  t.json = parser.isSet(QStringLiteral("json"));
  const bool has_pid = parser.isSet(QStringLiteral("pid"));
  if (has_pid == !t.argv.empty()) {
    print_error(has_pid ? "trace takes --pid N or a command after --, not both"
                        : "trace needs --pid N or a command after -- (trace -- python3 server.py)");
    return kExitUsage;
  }
  if (has_pid) {
    const auto pid = int_option(parser, QStringLiteral("pid"), 1, 4194304, 0);
    if (!pid) return kExitUsage;
    t.pid = static_cast<pid_t>(*pid);
    if (t.pid == ::getpid()) {
      print_error("--pid " + std::to_string(t.pid) + " is ioscope-cli itself");
      return kExitUsage;
    }
  }
  if (parser.isSet(QStringLiteral("duration"))) {
    const auto d = duration_option(parser, QStringLiteral("duration"), 0);
    if (!d) return kExitUsage;
    if (*d <= 0) {
      print_error("--duration must be more than 0");
      return kExitUsage;
    }
    t.duration_ns = *d;
  }
  if (!t.argv.empty() && find_program(t.argv[0]).empty()) {
    print_error("command not found: " + t.argv[0]);
    return kExitUsage;
  }
  const std::string trace_path = parser.value(QStringLiteral("trace")).toStdString();
  if (!trace_path_usable(trace_path)) return kExitUsage;

  catch_interrupts();
  TraceHub hub;
  hub.set_enabled(!trace_path.empty());  // events only when they are written to a file
  std::vector<TraceEvent> events;
  StopSignal stop;
  ForeignTarget target;
  target.pid = t.pid;
  target.argv = t.argv;
  target.stdout_to_stderr = t.json;
  ForeignTraceResult result;
  std::atomic<bool> done{false};
  std::thread tracer([&] {
    result = trace_program(target, hub, stop, [&](pid_t pid) {
      if (!t.json)
        std::fprintf(stderr, "ioscope-cli: tracing pid %d; Ctrl-C stops\n", static_cast<int>(pid));
    });
    done.store(true);
  });
  const auto began = std::chrono::steady_clock::now();
  while (!done.load()) {
    if (interrupted() || (t.duration_ns > 0 && std::chrono::steady_clock::now() - began >=
                                                   std::chrono::nanoseconds(t.duration_ns)))
      stop.request();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    hub.drain(events);  // keeps the rings from filling during a long trace
  }
  tracer.join();
  hub.drain(events);
  if (!result.ok()) {
    print_error(result.error);
    return result.error.rfind("command not found", 0) == 0 ? kExitUsage : kExitFailed;
  }
  if (!trace_path.empty()) {
    TraceMeta meta;
    meta.model = "trace of pid " + std::to_string(result.program.tgid);
    meta.buyer_threads = static_cast<std::uint16_t>(std::max(1, result.verdict.counts.io_threads));
    if (auto err = write_trace_file(trace_path, std::move(events), meta)) {
      print_error(err->message);
      return kExitFailed;
    }
  }
  if (result.stopped_with)
    std::fprintf(stderr, "ioscope-cli: stopped the program with %s\n", result.stopped_with);
  if (t.json) {
    QJsonObject o = verdict_json(result.verdict, result.program);
    o.insert(QStringLiteral("kernel"), kernel_json(result.kernel));
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
  } else {
    std::fputs(verdict_text(result.verdict, result.program).c_str(), stdout);
    std::fputs(kernel_text(result.kernel).c_str(), stdout);
  }
  if (result.verdict.model == "none") {
    print_error("no socket I/O seen in pid " + std::to_string(result.program.tgid) +
                (result.ended.empty() ? "" : " before " + result.ended));
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace ioscope::cli
