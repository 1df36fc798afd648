#include "record/run_json.hpp"

#include <cstddef>
#include <string>

namespace ioscope::record {

using nlohmann::json;

namespace {

json counters_json(const TraceCounters& c) {
  json syscalls = json::object();
  for (int i = 1; i < kSysCount; ++i)
    if (const auto n = c.syscalls[static_cast<std::size_t>(i)]; n > 0)
      syscalls[to_string(static_cast<Sys>(i))] = n;
  return {{"syscalls", syscalls},
          {"eagain", c.eagain},
          {"notifications", c.notifications},
          {"work_units", c.work_units},
          {"kernel_stamped", c.kernel_stamped},
          {"kernel_inferred", c.kernel_inferred},
          {"events", c.events}};
}

void read_counters(JsonFields in, TraceCounters& c) {
  JsonFields sys = in.object("syscalls");
  for (int i = 1; i < kSysCount; ++i)
    sys.get(to_string(static_cast<Sys>(i)), c.syscalls[static_cast<std::size_t>(i)]);
  in.get("eagain", c.eagain);
  in.get("notifications", c.notifications);
  in.get("work_units", c.work_units);
  in.get("kernel_stamped", c.kernel_stamped);
  in.get("kernel_inferred", c.kernel_inferred);
  in.get("events", c.events);
}

json probe_json(const ProbeReport& p) {
  const KernelEventCounts& c = p.counts;
  return {{"measured", p.measured},
          {"why_not", p.why_not},
          {"counts",
           {{"data_queued", c.data_queued},
            {"wakeups", c.wakeups},
            {"copies", c.copies},
            {"copies_outside_a_receive", c.copies_outside_a_receive},
            {"copies_on_io_worker", c.copies_on_io_worker},
            {"uring_armed", c.uring_armed},
            {"uring_task_work", c.uring_task_work},
            {"uring_worker", c.uring_worker},
            {"uring_completions", c.uring_completions},
            {"records", c.records},
            {"unmatched", c.unmatched},
            {"peers", c.peers}}},
          {"syscalls", p.syscalls},
          {"dropped", p.dropped},
          {"syscalls_missed", p.syscalls_missed},
          {"attached", p.attached}};
}

void read_probe(JsonFields in, ProbeReport& p) {
  in.get("measured", p.measured);
  in.get("why_not", p.why_not);
  JsonFields c = in.object("counts");
  KernelEventCounts& k = p.counts;
  c.get("data_queued", k.data_queued);
  c.get("wakeups", k.wakeups);
  c.get("copies", k.copies);
  c.get("copies_outside_a_receive", k.copies_outside_a_receive);
  c.get("copies_on_io_worker", k.copies_on_io_worker);
  c.get("uring_armed", k.uring_armed);
  c.get("uring_task_work", k.uring_task_work);
  c.get("uring_worker", k.uring_worker);
  c.get("uring_completions", k.uring_completions);
  c.get("records", k.records);
  c.get("unmatched", k.unmatched);
  c.get("peers", k.peers);
  JsonFields sys = in.object("syscalls");
  if (const json* all = in.find("syscalls"); all != nullptr && all->is_object())
    for (const auto& [name, n] : all->items()) sys.get(name.c_str(), p.syscalls[name]);
  in.get("dropped", p.dropped);
  in.get("syscalls_missed", p.syscalls_missed);
  const json& attached = in.array("attached");
  for (std::size_t i = 0; i < attached.size(); ++i) {
    if (!attached[i].is_string()) {
      in.fail("attached", "must hold only strings");
      return;
    }
    p.attached.push_back(attached[i].get<std::string>());
  }
}

// Bug names this version does not know (a newer ioscope's) are skipped: the run still replays.
Bugs bugs_from(const std::string& text) {
  Bugs bugs;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (auto one = parse_bugs(text.substr(start, comma - start))) {
      const Bugs& b = *one;
      bugs.et_no_drain |= b.et_no_drain;
      bugs.high_fd |= b.high_fd;
      bugs.thundering_herd |= b.thundering_herd;
      bugs.tiny_rcvbuf |= b.tiny_rcvbuf;
    }
    start = comma + 1;
  }
  return bugs;
}

// As bugs_from: a feature this reader does not know (a newer writer's) is skipped.
UringFeatures uring_features_from(const std::string& text) {
  UringFeatures f;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (auto one = parse_uring_features(text.substr(start, comma - start))) {
      f.multishot |= one->multishot;
      f.defer_taskrun |= one->defer_taskrun;
    }
    start = comma + 1;
  }
  return f;
}

}  // namespace

