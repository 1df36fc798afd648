// Percentiles of a run's round-trip latencies.
#pragma once

#include <cstdint>
#include <vector>

namespace ioscope::load {

struct LatencySummary {
  std::uint64_t count = 0;
  std::int64_t p50_ns = 0;
  std::int64_t p99_ns = 0;
  std::int64_t max_ns = 0;
};

// Nearest-rank percentiles; reorders samples. All zero when there are none.
LatencySummary summarize_latencies(std::vector<std::int64_t>& samples);

}  // namespace ioscope::load
