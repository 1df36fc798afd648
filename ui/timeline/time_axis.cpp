#include "timeline/time_axis.hpp"

#include "model/readable_duration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace ioscope::ui {

void TimeAxis::set_scale(double ns_per_px) {
  if (!std::isfinite(ns_per_px)) return;
  ns_per_px_ = std::clamp(ns_per_px, kMinNsPerPx, kMaxNsPerPx);
}

void TimeAxis::zoom_at(double x, double factor) {
  if (!(factor > 0) || !std::isfinite(factor)) return;
  const double anchor = static_cast<double>(origin_) + x * ns_per_px_;
  set_scale(ns_per_px_ / factor);
  origin_ = static_cast<std::int64_t>(std::llround(anchor - x * ns_per_px_));
}

void TimeAxis::fit(std::int64_t t0, std::int64_t t1, double width_px) {
  if (t1 < t0) std::swap(t0, t1);
  const double span = std::max<double>(static_cast<double>(t1 - t0), 1000.0);
  const double margin = span * 0.03;
  const double usable = std::max(width_px, 1.0);
  set_scale((span + 2 * margin) / usable);
  origin_ = t0 - static_cast<std::int64_t>(margin);
}

std::int64_t TimeAxis::nice_step(double min_ns) {
  std::int64_t step = 1;
  while (true) {
    for (std::int64_t m : {1, 2, 5}) {
      if (static_cast<double>(step * m) >= min_ns) return step * m;
    }
    if (step > 1'000'000'000'000'000) return step;
    step *= 10;
  }
}

std::string TimeAxis::format(std::int64_t ns) {
  return readable_duration(ns);
}

std::vector<TimeAxis::Tick> TimeAxis::ticks(double width_px, std::int64_t zero_ns,
                                            double min_gap_px) const {
  std::vector<Tick> out;
  if (width_px <= 0) return out;
  const std::int64_t major = nice_step(min_gap_px * ns_per_px_);
  const std::int64_t minor = std::max<std::int64_t>(1, major / 5);
  const std::int64_t t_begin = t_of(0) - zero_ns;
  const std::int64_t t_end = t_of(width_px) - zero_ns;
  // First minor tick at or after t_begin, aligned to multiples of minor from zero_ns.
  std::int64_t k = t_begin / minor;
  if (k * minor < t_begin) ++k;
  for (std::int64_t rel = k * minor; rel <= t_end && out.size() < 2000; rel += minor) {
    const bool is_major = rel % major == 0;
    Tick tick{zero_ns + rel, x_of(zero_ns + rel), is_major, {}};
    if (is_major) {
      // Appended rather than "+" + format(): GCC 12 warns falsely (-Wrestrict) on the latter.
      tick.label = rel > 0 ? "+" : "";
      tick.label += format(rel);
    }
    out.push_back(std::move(tick));
  }
  return out;
}

}  // namespace ioscope::ui
