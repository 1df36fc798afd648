#include "trace/clock.hpp"

#include <limits>

namespace ioscope {

std::int64_t clock_floor_ns() {
  static const std::int64_t floor = [] {
    std::int64_t best = std::numeric_limits<std::int64_t>::max();
    for (int i = 0; i < 2000; ++i) {
      const std::int64_t a = now_ns();
      std::int64_t b = now_ns();
      while (b == a) b = now_ns();  // a coarse clock: the step is the resolution
      if (b - a < best) best = b - a;
    }
    return best;
  }();
  return floor;
}

void RealtimeToMonotonic::resample() {
  std::int64_t best_width = std::numeric_limits<std::int64_t>::max();
  for (int i = 0; i < 16; ++i) {
    const std::int64_t m0 = now_ns();
    const std::int64_t r = realtime_ns();
    const std::int64_t m1 = now_ns();
    if (m1 - m0 < best_width) {
      best_width = m1 - m0;
      offset_ns_ = r - (m0 + (m1 - m0) / 2);
    }
  }
}

}  // namespace ioscope
