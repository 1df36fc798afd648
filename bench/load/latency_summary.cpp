#include "latency_summary.hpp"

#include <algorithm>
#include <cmath>

namespace ioscope::load {

namespace {

// The smallest sample at or above fraction p of them (nearest rank).
std::int64_t percentile(std::vector<std::int64_t>& samples, double p) {
  const auto n = samples.size();
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n)));
  rank = std::clamp<std::size_t>(rank, 1, n) - 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(rank),
                   samples.end());
  return samples[rank];
}

}  // namespace

LatencySummary summarize_latencies(std::vector<std::int64_t>& samples) {
  LatencySummary s;
  if (samples.empty()) return s;
  s.count = samples.size();
  s.max_ns = *std::max_element(samples.begin(), samples.end());
  s.p50_ns = percentile(samples, 0.50);
  s.p99_ns = percentile(samples, 0.99);
  return s;
}

}  // namespace ioscope::load
