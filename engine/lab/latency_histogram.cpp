#include "lab/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ioscope {

namespace {
constexpr std::int64_t kSub = 1 << 7;
}  // namespace

std::size_t LatencyHistogram::index_of(std::int64_t v) {
  if (v < kSub) return static_cast<std::size_t>(v);
  const int e = std::bit_width(static_cast<std::uint64_t>(v)) - 1;  // v in [2^e, 2^(e+1))
  const int shift = e - kSubBits;
  const auto mantissa = static_cast<std::size_t>((v >> shift) & (kSub - 1));
  return static_cast<std::size_t>(kSub) + static_cast<std::size_t>(shift) * kSub + mantissa;
}

std::int64_t LatencyHistogram::lower_bound_of(std::size_t index) {
  if (index < static_cast<std::size_t>(kSub)) return static_cast<std::int64_t>(index);
  const auto shift = static_cast<int>((index - kSub) / kSub);
  const auto mantissa = static_cast<std::int64_t>((index - kSub) % kSub);
  return (kSub + mantissa) << shift;
}

std::int64_t LatencyHistogram::width_of(std::size_t index) {
  if (index < static_cast<std::size_t>(kSub)) return 1;
  return std::int64_t{1} << ((index - kSub) / kSub);
}

LatencyHistogram::LatencyHistogram() : buckets_(index_of(kHighest) + 1, 0) {}

void LatencyHistogram::record(std::int64_t ns) {
  ns = std::clamp<std::int64_t>(ns, 0, kHighest);
  ++buckets_[index_of(ns)];
  min_ = count_ ? std::min(min_, ns) : ns;
  max_ = count_ ? std::max(max_, ns) : ns;
  ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  min_ = count_ ? std::min(min_, other.min_) : other.min_;
  max_ = count_ ? std::max(max_, other.max_) : other.max_;
  count_ += other.count_;
}

std::int64_t LatencyHistogram::percentile(double p) const {
  if (count_ == 0) return 0;
  const auto rank = std::clamp<std::uint64_t>(
      static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_))), 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      // The middle of the bucket, but never outside what was actually seen.
      const std::int64_t mid = lower_bound_of(i) + (width_of(i) - 1) / 2;
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

LatencyPercentiles LatencyHistogram::summary() const {
  LatencyPercentiles s;
  s.count = count_;
  s.p50 = percentile(50);
  s.p90 = percentile(90);
  s.p99 = percentile(99);
  s.p99_9 = percentile(99.9);
  s.max = max();
  return s;
}

}  // namespace ioscope
