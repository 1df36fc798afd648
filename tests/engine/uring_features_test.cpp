// io_uring as an engineer writes it today (Scenario::uring): a multishot receive standing on
// each connection, into provided buffers, and deferred task_work. Each variant must echo every
// byte the plain server echoes, with the kernel's receive timestamp still read for every
// arrival (multishot finds it inside the provided buffer), whether the buyer keeps working or
// sleeps; and the multishot server must stay correct when messages span many buffers, when one
// connection holds its share and has its receive cancelled, and when the shelf runs dry.
#include <gtest/gtest.h>

#include <string>

#include "lab/compare.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

TEST(UringFeatures, ParseAndFormatByTheirCliNames) {
  auto both = parse_uring_features("multishot,defer-taskrun");
  ASSERT_TRUE(both.ok());
  EXPECT_TRUE(both->multishot);
  EXPECT_TRUE(both->defer_taskrun);
  EXPECT_EQ(format_uring_features(*both), "multishot,defer-taskrun");
  EXPECT_EQ(format_uring_features(*both, '+'), "multishot+defer-taskrun");
  auto plus = parse_uring_features(" defer-taskrun + multishot ");
  ASSERT_TRUE(plus.ok());
  EXPECT_EQ(*plus, *both);
  for (const char* none : {"", "plain"}) {
    auto f = parse_uring_features(none);
    ASSERT_TRUE(f.ok()) << none;
    EXPECT_FALSE(f->any()) << none;
    EXPECT_EQ(format_uring_features(*f), "");
  }
  auto bad = parse_uring_features("multishot,sqpoll");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'sqpoll'"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("defer-taskrun"), std::string::npos);
}

// The name a series goes by (the CLI's --models, the app's model picker and its settings) reads
// back as the same model and features.
TEST(UringFeatures, EverySeriesNameReadsBackAsItsModelAndFeatures) {
  for (const std::string& name : uring_variant_series()) {
    auto series = parse_series(name);
    ASSERT_TRUE(series.ok()) << name;
    EXPECT_EQ(series_name(series->model, series->uring), name);
  }
  EXPECT_EQ(series_name("epoll", {}), "epoll");
  // Not a series: the spec is taken as a model id, for validate() to judge.
  EXPECT_EQ(series_or_model("io_uring+multishot").uring.multishot, true);
  EXPECT_EQ(series_or_model("nosuch").model, "nosuch");
  EXPECT_FALSE(series_or_model("epoll+multishot").uring.any());
  EXPECT_EQ(series_name("io_uring", {.multishot = false, .defer_taskrun = true}),
            "io_uring+defer-taskrun");
}

TEST(UringFeatures, OnlyTheIoUringModelTakesThem) {
  Scenario s = test::scenario("epoll", 2, 5, 64, 1'000'000);
  s.uring.multishot = true;
  const auto bad = validate(s);
  ASSERT_TRUE(bad.has_value());
  EXPECT_NE(bad->message.find("need model io_uring, not epoll"), std::string::npos) << bad->message;
  s.model = "io_uring";
  EXPECT_FALSE(validate(s).has_value());
}

struct Variant {
  bool multishot;
  bool defer_taskrun;
  IdleMode idle;
};

class UringVariantTest : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    if (auto why = find_model("io_uring")->unavailable()) GTEST_SKIP() << *why;
  }
  static Scenario scenario(int clients, int messages, std::size_t size, std::int64_t interval) {
    Scenario s = test::scenario("io_uring", clients, messages, size, interval);
    s.uring.multishot = GetParam().multishot;
    s.uring.defer_taskrun = GetParam().defer_taskrun;
    s.idle = GetParam().idle;
    return s;
  }
};

TEST_P(UringVariantTest, EchoesEveryMessageWithTheKernelsReceiveTimestamp) {
  const test::TracedRun run = test::run_traced(scenario(4, 30, 512, 1'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, 4u * 30u);
  EXPECT_EQ(run.summary.messages_missing, 0u);
  EXPECT_EQ(run.summary.bytes_verified, run.summary.bytes_sent);
  // Every arrival found its stamp: for multishot, in the control space of the buffer the kernel
  // picked (a wrong offset would find none and mark every arrival inferred).
  // (One arrival may carry several messages: the count is of arrivals.)
  const auto arrivals = test::select_events(
      run, [](const TraceEvent& e) { return e.kind == EventKind::KernelReady; });
  EXPECT_GT(run.summary.counters.kernel_stamped, 0u);
  EXPECT_EQ(run.summary.counters.kernel_stamped, arrivals.size());
  EXPECT_EQ(run.summary.counters.kernel_inferred, 0u);
  // No receive call: the kernel copied, and said so on every arrival.
  EXPECT_TRUE(test::calls(run, Sys::recvmsg).empty());
  const auto copies =
      test::select_events(run, [](const TraceEvent& e) { return e.kind == EventKind::CopyBegin; });
  ASSERT_FALSE(copies.empty());
  for (const TraceEvent& c : copies) EXPECT_TRUE(c.flags & flag::kKernelCopy);
}

TEST_P(UringVariantTest, MessagesLargerThanManyBuffersComeBackWhole) {
  // 300 KiB messages sent back to back span about twenty 16 KiB provided buffers each, more
  // than one connection may hold: the standing receive is cancelled and placed again while
  // the echo drains.
  const test::TracedRun run = test::run_traced(scenario(3, 6, 300 * 1024, 0));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, 3u * 6u);
  EXPECT_EQ(run.summary.bytes_verified, run.summary.bytes_sent);
}

TEST_P(UringVariantTest, MoreDataInFlightThanTheShelfHoldsStillComesBack) {
  // 96 connections each sending 256 KiB at once want far more than the 512 provided buffers:
  // connections that find the shelf empty wait for a buffer to come back.
  const test::TracedRun run = test::run_traced(scenario(96, 2, 256 * 1024, 0));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, 96u * 2u);
  EXPECT_EQ(run.summary.bytes_verified, run.summary.bytes_sent);
}

INSTANTIATE_TEST_SUITE_P(
    Variants, UringVariantTest,
    ::testing::Values(Variant{true, false, IdleMode::Sleep}, Variant{true, false, IdleMode::Work},
                      Variant{false, true, IdleMode::Sleep}, Variant{false, true, IdleMode::Work},
                      Variant{true, true, IdleMode::Sleep}, Variant{true, true, IdleMode::Work}),
    [](const ::testing::TestParamInfo<Variant>& p) {
      std::string n = p.param.multishot ? "Multishot" : "";
      if (p.param.defer_taskrun) n += "DeferTaskrun";
      return n + (p.param.idle == IdleMode::Sleep ? "Sleeps" : "KeepsWorking");
    });

}  // namespace
}  // namespace ioscope
