// The latency lab tells the truth: a server that pauses 50 ms once shows the pause in its p99
// and max (open loop, timed from the intended send time; a closed-loop client would have
// waited politely and hidden it), every model gets the same workload, the server's CPU and
// context switches include threads that came and went, and the knee is found as documented.
#include <gtest/gtest.h>

#include <time.h>

#include <chrono>
#include <map>
#include <thread>
#include <vector>

#include "lab/compare.hpp"
#include "lab/run.hpp"
#include "lab/thread_usage.hpp"
#include "models/model.hpp"
#include "trace/trace_hub.hpp"

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

// The meter itself, deterministically: a thread that sleeps 20 times gives up the CPU at least
// 20 times (each nanosleep is a voluntary switch), and it has been joined - gone - before the
// meter is read. Counting only the threads alive at the end would see none of it.
TEST(Compare, TheServerMeterCountsTheSwitchesOfThreadsThatCameAndWent) {
  const OtherThreadsMeter meter;
  std::thread([] {
    for (int i = 0; i < 20; ++i) {
      const timespec one_ms{0, 1'000'000};
      ::nanosleep(&one_ms, nullptr);
    }
  }).join();
  const ThreadUsage others = meter.others_since();
  EXPECT_GE(others.voluntary_switches, 20);
  EXPECT_GE(others.ctx_switches(), 20);
}

// The same on a real blocking run, against a count the run itself guarantees (not against the
// number of messages: how many reads a per-connection thread sleeps in depends on how the
// machine schedules it - on a loaded machine, or under a sanitizer, a new thread can start
// hundreds of milliseconds late and find its client's messages all there, and the factory's
// messages bunch). A read that began well before its data reached the kernel (the kernel's own
// stamp) cost its thread at least one switch: either it slept in recvmsg (voluntary) or it was
// preempted before getting there (involuntary). The margin covers the few microseconds between
// the call's begin stamp and the kernel looking at the queue, and the clock conversion. Those
// threads are gone when the run ends; their switches must still be counted.
TEST(Compare, ServerContextSwitchesIncludeTheBlockingModelsPerConnectionThreads) {
  CompareParams p;
  p.clients = 8;
  p.rate = 4'000;  // each client every 2 ms, 50 messages each
  p.duration_ns = 100'000'000;
  constexpr std::int64_t kMargin = 1'000'000;
  // Runs until enough such reads have been seen (an idle machine: about 350 in the first run);
  // a run that shows too few is followed by the same 50 messages per client at half the rate,
  // so threads that start late still find messages to wait for.
  int runs = 0;
  std::int64_t slept_total = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (slept_total < 50 && std::chrono::steady_clock::now() < give_up) {
    if (runs > 0 && p.rate > 250) {
      p.rate /= 2;
      p.duration_ns *= 2;
    }
    ++runs;
    // run_one's steps, with the trace kept: no consumer thread runs beside the server (it would
    // be counted as server); the rings hold this run whole and are read once it has ended.
    TraceHub hub;
    const RunSummary sum = ioscope::Run(compare_scenario("blocking", p.rate, p)).execute(hub);
    const ModelResult r = result_of("blocking", p.rate, sum);
    ASSERT_TRUE(r.error.empty()) << r.error;
    ASSERT_EQ(sum.dropped, 0u);
    std::vector<TraceEvent> events;
    hub.drain(events);
    if (sum.counters.kernel_stamped == 0)
      GTEST_SKIP() << "this kernel does not stamp received data (SO_TIMESTAMPING)";
    // Per fd, in its thread's order: the i-th recvmsg that returned data and the i-th
    // KernelReady belong together (as in run_helpers' receives()).
    std::map<int, std::vector<std::int64_t>> begins;
    std::map<int, std::vector<TraceEvent>> ready;
    std::map<std::uint16_t, std::int64_t> open;  // track -> begin of its recvmsg under way
    for (const auto& e : events) {
      if (e.kind == EventKind::KernelReady) ready[e.fd].push_back(e);
      if (e.lane != Lane::Buyer || e.sys != Sys::recvmsg) continue;
      if (e.kind == EventKind::SyscallBegin) open[e.track] = e.t_ns;
      if (e.kind == EventKind::SyscallEnd && e.value > 0) begins[e.fd].push_back(open[e.track]);
    }
    std::int64_t slept = 0;
    for (const auto& [fd, b] : begins) {
      ASSERT_EQ(ready[fd].size(), b.size()) << "fd " << fd;
      for (std::size_t i = 0; i < b.size(); ++i) {
        const TraceEvent& k = ready[fd][i];
        if ((k.flags & flag::kInferred) == 0 && k.t_ns - b[i] > kMargin) ++slept;
      }
    }
    EXPECT_GE(r.ctx_switches, slept) << "run " << runs << " at " << p.rate << "/s: " << slept
                                     << " reads began at least 1 ms before their data came";
    slept_total += slept;
  }
  EXPECT_GE(slept_total, 50) << "in " << runs << " runs";
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
