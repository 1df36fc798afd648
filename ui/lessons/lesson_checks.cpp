#include "lessons/lesson_checks.hpp"

#include <QRegularExpression>

#include <algorithm>
#include <set>

#include "lessons/run_facts.hpp"

namespace ioscope::ui {

namespace {

const QStringList& variable_names() {
  static const QStringList names{QStringLiteral("clients"), QStringLiteral("messages"),
                                 QStringLiteral("clients*messages"), QStringLiteral("fds")};
  return names;
}

std::int64_t value_of(const QString& value, const CheckVariables& v,
                      const QMap<QString, std::int64_t>& facts) {
  if (facts.contains(value)) return facts.value(value);  // another fact of the same run
  if (value == QLatin1String("clients")) return v.clients;
  if (value == QLatin1String("messages")) return v.messages;
  if (value == QLatin1String("clients*messages")) return v.clients * v.messages;
  if (value == QLatin1String("fds")) return v.fds;
  return value.toLongLong();
}

bool compare(std::int64_t a, const QString& op, std::int64_t b) {
  if (op == QLatin1String("==")) return a == b;
  if (op == QLatin1String("!=")) return a != b;
  if (op == QLatin1String(">=")) return a >= b;
  if (op == QLatin1String("<=")) return a <= b;
  if (op == QLatin1String(">")) return a > b;
  return a < b;
}

}  // namespace

std::optional<QString> parse_check(const QString& text, int line, LessonCheck& out) {
  static const QRegularExpression shape(QStringLiteral(
      R"(^\s*(\(probe\)\s*)?(?:\[([A-Za-z0-9_-]+)\]\s*)?([a-z_]+)\s*(==|!=|>=|<=|>|<)\s*([A-Za-z0-9_*]+)\s*:\s*(\S.*)$)"));
  const auto m = shape.match(text);
  if (!m.hasMatch())
    return LessonChecksText::tr(
               "bad check: expected '(probe) [model] fact op value: claim' ((probe) and [model] "
               "optional; op is one of == != >= <= > <), found '%1'")
        .arg(text.trimmed());
  out.needs_probe = !m.captured(1).isEmpty();
  out.model = m.captured(2);
  out.fact = m.captured(3);
  out.op = m.captured(4);
  out.value = m.captured(5);
  out.text = m.captured(6).trimmed();
  out.line = line;
  bool number = false;
  out.value.toLongLong(&number);
  if (!number && !variable_names().contains(out.value) && !RunFacts::names().contains(out.value) &&
      !scan_fact_names().contains(out.value) && !register_fact_names().contains(out.value))
    return LessonChecksText::tr(
               "bad check: the value '%1' is neither a whole number, nor one of %2, nor a fact")
        .arg(out.value, variable_names().join(QStringLiteral(", ")));
  return std::nullopt;
}

std::optional<QString> validate_check(const LessonCheck& check, const LessonScenario& scenario) {
  const bool scan = scenario.view == LessonView::Scan;
  const bool reg = scenario.view == LessonView::Register;
  const QStringList& facts = scan  ? scan_fact_names()
                             : reg ? register_fact_names()
                                   : RunFacts::names();
  if (!facts.contains(check.fact))
    return LessonChecksText::tr("bad check: unknown fact '%1' (known: %2)")
        .arg(check.fact, facts.join(QStringLiteral(", ")));
  if (!check.model.isEmpty() && !scenario.models.contains(check.model))
    return LessonChecksText::tr("bad check: '%1' is not one of the lesson's models (%2)")
        .arg(check.model, scenario.models.join(QStringLiteral(", ")));
  if (check.value == QLatin1String("fds") && !scan && !reg)
    return LessonChecksText::tr("bad check: 'fds' is a scan or register lesson's value");
  bool number = false;
  check.value.toLongLong(&number);
  if (!number && !variable_names().contains(check.value) && !facts.contains(check.value))
    return LessonChecksText::tr("bad check: unknown fact '%1' (known: %2)")
        .arg(check.value, facts.join(QStringLiteral(", ")));
  return std::nullopt;
}

std::vector<CheckOutcome> evaluate_checks(const QList<LessonCheck>& checks, const FactTable& facts,
                                          const CheckVariables& variables) {
  std::vector<CheckOutcome> out;
  for (const LessonCheck& c : checks) {
    for (const auto& [model, named] : facts) {
      if (!c.model.isEmpty() && c.model != model) continue;
      // A claim only the kernel probe can show is not checked on a run it did not measure.
      if (c.needs_probe && named.value(QStringLiteral("probe_measured"), 0) == 0) continue;
      CheckOutcome o;
      o.check = c;
      o.model = model;
      o.actual = named.value(c.fact, 0);
      o.expected = value_of(c.value, variables, named);
      o.holds = compare(o.actual, c.op, o.expected);
      out.push_back(o);
    }
  }
  return out;
}

FactTable scan_facts(const std::vector<ScanResult>& results, int fds) {
  FactTable out;
  for (const ScanResult& r : results) {
    if (r.fds != fds) continue;
    const QString id = QString::fromUtf8(mechanism_id(r.mechanism));
    out[id] = {{QStringLiteral("scanned"), r.scanned},
               {QStringLiteral("ready"), r.ready},
               {QStringLiteral("skipped"), r.skipped ? 1 : 0}};
  }
  return out;
}

FactTable register_facts(const RegistrationReport& report, int fds) {
  FactTable out;
  for (const RegistrationResult& r : report.results) {
    if (r.fds != fds || r.skipped) continue;
    const QString model =
        r.way == RegistrationWay::EpollCtl ? QStringLiteral("epoll") : QStringLiteral("io_uring");
    out[model] = {{QStringLiteral("syscalls"), r.syscalls},
                  {QStringLiteral("registered"), r.registered},
                  {QStringLiteral("effective"), r.effective ? 1 : 0}};
  }
  std::set<LoopSource> kinds;
  for (const LoopEvent& e : report.loop.events) kinds.insert(e.source);
  if (out.count(QStringLiteral("epoll")))
    out[QStringLiteral("epoll")][QStringLiteral("loop_sources")] =
        static_cast<std::int64_t>(kinds.size());
  return out;
}

const QStringList& register_fact_names() {
  static const QStringList names{QStringLiteral("syscalls"), QStringLiteral("registered"),
                                 QStringLiteral("effective"), QStringLiteral("loop_sources")};
  return names;
}

const QStringList& scan_fact_names() {
  static const QStringList names{QStringLiteral("scanned"), QStringLiteral("ready"),
                                 QStringLiteral("skipped")};
  return names;
}

}  // namespace ioscope::ui
