// ioscope-cli scan: the select-vs-epoll experiment from the command line. Prints a table (or
// one JSON object, or CSV) of the cost per waiting call for each mechanism at each N.
#include <sys/select.h>

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/run_driver.hpp"
#include "lab/scan_experiment.hpp"

namespace ioscope::cli {

namespace {

QString qs(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QJsonObject spread_json(std::int64_t total, std::int64_t per_fd) {
  QJsonObject o;
  o.insert(QStringLiteral("total"), static_cast<qint64>(total));
  o.insert(QStringLiteral("per_fd"), static_cast<qint64>(per_fd));
  return o;
}

QJsonObject result_json(const ScanResult& r) {
  QJsonObject o;
  o.insert(QStringLiteral("model"), qs(mechanism_id(r.mechanism)));
  o.insert(QStringLiteral("fds"), r.fds);
  o.insert(QStringLiteral("active"), r.active);
  o.insert(QStringLiteral("rounds"), r.rounds);
  o.insert(QStringLiteral("skipped"), r.skipped);
  if (r.skipped) {
    o.insert(QStringLiteral("reason"), qs(r.reason));
    return o;
  }
  o.insert(QStringLiteral("calls"), r.calls);
  QJsonObject ns;
  ns.insert(QStringLiteral("median"), static_cast<qint64>(r.ns_per_call.median));
  ns.insert(QStringLiteral("min"), static_cast<qint64>(r.ns_per_call.min));
  ns.insert(QStringLiteral("max"), static_cast<qint64>(r.ns_per_call.max));
  o.insert(QStringLiteral("ns_per_call"), ns);
  o.insert(QStringLiteral("scanned"), r.scanned);
  o.insert(QStringLiteral("ready"), r.ready);
  o.insert(QStringLiteral("max_fd"), r.max_fd);
  if (r.registration) {
    const auto key = r.mechanism == ScanMechanism::Epoll ? QStringLiteral("epoll_ctl_ns")
                                                         : QStringLiteral("poll_add_ns");
    o.insert(key, spread_json(r.registration->total_ns, r.registration->per_fd_ns));
  }
  return o;
}

QJsonObject report_json(const ScanReport& rep, const std::vector<ScanResult>& results) {
  const QJsonObject ceiling = ceiling_json(rep.ceiling);

  QJsonObject params;
  QJsonArray models, fds;
  for (ScanMechanism m : rep.params.mechanisms) models.append(qs(mechanism_id(m)));
  for (int n : rep.params.fds) fds.append(n);
  params.insert(QStringLiteral("models"), models);
  params.insert(QStringLiteral("fds"), fds);
  params.insert(QStringLiteral("all_active"), rep.params.all_active);
  if (!rep.params.all_active) params.insert(QStringLiteral("active"), rep.params.active);
  params.insert(QStringLiteral("rounds"), rep.params.rounds);
  params.insert(QStringLiteral("warmup_rounds"), kScanWarmupRounds);

  QJsonArray rows;
  for (const auto& r : results) rows.append(result_json(r));

  QJsonObject o;
  o.insert(QStringLiteral("ceiling"), ceiling);
  o.insert(QStringLiteral("fd_setsize"), FD_SETSIZE);
  o.insert(QStringLiteral("parameters"), params);
  o.insert(QStringLiteral("results"), rows);
  o.insert(QStringLiteral("cancelled"), rep.cancelled);
  if (!rep.error.empty()) o.insert(QStringLiteral("error"), qs(rep.error));
  return o;
}

std::string report_csv(const std::vector<ScanResult>& results) {
  std::string out =
      "model,fds,active,rounds,calls,median_ns,min_ns,max_ns,scanned,ready,max_fd,"
      "register_call,register_total_ns,register_per_fd_ns,skipped,reason\n";
  for (const auto& r : results) {
    out += std::string(mechanism_id(r.mechanism)) + "," + std::to_string(r.fds) + "," +
           std::to_string(r.active) + "," + std::to_string(r.rounds) + ",";
    if (r.skipped) {
      out += ",,,,,,,,,,true," + csv_field(r.reason) + "\n";
      continue;
    }
    out += std::to_string(r.calls) + "," + std::to_string(r.ns_per_call.median) + "," +
           std::to_string(r.ns_per_call.min) + "," + std::to_string(r.ns_per_call.max) + "," +
           std::to_string(r.scanned) + "," + std::to_string(r.ready) + "," +
           std::to_string(r.max_fd) + ",";
    if (r.registration)
      out += r.registration->call + "," + std::to_string(r.registration->total_ns) + "," +
             std::to_string(r.registration->per_fd_ns);
    else
      out += ",,";
    out += ",false,\n";
  }
  return out;
}

std::string fmt(const char* format, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

const ScanResult* find_result(const std::vector<ScanResult>& results, ScanMechanism m, int n) {
  for (const auto& r : results)
    if (r.mechanism == m && r.fds == n && !r.skipped) return &r;
  return nullptr;
}

// The shape the experiment is for: how each mechanism's cost grows with N, and how much more a
// scanning call costs than epoll_wait at the same N.
std::string shape_text(const ScanReport& rep, const std::vector<ScanResult>& results) {
  std::string out;
  for (ScanMechanism m : rep.params.mechanisms) {
    const ScanResult* lo = nullptr;
    const ScanResult* hi = nullptr;
    for (const auto& r : results) {
      if (r.mechanism != m || r.skipped) continue;
      if (!lo || r.fds < lo->fds) lo = &r;
      if (!hi || r.fds > hi->fds) hi = &r;
    }
    if (!lo || lo == hi || lo->ns_per_call.median <= 0) continue;
    out += fmt(
        "  %-8s N %d -> %d (x%.0f): median per call x%.1f\n", std::string(mechanism_id(m)).c_str(),
        lo->fds, hi->fds, static_cast<double>(hi->fds) / lo->fds,
        static_cast<double>(hi->ns_per_call.median) / static_cast<double>(lo->ns_per_call.median));
  }
  for (int n : rep.params.fds) {
    const ScanResult* ep = find_result(results, ScanMechanism::Epoll, n);
    if (!ep || ep->ns_per_call.median <= 0) continue;
    std::string line;
    for (ScanMechanism m : rep.params.mechanisms) {
      if (m == ScanMechanism::Epoll) continue;
      const ScanResult* r = find_result(results, m, n);
      if (!r) continue;
      line += fmt(
          "  %s/epoll x%.1f", std::string(mechanism_id(m)).c_str(),
          static_cast<double>(r->ns_per_call.median) / static_cast<double>(ep->ns_per_call.median));
    }
    if (!line.empty()) out += fmt("  at N=%d:", n) + line + "\n";
  }
  return out.empty() ? out : "shape:\n" + out;
}

std::string report_text(const ScanReport& rep, const std::vector<ScanResult>& results) {
  std::string out;
  if (rep.params.all_active)
    out += "scan: every descriptor active (k = N), ";
  else
    out += "scan: " + std::to_string(rep.params.active) + " active of N descriptors, ";
  out += std::to_string(rep.params.rounds) + " timed rounds (after " +
         std::to_string(kScanWarmupRounds) + " warm-up); only the waiting call is timed\n";
  out += "ceiling: " + std::to_string(rep.ceiling.max_fds) + " descriptors (" + rep.ceiling.why +
         ")\n\n";
  out += fmt("%-9s %6s %6s %6s %8s %6s %11s %11s %11s  %s\n", "model", "N", "active", "calls",
             "scanned", "ready", "median ns", "min ns", "max ns", "registration (timed apart)");
  for (const auto& r : results) {
    const std::string id(mechanism_id(r.mechanism));
    if (r.skipped) {
      out += fmt("%-9s %6d %6d %6s  skipped: ", id.c_str(), r.fds, r.active, "-") + r.reason + "\n";
      continue;
    }
    out +=
        fmt("%-9s %6d %6d %6d %8d %6d %11lld %11lld %11lld", id.c_str(), r.fds, r.active, r.calls,
            r.scanned, r.ready, static_cast<long long>(r.ns_per_call.median),
            static_cast<long long>(r.ns_per_call.min), static_cast<long long>(r.ns_per_call.max));
    if (r.registration)
      out += fmt("  %s: %lld ns total, %lld ns per fd", r.registration->call.c_str(),
                 static_cast<long long>(r.registration->total_ns),
                 static_cast<long long>(r.registration->per_fd_ns));
    out += "\n";
  }
  out +=
      "\ncalls: waiting calls timed (one per round unless a round's data took more than one)\n"
      "scanned: descriptors the kernel examined per call (select: highest fd + 1; poll: every "
      "entry; epoll, io_uring: the ready ones)\n";
  const std::string shape = shape_text(rep, results);
  if (!shape.empty()) out += "\n" + shape;
  return out;
}

}  // namespace

int command_scan(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "The select-vs-epoll experiment (after libevent's bench): N descriptors are watched, k of "
      "them receive a byte each round, and only the waiting call (select, poll, epoll_wait, "
      "io_uring's wait) is timed. Prints the median, min and max ns per call for each mechanism "
      "at each N, with the descriptors the kernel examined (scanned) and returned (ready)."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("models"),
       QStringLiteral("Mechanisms, comma-separated: select, poll, epoll, io_uring (default "
                      "select,poll,epoll)."),
       QStringLiteral("LIST")},
      {QStringLiteral("fds"),
       QStringLiteral(
           "Descriptor counts N, comma-separated (default: 10, 30, 100, ... up to the ceiling)."),
       QStringLiteral("LIST")},
      {QStringLiteral("active"),
       QStringLiteral("Active descriptors k, ready on every call (default 1)."),
       QStringLiteral("K")},
      {QStringLiteral("all-active"),
       QStringLiteral(
           "Every descriptor active (k = N): the case where scanning costs nothing extra.")},
      {QStringLiteral("rounds"),
       QStringLiteral("Timed waiting calls per mechanism and N, 1-10000 (default 25)."),
       QStringLiteral("R")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
      {QStringLiteral("csv"), QStringLiteral("Print CSV, one row per mechanism and N.")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;
  const auto format = report_format_option(parser);
  if (!format) return kExitUsage;
  ScanParams params;
  params.all_active = parser.isSet(QStringLiteral("all-active"));
  if (params.all_active && parser.isSet(QStringLiteral("active"))) {
    print_error("--all-active makes every descriptor active; leave out --active");
    return kExitUsage;
  }
  if (parser.isSet(QStringLiteral("models"))) {
    auto models = parse_mechanisms(parser.value(QStringLiteral("models")).toStdString());
    if (!models) {
      print_error("--models: " + models.error().message);
      return kExitUsage;
    }
    params.mechanisms = *models;
  }
  const auto active = int_option(parser, QStringLiteral("active"), 1, kMaxScanActive, 1);
  const auto rounds = int_option(parser, QStringLiteral("rounds"), 1, kMaxScanRounds, 25);
  if (!active || !rounds) return kExitUsage;
  params.active = static_cast<int>(*active);
  params.rounds = static_cast<int>(*rounds);

  auto ceiling = raise_fd_limit();
  if (!ceiling) {
    print_error(ceiling.error().message);
    return kExitFailed;
  }
  if (parser.isSet(QStringLiteral("fds"))) {
    auto fds = parse_fd_counts(parser.value(QStringLiteral("fds")).toStdString());
    if (!fds) {
      print_error("--fds: " + fds.error().message);
      return kExitUsage;
    }
    params.fds = *fds;
  } else {
    params.fds = default_fd_sweep(ceiling->max_fds);
  }
  if (auto bad = validate(params, *ceiling)) {
    print_error(bad->message);
    return kExitUsage;
  }

  ScanReport report =
      run_interruptible<ScanReport>([&](const StopSignal& stop) { return run_scan(params, stop); });

  // The engine sweeps N by N (so a view fills in live); a table reads better mechanism by
  // mechanism.
  std::vector<ScanResult> results = report.results;
  std::map<ScanMechanism, std::size_t> order;
  for (std::size_t i = 0; i < params.mechanisms.size(); ++i) order[params.mechanisms[i]] = i;
  std::stable_sort(results.begin(), results.end(), [&](const ScanResult& a, const ScanResult& b) {
    return order[a.mechanism] < order[b.mechanism];
  });

  print_report(
      *format, [&] { return report_json(report, results); }, [&] { return report_csv(results); },
      [&] { return report_text(report, results); });
  return experiment_exit(report.error, report.cancelled, "scan");
}

}  // namespace ioscope::cli
