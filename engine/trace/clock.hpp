// The one clock every event is stamped with: CLOCK_MONOTONIC in nanoseconds.
#pragma once

#include <cstdint>
#include <ctime>

namespace ioscope {

inline std::int64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

inline std::int64_t realtime_ns() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// The shortest time two stamps can tell apart: the smallest step between two back-to-back reads
// of the clock (tens of nanoseconds with the vDSO), measured once. A duration below it was not
// measured, only bounded: "< 20 ns", never "0 ns".
std::int64_t clock_floor_ns();

// The kernel stamps received data with CLOCK_REALTIME; this converts such a stamp to the
// monotonic clock. The offset is sampled with the tightest of several bracketed reads, so the
// conversion error is below the bracket width (well under a microsecond here).
class RealtimeToMonotonic {
 public:
  RealtimeToMonotonic() { resample(); }
  void resample();
  std::int64_t to_monotonic(std::int64_t realtime) const { return realtime - offset_ns_; }
  std::int64_t offset_ns() const { return offset_ns_; }

 private:
  std::int64_t offset_ns_ = 0;
};

}  // namespace ioscope
