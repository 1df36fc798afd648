// ioscope-cli compare: the latency lab from the command line. The same open-loop workload on
// each chosen model, one after the other, printed as a table, one JSON object or CSV; with
// --sweep, each model's knee (where its p99 leaves the floor, see lab/compare.hpp).
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "lab/compare.hpp"
#include "lab/scenario.hpp"
#include "models/model.hpp"
#include "options/scenario_options.hpp"

namespace ioscope::cli {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text + ",") {
    if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  return out;
}

std::optional<std::vector<std::string>> parse_models(const std::string& text) {
  std::vector<std::string> ids;
  if (text == "all") {
    for (const auto& m : all_models()) ids.push_back(m.id);
    return ids;
  }
  for (const auto& id : split(text)) {
    if (id == "uring-variants") {
      for (const auto& v : uring_variant_series()) ids.push_back(v);
      continue;
    }
    if (id.empty() || find_model(id.substr(0, id.find('+'))) == nullptr) {
      print_error("--models: unknown model '" + id + "' (known: " + model_ids_joined() +
                  ", or all)");
      return std::nullopt;
    }
    if (auto series = parse_series(id); !series) {
      print_error("--models: " + series.error().message);
      return std::nullopt;
    }
    ids.push_back(id);
  }
  return ids;
}

std::optional<std::vector<std::int64_t>> parse_rates(const std::string& text) {
  std::vector<std::int64_t> rates;
  for (const auto& t : split(text)) {
    bool ok = false;
    const long long v = qs(t).toLongLong(&ok);
    if (!ok || v < 1 || v > kMaxRate) {
      print_error("--sweep wants rates from 1 to " + std::to_string(kMaxRate) +
                  " messages/s separated by commas, not '" + t + "'");
      return std::nullopt;
    }
    rates.push_back(v);
  }
  return rates;
}

QJsonObject result_json(const ModelResult& r) {
  QJsonObject o;
  o.insert(QStringLiteral("model"), qs(r.model));
  if (idle_applies(r.model))
    o.insert(QStringLiteral("idle"), QString::fromLatin1(to_string(r.idle)));
  o.insert(QStringLiteral("rate"), static_cast<qint64>(r.rate));
  if (!r.skipped.empty()) {
    o.insert(QStringLiteral("skipped"), qs(r.skipped));
    return o;
  }
  if (!r.error.empty()) o.insert(QStringLiteral("error"), qs(r.error));
  QJsonObject lat;
  lat.insert(QStringLiteral("p50"), static_cast<qint64>(r.latency.p50));
  lat.insert(QStringLiteral("p90"), static_cast<qint64>(r.latency.p90));
  lat.insert(QStringLiteral("p99"), static_cast<qint64>(r.latency.p99));
  lat.insert(QStringLiteral("p99_9"), static_cast<qint64>(r.latency.p99_9));
  lat.insert(QStringLiteral("max"), static_cast<qint64>(r.latency.max));
  lat.insert(QStringLiteral("count"), static_cast<qint64>(r.latency.count));
  o.insert(QStringLiteral("latency_ns"), lat);
  o.insert(QStringLiteral("throughput"), r.throughput);
  o.insert(QStringLiteral("cpu_ns"), static_cast<qint64>(r.cpu_ns));
  o.insert(QStringLiteral("ctx_switches"), static_cast<qint64>(r.ctx_switches));
  o.insert(QStringLiteral("work_units"), static_cast<qint64>(r.work_units));
  o.insert(QStringLiteral("duration_ns"), static_cast<qint64>(r.duration_ns));
  return o;
}

