// The command-line options both binaries take, read in one place: the workload of a run
// (--clients, --messages, the message size, --interval, --idle, --uring, and in ioscope-cli
// --bugs and --probe), and the strict readers of a number or a duration behind them. Same limits,
// same messages, in ioscope-cli and in ioscope.
#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>
#include <string>

#include "lab/scenario.hpp"

namespace ioscope::options {

// "--NAME wants a whole number, not 'x'" or "--NAME must be between MIN and MAX, not V": an
// error naming the option and the text, never a silent zero. fallback when the option is unset.
struct IntValue {
  long long value = 0;
  std::optional<std::string> error;
};
IntValue int_value(const QCommandLineParser& parser, const QString& name, long long min,
                   long long max, long long fallback);

// A duration ("2ms", "500us", "1s"); fallback when unset.
struct DurationValue {
  std::int64_t ns = 0;
  std::optional<std::string> error;
};
DurationValue duration_value(const QCommandLineParser& parser, const QString& name,
                             std::int64_t fallback);

// Which of the workload options a binary offers.
struct WorkloadOptions {
  QString size_name = QStringLiteral("size");  // the desktop app says --bytes: its --size is WxH
  bool bugs = true;                            // --bugs NAME[,NAME]
  bool probe = true;                           // --probe auto|on|off
  bool idle = true;                            // --idle work|sleep
  bool uring = true;                           // --uring FEATURE[,FEATURE]
};

// --idle work|sleep (see IdleMode), for a binary that reads it on its own (ioscope-cli compare,
// whose default is sleep where a run's is work).
QCommandLineOption idle_option(IdleMode fallback);
// The mode given, or fallback when unset; "--idle: '...' is not an idle mode: ..." when bad.
struct IdleValue {
  IdleMode mode = IdleMode::Work;
  std::optional<std::string> error;
};
IdleValue idle_value(const QCommandLineParser& parser, IdleMode fallback);

// --uring multishot,defer-taskrun (see UringFeatures), for io_uring.
QCommandLineOption uring_option();
struct UringValue {
  UringFeatures features;
  std::optional<std::string> error;
};
UringValue uring_value(const QCommandLineParser& parser);

// The options to add to a parser, with help texts that state the limits and defaults.
QList<QCommandLineOption> workload_options(const WorkloadOptions& which, const Scenario& defaults);
// Was any of them given?
bool any_workload_option(const QCommandLineParser& parser, const WorkloadOptions& which);
// Reads the options that were given into s (which holds the defaults), then checks the whole
// scenario (validate()). The first problem, or nothing.
std::optional<std::string> read_workload(const QCommandLineParser& parser,
                                         const WorkloadOptions& which, Scenario& s);

}  // namespace ioscope::options
