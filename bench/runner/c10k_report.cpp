#include "c10k_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace ioscope::bench {

namespace {

std::string format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

double seconds_of(const BenchOptions& o) {
  return static_cast<double>(o.load.duration.count()) / 1e9;
}

double us(std::int64_t ns) {
  return static_cast<double>(ns) / 1e3;
}

nlohmann::json side_json(const C10kSide& s, int requested) {
  if (!s.ran) return nullptr;
  const load::LoadReport& r = s.run.load;
  nlohmann::json j = {{"connections_requested", requested},
                      {"connections_made", r.connections_made},
                      {"connections_held", r.connections_held},
                      {"round_trips", r.round_trips},
                      {"seconds", r.seconds},
                      {"round_trips_per_second", r.round_trips_per_second()},
                      {"p50_us", us(r.latency.p50_ns)},
                      {"p99_us", us(r.latency.p99_ns)},
                      {"server_cpu_seconds", s.run.cpu_seconds},
                      {"cpu_us_per_message", s.run.cpu_us_per_round_trip()},
                      {"peak_rss_kib", s.run.peak_rss_kb},
                      {"errors", r.errors}};
  if (!r.connect_error.empty()) j["connect_error"] = r.connect_error;
  return j;
}

std::string side_line(const std::string& model, const char* side, const C10kSide& s,
                      int requested) {
  const load::LoadReport& r = s.run.load;
  const double kib_per_conn =
      r.connections_held > 0 ? static_cast<double>(s.run.peak_rss_kb) / r.connections_held : 0;
  return format("%-11s %-7s %6d/%-6d %9.0f %8.1f %8.1f %10.2f %9.1f %8.1f %6llu\n", model.c_str(),
                side, r.connections_held, requested, r.round_trips_per_second(),
                us(r.latency.p50_ns), us(r.latency.p99_ns), s.run.cpu_us_per_round_trip(),
                static_cast<double>(s.run.peak_rss_kb) / 1024, kib_per_conn,
                static_cast<unsigned long long>(r.errors));
}

}  // namespace

std::string c10k_header(const BenchOptions& o, int wanted, const std::string& fd_note) {
  const bool open = o.load.mode == load::LoadMode::Open;
  std::string out;
  if (!fd_note.empty()) out += "note: " + fd_note + "\n";
  out += format("ioscope-server-bench --c10k: %d connections (%d asked), %d active in a%s loop",
                o.load.connections, wanted, active_connections(o), open ? "n open" : " closed");
  if (open) out += format(" at %g msg/s each", o.load.rate_per_connection);
  out += format(", %zu B messages, %.2f s per side, one side at a time\n", o.load.message_size,
                seconds_of(o));
  out += format("ioscope-cli serve --max-connections %d (binds blocking only)\n",
                o.server_cap > 0 ? o.server_cap : o.load.connections);
  out += format(
      "(each connection from 127.0.0.1 takes one ephemeral local port; ioscope traced; server CPU "
      "from wait4, accepts and shutdown included; peak RSS from its ru_maxrss, KiB/conn = peak "
      "RSS / held)\n");
  out += format("%-11s %-7s %13s %9s %8s %8s %10s %9s %8s %6s\n", "model", "side", "held/asked",
                "rt/s", "p50 us", "p99 us", "cpu us/msg", "RSS MiB", "KiB/conn", "errors");
  return out;
}

std::string c10k_lines(const C10kModel& m, int requested) {
  std::string out;
  if (!m.skipped.empty()) out += format("%-11s skipped: %s\n", m.model.c_str(), m.skipped.c_str());
  for (const auto& [side, s] : {std::pair{"ioscope", &m.ioscope}, std::pair{"bare", &m.bare}}) {
    if (!s->ran) continue;
    out += side_line(m.model, side, *s, requested);
    if (!s->run.load.connect_error.empty())
      out += std::string("  ") + side + " held fewer: " + s->run.load.connect_error + "\n";
  }
  for (const auto& e : m.errors) out += "  error: " + e + "\n";
  return out;
}

nlohmann::json c10k_json(const BenchOptions& o, int wanted, const std::string& fd_note,
                         const std::vector<C10kModel>& models) {
  nlohmann::json list = nlohmann::json::array();
  bool ok = true;
  for (const auto& m : models) {
    ok = ok && m.ok();
    nlohmann::json j = {{"model", m.model},
                        {"ioscope", side_json(m.ioscope, o.load.connections)},
                        {"bare", side_json(m.bare, o.load.connections)},
                        {"errors", m.errors}};
    if (!m.skipped.empty()) j["skipped"] = m.skipped;
    list.push_back(j);
  }
  const bool open = o.load.mode == load::LoadMode::Open;
  nlohmann::json config = {
      {"c10k", true},
      {"connections", o.load.connections},
      {"connections_asked", wanted},
      {"active_connections", active_connections(o)},
      {"ioscope_max_connections", o.server_cap > 0 ? o.server_cap : o.load.connections},
      {"mode", open ? "open" : "closed"},
      {"message_size", o.load.message_size},
      {"seconds", seconds_of(o)},
      {"ioscope_tracing", "on"}};
  if (open) config["rate_per_connection"] = o.load.rate_per_connection;
  if (!fd_note.empty()) config["fd_limit_note"] = fd_note;
  return {{"config", config}, {"models", list}, {"ok", ok}};
}

}  // namespace ioscope::bench
