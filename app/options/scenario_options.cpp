#include "options/scenario_options.hpp"

#include <QStringList>

namespace ioscope::options {

namespace {

std::string dash(const QString& name) {
  return "--" + name.toStdString();
}

QString number(long long v) {
  return QString::number(v);
}

}  // namespace

IntValue int_value(const QCommandLineParser& parser, const QString& name, long long min,
                   long long max, long long fallback) {
  if (!parser.isSet(name)) return {fallback, std::nullopt};
  const QString text = parser.value(name).trimmed();
  bool ok = false;
  const long long v = text.toLongLong(&ok);
  if (!ok) return {0, dash(name) + " wants a whole number, not '" + text.toStdString() + "'"};
  if (v < min || v > max)
    return {0, dash(name) + " must be between " + std::to_string(min) + " and " +
                   std::to_string(max) + ", not " + std::to_string(v)};
  return {v, std::nullopt};
}

DurationValue duration_value(const QCommandLineParser& parser, const QString& name,
                             std::int64_t fallback) {
  if (!parser.isSet(name)) return {fallback, std::nullopt};
  auto d = parse_duration(parser.value(name).trimmed().toStdString());
  if (!d) return {0, dash(name) + ": " + d.error().message};
  return {*d, std::nullopt};
}

QCommandLineOption idle_option(IdleMode fallback) {
  return {QStringLiteral("idle"),
          QStringLiteral("What sigio and io_uring do while no data is ready: work (keep doing "
                         "units of useful work between checks, using a whole core; the lessons' "
                         "setting) or sleep (wait in sigtimedwait / io_uring_enter until there "
                         "is something to do; fair for comparing latencies). Other models "
                         "ignore it; nonblocking always busy-polls (default %1).")
              .arg(QString::fromLatin1(to_string(fallback))),
          QStringLiteral("work|sleep")};
}

IdleValue idle_value(const QCommandLineParser& parser, IdleMode fallback) {
  if (!parser.isSet(QStringLiteral("idle"))) return {fallback, std::nullopt};
  auto mode = parse_idle_mode(parser.value(QStringLiteral("idle")).trimmed().toStdString());
  if (!mode) return {fallback, "--idle: " + mode.error().message};
  return {*mode, std::nullopt};
}

QCommandLineOption uring_option() {
  return {QStringLiteral("uring"),
          QStringLiteral("io_uring only, what to add to the plain one-shot receive: multishot "
                         "(one receive per connection that stays armed, into buffers the kernel "
                         "picks from a provided ring; Linux 6.0) and defer-taskrun "
                         "(IORING_SETUP_DEFER_TASKRUN: the kernel's copies run only when the "
                         "server asks for completions; Linux 6.1), comma-separated (default "
                         "plain)."),
          QStringLiteral("FEATURE[,FEATURE]")};
}

UringValue uring_value(const QCommandLineParser& parser) {
  if (!parser.isSet(QStringLiteral("uring"))) return {};
  auto f = parse_uring_features(parser.value(QStringLiteral("uring")).trimmed().toStdString());
  if (!f) return {{}, "--uring: " + f.error().message};
  return {*f, std::nullopt};
}

QList<QCommandLineOption> workload_options(const WorkloadOptions& which, const Scenario& defaults) {
  QList<QCommandLineOption> o{
      {QStringLiteral("clients"),
       QStringLiteral("Clients, 1-%1 (default %2).").arg(kMaxClients).arg(defaults.clients),
       QStringLiteral("N")},
      {QStringLiteral("messages"),
       QStringLiteral("Messages per client, 1-%1 (default %2).")
           .arg(number(kMaxMessages), number(defaults.messages)),
       QStringLiteral("M")},
      {which.size_name,
       QStringLiteral("Bytes per message, 1-%1 (default %2).")
           .arg(number(static_cast<long long>(kMaxMessageSize)),
                number(static_cast<long long>(defaults.size))),
       QStringLiteral("BYTES")},
      {QStringLiteral("interval"),
       QStringLiteral("Time between a client's messages, e.g. 2ms, 500us, 1s (default %1).")
           .arg(QString::fromStdString(format_duration(defaults.interval_ns))),
       QStringLiteral("DURATION")},
  };
  if (which.bugs)
    o.append({QStringLiteral("bugs"),
              QStringLiteral("Deliberate mistakes to make, comma-separated: ") +
                  QString::fromLatin1(kBugNames) + QStringLiteral("."),
              QStringLiteral("NAME[,NAME]")});
  if (which.probe)
    o.append({QStringLiteral("probe"),
              QStringLiteral("Measure the kernel's side (data queued, wake-up, copy) with the "
                             "eBPF probe: auto (where the machine allows it: root, BTF), on "
                             "(fail without it), off (default auto)."),
              QStringLiteral("auto|on|off")});
  if (which.idle) o.append(idle_option(defaults.idle));
  if (which.uring) o.append(uring_option());
  return o;
}

bool any_workload_option(const QCommandLineParser& parser, const WorkloadOptions& which) {
  QStringList names{QStringLiteral("clients"), QStringLiteral("messages"), which.size_name,
                    QStringLiteral("interval")};
  if (which.bugs) names << QStringLiteral("bugs");
  if (which.probe) names << QStringLiteral("probe");
  if (which.idle) names << QStringLiteral("idle");
  if (which.uring) names << QStringLiteral("uring");
  for (const QString& n : names)
    if (parser.isSet(n)) return true;
  return false;
}

std::optional<std::string> read_workload(const QCommandLineParser& parser,
                                         const WorkloadOptions& which, Scenario& s) {
  const IntValue clients = int_value(parser, QStringLiteral("clients"), 1, kMaxClients, s.clients);
  if (clients.error) return clients.error;
  const IntValue messages =
      int_value(parser, QStringLiteral("messages"), 1, kMaxMessages, s.messages);
  if (messages.error) return messages.error;
  const IntValue size =
      int_value(parser, which.size_name, 1, static_cast<long long>(kMaxMessageSize),
                static_cast<long long>(s.size));
  if (size.error) return size.error;
  const DurationValue interval = duration_value(parser, QStringLiteral("interval"), s.interval_ns);
  if (interval.error) return interval.error;
  s.clients = static_cast<int>(clients.value);
  s.messages = static_cast<int>(messages.value);
  s.size = static_cast<std::size_t>(size.value);
  s.interval_ns = interval.ns;
  if (which.bugs && parser.isSet(QStringLiteral("bugs"))) {
    auto bugs = parse_bugs(parser.value(QStringLiteral("bugs")).toStdString());
    if (!bugs) return "--bugs: " + bugs.error().message;
    s.bugs = *bugs;
  }
  if (which.probe && parser.isSet(QStringLiteral("probe"))) {
    auto mode = parse_probe_mode(parser.value(QStringLiteral("probe")).toStdString());
    if (!mode) return "--probe: " + mode.error().message;
    s.probe = *mode;
  }
  if (which.idle) {
    const IdleValue idle = idle_value(parser, s.idle);
    if (idle.error) return idle.error;
    s.idle = idle.mode;
  }
  if (which.uring && parser.isSet(QStringLiteral("uring"))) {
    const UringValue uring = uring_value(parser);
    if (uring.error) return uring.error;
    s.uring = uring.features;
  }
  if (auto bad = validate(s)) return bad->message;
  return std::nullopt;
}

}  // namespace ioscope::options
