// A compact wake-up arrives in two records (the waking from the waker's CPU, the span from the
// woken thread's); the loader joins them before anyone downstream sees them (waking_fold.hpp).
#include "probe/waking_fold.hpp"

#include <gtest/gtest.h>

namespace ioscope {
namespace {

ioscope_probe_record record(__u32 kind, std::uint64_t t, std::uint32_t tid) {
  ioscope_probe_record r{};
  r.t_ns = t;
  r.kind = kind;
  r.tid = tid;
  return r;
}

ioscope_probe_record waking(std::uint64_t t, std::uint32_t woken, std::uint32_t waker) {
  ioscope_probe_record r = record(IOSCOPE_PK_WAKING, t, woken);
  r.a = waker;
  return r;
}

ioscope_probe_record span(std::uint64_t t, std::uint32_t tid, std::uint32_t fd_plus_one = 0) {
  ioscope_probe_record r = record(IOSCOPE_PK_WAKEUP_SPAN, t, tid);
  r.extra = fd_plus_one;
  return r;
}

ioscope_probe_record copy(std::uint64_t t, std::uint32_t tid) {
  return record(IOSCOPE_PK_COPY_SPAN, t, tid);
}

TEST(WakingFold, ASpanTakesItsThreadsWakingAndTheWakingGoes) {
  WakingFold fold;
  std::vector<ioscope_probe_record> batch{waking(100, 7, 42), waking(110, 8, 43), span(150, 7, 5),
                                          copy(160, 7)};
  fold.apply(batch);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].kind, IOSCOPE_PK_WAKEUP_SPAN);
  EXPECT_EQ(batch[0].a, 100) << "woken when the waking began";
  EXPECT_EQ(batch[0].b, 42) << "by whom";
  EXPECT_EQ(batch[0].t_ns, 150u) << "back on a CPU";
  EXPECT_EQ(batch[0].extra, 5u);
  EXPECT_EQ(batch[1].kind, IOSCOPE_PK_COPY_SPAN);
}

TEST(WakingFold, AWakingWaitsForItsSpanInALaterBatch) {
  WakingFold fold;
  std::vector<ioscope_probe_record> first{waking(100, 7, 42)};
  fold.apply(first);
  EXPECT_TRUE(first.empty());
  std::vector<ioscope_probe_record> second{span(150, 7)};
  fold.apply(second);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].a, 100);
}

TEST(WakingFold, EachSleepHasItsOwnWakingAndASpanWithoutOneIsDropped) {
  WakingFold fold;
  std::vector<ioscope_probe_record> batch{waking(100, 7, 42), span(150, 7), span(300, 7),
                                          waking(400, 7, 44), span(450, 7), span(500, 9)};
  fold.apply(batch);
  ASSERT_EQ(batch.size(), 2u) << "the span at 300 had no waking of its own, nor 9's";
  EXPECT_EQ(batch[0].a, 100);
  EXPECT_EQ(batch[1].a, 400);
  EXPECT_EQ(batch[1].b, 44);
}

TEST(WakingFold, AWakingLaterThanTheSpanIsNotItsOwn) {
  WakingFold fold;
  std::vector<ioscope_probe_record> batch{waking(200, 7, 42)};
  fold.apply(batch);
  batch = {span(150, 7)};
  fold.apply(batch);
  EXPECT_TRUE(batch.empty());
  batch = {span(250, 7)};
  fold.apply(batch);
  ASSERT_EQ(batch.size(), 1u) << "the waking still serves the sleep it began";
  EXPECT_EQ(batch[0].a, 200);
}

}  // namespace
}  // namespace ioscope
