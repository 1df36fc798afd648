// ioscope-cli: the engine without a display. Runs a model, writes its trace, prints a summary.
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

#include "cli/commands.hpp"

namespace {

const char* kUsage =
    "usage: ioscope-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  models                 list the I/O models and whether each can run here\n"
    "  run --model ID ...     run a model against the factory's clients, print a summary\n"
    "  serve --model ID ...   run a model's echo server on 127.0.0.1 for your own clients\n"
    "  scan [--fds 10,100..]  select vs poll vs epoll: the cost of one waiting call as N grows\n"
    "  compare [--models ..]  the same open-loop load on each model: latency, CPU, the knee\n"
    "  register [--fds ..]    epoll_ctl one by one vs io_uring's batch; one loop, many events\n"
    "  trace --pid N | -- CMD trace a program you wrote (kernel probe) and name its I/O model\n"
    "  import LOG             name a program's I/O model from its strace -f -tt -T -yy log\n"
    "  replay FILE            a recording (run --record FILE) shown again; nothing runs\n"
    "\n"
    "'ioscope-cli <command> --help' describes a command's options.\n"
    "'ioscope-cli --version' prints the version.\n";

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("ioscope-cli"));
  QCoreApplication::setApplicationVersion(QStringLiteral(IOSCOPE_VERSION));
  QStringList args = QCoreApplication::arguments();
  if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h") ||
      args[1] == QLatin1String("help")) {
    std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
    return args.size() < 2 ? ioscope::cli::kExitUsage : ioscope::cli::kExitOk;
  }
  if (args[1] == QLatin1String("--version")) {
    std::printf("ioscope-cli %s\n", qPrintable(QCoreApplication::applicationVersion()));
    return 0;
  }
  const QString command = args[1];
  args.removeAt(1);  // the subcommand's parser sees "ioscope-cli --opt ..."
  if (command == QLatin1String("models")) return ioscope::cli::command_models(args);
  if (command == QLatin1String("run")) return ioscope::cli::command_run(args);
  if (command == QLatin1String("serve")) return ioscope::cli::command_serve(args);
  if (command == QLatin1String("scan")) return ioscope::cli::command_scan(args);
  if (command == QLatin1String("compare")) return ioscope::cli::command_compare(args);
  if (command == QLatin1String("register")) return ioscope::cli::command_register(args);
  if (command == QLatin1String("trace")) return ioscope::cli::command_trace(args);
  if (command == QLatin1String("import")) return ioscope::cli::command_import(args);
  if (command == QLatin1String("replay")) return ioscope::cli::command_replay(args);
  std::fprintf(stderr,
               "ioscope-cli: unknown command '%s' (commands: models, run, serve, scan, compare, "
               "register, trace, import, replay)\n",
               qPrintable(command));
  return ioscope::cli::kExitUsage;
}
