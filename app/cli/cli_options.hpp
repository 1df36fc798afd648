// Strict parsing of option values: a value that is not exactly a number in range is an error
// that names the option and the text, never a silent zero.
#pragma once

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "lab/scan_experiment.hpp"
#include "lab/scenario.hpp"

namespace ioscope::cli {

// --trace FILE before anything runs, so a typo costs nothing: .json or .csv, and writable (an
// empty path is fine: no trace asked). False after printing what is wrong.
bool trace_path_usable(const std::string& path);

// --record FILE: the name must end in .ioscope (an empty path is fine: no recording asked).
// False after printing what is wrong. Whether the file can be made is the writer's to say.
bool record_path_named_right(const std::string& path);

// Prints "ioscope-cli: <message>" to stderr.
void print_error(const std::string& message);

// Parses args; on an unknown option or a stray argument prints one line and returns false.
bool parse_or_complain(QCommandLineParser& parser, const QStringList& args);

// parse_or_complain, then --help: the exit code when the command is over (2 after a bad
// command line, 0 after printing the help), nothing when it should go on.
std::optional<int> parse_or_help(QCommandLineParser& parser, const QStringList& args);

// For a command of one FILE argument: the parse and --help as parse_or_help (its positional
// argument allowed), then exactly one file, put in file. None prints `missing`; several print
// "<several>, not N". The exit code when the command is over, nothing when it should go on.
std::optional<int> parse_one_file_or_help(QCommandLineParser& parser, const QStringList& args,
                                          const std::string& missing, const std::string& several,
                                          std::string& file);

// The option's integer value, or nullopt after printing what is wrong with it.
std::optional<long long> int_option(const QCommandLineParser& parser, const QString& name,
                                    long long min, long long max, long long fallback);

// A duration ("2ms"), or nullopt after printing what is wrong with it.
std::optional<std::int64_t> duration_option(const QCommandLineParser& parser, const QString& name,
                                            std::int64_t fallback);

// --bugs NAME[,NAME] (parse_bugs), no bugs when absent; nullopt after printing what is wrong.
std::optional<Bugs> bugs_option(const QCommandLineParser& parser);

// How a command prints its report: --json (one object on one line), --csv, or text.
enum class ReportFormat { Text, Json, Csv };

// --json or --csv (not both: nullopt after saying so), Text when neither is set.
std::optional<ReportFormat> report_format_option(const QCommandLineParser& parser);

// The descriptor ceiling an experiment ran under, as the scan and register reports give it.
QJsonObject ceiling_json(const FdCeiling& c);

// A CSV field, quoted (and its quotes doubled) when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s);

// After an experiment printed its report: its error, or that it was cancelled (the results shown
// being the ones finished before), and the exit code that goes with it.
int experiment_exit(const std::string& error, bool cancelled, const char* command);

// Prints the report in `format`; only the chosen maker is called.
void print_report(ReportFormat format, const std::function<QJsonObject()>& json,
                  const std::function<std::string()>& csv,
                  const std::function<std::string()>& text);

}  // namespace ioscope::cli
