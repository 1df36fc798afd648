#include "bench_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace ioscope::bench {

namespace {

std::string format(const char* fmt, auto... args) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

nlohmann::json spread_json(const Spread& s) {
  return {{"median", s.median}, {"min", s.min}, {"max", s.max}};
}

nlohmann::json side_json(const std::vector<ServerRun>& runs) {
  nlohmann::json each = nlohmann::json::array();
  for (const auto& r : runs)
    each.push_back({{"round_trips", r.load.round_trips},
                    {"seconds", r.load.seconds},
                    {"round_trips_per_second", r.load.round_trips_per_second()},
                    {"p50_us", static_cast<double>(r.load.latency.p50_ns) / 1e3},
                    {"p99_us", static_cast<double>(r.load.latency.p99_ns) / 1e3},
                    {"server_cpu_seconds", r.cpu_seconds},
                    {"errors", r.load.errors}});
  return {{"round_trips_per_second", spread_json(round_trips_per_second(runs))},
          {"p50_us", spread_json(p50_us(runs))},
          {"p99_us", spread_json(p99_us(runs))},
          {"cpu_us_per_round_trip", spread_json(cpu_us_per_round_trip(runs))},
          {"runs", each}};
}

}  // namespace

std::string report_header(const BenchOptions& o) {
  const bool open = o.load.mode == load::LoadMode::Open;
  std::string out = format("ioscope-server-bench: %s loop, %d connections x %zu B",
                           open ? "open" : "closed", o.load.connections, o.load.message_size);
  if (open) out += format(" at %g msg/s each", o.load.rate_per_connection);
  out += format(", %.2f s per run, %d run%s per server (alternating)\n",
                static_cast<double>(o.load.duration.count()) / 1e9, o.runs, o.runs == 1 ? "" : "s");
  out +=
      "ioscope = 'ioscope-cli serve' (traced; untraced: --untraced, which records no events), "
      "bare = bench/bare/bare_<model>\n"
      "ratio = ioscope/bare round trips per second (median of the runs, then min-max); cpu us/rt "
      "= the server's CPU time per round trip, ioscope/bare (traced where it ran)\n";
  out += format("%-34s %7s %-13s %9s %-13s %12s %12s %19s %19s %16s\n", "model", "traced",
                "min-max", "untraced", "min-max", "ioscope rt/s", "bare rt/s", "ioscope p50/p99 us",
                "bare p50/p99 us", "cpu us/rt i/b");
  return out;
}

std::string report_lines(const ModelComparison& m) {
  std::string out;
  const auto ratios = m.ratios();
  if (!m.skipped.empty()) {
    out += format("%-12s skipped: ", m.model.c_str()) + m.skipped + "\n";
  } else if (ratios.empty() && m.untraced_ratios().empty()) {
    out += format("%-34s no ratio: no run completed on both sides\n", m.model.c_str());
  } else {
    auto ratio = [](const std::vector<double>& rs, const char* fmt) {
      if (rs.empty()) return format(fmt, "-");
      return format(fmt, format("%.3f", spread_of(rs).median).c_str());
    };
    auto range = [](const std::vector<double>& rs) {
      if (rs.empty()) return std::string("-");
      const Spread r = spread_of(rs);
      return format("%.3f-%.3f", r.min, r.max);
    };
    // The ioscope columns show the traced server where it ran, else the untraced one.
    const std::vector<ServerRun>& shown = m.ioscope.empty() ? m.untraced : m.ioscope;
    out += format("%-34s", m.model.c_str()) + ratio(ratios, " %7s") +
           format(" %-13s", range(ratios).c_str()) + ratio(m.untraced_ratios(), " %9s") +
           format(" %-13s", range(m.untraced_ratios()).c_str()) +
           format(" %12.0f %12.0f %19s %19s %16s\n", round_trips_per_second(shown).median,
                  round_trips_per_second(m.bare).median,
                  format("%.0f/%.0f", p50_us(shown).median, p99_us(shown).median).c_str(),
                  format("%.0f/%.0f", p50_us(m.bare).median, p99_us(m.bare).median).c_str(),
                  format("%.1f/%.1f", cpu_us_per_round_trip(shown).median,
                         cpu_us_per_round_trip(m.bare).median)
                      .c_str());
  }
  for (const auto& e : m.errors) out += "  error: " + e + "\n";
  return out;
}

nlohmann::json report_json(const BenchOptions& o, const std::vector<ModelComparison>& models) {
  nlohmann::json list = nlohmann::json::array();
  bool ok = true;
  for (const auto& m : models) {
    nlohmann::json entry = {{"model", m.model}, {"errors", m.errors}};
    if (!m.skipped.empty()) {
      entry["skipped"] = m.skipped;
    } else {
      if (!m.ioscope.empty()) {
        entry["ratio"] = spread_json(spread_of(m.ratios()));
        entry["ratios"] = m.ratios();
        entry["ioscope"] = side_json(m.ioscope);
      }
      if (!m.untraced.empty()) {
        entry["untraced_ratio"] = spread_json(spread_of(m.untraced_ratios()));
        entry["untraced_ratios"] = m.untraced_ratios();
        entry["untraced"] = side_json(m.untraced);
      }
      entry["bare"] = side_json(m.bare);
    }
    ok = ok && m.ok();
    list.push_back(std::move(entry));
  }
  const bool open = o.load.mode == load::LoadMode::Open;
  nlohmann::json config = {{"mode", open ? "open" : "closed"},
                           {"connections", o.load.connections},
                           {"message_size", o.load.message_size},
                           {"seconds", static_cast<double>(o.load.duration.count()) / 1e9},
                           {"runs", o.runs},
                           {"ioscope_tracing", o.tracing == Tracing::On    ? "on"
                                               : o.tracing == Tracing::Off ? "off"
                                                                           : "both"}};
  if (open) config["rate_per_connection"] = o.load.rate_per_connection;
  return {{"config", config}, {"models", list}, {"ok", ok}};
}

}  // namespace ioscope::bench
