// ioscope-cli register: epoll_ctl one by one vs io_uring's batched registration, and one epoll
// loop waiting on a socket, a timerfd, a signalfd and a pidfd. Prints a table (or one JSON
// object, or CSV) of the system calls and time each way takes to register N sockets.
#include <QJsonArray>
#include <QJsonObject>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/run_driver.hpp"
#include "lab/registration_experiment.hpp"

namespace ioscope::cli {

namespace {

QString qs(std::string_view s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QJsonObject result_json(const RegistrationResult& r) {
  QJsonObject o;
  o.insert(QStringLiteral("way"), qs(registration_way_id(r.way)));
  o.insert(QStringLiteral("fds"), r.fds);
  o.insert(QStringLiteral("repeats"), r.repeats);
  o.insert(QStringLiteral("skipped"), r.skipped);
  if (r.skipped) {
    o.insert(QStringLiteral("reason"), qs(r.reason));
    return o;
  }
  o.insert(QStringLiteral("op"), qs(r.op));
  if (!r.op_note.empty()) o.insert(QStringLiteral("op_note"), qs(r.op_note));
  o.insert(QStringLiteral("syscalls"), r.syscalls);
  if (r.sq_entries > 0) o.insert(QStringLiteral("sq_entries"), r.sq_entries);
  QJsonObject ns;
  ns.insert(QStringLiteral("median"), static_cast<qint64>(r.total_ns.median));
  ns.insert(QStringLiteral("min"), static_cast<qint64>(r.total_ns.min));
  ns.insert(QStringLiteral("max"), static_cast<qint64>(r.total_ns.max));
  o.insert(QStringLiteral("total_ns"), ns);
  o.insert(QStringLiteral("ns_per_fd"), static_cast<qint64>(r.ns_per_fd));
  o.insert(QStringLiteral("registered"), r.registered);
  o.insert(QStringLiteral("probe_fd"), r.probe_fd);
  o.insert(QStringLiteral("effective"), r.effective);
  o.insert(QStringLiteral("check"), qs(r.check));
  return o;
}

QJsonObject loop_json(const ManyKindsResult& loop) {
  QJsonObject o;
  o.insert(QStringLiteral("ran"), loop.ran);
  if (!loop.ran) return o;
  o.insert(QStringLiteral("wait_calls"), loop.wait_calls);
  o.insert(QStringLiteral("timer_ns"), static_cast<qint64>(loop.timer_ns));
  o.insert(QStringLiteral("child_exit_ns"), static_cast<qint64>(loop.child_exit_ns));
  QJsonArray events;
  for (const auto& e : loop.events) {
    QJsonObject ev;
    ev.insert(QStringLiteral("source"), qs(loop_source_id(e.source)));
    ev.insert(QStringLiteral("fd"), e.fd);
    ev.insert(QStringLiteral("wait_call"), e.wait_call);
    ev.insert(QStringLiteral("since_start_ns"), static_cast<qint64>(e.since_start_ns));
    ev.insert(QStringLiteral("what"), qs(e.what));
    events.append(ev);
  }
  o.insert(QStringLiteral("events"), events);
  QJsonArray skipped;
  for (const auto& s : loop.skipped) {
    QJsonObject sk;
    sk.insert(QStringLiteral("source"), qs(loop_source_id(s.source)));
    sk.insert(QStringLiteral("reason"), qs(s.reason));
    skipped.append(sk);
  }
  o.insert(QStringLiteral("skipped"), skipped);
  return o;
}

QJsonObject report_json(const RegistrationReport& rep) {
  const QJsonObject ceiling = ceiling_json(rep.ceiling);

  QJsonObject params;
  QJsonArray fds;
  for (int n : rep.params.fds) fds.append(n);
  params.insert(QStringLiteral("fds"), fds);
  params.insert(QStringLiteral("repeats"), rep.params.repeats);

  QJsonArray rows;
  for (const auto& r : rep.results) rows.append(result_json(r));

  QJsonObject o;
  o.insert(QStringLiteral("ceiling"), ceiling);
  o.insert(QStringLiteral("parameters"), params);
  o.insert(QStringLiteral("results"), rows);
  o.insert(QStringLiteral("loop"), loop_json(rep.loop));
  o.insert(QStringLiteral("cancelled"), rep.cancelled);
  if (!rep.error.empty()) o.insert(QStringLiteral("error"), qs(rep.error));
  return o;
}

std::string report_csv(const RegistrationReport& rep) {
  std::string out =
      "way,fds,repeats,op,syscalls,sq_entries,median_ns,min_ns,max_ns,ns_per_fd,registered,"
      "effective,skipped,reason\n";
  for (const auto& r : rep.results) {
    out += std::string(registration_way_id(r.way)) + "," + std::to_string(r.fds) + "," +
           std::to_string(r.repeats) + ",";
    if (r.skipped) {
      out += ",,,,,,,,,true," + csv_field(r.reason) + "\n";
      continue;
    }
    out += r.op + "," + std::to_string(r.syscalls) + "," +
           (r.sq_entries > 0 ? std::to_string(r.sq_entries) : "") + "," +
           std::to_string(r.total_ns.median) + "," + std::to_string(r.total_ns.min) + "," +
           std::to_string(r.total_ns.max) + "," + std::to_string(r.ns_per_fd) + "," +
           std::to_string(r.registered) + "," + (r.effective ? "true" : "false") + ",false,\n";
  }
  return out;
}

std::string fmt(const char* format, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

const RegistrationResult* find_result(const RegistrationReport& rep, RegistrationWay w, int n) {
  for (const auto& r : rep.results)
    if (r.way == w && r.fds == n && !r.skipped) return &r;
  return nullptr;
}

// The point of the lesson at each N: system calls N vs 1, and what that did to the time.
std::string shape_text(const RegistrationReport& rep) {
  std::string out;
  for (int n : rep.params.fds) {
    const RegistrationResult* ctl = find_result(rep, RegistrationWay::EpollCtl, n);
    const RegistrationResult* ur = find_result(rep, RegistrationWay::IoUringBatch, n);
    if (!ctl || !ur || ctl->total_ns.median <= 0) continue;
    out +=
        fmt("  at N=%d: %d system calls vs %d; io_uring/epoll_ctl time x%.2f\n", n, ctl->syscalls,
            ur->syscalls,
            static_cast<double>(ur->total_ns.median) / static_cast<double>(ctl->total_ns.median));
  }
  return out.empty() ? out : "shape:\n" + out;
}

std::string loop_text(const ManyKindsResult& loop) {
  if (!loop.ran) return {};
  std::string out =
      fmt("one loop, many kinds of event: one epoll instance watches a socket (a byte sent at the "
          "start), a timerfd (%lld ms), a signalfd (SIGUSR1 raised at the start) and a pidfd (a "
          "child exiting after %lld ms)\n",
          static_cast<long long>(loop.timer_ns / 1'000'000),
          static_cast<long long>(kLoopChildExitNs / 1'000'000));
  out += fmt("%6s %12s  %-9s %4s  %s\n", "wait", "since start", "source", "fd", "what");
  for (const auto& e : loop.events)
    out += fmt("%6d %9.3f ms  %-9s %4d  ", e.wait_call, static_cast<double>(e.since_start_ns) / 1e6,
               std::string(loop_source_id(e.source)).c_str(), e.fd) +
           e.what + "\n";
  for (const auto& s : loop.skipped)
    out += fmt("%6s %12s  %-9s %4s  skipped: ", "-", "-",
               std::string(loop_source_id(s.source)).c_str(), "-") +
           s.reason + "\n";
  out += fmt("%d epoll_wait calls heard %zu sources\n", loop.wait_calls, loop.events.size());
  return out;
}

std::string report_text(const RegistrationReport& rep) {
  std::string out = "register: N loopback TCP sockets into a fresh epoll instance, " +
                    std::to_string(rep.params.repeats) +
                    " timed repeats each (median); only the registration is timed\n";
  out += "ceiling: " + std::to_string(rep.ceiling.max_fds) + " descriptors (" + rep.ceiling.why +
         "); each socket has a connected peer, so N <= " + std::to_string(rep.ceiling.max_fds / 2) +
         "\n\n";
  out += fmt("%-9s %6s  %-19s %8s %6s %11s %9s %11s %11s  %s\n", "way", "N", "op", "syscalls", "sq",
             "median ns", "ns/fd", "min ns", "max ns", "registered");
  for (const auto& r : rep.results) {
    const std::string id(registration_way_id(r.way));
    if (r.skipped) {
      out += fmt("%-9s %6d  skipped: ", id.c_str(), r.fds) + r.reason + "\n";
      continue;
    }
    out +=
        fmt("%-9s %6d  %-19s %8d %6s %11lld %9lld %11lld %11lld  %d/%d %s\n", id.c_str(), r.fds,
            r.op.c_str(), r.syscalls, r.sq_entries > 0 ? std::to_string(r.sq_entries).c_str() : "-",
            static_cast<long long>(r.total_ns.median), static_cast<long long>(r.ns_per_fd),
            static_cast<long long>(r.total_ns.min), static_cast<long long>(r.total_ns.max),
            r.registered, r.fds, r.effective ? "ok" : "NOT EFFECTIVE");
  }
  out +=
      "\nsyscalls: system calls one registration of all N made (epoll_ctl: one per socket; "
      "io_uring: io_uring_enter calls)\n"
      "sq: io_uring's submission queue entries (sized for N, so one enter carries them all)\n"
      "registered: sockets the kernel holds interest in afterwards, of N, checked every repeat\n";
  for (const auto& r : rep.results)
    if (!r.op_note.empty()) {
      out += "io_uring used " + r.op + ": " + r.op_note + "\n";
      break;
    }
  for (const auto& r : rep.results)
    if (!r.skipped && !r.effective)
      out += fmt("check failed for %s at N=%d: ", std::string(registration_way_id(r.way)).c_str(),
                 r.fds) +
             r.check + "\n";
  const std::string shape = shape_text(rep);
  if (!shape.empty()) out += "\n" + shape;
  const std::string loop = loop_text(rep.loop);
  if (!loop.empty()) out += "\n" + loop;
  return out;
}

}  // namespace

int command_register(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Registering interest: N loopback TCP sockets registered with epoll one epoll_ctl call "
      "each, then the same N in one batch through io_uring (IORING_OP_EPOLL_CTL, one "
      "io_uring_enter), as kqueue's changelist does in one kevent call. Prints the system calls "
      "and the time each way took, checks every registration took effect, then runs one epoll "
      "loop that waits on a socket, a timerfd, a signalfd and a pidfd at once."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("fds"),
       QStringLiteral("Socket counts N, comma-separated (default 10,100,1000)."),
       QStringLiteral("LIST")},
      {QStringLiteral("repeats"),
       QStringLiteral("Timed registrations per way and N, 1-1000 (default 5)."),
       QStringLiteral("R")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
      {QStringLiteral("csv"), QStringLiteral("Print CSV, one row per way and N.")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;
  const auto format = report_format_option(parser);
  if (!format) return kExitUsage;
  RegistrationParams params;
  const auto repeats =
      int_option(parser, QStringLiteral("repeats"), 1, kMaxRegistrationRepeats, params.repeats);
  if (!repeats) return kExitUsage;
  params.repeats = static_cast<int>(*repeats);
  if (parser.isSet(QStringLiteral("fds"))) {
    auto fds = parse_fd_counts(parser.value(QStringLiteral("fds")).toStdString());
    if (!fds) {
      print_error("--fds: " + fds.error().message);
      return kExitUsage;
    }
    params.fds = *fds;
  }
  auto ceiling = raise_fd_limit();
  if (!ceiling) {
    print_error(ceiling.error().message);
    return kExitFailed;
  }
  if (auto bad = validate(params, *ceiling)) {
    print_error(bad->message);
    return kExitUsage;
  }

  const RegistrationReport report = run_interruptible<RegistrationReport>(
      [&](const StopSignal& stop) { return run_registration(params, stop); });

  print_report(
      *format, [&] { return report_json(report); }, [&] { return report_csv(report); },
      [&] { return report_text(report); });
  return experiment_exit(report.error, report.cancelled, "register");
}

}  // namespace ioscope::cli