json scenario_json(const Scenario& s) {
  json out = {{"model", s.model},
              {"clients", s.clients},
              {"messages", s.messages},
              {"size", s.size},
              {"interval_ns", s.interval_ns},
              {"stall_ns", s.stall_ns},
              {"stall_after_ns", s.stall_after_ns},
              {"bugs", format_bugs(s.bugs)},
              {"probe", to_string(s.probe)},
              {"idle", to_string(s.idle)}};
  if (s.uring.any()) out["uring"] = format_uring_features(s.uring);
  return out;
}

void read_scenario(JsonFields in, Scenario& s) {
  in.get("model", s.model);
  in.get("clients", s.clients);
  in.get("messages", s.messages);
  in.get("size", s.size);
  in.get("interval_ns", s.interval_ns);
  in.get("stall_ns", s.stall_ns);
  in.get("stall_after_ns", s.stall_after_ns);
  std::string bugs;
  in.get("bugs", bugs);
  s.bugs = bugs_from(bugs);
  std::string probe = to_string(s.probe);
  in.get("probe", probe);
  if (auto mode = parse_probe_mode(probe))
    s.probe = *mode;
  else
    in.fail("probe", "must be auto, on or off, not '" + probe + "'");
  std::string idle = to_string(s.idle);
  in.get("idle", idle);
  if (auto mode = parse_idle_mode(idle))
    s.idle = *mode;
  else
    in.fail("idle", "must be work or sleep, not '" + idle + "'");
  std::string uring;
  in.get("uring", uring);
  s.uring = uring_features_from(uring);
}

json run_result_json(const RunSummary& s) {
  return {{"port", s.port},
          {"bytes_sent", s.bytes_sent},
          {"bytes_verified", s.bytes_verified},
          {"messages_verified", s.messages_verified},
          {"messages_missing", s.messages_missing},
          {"counters", counters_json(s.counters)},
          {"dropped", s.dropped},
          {"latency_ns",
           {{"p50", s.latency.p50},
            {"p99", s.latency.p99},
            {"max", s.latency.max},
            {"count", s.latency.count}}},
          {"server_usage",
           {{"cpu_ns", s.server_usage.cpu_ns},
            {"voluntary_switches", s.server_usage.voluntary_switches},
            {"involuntary_switches", s.server_usage.involuntary_switches}}},
          {"probe", probe_json(s.probe)},
          {"duration_ns", s.duration_ns},
          {"cancelled", s.cancelled},
          {"error", s.error}};
}

void read_run_result(JsonFields in, RunSummary& s) {
  in.get("port", s.port);
  in.get("bytes_sent", s.bytes_sent);
  in.get("bytes_verified", s.bytes_verified);
  in.get("messages_verified", s.messages_verified);
  in.get("messages_missing", s.messages_missing);
  read_counters(in.object("counters"), s.counters);
  in.get("dropped", s.dropped);
  JsonFields lat = in.object("latency_ns");
  lat.get("p50", s.latency.p50);
  lat.get("p99", s.latency.p99);
  lat.get("max", s.latency.max);
  lat.get("count", s.latency.count);
  JsonFields usage = in.object("server_usage");
  usage.get("cpu_ns", s.server_usage.cpu_ns);
  usage.get("voluntary_switches", s.server_usage.voluntary_switches);
  usage.get("involuntary_switches", s.server_usage.involuntary_switches);
  read_probe(in.object("probe"), s.probe);
  in.get("duration_ns", s.duration_ns);
  in.get("cancelled", s.cancelled);
  in.get("error", s.error);
}

}  // namespace ioscope::record
