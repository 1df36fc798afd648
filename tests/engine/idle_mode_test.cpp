// What sigio and io_uring do while no data is ready (Scenario::idle). Sleeping, each serves
// every message without a unit of work, asleep in its waiting call (rt_sigtimedwait,
// io_uring_enter) for most of the run, uses far less CPU than the same run keeping working, and
// still stops promptly when cancelled in its sleep, even with no client to wake it. Keeping
// working stays the default.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "run_helpers.hpp"

namespace ioscope {
namespace {

struct IdleCase {
  const char* model;
  Sys wait;  // the call a sleeping buyer waits in
};

class IdleModeTest : public ::testing::TestWithParam<IdleCase> {
 protected:
  void SetUp() override {
    const ModelInfo* info = find_model(GetParam().model);
    ASSERT_NE(info, nullptr);
    if (info->unavailable && info->unavailable()) GTEST_SKIP() << *info->unavailable();
  }

  static Scenario scenario(IdleMode idle, int messages, std::int64_t interval_ns) {
    Scenario s = test::scenario(GetParam().model, 4, messages, 64, interval_ns);
    s.idle = idle;
    return s;
  }
};

std::size_t count_kind(const test::TracedRun& run, EventKind kind) {
  return test::select_events(run, [kind](const TraceEvent& e) { return e.kind == kind; }).size();
}

TEST(IdleMode, KeepingWorkingIsTheDefaultForRuns) {
  EXPECT_EQ(Scenario{}.idle, IdleMode::Work);
}

TEST_P(IdleModeTest, SleepingEchoesEveryMessageWithNoWorkAsleepInItsWait) {
  const test::TracedRun run = test::run_traced(scenario(IdleMode::Sleep, 40, 5'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, 4u * 40u);
  EXPECT_EQ(run.summary.counters.work_units, 0u);
  EXPECT_EQ(count_kind(run, EventKind::Work), 0u);

  const std::vector<test::Call> waits = test::calls(run, GetParam().wait);
  ASSERT_FALSE(waits.empty());
  // Messages 5 ms apart per client, each served in microseconds: a buyer that sleeps between
  // them spends most of the run inside the waiting call (it may be runnable there on a loaded
  // machine, still inside the call). A working buyer would spend it in Work spans instead.
  std::int64_t asleep = 0;
  for (const auto& c : waits) asleep += c.end.t_ns - c.begin.t_ns;
  const std::int64_t span = run.events.back().t_ns - run.events.front().t_ns;
  EXPECT_GT(asleep, span / 2) << waits.size() << " waits, " << asleep << " of " << span << " ns";
  // And it sleeps in them rather than polling: a wait ends for a message's signals or
  // completions (a few each: data, room to send, the echo's send), a connection, or, at most
  // every 10 ms, to look at the stop flag. A buyer polling with a zero timeout makes thousands.
  const std::size_t bound =
      4 * (run.summary.messages_verified + 4) + static_cast<std::size_t>(span / 10'000'000) + 10;
  EXPECT_LT(waits.size(), bound) << "a sleeping buyer should not poll";
}

// The hardest case for a sleeper: nobody connects, so nothing but the stop itself can wake it.
TEST_P(IdleModeTest, SleepingServerWithNoClientsStopsPromptly) {
  test::ServerSetup setup;
  ASSERT_TRUE(setup.listener.ok()) << setup.listener.error().message;
  setup.ctx.idle = IdleMode::Sleep;
  std::unique_ptr<Model> model = find_model(GetParam().model)->make();
  std::optional<Error> result;
  std::atomic<bool> done{false};
  std::thread server([&] {
    result = model->serve(setup.ctx);
    done.store(true);
  });
  std::vector<TraceEvent> events;
  const bool asleep = test::drain_until(setup.hub, events, [&] {
    for (const auto& e : events)
      if (e.kind == EventKind::SyscallBegin && e.sys == GetParam().wait) return true;
    return false;
  });
  EXPECT_TRUE(asleep);
  const auto stopped_at = std::chrono::steady_clock::now();
  setup.stop.request();
  model->interrupt();
  test::drain_until(setup.hub, events, [&] { return done.load(); });
  const auto took = std::chrono::steady_clock::now() - stopped_at;
  server.join();
  EXPECT_FALSE(result) << result->message;
  EXPECT_LT(took, std::chrono::seconds(2));
}

TEST_P(IdleModeTest, KeepingWorkingDoesUsefulWorkBetweenChecks) {
  const test::TracedRun run = test::run_traced(scenario(IdleMode::Work, 10, 5'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, 4u * 10u);
  EXPECT_GT(run.summary.counters.work_units, 0u);
  EXPECT_GT(count_kind(run, EventKind::Work), 0u);
}

TEST_P(IdleModeTest, SleepingUsesLessThanHalfTheCpuOfKeepingWorking) {
  // The same run twice; only what the server does between messages differs. Keeping working
  // uses whatever CPU the machine gives it for the whole run; sleeping, only the echoes'.
  const Scenario sleep = scenario(IdleMode::Sleep, 30, 10'000'000);
  Scenario work = sleep;
  work.idle = IdleMode::Work;
  const test::TracedRun slept = test::run_traced(sleep);
  const test::TracedRun worked = test::run_traced(work);
  ASSERT_TRUE(slept.summary.ok()) << slept.summary.error;
  ASSERT_TRUE(worked.summary.ok()) << worked.summary.error;
  EXPECT_LT(slept.summary.server_usage.cpu_ns, worked.summary.server_usage.cpu_ns / 2)
      << "sleep " << slept.summary.server_usage.cpu_ns << " ns, work "
      << worked.summary.server_usage.cpu_ns << " ns";
}

TEST_P(IdleModeTest, SleepingRunStopsPromptlyWhenCancelledMidRun) {
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  {
    test::BackgroundRun run(scenario(IdleMode::Sleep, 100, 50'000'000));
    // Mid-run: every client has had an echo, and the buyer has gone back to sleep since.
    std::set<std::uint32_t> echoed;
    std::size_t seen = 0;
    bool asleep = false;
    run.drain_until([&] {
      for (; seen < run.events().size(); ++seen) {
        const TraceEvent& e = run.events()[seen];
        if (e.kind == EventKind::ClientRecv) echoed.insert(e.conn);
        if (echoed.size() == 4 && e.lane == Lane::Buyer && e.kind == EventKind::SyscallBegin &&
            e.sys == GetParam().wait)
          asleep = true;
      }
      return asleep;
    });
    EXPECT_TRUE(asleep);
    test::expect_prompt_cancel(run);
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

std::string case_name(const ::testing::TestParamInfo<IdleCase>& info) {
  return info.param.model;
}

INSTANTIATE_TEST_SUITE_P(SigioAndIoUring, IdleModeTest,
                         ::testing::Values(IdleCase{"sigio", Sys::rt_sigtimedwait},
                                           IdleCase{"io_uring", Sys::io_uring_enter}),
                         case_name);

}  // namespace
}  // namespace ioscope
