#include "timeline/time_axis.hpp"

#include <gtest/gtest.h>

namespace ioscope::ui {
namespace {

struct MapCase {
  std::int64_t origin;
  double ns_per_px;
  std::int64_t t;
  double x;
};

class TimeAxisMaps : public ::testing::TestWithParam<MapCase> {};

TEST_P(TimeAxisMaps, TimeToPixelAndBack) {
  const auto c = GetParam();
  TimeAxis axis(c.origin, c.ns_per_px);
  EXPECT_DOUBLE_EQ(axis.x_of(c.t), c.x);
  EXPECT_EQ(axis.t_of(c.x), c.t);
}

INSTANTIATE_TEST_SUITE_P(Cases, TimeAxisMaps,
                         ::testing::Values(MapCase{0, 1, 100, 100}, MapCase{1000, 10, 2000, 100},
                                           MapCase{5'000'000'000, 1e6, 6'000'000'000, 1000},
                                           MapCase{0, 0.5, 50, 100}));

TEST(TimeAxis, ZoomKeepsTheTimeUnderTheCursor) {
  TimeAxis axis(0, 100);
  const std::int64_t under = axis.t_of(300);
  axis.zoom_at(300, 4);
  EXPECT_DOUBLE_EQ(axis.ns_per_px(), 25);
  EXPECT_NEAR(static_cast<double>(axis.t_of(300)), static_cast<double>(under), 1.0);
}

TEST(TimeAxis, ZoomIsClampedFromNanosecondsToSeconds) {
  TimeAxis axis(0, 1);
  axis.zoom_at(0, 1e9);
  EXPECT_DOUBLE_EQ(axis.ns_per_px(), TimeAxis::kMinNsPerPx);
  axis.zoom_at(0, 1e-30);
  EXPECT_DOUBLE_EQ(axis.ns_per_px(), TimeAxis::kMaxNsPerPx);
}

TEST(TimeAxis, FitShowsTheWholeRangeWithAMargin) {
  TimeAxis axis;
  axis.fit(1'000'000, 2'000'000, 1000);
  EXPECT_LT(axis.x_of(1'000'000), 50);
  EXPECT_GT(axis.x_of(1'000'000), 0);
  EXPECT_GT(axis.x_of(2'000'000), 950);
  EXPECT_LT(axis.x_of(2'000'000), 1000);
}

TEST(TimeAxis, NiceStepsFollowOneTwoFive) {
  EXPECT_EQ(TimeAxis::nice_step(1), 1);
  EXPECT_EQ(TimeAxis::nice_step(1.5), 2);
  EXPECT_EQ(TimeAxis::nice_step(3), 5);
  EXPECT_EQ(TimeAxis::nice_step(7), 10);
  EXPECT_EQ(TimeAxis::nice_step(120'000), 200'000);
}

TEST(TimeAxis, TicksAreLabelledRelativeToZeroAndSpacedApart) {
  TimeAxis axis(0, 10'000);  // 10 µs per pixel: 1000 px = 10 ms
  const auto ticks = axis.ticks(1000, 0, 90);
  ASSERT_FALSE(ticks.empty());
  double last_major = -1e9;
  int majors = 0;
  for (const auto& t : ticks) {
    if (!t.major) continue;
    ++majors;
    EXPECT_GE(t.x - last_major, 89.0);
    last_major = t.x;
  }
  EXPECT_GE(majors, 5);
  EXPECT_EQ(ticks.front().label, "0 ns");
  EXPECT_EQ(TimeAxis::format(1'500'000), "1.5 ms");
  EXPECT_EQ(TimeAxis::format(20), "20 ns");
}

}  // namespace
}  // namespace ioscope::ui
