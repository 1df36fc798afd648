// The latency lab tells the truth: a server that pauses 50 ms once shows the pause in its p99
// and max (open loop, timed from the intended send time; a closed-loop client would have
// waited politely and hidden it), every model gets the same workload, the server's CPU and
// context switches include threads that came and went, and the knee is found as documented.
#include <gtest/gtest.h>

#include "lab/compare.hpp"
#include "models/model.hpp"

namespace ioscope {
namespace {

TEST(Compare, AnInjectedFiftyMillisecondStallShowsInMaxAndP99) {
  CompareParams p;
  p.models = {"epoll"};
  p.clients = 4;
  p.rate = 2'000;  // 1 message every 0.5 ms in total
  p.duration_ns = 400'000'000;
  p.size = 64;
  p.stall_ns = 50'000'000;
  p.stall_after_ns = 100'000'000;
  const ModelResult r = run_one("epoll", p.rate, p);
  ASSERT_TRUE(r.error.empty()) << r.error;
  const ClientSchedule s = schedule_for(p.clients, p.rate, p.duration_ns);
  ASSERT_EQ(r.latency.count, static_cast<std::uint64_t>(s.messages) * 4u);
  // The message the server was about to read when it froze waited the whole stall.
  EXPECT_GE(r.latency.max, 50'000'000);
  // Messages due in the stall's first 10 ms (20 of 800, 2.5%) waited at least 40 ms each,
  // so more than 1% of all messages are that slow.
  EXPECT_GE(r.latency.p99, 40'000'000);
}

TEST(Compare, WithoutAStallTheSameRunHasNoSuchTail) {
  // Not a timing bound on the machine: only that the stall above came from the injection. The
  // p99.9 of 800 messages without injection is below the 50 ms pause unless the machine itself
  // froze, in which case this says so.
  CompareParams p;
  p.clients = 4;
  p.rate = 2'000;
  p.duration_ns = 400'000'000;
  const ModelResult r = run_one("epoll", p.rate, p);
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_LT(r.latency.p50, 50'000'000);
}

TEST(Compare, EveryModelRunsTheIdenticalWorkloadOneAfterTheOther) {
  CompareParams p;
  p.models = {"epoll", "poll", "blocking"};
  p.clients = 8;
  p.rate = 4'000;
  p.duration_ns = 100'000'000;
  p.size = 32;
  const CompareReport rep = run_compare(p);
  ASSERT_EQ(rep.results.size(), 3u);
  const ClientSchedule s = schedule_for(p.clients, p.rate, p.duration_ns);
  EXPECT_EQ(s.interval_ns, 2'000'000);
  EXPECT_EQ(s.messages, 50);
  for (const auto& r : rep.results) {
    ASSERT_TRUE(r.error.empty()) << r.model << ": " << r.error;
    EXPECT_EQ(r.rate, p.rate);
    EXPECT_EQ(r.latency.count, 400u) << r.model;
    EXPECT_EQ(r.messages_verified, 400u) << r.model;
    EXPECT_GT(r.throughput, 0) << r.model;
    EXPECT_GT(r.cpu_ns, 0) << r.model;
  }
  EXPECT_GT(rep.machine.cores, 0u);
  EXPECT_FALSE(rep.machine.kernel.empty());
}

TEST(Compare, ServerContextSwitchesIncludeTheBlockingModelsPerConnectionThreads) {
  // Each blocking server thread sleeps in recv between its client's messages (2 ms apart), so
  // the server as a whole gives up the CPU about once per message. Those threads are gone by
  // the time the run ends; their switches must still be counted.
  CompareParams p;
  p.clients = 8;
  p.rate = 4'000;
  p.duration_ns = 100'000'000;
  const ModelResult r = run_one("blocking", p.rate, p);
  ASSERT_TRUE(r.error.empty()) << r.error;
  // Counting only the threads still alive at the end would see a handful. Reads merge when the
  // machine is slow (sanitizers), so ask for one switch per four messages, not per message.
  EXPECT_GE(r.ctx_switches, static_cast<std::int64_t>(r.messages_verified / 4));
}

ModelResult point(std::int64_t rate, std::int64_t p99) {
  ModelResult r;
  r.rate = rate;
  r.latency.p99 = p99;
  r.duration_ns = 1'000'000'000;
  r.messages_verified = static_cast<std::uint64_t>(rate);
  return r;
}

TEST(Compare, TheKneeIsTheFirstRateWhoseP99DoublesTheFloorByAtLeast100us) {
  EXPECT_EQ(find_knee({point(1000, 50'000), point(2000, 60'000), point(4000, 400'000)}), 4000);
  // Doubling a 20 µs floor is noise, not a knee: it must also rise 100 µs.
  EXPECT_EQ(find_knee({point(1000, 20'000), point(2000, 45'000), point(4000, 90'000)}),
            std::nullopt);
  // Falling behind (under 90% of the offered messages verified) is past the knee too.
  ModelResult behind = point(8000, 60'000);
  behind.messages_verified = 7000;
  EXPECT_EQ(find_knee({point(1000, 50'000), behind}), 8000);
}

TEST(Compare, BadParametersAreRefusedWithAReason) {
  CompareParams p;
  p.models = {"epoll"};
  EXPECT_FALSE(validate(p).has_value());
  auto bad = p;
  bad.models = {"nope"};
  EXPECT_NE(validate(bad)->message.find("unknown model 'nope'"), std::string::npos);
  bad = p;
  bad.rate = 0;
  EXPECT_TRUE(validate(bad).has_value());
  bad = p;
  bad.rate = 10;
  bad.duration_ns = 1'000'000'000;  // 64 clients, 10 messages: not one each
  EXPECT_NE(validate(bad)->message.find("less than one message"), std::string::npos);
  bad = p;
  bad.sweep = {1000, -5};
  EXPECT_TRUE(validate(bad).has_value());
}

}  // namespace
}  // namespace ioscope