QJsonObject report_json(const CompareReport& rep) {
  QJsonObject params;
  QJsonArray models, sweep;
  for (const auto& m : rep.params.models) models.append(qs(m));
  for (auto r : rep.params.sweep) sweep.append(static_cast<qint64>(r));
  const ClientSchedule s =
      schedule_for(rep.params.clients, rep.params.rate, rep.params.duration_ns);
  params.insert(QStringLiteral("models"), models);
  params.insert(QStringLiteral("clients"), rep.params.clients);
  params.insert(QStringLiteral("rate"), static_cast<qint64>(rep.params.rate));
  params.insert(QStringLiteral("duration_ns"), static_cast<qint64>(rep.params.duration_ns));
  params.insert(QStringLiteral("size"), static_cast<qint64>(rep.params.size));
  params.insert(QStringLiteral("interval_ns"), static_cast<qint64>(s.interval_ns));
  params.insert(QStringLiteral("messages_per_client"), s.messages);
  params.insert(QStringLiteral("sweep"), sweep);
  params.insert(QStringLiteral("open_loop"), true);
  params.insert(QStringLiteral("idle"), QString::fromLatin1(to_string(rep.params.idle)));
  params.insert(QStringLiteral("sequential"), true);
  params.insert(QStringLiteral("tracing"), rep.params.tracing);

  QJsonObject machine;
  machine.insert(QStringLiteral("cores"), static_cast<qint64>(rep.machine.cores));
  machine.insert(QStringLiteral("kernel"), qs(rep.machine.kernel));

  QJsonArray results;
  for (const auto& r : rep.results) results.append(result_json(r));

  QJsonObject o;
  o.insert(QStringLiteral("params"), params);
  o.insert(QStringLiteral("machine"), machine);
  o.insert(QStringLiteral("models"), results);
  if (!rep.sweeps.empty()) {
    QJsonArray sweeps;
    for (const auto& sw : rep.sweeps) {
      QJsonObject so;
      so.insert(QStringLiteral("model"), qs(sw.model));
      so.insert(QStringLiteral("floor_p99_ns"), static_cast<qint64>(sw.floor_p99));
      so.insert(QStringLiteral("knee_rate"),
                sw.knee_rate ? QJsonValue(static_cast<qint64>(*sw.knee_rate)) : QJsonValue());
      QJsonArray pts;
      for (const auto& p : sw.points) pts.append(result_json(p));
      so.insert(QStringLiteral("points"), pts);
      sweeps.append(so);
    }
    o.insert(QStringLiteral("sweeps"), sweeps);
  }
  return o;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

std::string csv_row(const char* kind, const ModelResult& r) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,%llu,%.1f,%lld,%lld,%llu,",
                kind, r.model.c_str(), static_cast<long long>(r.rate),
                static_cast<long long>(r.latency.p50), static_cast<long long>(r.latency.p90),
                static_cast<long long>(r.latency.p99), static_cast<long long>(r.latency.p99_9),
                static_cast<long long>(r.latency.max),
                static_cast<unsigned long long>(r.latency.count), r.throughput,
                static_cast<long long>(r.cpu_ns), static_cast<long long>(r.ctx_switches),
                static_cast<unsigned long long>(r.work_units));
  std::string row = buf;
  row += csv_field(!r.skipped.empty() ? "skipped: " + r.skipped : r.error);
  row += '\n';
  return row;
}

std::string report_csv(const CompareReport& rep) {
  std::string out =
      "kind,model,rate,p50_ns,p90_ns,p99_ns,p99_9_ns,max_ns,count,throughput,cpu_ns,"
      "ctx_switches,work_units,note\n";
  for (const auto& r : rep.results) out += csv_row("run", r);
  for (const auto& sw : rep.sweeps)
    for (const auto& p : sw.points) out += csv_row("sweep", p);
  return out;
}

std::string us(std::int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(ns) / 1e3);
  return buf;
}

std::string report_text(const CompareReport& rep) {
  const auto& p = rep.params;
  const ClientSchedule s = schedule_for(p.clients, p.rate, p.duration_ns);
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "The models ran one after the other with identical parameters: %d clients, %lld "
                "messages/s in total (each client every %s, open loop), %s, %zu-byte "
                "messages.\nMachine: %u cores, %s. Latency in us from each message's intended "
                "send time.\n\n",
                p.clients, static_cast<long long>(p.rate), format_duration(s.interval_ns).c_str(),
                format_duration(p.duration_ns).c_str(), p.size, rep.machine.cores,
                rep.machine.kernel.c_str());
  out += buf;
  // The first column as wide as the longest label ("io_uring+multishot+defer-taskrun (sleeps)").
  int width = 24;
  for (const auto& r : rep.results)
    width = std::max(width, static_cast<int>(compare_label(r.model, r.idle).size()));
  std::snprintf(buf, sizeof buf, "%-*s %9s %9s %9s %9s %9s %8s %11s %9s %8s %10s\n", width, "model",
                "p50", "p90", "p99", "p99.9", "max", "count", "msg/s", "cpu ms", "ctxsw", "work");
  out += buf;
  for (const auto& r : rep.results) {
    if (!r.skipped.empty()) {
      out += r.model;
      out += ": skipped, ";
      out += r.skipped;
      out += '\n';
      continue;
    }
    std::snprintf(buf, sizeof buf, "%-*s %9s %9s %9s %9s %9s %8llu %11.0f %9.1f %8lld %10llu\n",
                  width, compare_label(r.model, r.idle).c_str(), us(r.latency.p50).c_str(),
                  us(r.latency.p90).c_str(), us(r.latency.p99).c_str(), us(r.latency.p99_9).c_str(),
                  us(r.latency.max).c_str(), static_cast<unsigned long long>(r.latency.count),
                  r.throughput, static_cast<double>(r.cpu_ns) / 1e6,
                  static_cast<long long>(r.ctx_switches),
                  static_cast<unsigned long long>(r.work_units));
    out += buf;
    if (!r.error.empty()) {
      out += "  failed: ";
      out += r.error;
      out += '\n';
    }
  }
  if (!rep.sweeps.empty()) {
    out +=
        "\nRate sweep (p99 in us per rate; the knee is the first rate whose p99 is over twice "
        "the lowest rate's and 100 us above it):\n";
    for (const auto& sw : rep.sweeps) {
      out += sw.model;
      out += ':';
      for (const auto& pt : sw.points) {
        out += ' ';
        out += std::to_string(pt.rate);
        out += "->";
        out += !pt.skipped.empty() ? std::string("skipped")
               : pt.error.empty()  ? us(pt.latency.p99)
                                   : std::string("failed");
      }
      if (sw.knee_rate) {
        out += "  knee at ";
        out += std::to_string(*sw.knee_rate);
        out += " messages/s\n";
      } else {
        out += "  no knee in this sweep\n";
      }
    }
  }
  return out;
}

