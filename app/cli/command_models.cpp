#include <cstdio>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "models/model.hpp"

namespace ioscope::cli {

int command_models(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Lists the I/O models and whether each can run here."));
  parser.addHelpOption();
  if (auto done = parse_or_help(parser, args)) return *done;
  for (const auto& m : all_models()) {
    const auto why = m.unavailable ? m.unavailable() : std::nullopt;
    std::printf("%-12s %-46s %s\n", m.id.c_str(), m.title.c_str(),
                why ? ("unavailable: " + *why).c_str() : "available");
    std::printf("%-12s   %s\n", "", m.summary.c_str());
  }
  return kExitOk;
}

}  // namespace ioscope::cli
