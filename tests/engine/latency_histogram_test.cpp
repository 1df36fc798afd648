// The histogram keeps its promise: on randomised data from several distributions every
// percentile it reports is within 1% of the exact nearest-rank percentile of the raw samples,
// max and count are exact, and merging two histograms equals recording everything into one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "lab/latency_histogram.hpp"
#include "lab/run.hpp"

namespace ioscope {
namespace {

std::int64_t exact_percentile(std::vector<std::int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  auto i = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
  return v[std::clamp<std::size_t>(i, 1, n) - 1];
}

void expect_within_error(const std::vector<std::int64_t>& samples, const char* what) {
  LatencyHistogram h;
  for (auto s : samples) h.record(s);
  ASSERT_EQ(h.count(), samples.size());
  EXPECT_EQ(h.max(), *std::max_element(samples.begin(), samples.end())) << what;
  for (double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
    const auto exact = exact_percentile(samples, p);
    const auto got = h.percentile(p);
    EXPECT_LE(std::abs(static_cast<double>(got - exact)),
              LatencyHistogram::kRelativeError * static_cast<double>(exact))
        << what << " p" << p << ": histogram " << got << " exact " << exact;
  }
}

std::vector<std::int64_t> draw(std::function<double(std::mt19937_64&)> dist, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::int64_t> v(20'000);
  for (auto& x : v)
    x = std::clamp<std::int64_t>(std::llround(dist(rng)), LatencyHistogram::kLowest,
                                 LatencyHistogram::kHighest);
  return v;
}

TEST(LatencyHistogram, PercentilesMatchExactOnesWithinOnePercentForSeveralDistributions) {
  for (unsigned seed : {1u, 2u, 3u}) {
    expect_within_error(
        draw([](auto& r) { return std::uniform_real_distribution<>(1e3, 1e10)(r); }, seed),
        "uniform 1us..10s");
    expect_within_error(
        draw(
            [](auto& r) {
              return std::exp(std::uniform_real_distribution<>(std::log(1e3), std::log(1e10))(r));
            },
            seed),
        "log-uniform 1us..10s");
    expect_within_error(
        draw([](auto& r) { return std::lognormal_distribution<>(std::log(50e3), 1.0)(r); }, seed),
        "lognormal around 50us");
    expect_within_error(
        draw([](auto& r) { return 20e3 + std::exponential_distribution<>(1.0 / 30e3)(r); }, seed),
        "exponential tail above 20us");
    // Mostly fast, a few very slow: the shape a stall leaves.
    expect_within_error(draw(
                            [](auto& r) {
                              return std::bernoulli_distribution(0.02)(r)
                                         ? std::uniform_real_distribution<>(40e6, 60e6)(r)
                                         : std::normal_distribution<>(30e3, 3e3)(r);
                            },
                            seed),
                        "bimodal 30us / 50ms");
  }
}

TEST(LatencyHistogram, AgreesWithTheRunSummaryOnTheSamePercentileDefinition) {
  auto v = draw([](auto& r) { return std::lognormal_distribution<>(std::log(80e3), 0.7)(r); }, 7);
  LatencyHistogram h;
  for (auto s : v) h.record(s);
  const LatencySummary exact = summarize_latency(v);
  EXPECT_NEAR(static_cast<double>(h.percentile(50)), static_cast<double>(exact.p50),
              0.01 * static_cast<double>(exact.p50));
  EXPECT_NEAR(static_cast<double>(h.percentile(99)), static_cast<double>(exact.p99),
              0.01 * static_cast<double>(exact.p99));
  EXPECT_EQ(h.summary().max, exact.max);
  EXPECT_EQ(h.summary().count, exact.count);
}

TEST(LatencyHistogram, MergingEqualsRecordingEverythingIntoOne) {
  auto a = draw([](auto& r) { return std::uniform_real_distribution<>(1e3, 1e6)(r); }, 11);
  auto b = draw([](auto& r) { return std::uniform_real_distribution<>(1e5, 1e9)(r); }, 12);
  LatencyHistogram ha, hb, all;
  for (auto s : a) ha.record(s), all.record(s);
  for (auto s : b) hb.record(s), all.record(s);
  ha.merge(hb);
  EXPECT_EQ(ha.count(), all.count());
  EXPECT_EQ(ha.min(), all.min());
  EXPECT_EQ(ha.max(), all.max());
  for (double p : {50.0, 90.0, 99.0, 99.9}) EXPECT_EQ(ha.percentile(p), all.percentile(p)) << p;
}

TEST(LatencyHistogram, EmptyReportsZerosAndOutOfRangeValuesAreClamped) {
  LatencyHistogram h;
  EXPECT_EQ(h.summary().count, 0u);
  EXPECT_EQ(h.percentile(99), 0);
  h.record(-5);
  h.record(20'000'000'000);
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), LatencyHistogram::kHighest);
}

}  // namespace
}  // namespace ioscope
