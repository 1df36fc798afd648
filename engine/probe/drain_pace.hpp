// How long the probe thread sleeps between drains of the per-CPU rings (percpu_reader.hpp).
//
// A run's ring is small on purpose: every record the kernel writes lands on a cache line of the
// ring, and over a ring larger than the caches each record is a miss the traced thread pays
// (kernel.bpf_stats_enabled, alternating runs: sk_data_ready's program took 375-860 ns per hit
// with an 8 MiB ring, 245-450 ns with a 1 MiB one). A small ring must be drained before it
// fills, so the pause follows the rate records came at in the last interval: long when the
// process is quiet (waking the probe thread costs the machine a context switch), short when it
// is busy, so the ring stays at most a quarter full.
#pragma once

#include <chrono>
#include <cstddef>

namespace ioscope {

struct DrainPace {
  std::chrono::nanoseconds shortest{std::chrono::milliseconds(1)};
  std::chrono::nanoseconds longest{std::chrono::milliseconds(20)};
  std::size_t ring_records = 0;  // records one CPU's ring holds when full (all may be one's)

  // The pause before the next drain, given that `drained` records came in `elapsed`.
  std::chrono::nanoseconds next(std::size_t drained, std::chrono::nanoseconds elapsed) const {
    if (drained == 0 || elapsed.count() <= 0 || ring_records == 0) return longest;
    const double per_ns = static_cast<double>(drained) / static_cast<double>(elapsed.count());
    const double quarter_ns = static_cast<double>(ring_records) / 4.0 / per_ns;
    if (quarter_ns <= static_cast<double>(shortest.count())) return shortest;
    if (quarter_ns >= static_cast<double>(longest.count())) return longest;
    return std::chrono::nanoseconds(static_cast<long long>(quarter_ns));
  }
};

}  // namespace ioscope
