// The registration experiment's counts are exact: epoll_ctl makes one system call per socket,
// io_uring's batch one io_uring_enter for all of them (when the ring holds N), and the kernel
// holds every registration either way. The many-kinds loop hears from each of its sources
// exactly once, and leaves no descriptor, child or blocked signal behind. Bad parameters are
// refused naming the problem. No assertion here depends on how fast the machine is.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/wait.h>

#include <csignal>
#include <set>

#include "../test_process.hpp"
#include "lab/registration_experiment.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

RegistrationParams params(std::vector<int> fds, int repeats) {
  RegistrationParams p;
  p.fds = std::move(fds);
  p.repeats = repeats;
  return p;
}

const RegistrationResult& result_for(const RegistrationReport& rep, RegistrationWay w, int n) {
  return test::result_where(
      rep.results, [&](const RegistrationResult& r) { return r.way == w && r.fds == n; },
      std::string(registration_way_id(w)) + " at N=" + std::to_string(n));
}

using test::ceiling_of;

TEST(RegistrationExperiment, EpollCtlMakesOneSystemCallPerSocketAndEveryOneTakes) {
  StopSignal stop;
  const RegistrationReport rep = run_registration(params({10, 100, 1000}, 3), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  ASSERT_EQ(rep.results.size(), 6u);
  for (int n : {10, 100, 1000}) {
    SCOPED_TRACE(n);
    const auto& r = result_for(rep, RegistrationWay::EpollCtl, n);
    ASSERT_FALSE(r.skipped) << r.reason;
    EXPECT_EQ(r.op, "EPOLL_CTL_ADD");
    EXPECT_EQ(r.syscalls, n);
    EXPECT_EQ(r.registered, n);
    EXPECT_GE(r.probe_fd, 0);
    EXPECT_TRUE(r.effective) << r.check;
    EXPECT_EQ(r.repeats, 3);
    EXPECT_GT(r.total_ns.min, 0);
    EXPECT_LE(r.total_ns.min, r.total_ns.median);
    EXPECT_LE(r.total_ns.median, r.total_ns.max);
  }
}

TEST(RegistrationExperiment, IoUringBatchEntersTheKernelOnceWhenTheRingHoldsN) {
  StopSignal stop;
  const RegistrationReport rep = run_registration(params({10, 100, 1000}, 3), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  for (int n : {10, 100, 1000}) {
    SCOPED_TRACE(n);
    const auto& r = result_for(rep, RegistrationWay::IoUringBatch, n);
    if (r.skipped) GTEST_SKIP() << "io_uring is unavailable here: " << r.reason;
    EXPECT_TRUE(r.op == "IORING_OP_EPOLL_CTL" || r.op == "IORING_OP_POLL_ADD") << r.op;
    if (r.op == "IORING_OP_POLL_ADD") {
      EXPECT_FALSE(r.op_note.empty());  // the fallback says why
    }
    EXPECT_GE(r.sq_entries, n);  // sized for N: the whole batch fits
    EXPECT_EQ(r.syscalls, 1);
    EXPECT_LT(r.syscalls, n);
    EXPECT_EQ(r.registered, n);
    EXPECT_TRUE(r.effective) << r.check;
  }
}

TEST(RegistrationExperiment, PollAddFallbackAlsoRegistersEverySocketInOneEnter) {
  StopSignal stop;
  RegistrationParams p = params({10, 300}, 2);
  p.force_poll_add = true;
  const RegistrationReport rep = run_registration(p, stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  for (int n : {10, 300}) {
    SCOPED_TRACE(n);
    const auto& r = result_for(rep, RegistrationWay::IoUringBatch, n);
    if (r.skipped) GTEST_SKIP() << "io_uring is unavailable here: " << r.reason;
    EXPECT_EQ(r.op, "IORING_OP_POLL_ADD");
    EXPECT_FALSE(r.op_note.empty());
    EXPECT_EQ(r.syscalls, 1);
    EXPECT_EQ(r.registered, n);
    EXPECT_TRUE(r.effective) << r.check;
    EXPECT_EQ(result_for(rep, RegistrationWay::EpollCtl, n).syscalls, n);
  }
}

TEST(RegistrationExperiment, ResultsComeNByNEpollCtlFirstAndAreHandedOverAsKnown) {
  StopSignal stop;
  std::vector<std::pair<RegistrationWay, int>> seen;
  const RegistrationReport rep = run_registration(
      params({20, 5}, 1), stop, [&](const auto& r) { seen.emplace_back(r.way, r.fds); });
  ASSERT_TRUE(rep.ok()) << rep.error;
  const std::vector<std::pair<RegistrationWay, int>> want = {{RegistrationWay::EpollCtl, 20},
                                                             {RegistrationWay::IoUringBatch, 20},
                                                             {RegistrationWay::EpollCtl, 5},
                                                             {RegistrationWay::IoUringBatch, 5}};
  EXPECT_EQ(seen, want);
}

TEST(RegistrationExperiment, OneLoopHearsEverySourceExactlyOnce) {
  StopSignal stop;
  const RegistrationReport rep = run_registration(params({10}, 1), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  const ManyKindsResult& loop = rep.loop;
  ASSERT_TRUE(loop.ran);
  bool pidfd_skipped = false;
  for (const auto& s : loop.skipped) {
    EXPECT_EQ(s.source, LoopSource::Process) << "only pidfd may be missing: " << s.reason;
    EXPECT_FALSE(s.reason.empty());
    pidfd_skipped = true;
  }
  std::multiset<LoopSource> heard;
  for (const auto& e : loop.events) {
    heard.insert(e.source);
    EXPECT_GE(e.fd, 0);
    EXPECT_GE(e.wait_call, 1);
    EXPECT_LE(e.wait_call, loop.wait_calls);
    EXPECT_FALSE(e.what.empty());
  }
  for (LoopSource s : kAllLoopSources) {
    SCOPED_TRACE(std::string(loop_source_id(s)));
    if (s == LoopSource::Process && pidfd_skipped) {
      EXPECT_EQ(heard.count(s), 0u);
      continue;
    }
    EXPECT_EQ(heard.count(s), 1u);
  }
  // Reported in the order epoll_wait returned them: wait calls never go backwards.
  for (std::size_t i = 1; i < loop.events.size(); ++i)
    EXPECT_GE(loop.events[i].wait_call, loop.events[i - 1].wait_call);
  if (pidfd_skipped) GTEST_SKIP() << "pidfd is unavailable here: " << loop.skipped[0].reason;
}

TEST(RegistrationExperiment, TheLoopReapsItsChildAndRestoresTheSignalMask) {
  sigset_t before;
  ASSERT_EQ(pthread_sigmask(SIG_SETMASK, nullptr, &before), 0);
  StopSignal stop;
  const RegistrationReport rep = run_registration(params({1}, 1), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  sigset_t after;
  ASSERT_EQ(pthread_sigmask(SIG_SETMASK, nullptr, &after), 0);
  EXPECT_EQ(sigismember(&after, SIGUSR1), sigismember(&before, SIGUSR1));
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGUSR1));
  // No child left, reaped or not: waitpid finds none.
  int status;
  EXPECT_EQ(waitpid(-1, &status, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(RegistrationExperiment, EveryDescriptorItOpenedIsClosedAfterwards) {
  StopSignal stop;
  static_cast<void>(run_registration(params({5}, 1), stop));  // the lazy probes, once
  const int fds_before = test::open_fd_count();
  RegistrationParams p = params({10, 200}, 2);
  const RegistrationReport rep = run_registration(p, stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  p.force_poll_add = true;
  const RegistrationReport fallback = run_registration(p, stop);
  ASSERT_TRUE(fallback.ok()) << fallback.error;
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST(RegistrationExperiment, BadParametersAreRefusedNamingTheProblem) {
  const FdCeiling c = ceiling_of(5000);
  struct Case {
    RegistrationParams p;
    const char* says;
  } cases[] = {
      {params({}, 5), "at least one descriptor count"},
      {params({0}, 5), "at least 1, not 0"},
      {params({10, -3}, 5), "at least 1, not -3"},
      {params({2501}, 5), "over this machine's ceiling of 5000"},
      {params({10, 10}, 5), "listed twice"},
      {params({10}, 0), "repeats must be between 1 and 1000, not 0"},
      {params({10}, 1001), "not 1001"},
      {params(std::vector<int>(17, 1), 5), "at most 16"},
  };
  for (const auto& cs : cases) {
    auto bad = validate(cs.p, c);
    ASSERT_TRUE(bad.has_value()) << cs.says;
    EXPECT_NE(bad->message.find(cs.says), std::string::npos) << bad->message;
  }
  EXPECT_FALSE(validate(params({10, 2500}, 5), c).has_value());
  auto ports = validate(params({20'000}, 5), ceiling_of(1'000'000));
  ASSERT_TRUE(ports.has_value());
  EXPECT_NE(ports->message.find("ephemeral port"), std::string::npos) << ports->message;
}

TEST(RegistrationExperiment, RunRefusesBadParametersBeforeOpeningAnything) {
  StopSignal stop;
  static_cast<void>(run_registration(params({1}, 1), stop));  // the lazy probes, once
  const int fds_before = test::open_fd_count();
  for (const auto& p : {params({0}, 3), params({5'000'000}, 3), params({10}, -1)}) {
    const RegistrationReport rep = run_registration(p, stop);
    EXPECT_FALSE(rep.ok());
    EXPECT_FALSE(rep.error.empty());
    EXPECT_TRUE(rep.results.empty());
    EXPECT_FALSE(rep.loop.ran);
  }
  const RegistrationReport huge = run_registration(params({5'000'000}, 3), stop);
  EXPECT_NE(huge.error.find("ceiling"), std::string::npos) << huge.error;
  EXPECT_NE(huge.error.find("RLIMIT_NOFILE"), std::string::npos) << huge.error;
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST(RegistrationExperiment, CancelledBeforeStartRunsNothingAndLeavesNoFd) {
  StopSignal stop;
  const int fds_before = test::open_fd_count();
  stop.request();
  const RegistrationReport rep = run_registration(params({10, 100}, 3), stop);
  EXPECT_TRUE(rep.cancelled);
  EXPECT_FALSE(rep.ok());
  EXPECT_TRUE(rep.results.empty());
  EXPECT_FALSE(rep.loop.ran);
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST(RegistrationExperiment, CancelledMidSweepStopsAndLeavesNoFd) {
  StopSignal stop;
  const int fds_before = test::open_fd_count();
  int results = 0;
  const RegistrationReport rep =
      run_registration(params({10, 100, 1000}, 2), stop, [&](const auto&) {
        if (++results == 2) stop.request();
      });
  EXPECT_TRUE(rep.cancelled);
  EXPECT_EQ(rep.results.size(), 2u);
  EXPECT_FALSE(rep.loop.ran);
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

}  // namespace
}  // namespace ioscope
