// A measured duration is never shown as "0 ns": below what the clock can tell apart, the text
// says so ("< 20 ns"), in the inspector, the figure and the timeline alike (all use
// text::duration).
#include <gtest/gtest.h>

#include "events/event_text.hpp"
#include "trace/clock.hpp"

namespace ioscope::ui {
namespace {

TEST(MeasuredDuration, TheClockFloorIsAPositiveStepOfTheClock) {
  const std::int64_t floor = clock_floor_ns();
  EXPECT_GT(floor, 0);
  EXPECT_LT(floor, 1'000'000) << "CLOCK_MONOTONIC steps finer than a millisecond";
  EXPECT_EQ(clock_floor_ns(), floor) << "measured once";
}

TEST(MeasuredDuration, BelowTheFloorSaysLessThanNeverZero) {
  const std::int64_t floor = clock_floor_ns();
  const QString expected = QStringLiteral("< %1 ns").arg(floor);
  EXPECT_EQ(text::duration(0), expected);
  EXPECT_EQ(text::duration(floor - 1), expected);
  EXPECT_NE(text::duration(floor), expected);
  EXPECT_EQ(text::duration(12'500), QStringLiteral("12.5 µs"));
}

}  // namespace
}  // namespace ioscope::ui
