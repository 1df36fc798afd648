#include <cstdio>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "models/model.hpp"
#include "probe/kernel_probe.hpp"

namespace ioscope::cli {

int command_models(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Lists the I/O models and whether each can run here."));
  parser.addHelpOption();
  if (auto done = parse_or_help(parser, args)) return *done;
  for (const auto& m : all_models()) {
    const auto why = m.unavailable ? m.unavailable() : std::nullopt;
    std::printf("%-12s %-46s %s\n", m.id.c_str(), m.title.c_str(),
                why ? ("unavailable: " + *why).c_str() : "available");
    std::printf("%-12s   %s\n", "", m.summary.c_str());
  }
  // The kernel's side: measured by the eBPF probe, or inferred from user space.
  const ProbeAvailability probe = KernelProbe::check();
  if (probe.can_run()) {
    std::printf(
        "\nkernel probe: available (eBPF on tracepoints): data arrival, wake-up and copy "
        "are measured in the kernel\n");
  } else {
    std::printf(
        "\nkernel probe: unavailable: %s; the kernel's side is inferred from user "
        "space\n",
        probe.reasons.empty() ? "unknown" : probe.reasons.front().c_str());
  }
  for (const auto& tp : probe.tracepoints)
    if (!tp.present)
      std::printf("  missing %s:%s: %s\n", tp.group.c_str(), tp.name.c_str(), tp.reason.c_str());
  return kExitOk;
}

}  // namespace ioscope::cli
