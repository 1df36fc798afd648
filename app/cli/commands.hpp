// ioscope-cli's subcommands. Each takes the arguments after its name and returns the exit code:
// 0 done, 1 the run failed, 2 the command line was wrong.
#pragma once

#include <QStringList>

namespace ioscope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

int command_models(const QStringList& args);
int command_run(const QStringList& args);
int command_serve(const QStringList& args);
int command_scan(const QStringList& args);
int command_compare(const QStringList& args);
int command_register(const QStringList& args);
int command_trace(const QStringList& args);
int command_import(const QStringList& args);
int command_replay(const QStringList& args);

}  // namespace ioscope::cli