void print_progress(const ModelResult& r, void* quiet) {
  if (*static_cast<const bool*>(quiet)) return;
  std::fprintf(stderr, "  %s at %lld messages/s: done\n", r.model.c_str(),
               static_cast<long long>(r.rate));
}

}  // namespace

int command_compare(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Runs the same open-loop workload on each chosen model, one after the other with "
      "identical parameters, and reports latency percentiles (from each message's intended "
      "send time), throughput, the server's CPU time and context switches."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("models"),
       QStringLiteral("Model ids, comma-separated, or all (default all). io_uring can carry "
                      "its features after '+' (io_uring+multishot, "
                      "io_uring+multishot+defer-taskrun); uring-variants compares the plain "
                      "io_uring server with the three."),
       QStringLiteral("LIST")},
      {QStringLiteral("clients"), QStringLiteral("Clients, 1-512 (default 64)."),
       QStringLiteral("N")},
      {QStringLiteral("rate"),
       QStringLiteral("Messages per second, all clients together (default 20000)."),
       QStringLiteral("RATE")},
      {QStringLiteral("duration"),
       QStringLiteral("How long each model runs, e.g. 3s (default 3s)."),
       QStringLiteral("DURATION")},
      {QStringLiteral("size"), QStringLiteral("Bytes per message, 1-1048576 (default 64)."),
       QStringLiteral("BYTES")},
      {QStringLiteral("sweep"),
       QStringLiteral("Rates to sweep for each model's knee, comma-separated."),
       QStringLiteral("LIST")},
      options::idle_option(IdleMode::Sleep),
      {QStringLiteral("untraced"),
       QStringLiteral("Switch the trace writers off, to measure what tracing costs.")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object.")},
      {QStringLiteral("csv"), QStringLiteral("Print CSV, one row per model (and per swept rate).")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;
  const auto format = report_format_option(parser);
  if (!format) return kExitUsage;
  CompareParams p;
  auto models = parse_models(parser.isSet(QStringLiteral("models"))
                                 ? parser.value(QStringLiteral("models")).trimmed().toStdString()
                                 : std::string("all"));
  if (!models) return kExitUsage;
  p.models = *models;
  const auto clients = int_option(parser, QStringLiteral("clients"), 1, kMaxClients, 64);
  const auto rate = int_option(parser, QStringLiteral("rate"), 1, kMaxRate, 20'000);
  const auto size =
      int_option(parser, QStringLiteral("size"), 1, static_cast<long long>(kMaxMessageSize), 64);
  const auto duration = duration_option(parser, QStringLiteral("duration"), 3'000'000'000);
  if (!clients || !rate || !size || !duration) return kExitUsage;
  p.clients = static_cast<int>(*clients);
  p.rate = *rate;
  p.size = static_cast<std::size_t>(*size);
  p.duration_ns = *duration;
  p.tracing = !parser.isSet(QStringLiteral("untraced"));
  const options::IdleValue idle = options::idle_value(parser, IdleMode::Sleep);
  if (idle.error) {
    print_error(*idle.error);
    return kExitUsage;
  }
  p.idle = idle.mode;
  if (parser.isSet(QStringLiteral("sweep"))) {
    auto sweep = parse_rates(parser.value(QStringLiteral("sweep")).toStdString());
    if (!sweep) return kExitUsage;
    p.sweep = *sweep;
  }
  if (auto bad = validate(p)) {
    print_error(bad->message);
    return kExitUsage;
  }

  // Runs on this thread with nothing else busy in the process, so the server's CPU figures
  // (process minus this thread, see lab/thread_usage.hpp) are the server's alone.
  bool quiet = *format != ReportFormat::Text;
  const CompareReport report = run_compare(p, print_progress, &quiet);

  print_report(
      *format, [&] { return report_json(report); }, [&] { return report_csv(report); },
      [&] { return report_text(report); });
  bool failed = false;
  for (const auto& r : report.results)
    if (!r.error.empty()) {
      print_error(r.model + ": " + r.error);
      failed = true;
    }
  return failed ? kExitFailed : kExitOk;
}

}  // namespace ioscope::cli
