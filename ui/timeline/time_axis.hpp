// The mapping between time (monotonic ns) and pixels on the timeline, with the ruler's ticks.
// A small value type so zoom, pan and fit can be tested with plain numbers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::ui {

class TimeAxis {
 public:
  static constexpr double kMinNsPerPx = 0.01;  // 1 px = 10 ps: beyond the clock's resolution
  static constexpr double kMaxNsPerPx = 1e10;  // 1 px = 10 s

  TimeAxis() = default;
  TimeAxis(std::int64_t origin_ns, double ns_per_px) : origin_(origin_ns) { set_scale(ns_per_px); }

  double x_of(std::int64_t t) const { return static_cast<double>(t - origin_) / ns_per_px_; }
  std::int64_t t_of(double x) const { return origin_ + static_cast<std::int64_t>(x * ns_per_px_); }

  std::int64_t origin() const { return origin_; }
  double ns_per_px() const { return ns_per_px_; }
  std::int64_t span_ns(double width_px) const {
    return static_cast<std::int64_t>(width_px * ns_per_px_);
  }

  // Zoom by factor (> 1 zooms in) keeping the time under pixel x where it is.
  void zoom_at(double x, double factor);
  // Shift the view by dx pixels (positive: later times come into view).
  void pan(double dx_px) { origin_ += static_cast<std::int64_t>(dx_px * ns_per_px_); }
  // Show [t0, t1] across width px with a small margin on both sides.
  void fit(std::int64_t t0, std::int64_t t1, double width_px);
  // Keep the scale, move so t sits at x (follow-live).
  void place(std::int64_t t, double x) { origin_ = t - static_cast<std::int64_t>(x * ns_per_px_); }
  void set_scale(double ns_per_px);

  struct Tick {
    std::int64_t t;
    double x;
    bool major;
    std::string label;  // empty for minor ticks
  };
  // Ticks across [0, width_px], spaced at least min_gap_px apart on a 1-2-5 progression;
  // labels are relative to zero_ns ("+1.5 ms").
  std::vector<Tick> ticks(double width_px, std::int64_t zero_ns, double min_gap_px = 90) const;

  // The tick step the ruler would use: 1, 2 or 5 x 10^k ns.
  static std::int64_t nice_step(double min_ns);
  // "1.5 ms", "20 ns", "3 s": compact, for labels.
  static std::string format(std::int64_t ns);

 private:
  std::int64_t origin_ = 0;
  double ns_per_px_ = 1000.0;
};

}  // namespace ioscope::ui
