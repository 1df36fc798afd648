#include "lab/compare.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "lab/run.hpp"
#include "lab/scenario.hpp"
#include "models/model.hpp"

namespace ioscope {

ClientSchedule schedule_for(int clients, std::int64_t rate, std::int64_t duration_ns) {
  ClientSchedule s;
  if (clients < 1 || rate < 1) return s;
  const double interval = 1e9 * static_cast<double>(clients) / static_cast<double>(rate);
  s.interval_ns = std::max<std::int64_t>(1, std::llround(interval));
  const double messages = static_cast<double>(duration_ns) / interval;
  s.messages = static_cast<int>(std::clamp<double>(std::floor(messages), 1, kMaxMessages));
  return s;
}

Result<Series> parse_series(const std::string& spec) {
  Series s;
  const std::size_t plus = spec.find('+');
  s.model = spec.substr(0, plus);
  if (find_model(s.model) == nullptr)
    return Error{"unknown model '" + s.model + "' (known: " + model_ids_joined() + ")"};
  if (plus == std::string::npos) return s;
  if (s.model != "io_uring")
    return Error{"'" + spec + "': only io_uring takes features after '+', not " + s.model};
  auto features = parse_uring_features(spec.substr(plus + 1));
  if (!features) return features.error();
  s.uring = *features;
  return s;
}

Series series_or_model(const std::string& spec) {
  if (auto parsed = parse_series(spec)) return *parsed;
  return Series{spec, {}};
}

std::string series_name(const std::string& model, const UringFeatures& uring) {
  return uring.any() ? model + "+" + format_uring_features(uring, '+') : model;
}

std::vector<std::string> uring_variant_series() {
  return {"io_uring", "io_uring+multishot", "io_uring+defer-taskrun",
          "io_uring+multishot+defer-taskrun"};
}

std::optional<Error> validate(const CompareParams& p) {
  if (p.models.empty()) return Error{"no models to compare"};
  for (const auto& m : p.models)
    if (auto series = parse_series(m); !series) return series.error();
  if (p.clients < 1 || p.clients > kMaxClients)
    return Error{"clients must be between 1 and " + std::to_string(kMaxClients) + ", not " +
                 std::to_string(p.clients)};
  auto bad_rate = [](std::int64_t r) { return r < 1 || r > kMaxRate; };
  if (bad_rate(p.rate))
    return Error{"rate must be between 1 and " + std::to_string(kMaxRate) + " messages/s, not " +
                 std::to_string(p.rate)};
  for (auto r : p.sweep)
    if (bad_rate(r))
      return Error{"every sweep rate must be between 1 and " + std::to_string(kMaxRate) +
                   " messages/s, not " + std::to_string(r)};
  if (p.duration_ns < 1'000'000 || p.duration_ns > kMaxCompareDuration)
    return Error{"duration must be between 1ms and 600s, not " + format_duration(p.duration_ns)};
  if (p.size < 1 || p.size > kMaxMessageSize)
    return Error{"size must be between 1 byte and 1 MiB (1048576), not " + std::to_string(p.size)};
  // Every rate must give each client at least one message within the duration.
  std::vector<std::int64_t> rates = p.sweep;
  rates.push_back(p.rate);
  for (auto r : rates) {
    const auto per_client = static_cast<double>(p.duration_ns) * static_cast<double>(r) / 1e9 /
                            static_cast<double>(p.clients);
    if (per_client < 1)
      return Error{"at " + std::to_string(r) + " messages/s over " +
                   format_duration(p.duration_ns) + " each of " + std::to_string(p.clients) +
                   " clients would send less than one message: raise the rate or the duration"};
    if (per_client > kMaxMessages)
      return Error{"at " + std::to_string(r) + " messages/s each client would send more than " +
                   std::to_string(kMaxMessages) + " messages: shorten the duration"};
  }
  return std::nullopt;
}

std::optional<ModelResult> unrunnable(const std::string& model, std::int64_t rate) {
  ModelResult r;
  r.model = model;
  r.rate = rate;
  const auto series = parse_series(model);
  if (!series) {
    r.error = series.error().message;
    return r;
  }
  const ModelInfo* info = find_model(series->model);
  if (auto why = info->unavailable ? info->unavailable() : std::nullopt) {
    r.skipped = *why;
    return r;
  }
  return std::nullopt;
}

Scenario compare_scenario(const std::string& model, std::int64_t rate, const CompareParams& p) {
  const ClientSchedule sched = schedule_for(p.clients, rate, p.duration_ns);
  Scenario s;
  if (auto series = parse_series(model)) {
    s.model = series->model;
    s.uring = series->uring;
  } else {
    s.model = model;  // Run refuses it, naming it
  }
  s.clients = p.clients;
  s.messages = sched.messages;
  s.size = p.size;
  s.interval_ns = sched.interval_ns;
  s.stall_ns = p.stall_ns;
  s.stall_after_ns = p.stall_after_ns;
  s.idle = p.idle;
  return s;
}

ModelResult result_of(const std::string& model, std::int64_t rate, const RunSummary& sum) {
  ModelResult r;
  r.model = model;
  r.rate = rate;
  r.error = sum.ok() ? std::string() : (sum.error.empty() ? "cancelled" : sum.error);
  for (auto ns : sum.latencies_ns) r.histogram.record(ns);
  r.latency = r.histogram.summary();
  r.messages_verified = sum.messages_verified;
  r.duration_ns = sum.duration_ns;
  r.throughput = sum.duration_ns > 0 ? static_cast<double>(sum.messages_verified) * 1e9 /
                                           static_cast<double>(sum.duration_ns)
                                     : 0;
  r.cpu_ns = sum.server_usage.cpu_ns;
  r.ctx_switches = sum.server_usage.ctx_switches();
  r.work_units = sum.counters.work_units;
  return r;
}

ModelResult run_one(const std::string& model, std::int64_t rate, const CompareParams& p) {
  if (auto r = unrunnable(model, rate)) {
    r->idle = p.idle;
    return *r;
  }
  // No consumer drains the hub: events beyond the rings are dropped, but the counters stay
  // exact, and no extra thread runs beside the server to blur its CPU figures.
  TraceHub hub;
  hub.set_enabled(p.tracing);
  ModelResult r = result_of(model, rate, Run(compare_scenario(model, rate, p)).execute(hub));
  r.idle = p.idle;
  return r;
}

std::string compare_label(const std::string& model, IdleMode idle) {
  if (!idle_applies(model)) return model;
  return model + (idle == IdleMode::Sleep ? " (sleeps)" : " (keeps working)");
}

std::optional<std::int64_t> find_knee(const std::vector<ModelResult>& points) {
  if (points.empty()) return std::nullopt;
  const std::int64_t floor = points.front().latency.p99;
  for (const auto& pt : points) {
    if (!pt.skipped.empty()) return std::nullopt;
    if (!pt.error.empty()) return pt.rate;
    const double offered = static_cast<double>(pt.rate) * static_cast<double>(pt.duration_ns) / 1e9;
    if (static_cast<double>(pt.messages_verified) < 0.9 * offered) return pt.rate;
    const std::int64_t p99 = pt.latency.p99;
    if (static_cast<double>(p99) > kKneeFactor * static_cast<double>(floor) &&
        p99 - floor >= kKneeMinRiseNs)
      return pt.rate;
  }
  return std::nullopt;
}

MachineInfo machine_info() {
  MachineInfo m;
  m.cores = std::thread::hardware_concurrency();
  if (m.cores == 0) {
    const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
    m.cores = n > 0 ? static_cast<unsigned>(n) : 0;
  }
  utsname u{};
  if (::uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
  return m;
}

CompareReport run_compare(const CompareParams& p, CompareProgress progress, void* user) {
  CompareReport rep;
  rep.params = p;
  std::sort(rep.params.sweep.begin(), rep.params.sweep.end());
  rep.params.sweep.erase(std::unique(rep.params.sweep.begin(), rep.params.sweep.end()),
                         rep.params.sweep.end());
  rep.machine = machine_info();
  // One model at a time: they never share the machine, so none pays for another's load.
  for (const auto& m : rep.params.models) {
    rep.results.push_back(run_one(m, rep.params.rate, rep.params));
    if (progress) progress(rep.results.back(), user);
  }
  for (const auto& m : rep.params.models) {
    if (rep.params.sweep.empty()) break;
    SweepResult sw;
    sw.model = m;
    for (auto rate : rep.params.sweep) {
      sw.points.push_back(run_one(m, rate, rep.params));
      if (progress) progress(sw.points.back(), user);
      if (!sw.points.back().skipped.empty()) break;
    }
    sw.floor_p99 = sw.points.front().latency.p99;
    sw.knee_rate = find_knee(sw.points);
    rep.sweeps.push_back(std::move(sw));
  }
  return rep;
}

}  // namespace ioscope
