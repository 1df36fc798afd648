#include "cli/verdict_format.hpp"

#include <QJsonArray>

#include <cmath>
#include <cstdio>

namespace ioscope::cli {

namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

double rounded(double x) {
  return std::round(x * 100.0) / 100.0;
}

}  // namespace

QJsonObject verdict_json(const ModelVerdict& v, const ObservedProgram& program) {
  const VerdictCounts& c = v.counts;
  QJsonObject counts{
      {QStringLiteral("receives"), static_cast<qint64>(c.receives)},
      {QStringLiteral("eagain_receives"), static_cast<qint64>(c.eagain_receives)},
      {QStringLiteral("sends"), static_cast<qint64>(c.sends)},
      {QStringLiteral("accepts"), static_cast<qint64>(c.accepts)},
      {QStringLiteral("select"), static_cast<qint64>(c.selects)},
      {QStringLiteral("poll"), static_cast<qint64>(c.polls)},
      {QStringLiteral("epoll_create"), static_cast<qint64>(c.epoll_creates)},
      {QStringLiteral("epoll_wait"), static_cast<qint64>(c.epoll_waits)},
      {QStringLiteral("epoll_registrations"), static_cast<qint64>(c.epoll_registrations)},
      {QStringLiteral("epollet_registrations"), static_cast<qint64>(c.et_registrations)},
      {QStringLiteral("io_uring_setup"), static_cast<qint64>(c.uring_setups)},
      {QStringLiteral("io_uring_enter"), static_cast<qint64>(c.uring_enters)},
      {QStringLiteral("signal_setups"), static_cast<qint64>(c.async_setups)},
      {QStringLiteral("signal_waits"), static_cast<qint64>(c.signal_waits)},
      {QStringLiteral("signals"), static_cast<qint64>(c.signals_seen)},
      {QStringLiteral("io_threads"), c.io_threads},
  };
  QJsonArray threads;
  for (const auto& t : v.threads)
    threads.append(QJsonObject{{QStringLiteral("tid"), t.tid},
                               {QStringLiteral("model"), q(t.model)},
                               {QStringLiteral("calls"), static_cast<qint64>(t.calls)}});
  QJsonArray parts;
  for (const auto& p : v.parts) parts.append(q(p));
  return QJsonObject{
      {QStringLiteral("pid"), program.tgid},
      {QStringLiteral("command"), q(program.command)},
      {QStringLiteral("source"),
       program.kernel_side ? QStringLiteral("probe") : QStringLiteral("strace")},
      {QStringLiteral("calls_seen"), static_cast<qint64>(program.calls.size())},
      {QStringLiteral("records_lost"), static_cast<qint64>(program.lost)},
      {QStringLiteral("model"), q(v.model)},
      {QStringLiteral("model_words"), QString::fromLatin1(model_words(v.model))},
      {QStringLiteral("confidence"), rounded(v.confidence)},
      {QStringLiteral("evidence"), q(v.evidence)},
      {QStringLiteral("parts"), parts},
      {QStringLiteral("counts"), counts},
      {QStringLiteral("threads"), threads},
  };
}

std::string verdict_text(const ModelVerdict& v, const ObservedProgram& program) {
  std::string out = "pid " + std::to_string(program.tgid) +
                    (program.command.empty() ? "" : " " + program.command) + ": " +
                    std::to_string(program.calls.size()) + " calls seen (" +
                    (program.kernel_side ? "kernel probe" : "strace log, the process's side only");
  if (program.lost > 0)
    out += "; " + std::to_string(program.lost) + " records lost: the counts are short";
  out += ")\n";
  char model[128];
  std::snprintf(model, sizeof model, "model: %s (confidence %.2f)\n", v.model.c_str(),
                v.confidence);
  out += model;
  out += "evidence: " + v.evidence + "\n";
  return out;
}

QJsonObject kernel_json(const KernelEventCounts& k) {
  return QJsonObject{
      {QStringLiteral("data_queued"), static_cast<qint64>(k.data_queued)},
      {QStringLiteral("wakeups"), static_cast<qint64>(k.wakeups)},
      {QStringLiteral("copies"), static_cast<qint64>(k.copies)},
      {QStringLiteral("peers"), static_cast<qint64>(k.peers)},
  };
}

std::string kernel_text(const KernelEventCounts& k) {
  return "kernel side (measured): " + std::to_string(k.data_queued) + " data arrivals, " +
         std::to_string(k.wakeups) + " wake-ups, " + std::to_string(k.copies) + " copies; " +
         std::to_string(k.peers) + (k.peers == 1 ? " peer" : " peers") + " drawn as factories\n";
}

}  // namespace ioscope::cli
