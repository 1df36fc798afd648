#include "cli/cli_options.hpp"

#include <QJsonDocument>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "cli/commands.hpp"
#include "lab/scenario.hpp"
#include "options/scenario_options.hpp"

namespace ioscope::cli {

bool trace_path_usable(const std::string& path) {
  if (path.empty()) return true;
  auto ends_with = [&](const char* suffix) {
    const std::size_t n = std::strlen(suffix);
    return path.size() >= n && path.compare(path.size() - n, n, suffix) == 0;
  };
  if (!ends_with(".json") && !ends_with(".csv")) {
    print_error("--trace '" + path + "': the file name must end in .json or .csv");
    return false;
  }
  std::ofstream probe(path, std::ios::app);
  if (!probe) {
    print_error("cannot write the trace to '" + path + "': " + errno_text(errno));
    return false;
  }
  return true;
}

bool record_path_named_right(const std::string& path) {
  const std::string suffix = ".ioscope";
  if (path.empty() || (path.size() > suffix.size() &&
                       path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0))
    return true;
  print_error("--record '" + path + "': the file name must end in .ioscope");
  return false;
}

void print_error(const std::string& message) {
  std::fprintf(stderr, "ioscope-cli: %s\n", message.c_str());
}

bool parse_or_complain(QCommandLineParser& parser, const QStringList& args) {
  if (!parser.parse(args)) {
    print_error(parser.errorText().toStdString());
    return false;
  }
  if (!parser.positionalArguments().isEmpty()) {
    print_error("unexpected argument '" + parser.positionalArguments().first().toStdString() + "'");
    return false;
  }
  return true;
}

std::optional<int> parse_or_help(QCommandLineParser& parser, const QStringList& args) {
  if (!parse_or_complain(parser, args)) return kExitUsage;
  if (parser.isSet(QStringLiteral("help"))) {
    std::fputs(qPrintable(parser.helpText()), stdout);
    return kExitOk;
  }
  return std::nullopt;
}

std::optional<int> parse_one_file_or_help(QCommandLineParser& parser, const QStringList& args,
                                          const std::string& missing, const std::string& several,
                                          std::string& file) {
  if (!parser.parse(args)) {
    print_error(parser.errorText().toStdString());
    return kExitUsage;
  }
  if (parser.isSet(QStringLiteral("help"))) {
    std::fputs(qPrintable(parser.helpText()), stdout);
    return kExitOk;
  }
  const QStringList files = parser.positionalArguments();
  if (files.size() != 1) {
    print_error(files.isEmpty() ? missing : several + ", not " + std::to_string(files.size()));
    return kExitUsage;
  }
  file = files[0].toStdString();
  return std::nullopt;
}

std::optional<long long> int_option(const QCommandLineParser& parser, const QString& name,
                                    long long min, long long max, long long fallback) {
  const options::IntValue v = options::int_value(parser, name, min, max, fallback);
  if (v.error) {
    print_error(*v.error);
    return std::nullopt;
  }
  return v.value;
}

std::optional<std::int64_t> duration_option(const QCommandLineParser& parser, const QString& name,
                                            std::int64_t fallback) {
  const options::DurationValue d = options::duration_value(parser, name, fallback);
  if (d.error) {
    print_error(*d.error);
    return std::nullopt;
  }
  return d.ns;
}

std::optional<Bugs> bugs_option(const QCommandLineParser& parser) {
  const QString name = QStringLiteral("bugs");
  if (!parser.isSet(name)) return Bugs{};
  auto bugs = parse_bugs(parser.value(name).toStdString());
  if (!bugs) {
    print_error("--bugs: " + bugs.error().message);
    return std::nullopt;
  }
  return *bugs;
}

std::optional<ReportFormat> report_format_option(const QCommandLineParser& parser) {
  const bool json = parser.isSet(QStringLiteral("json"));
  const bool csv = parser.isSet(QStringLiteral("csv"));
  if (json && csv) {
    print_error("choose one of --json and --csv");
    return std::nullopt;
  }
  return json ? ReportFormat::Json : csv ? ReportFormat::Csv : ReportFormat::Text;
}

QJsonObject ceiling_json(const FdCeiling& c) {
  QJsonObject o;
  o.insert(QStringLiteral("max_fds"), c.max_fds);
  o.insert(QStringLiteral("hard_limit"), static_cast<qint64>(c.hard));
  o.insert(QStringLiteral("soft_limit"), static_cast<qint64>(c.soft));
  o.insert(QStringLiteral("soft_limit_before"), static_cast<qint64>(c.soft_before));
  o.insert(QStringLiteral("open"), c.open);
  o.insert(QStringLiteral("headroom"), c.headroom);
  o.insert(QStringLiteral("why"), QString::fromStdString(c.why));
  return o;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

int experiment_exit(const std::string& error, bool cancelled, const char* command) {
  if (!error.empty()) {
    print_error(error);
    return kExitFailed;
  }
  if (cancelled) {
    print_error(std::string(command) +
                " cancelled; the results above are the ones finished before it stopped");
    return kExitFailed;
  }
  return kExitOk;
}

void print_report(ReportFormat format, const std::function<QJsonObject()>& json,
                  const std::function<std::string()>& csv,
                  const std::function<std::string()>& text) {
  switch (format) {
    case ReportFormat::Json:
      std::fputs(QJsonDocument(json()).toJson(QJsonDocument::Compact).constData(), stdout);
      std::fputc('\n', stdout);
      break;
    case ReportFormat::Csv:
      std::fputs(csv().c_str(), stdout);
      break;
    case ReportFormat::Text:
      std::fputs(text().c_str(), stdout);
      break;
  }
}

}  // namespace ioscope::cli
