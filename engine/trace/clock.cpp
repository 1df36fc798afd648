#include "trace/clock.hpp"

#include <limits>

namespace ioscope {

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
