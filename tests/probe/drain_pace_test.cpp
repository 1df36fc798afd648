// The probe thread's pause between drains keeps a small ring at most a quarter full.
#include "probe/drain_pace.hpp"

#include <gtest/gtest.h>

namespace ioscope {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

constexpr DrainPace kPace{milliseconds(1), milliseconds(20), 16384};

TEST(DrainPace, AQuietProcessIsDrainedAtTheLongestPause) {
  EXPECT_EQ(kPace.next(0, milliseconds(20)), milliseconds(20));
  EXPECT_EQ(kPace.next(10, milliseconds(20)), milliseconds(20));  // 500 records/s
}

TEST(DrainPace, ABusyOneIsDrainedBeforeTheRingIsAQuarterFull) {
  // 1 M records/s: a quarter of the ring (4096) comes in 4.096 ms.
  const nanoseconds pause = kPace.next(20'000, milliseconds(20));
  EXPECT_EQ(pause, nanoseconds(4'096'000));
  // Twice the rate, half the pause.
  EXPECT_EQ(kPace.next(40'000, milliseconds(20)), nanoseconds(2'048'000));
}

TEST(DrainPace, NeverShorterThanTheShortestPause) {
  EXPECT_EQ(kPace.next(1'000'000, milliseconds(1)), milliseconds(1));
}

TEST(DrainPace, NoElapsedTimeOrNoRingGivesTheLongestPause) {
  EXPECT_EQ(kPace.next(100, nanoseconds(0)), milliseconds(20));
  EXPECT_EQ((DrainPace{milliseconds(1), milliseconds(20), 0}.next(100, milliseconds(1))),
            milliseconds(20));
}

}  // namespace
}  // namespace ioscope
