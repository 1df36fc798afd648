#include "cli/summary_format.hpp"

#include <QJsonArray>

#include <cstdio>

namespace ioscope::cli {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

QJsonObject probe_json(const ProbeReport& p) {
  QJsonObject o;
  o.insert(QStringLiteral("measured"), p.measured);
  if (!p.measured) {
    o.insert(QStringLiteral("why_not"), qs(p.why_not));
    return o;
  }
  const KernelEventCounts& c = p.counts;
  QJsonObject counts;
  const auto put = [&](const char* name, std::uint64_t n) {
    counts.insert(QString::fromLatin1(name), static_cast<qint64>(n));
  };
  put("data_queued", c.data_queued);
  put("wakeups", c.wakeups);
  put("copies", c.copies);
  put("copies_outside_a_receive", c.copies_outside_a_receive);
  put("copies_on_io_worker", c.copies_on_io_worker);
  put("uring_armed", c.uring_armed);
  put("uring_task_work", c.uring_task_work);
  put("uring_worker", c.uring_worker);
  put("uring_completions", c.uring_completions);
  put("records", c.records);
  put("unmatched", c.unmatched);
  o.insert(QStringLiteral("events"), counts);
  QJsonObject sys;
  for (const auto& [name, n] : p.syscalls) sys.insert(qs(name), static_cast<qint64>(n));
  o.insert(QStringLiteral("process_syscalls"), sys);
  o.insert(QStringLiteral("dropped"), static_cast<qint64>(p.dropped));
  o.insert(QStringLiteral("syscalls_missed"), static_cast<qint64>(p.syscalls_missed));
  QJsonArray tps;
  for (const auto& t : p.attached) tps.append(qs(t));
  o.insert(QStringLiteral("tracepoints"), tps);
  return o;
}

std::string probe_text(const ProbeReport& p) {
  if (!p.measured) return "kernel probe   off: " + p.why_not + " (kernel events inferred)\n";
  const KernelEventCounts& c = p.counts;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "kernel probe   measured: %llu data queued, %llu wake-ups, %llu copies (%llu by "
                "the kernel outside a receive call, %llu on io-wq workers), %llu completions; "
                "%llu records dropped\n",
                static_cast<unsigned long long>(c.data_queued),
                static_cast<unsigned long long>(c.wakeups),
                static_cast<unsigned long long>(c.copies),
                static_cast<unsigned long long>(c.copies_outside_a_receive),
                static_cast<unsigned long long>(c.copies_on_io_worker),
                static_cast<unsigned long long>(c.uring_completions),
                static_cast<unsigned long long>(p.dropped));
  return buf;
}

QJsonObject syscalls_json(const TraceCounters& c) {
  QJsonObject o;
  for (int i = 1; i < kSysCount; ++i)
    if (c.syscalls[static_cast<std::size_t>(i)] > 0)
      o.insert(QLatin1String(to_string(static_cast<Sys>(i))),
               static_cast<qint64>(c.syscalls[static_cast<std::size_t>(i)]));
  return o;
}

