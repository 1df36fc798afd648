// A log-bucketed latency histogram in the manner of HdrHistogram: constant memory, mergeable,
// and every percentile within 1% of the exact one, from 1 µs to 10 s.
//
// Buckets: a value below 128 ns has a bucket of its own. Above that, each power of two
// [2^e, 2^(e+1)) is cut into 128 equal buckets, so a bucket is 1/128 of its lower bound wide.
// A percentile is reported as the middle of the bucket that holds the exact nearest-rank
// sample, hence at most half a bucket off: |reported - exact| <= exact / 256 (0.4%), well
// inside the stated 1% (kRelativeError). Min and max are kept exactly.
#pragma once

#include <cstdint>
#include <vector>

namespace ioscope {

struct LatencyPercentiles {
  std::int64_t p50 = 0, p90 = 0, p99 = 0, p99_9 = 0, max = 0;
  std::uint64_t count = 0;
};

class LatencyHistogram {
 public:
  static constexpr std::int64_t kLowest = 1'000;            // 1 µs: the range it promises
  static constexpr std::int64_t kHighest = 10'000'000'000;  // 10 s; longer values count as 10 s
  static constexpr double kRelativeError = 0.01;

  LatencyHistogram();

  void record(std::int64_t ns);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  // Nearest rank: the value at or below which p% of the samples fall (0 < p <= 100).
  std::int64_t percentile(double p) const;
  LatencyPercentiles summary() const;

 private:
  static constexpr int kSubBits = 7;  // 128 buckets per power of two
  static std::size_t index_of(std::int64_t v);
  static std::int64_t lower_bound_of(std::size_t index);
  static std::int64_t width_of(std::size_t index);

  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0, max_ = 0;
};

}  // namespace ioscope
