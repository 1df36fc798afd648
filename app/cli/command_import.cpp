// ioscope-cli import: name a program's I/O model from an strace log, for machines where the
// kernel probe cannot run. The same verdict as trace, from the process's side only.
#include <QJsonDocument>

#include <cstdio>
#include <fstream>
#include <string>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/verdict_format.hpp"
#include "foreign/model_verdict.hpp"
#include "foreign/strace_log.hpp"

namespace ioscope::cli {

int command_import(const QStringList& all_args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Reads the log of 'strace -f -tt -T -yy -o LOG CMD' and names the program's "
                     "I/O model from what it did (the process's side only: strace cannot see the "
                     "kernel's). Exit 2 when the file cannot be read or is not such a log."));
  parser.addHelpOption();
  parser.addPositionalArgument(QStringLiteral("LOG"), QStringLiteral("The strace log."));
  parser.addOptions({
      {QStringLiteral("json"), QStringLiteral("Print the verdict as one JSON object.")},
  });
  std::string path;
  if (auto over = parse_one_file_or_help(
          parser, all_args, "import needs a log file (strace -f -tt -T -yy -o LOG CMD)",
          "import takes one log file", path))
    return *over;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    print_error("cannot open " + path + ": " + errno_text(errno));
    return kExitUsage;
  }
  auto program = read_strace_log(in);
  if (!program) {
    print_error(path + ": " + program.error().message);
    return kExitUsage;
  }
  const ModelVerdict verdict = name_model(*program);
  if (parser.isSet(QStringLiteral("json"))) {
    std::fputs(
        QJsonDocument(verdict_json(verdict, *program)).toJson(QJsonDocument::Compact).constData(),
        stdout);
    std::fputc('\n', stdout);
  } else {
    std::fputs(verdict_text(verdict, *program).c_str(), stdout);
  }
  if (verdict.model == "none") {
    print_error(path + ": no socket I/O in this log");
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace ioscope::cli