std::string syscalls_text(const TraceCounters& c) {
  std::string out;
  for (int i = 1; i < kSysCount; ++i) {
    const auto n = c.syscalls[static_cast<std::size_t>(i)];
    if (n == 0) continue;
    if (!out.empty()) out += ", ";
    out += std::string(to_string(static_cast<Sys>(i))) + " " + std::to_string(n);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

QJsonObject summary_json(const RunSummary& s) {
  QJsonObject o;
  o.insert(QStringLiteral("model"), qs(s.scenario.model));
  o.insert(QStringLiteral("ok"), s.ok());
  if (!s.error.empty()) o.insert(QStringLiteral("error"), qs(s.error));
  o.insert(QStringLiteral("cancelled"), s.cancelled);
  o.insert(QStringLiteral("clients"), s.scenario.clients);
  o.insert(QStringLiteral("messages"), s.scenario.messages);
  o.insert(QStringLiteral("size"), static_cast<qint64>(s.scenario.size));
  o.insert(QStringLiteral("interval_ns"), static_cast<qint64>(s.scenario.interval_ns));
  o.insert(QStringLiteral("port"), s.port);
  o.insert(QStringLiteral("bytes_sent"), static_cast<qint64>(s.bytes_sent));
  o.insert(QStringLiteral("bytes_verified"), static_cast<qint64>(s.bytes_verified));
  o.insert(QStringLiteral("messages_verified"), static_cast<qint64>(s.messages_verified));
  o.insert(QStringLiteral("messages_missing"), static_cast<qint64>(s.messages_missing));
  o.insert(QStringLiteral("bugs"), qs(format_bugs(s.scenario.bugs)));
  o.insert(QStringLiteral("syscalls"), syscalls_json(s.counters));
  o.insert(QStringLiteral("eagain"), static_cast<qint64>(s.counters.eagain));
  o.insert(QStringLiteral("notifications"), static_cast<qint64>(s.counters.notifications));
  o.insert(QStringLiteral("work_units"), static_cast<qint64>(s.counters.work_units));
  QJsonObject lat;
  lat.insert(QStringLiteral("p50"), static_cast<qint64>(s.latency.p50));
  lat.insert(QStringLiteral("p99"), static_cast<qint64>(s.latency.p99));
  lat.insert(QStringLiteral("max"), static_cast<qint64>(s.latency.max));
  lat.insert(QStringLiteral("count"), static_cast<qint64>(s.latency.count));
  o.insert(QStringLiteral("latency_ns"), lat);
  o.insert(QStringLiteral("events"), static_cast<qint64>(s.counters.events));
  o.insert(QStringLiteral("dropped"), static_cast<qint64>(s.dropped));
  o.insert(QStringLiteral("kernel_ready"), qs(s.kernel_ready_source()));
  o.insert(QStringLiteral("duration_ns"), static_cast<qint64>(s.duration_ns));
  o.insert(QStringLiteral("kernel_events"),
           s.probe.measured ? QStringLiteral("measured") : QStringLiteral("inferred"));
  o.insert(QStringLiteral("probe"), probe_json(s.probe));
  return o;
}

std::string summary_text(const RunSummary& s) {
  char buf[2048];
  std::string out;
  std::snprintf(
      buf, sizeof buf,
      "model          %s%s\n"
      "workload       %d clients x %d messages of %zu B, every %s (open loop)\n"
      "bytes          %llu sent, %llu echoed back and verified\n"
      "syscalls       %s\n"
      "EAGAIN         %llu wasted calls\n"
      "notifications  %llu\n"
      "useful work    %llu units done while waiting\n"
      "latency        p50 %s, p99 %s, max %s (from the intended send time)\n"
      "trace          %llu events, %llu dropped; kernel-ready: %s\n"
      "duration       %s\n",
      s.scenario.model.c_str(), s.cancelled ? " (cancelled)" : "", s.scenario.clients,
      s.scenario.messages, s.scenario.size, format_duration(s.scenario.interval_ns).c_str(),
      static_cast<unsigned long long>(s.bytes_sent),
      static_cast<unsigned long long>(s.bytes_verified), syscalls_text(s.counters).c_str(),
      static_cast<unsigned long long>(s.counters.eagain),
      static_cast<unsigned long long>(s.counters.notifications),
      static_cast<unsigned long long>(s.counters.work_units),
      format_duration(s.latency.p50).c_str(), format_duration(s.latency.p99).c_str(),
      format_duration(s.latency.max).c_str(), static_cast<unsigned long long>(s.counters.events),
      static_cast<unsigned long long>(s.dropped), s.kernel_ready_source().c_str(),
      format_duration(s.duration_ns).c_str());
  out = buf;
  out += probe_text(s.probe);
  if (s.scenario.bugs.any()) out += "bugs           " + format_bugs(s.scenario.bugs) + "\n";
  if (!s.error.empty()) out += "error          " + s.error + "\n";
  return out;
}

QJsonObject serve_summary_json(const ServeSummary& s) {
  QJsonObject o;
  o.insert(QStringLiteral("model"), qs(s.model));
  o.insert(QStringLiteral("ok"), s.error.empty());
  if (!s.error.empty()) o.insert(QStringLiteral("error"), qs(s.error));
  o.insert(QStringLiteral("port"), s.port);
  o.insert(QStringLiteral("syscalls"), syscalls_json(s.counters));
  o.insert(QStringLiteral("eagain"), static_cast<qint64>(s.counters.eagain));
  o.insert(QStringLiteral("notifications"), static_cast<qint64>(s.counters.notifications));
  o.insert(QStringLiteral("work_units"), static_cast<qint64>(s.counters.work_units));
  o.insert(QStringLiteral("events"), static_cast<qint64>(s.counters.events));
  o.insert(QStringLiteral("dropped"), static_cast<qint64>(s.dropped));
  o.insert(QStringLiteral("duration_ns"), static_cast<qint64>(s.duration_ns));
  o.insert(QStringLiteral("refused"), static_cast<qint64>(s.refused));
  return o;
}

std::string serve_summary_text(const ServeSummary& s) {
  std::string out = "model          " + s.model + " on 127.0.0.1:" + std::to_string(s.port) + "\n";
  out += "syscalls       " + syscalls_text(s.counters) + "\n";
  out += "EAGAIN         " + std::to_string(s.counters.eagain) + "\n";
  out += "notifications  " + std::to_string(s.counters.notifications) + "\n";
  out += "useful work    " + std::to_string(s.counters.work_units) + " units\n";
  out += "trace          " + std::to_string(s.counters.events) + " events, " +
         std::to_string(s.dropped) + " dropped\n";
  out += "duration       " + format_duration(s.duration_ns) + "\n";
  if (s.refused > 0)
    out += "refused        " + std::to_string(s.refused) +
           " connections closed at once (select cannot watch fd >= 1024; blocking serves at most "
           "--max-connections at a time); the others were served\n";
  if (!s.error.empty()) out += "error          " + s.error + "\n";
  return out;
}

}  // namespace ioscope::cli
