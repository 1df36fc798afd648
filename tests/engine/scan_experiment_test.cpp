// The scan experiment's counts are exact: select examines every descriptor up to the highest,
// poll every entry, epoll and io_uring only the ready ones. Its walls (FD_SETSIZE, the fd
// ceiling) and bad parameters are refused with a reason, and a cancelled sweep leaves nothing
// open. No assertion here depends on how fast the machine is.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/select.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "lab/scan_experiment.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

ScanParams params(std::vector<ScanMechanism> ms, std::vector<int> fds, int active, int rounds) {
  ScanParams p;
  p.mechanisms = std::move(ms);
  p.fds = std::move(fds);
  p.active = active;
  p.rounds = rounds;
  return p;
}

std::vector<ScanMechanism> available_all() {
  std::vector<ScanMechanism> ms = {ScanMechanism::Select, ScanMechanism::Poll,
                                   ScanMechanism::Epoll};
  ms.push_back(ScanMechanism::IoUring);  // skipped with a reason where io_uring cannot run
  return ms;
}

const ScanResult& result_for(const ScanReport& rep, ScanMechanism m, int n) {
  return test::result_where(
      rep.results, [&](const ScanResult& r) { return r.mechanism == m && r.fds == n; },
      std::string(mechanism_id(m)) + " at N=" + std::to_string(n));
}

using test::ceiling_of;

TEST(ScanExperiment, FiftyDescriptorsOneReadyCountsAreExactForEveryMechanism) {
  StopSignal stop;
  const ScanReport rep = run_scan(params(available_all(), {50}, 1, 5), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  ASSERT_EQ(rep.results.size(), 4u);

  const auto& sel = result_for(rep, ScanMechanism::Select, 50);
  ASSERT_FALSE(sel.skipped) << sel.reason;
  EXPECT_EQ(sel.scanned, sel.max_fd + 1);  // nfds: every bit below the highest descriptor
  EXPECT_GE(sel.scanned, 50);
  EXPECT_EQ(sel.ready, 1);

  const auto& pol = result_for(rep, ScanMechanism::Poll, 50);
  EXPECT_EQ(pol.scanned, 50);
  EXPECT_EQ(pol.ready, 1);

  const auto& ep = result_for(rep, ScanMechanism::Epoll, 50);
  EXPECT_EQ(ep.scanned, 1);
  EXPECT_EQ(ep.ready, 1);

  const auto& ur = result_for(rep, ScanMechanism::IoUring, 50);
  if (!ur.skipped) {
    EXPECT_EQ(ur.scanned, 1);
    EXPECT_EQ(ur.ready, 1);
  }
  for (const auto& r : rep.results) {
    if (r.skipped) continue;
    SCOPED_TRACE(std::string(mechanism_id(r.mechanism)));
    EXPECT_EQ(r.fds, 50);
    EXPECT_EQ(r.active, 1);
    EXPECT_EQ(r.rounds, 5);
    EXPECT_GE(r.calls, 5);  // one per round (a late datagram would add one, never remove one)
    EXPECT_GT(r.ns_per_call.min, 0);
    EXPECT_LE(r.ns_per_call.min, r.ns_per_call.median);
    EXPECT_LE(r.ns_per_call.median, r.ns_per_call.max);
  }
}

TEST(ScanExperiment, ReadyFollowsKAndScannedFollowsNForPollButKForEpoll) {
  StopSignal stop;
  const ScanReport rep = run_scan(params(available_all(), {64, 200}, 4, 4), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  for (int n : {64, 200}) {
    SCOPED_TRACE(n);
    EXPECT_EQ(result_for(rep, ScanMechanism::Poll, n).scanned, n);
    EXPECT_EQ(result_for(rep, ScanMechanism::Poll, n).ready, 4);
    EXPECT_EQ(result_for(rep, ScanMechanism::Epoll, n).scanned, 4);
    EXPECT_EQ(result_for(rep, ScanMechanism::Epoll, n).ready, 4);
    const auto& sel = result_for(rep, ScanMechanism::Select, n);
    EXPECT_EQ(sel.ready, 4);
    EXPECT_EQ(sel.scanned, sel.max_fd + 1);
    EXPECT_GE(sel.scanned, n);
  }
  // The sweep is reported N by N, each N in the order the mechanisms were asked for.
  ASSERT_EQ(rep.results.size(), 8u);
  EXPECT_EQ(rep.results[0].fds, 64);
  EXPECT_EQ(rep.results[0].mechanism, ScanMechanism::Select);
  EXPECT_EQ(rep.results[4].fds, 200);
}

// The shape the experiment teaches, in counts: what select and poll examine grows with N, what
// epoll examines stays at the number ready. (The times follow; the CLI and README show them.)
TEST(ScanExperiment, ScannedGrowsWithNForSelectAndPollAndStaysAtReadyForEpoll) {
  StopSignal stop;
  const ScanReport rep = run_scan(params(available_all(), {10, 100, 1000}, 1, 3), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  int previous_select = 0;
  for (int n : {10, 100, 1000}) {
    SCOPED_TRACE(n);
    EXPECT_EQ(result_for(rep, ScanMechanism::Poll, n).scanned, n);
    const auto& sel = result_for(rep, ScanMechanism::Select, n);
    EXPECT_EQ(sel.scanned, sel.max_fd + 1);
    EXPECT_GE(sel.scanned, n);
    EXPECT_GT(sel.scanned, previous_select);
    previous_select = sel.scanned;
    EXPECT_EQ(result_for(rep, ScanMechanism::Epoll, n).scanned, 1);
    const auto& ur = result_for(rep, ScanMechanism::IoUring, n);
    if (!ur.skipped) {
      EXPECT_EQ(ur.scanned, 1);
    }
  }
}

TEST(ScanExperiment, AllActiveReturnsEveryDescriptorReady) {
  StopSignal stop;
  ScanParams p = params(available_all(), {10}, 1, 5);
  p.all_active = true;
  const ScanReport rep = run_scan(p, stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  for (const auto& r : rep.results) {
    if (r.skipped) continue;
    SCOPED_TRACE(std::string(mechanism_id(r.mechanism)));
    EXPECT_EQ(r.active, 10);
    EXPECT_EQ(r.ready, 10);
  }
  EXPECT_EQ(result_for(rep, ScanMechanism::Poll, 10).scanned, 10);
  EXPECT_EQ(result_for(rep, ScanMechanism::Epoll, 10).scanned, 10);
}

TEST(ScanExperiment, EpollRegistrationIsTimedApartOncePerDescriptor) {
  StopSignal stop;
  const ScanReport rep = run_scan(params(available_all(), {100}, 1, 2), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  const auto& ep = result_for(rep, ScanMechanism::Epoll, 100);
  ASSERT_TRUE(ep.registration.has_value());
  EXPECT_EQ(ep.registration->call, "epoll_ctl");
  EXPECT_EQ(ep.registration->fds, 100);
  EXPECT_GT(ep.registration->total_ns, 0);
  EXPECT_EQ(ep.registration->per_fd_ns, ep.registration->total_ns / 100);
  EXPECT_FALSE(result_for(rep, ScanMechanism::Select, 100).registration.has_value());
  EXPECT_FALSE(result_for(rep, ScanMechanism::Poll, 100).registration.has_value());
  const auto& ur = result_for(rep, ScanMechanism::IoUring, 100);
  if (!ur.skipped) {
    ASSERT_TRUE(ur.registration.has_value());
    EXPECT_EQ(ur.registration->call, "IORING_OP_POLL_ADD");
  }
}

TEST(ScanExperiment, SelectPastFdSetsizeIsSkippedWithTheReasonWhileOthersRun) {
  StopSignal stop;
  const int n = FD_SETSIZE + 100;
  const ScanReport rep = run_scan(params(available_all(), {n}, 1, 2), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  const auto& sel = result_for(rep, ScanMechanism::Select, n);
  EXPECT_TRUE(sel.skipped);
  EXPECT_NE(sel.reason.find("fd_set holds descriptors below 1024 (FD_SETSIZE)"), std::string::npos)
      << sel.reason;
  EXPECT_EQ(sel.calls, 0);
  EXPECT_EQ(result_for(rep, ScanMechanism::Poll, n).scanned, n);
  EXPECT_EQ(result_for(rep, ScanMechanism::Epoll, n).scanned, 1);
  EXPECT_GE(result_for(rep, ScanMechanism::Poll, n).max_fd, FD_SETSIZE);
}

TEST(ScanExperiment, SelectAloneAtLargeNOpensNothingAndSaysWhy) {
  StopSignal stop;
  const int fds_before = test::open_fd_count();
  const ScanReport rep = run_scan(params({ScanMechanism::Select}, {5000}, 1, 2), stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  ASSERT_EQ(rep.results.size(), 1u);
  EXPECT_TRUE(rep.results[0].skipped);
  EXPECT_NE(rep.results[0].reason.find("FD_SETSIZE"), std::string::npos);
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

// The local addresses of this process's bound UDP sockets, as the kernel lists them in
// /proc/net/udp ("0100007F:9C40" is 127.0.0.1). Unbound sockets are not listed.
std::vector<std::string> own_udp_local_addresses() {
  std::set<std::string> inodes;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(entry.path(), ec).string();
    if (target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
  }
  std::vector<std::string> out;
  std::ifstream in("/proc/net/udp");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string sl, local, remote, st, queues, tr, retr, uid, timeout, inode;
    fields >> sl >> local >> remote >> st >> queues >> tr >> retr >> uid >> timeout >> inode;
    if (inodes.count(inode)) out.push_back(local);
  }
  return out;
}

TEST(ScanExperiment, BindsOnlyLoopbackAndOnlyTheActiveSockets) {
  StopSignal stop;
  std::vector<std::string> bound;
  const ScanReport rep = run_scan(params({ScanMechanism::Poll}, {40}, 3, 2), stop,
                                  [&](const ScanResult&) { bound = own_udp_local_addresses(); });
  ASSERT_TRUE(rep.ok()) << rep.error;
  EXPECT_EQ(bound.size(), 3u);  // the idle 37 cost no port
  for (const auto& local : bound) EXPECT_EQ(local.rfind("0100007F:", 0), 0u) << local;
}

TEST(ScanExperiment, CeilingIsTheHardLimitMinusOpenDescriptorsMinusHeadroom) {
  auto c = raise_fd_limit();
  ASSERT_TRUE(c.ok()) << c.error().message;
  rlimit lim{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &lim), 0);
  EXPECT_EQ(lim.rlim_cur, lim.rlim_max);  // the soft limit now stands at the hard one
  EXPECT_EQ(c->soft, c->hard);
  EXPECT_GT(c->open, 0);
  EXPECT_EQ(c->headroom, kFdHeadroom);
  EXPECT_EQ(c->max_fds, c->hard - c->open - c->headroom);
  EXPECT_NE(c->why.find(std::to_string(c->hard)), std::string::npos) << c->why;
  EXPECT_NE(c->why.find(std::to_string(c->max_fds)), std::string::npos) << c->why;
}

TEST(ScanExperiment, DefaultSweepIsALogScaleFromTenToTheCeiling) {
  EXPECT_EQ(default_fd_sweep(19927),
            (std::vector<int>{10, 30, 100, 300, 1000, 3000, 10000, 19000}));
  EXPECT_EQ(default_fd_sweep(1000), (std::vector<int>{10, 30, 100, 300, 1000}));
  EXPECT_EQ(default_fd_sweep(5), (std::vector<int>{5}));
}

TEST(ScanExperiment, ParsesListsAndNamesTheBadItem) {
  auto ms = parse_mechanisms("select, poll,epoll,io_uring");
  ASSERT_TRUE(ms.ok());
  EXPECT_EQ(ms->size(), 4u);
  auto unknown = parse_mechanisms("select,kqueue");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("'kqueue'"), std::string::npos);
  EXPECT_FALSE(parse_mechanisms("select,,poll").ok());
  EXPECT_FALSE(parse_mechanisms("").ok());

  auto fds = parse_fd_counts("10,100, 1000");
  ASSERT_TRUE(fds.ok());
  EXPECT_EQ(*fds, (std::vector<int>{10, 100, 1000}));
  for (const char* bad : {"", "10,,100", "ten", "-5", "1e3", "10;100", "99999999999"}) {
    SCOPED_TRACE(bad);
    auto r = parse_fd_counts(bad);
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find("descriptor count"), std::string::npos);
    }
  }
}

TEST(ScanExperiment, BadParametersAreRefusedWithAReason) {
  const FdCeiling c = ceiling_of(5000);
  struct Case {
    ScanParams p;
    const char* says;
  };
  ScanParams all_active_too_many = params({ScanMechanism::Poll}, {kMaxScanActive + 1}, 1, 5);
  all_active_too_many.all_active = true;
  const Case cases[] = {
      {params({ScanMechanism::Poll}, {3}, 5, 5), "cannot exceed"},
      {params({ScanMechanism::Poll}, {10}, 0, 5), "at least 1"},
      {params({ScanMechanism::Poll}, {0}, 1, 5), "at least 1"},
      {params({ScanMechanism::Poll}, {5001}, 1, 5), "ceiling of 5000"},
      {params({ScanMechanism::Poll}, {10}, 1, 0), "rounds"},
      {params({ScanMechanism::Poll}, {10}, 1, kMaxScanRounds + 1), "rounds"},
      {params({}, {10}, 1, 5), "mechanism"},
      {params({ScanMechanism::Poll, ScanMechanism::Poll}, {10}, 1, 5), "twice"},
      {params({ScanMechanism::Poll}, {}, 1, 5), "descriptor count"},
      {params({ScanMechanism::Poll}, {10, 10}, 1, 5), "twice"},
      {params({ScanMechanism::Poll}, {10}, kMaxScanActive + 1, 5), "port"},
      {all_active_too_many, "port"},
  };
  for (const auto& cs : cases) {
    SCOPED_TRACE(cs.says);
    auto bad = validate(cs.p, ceiling_of(cs.p.all_active ? 1'000'000 : 5000));
    ASSERT_TRUE(bad.has_value());
    EXPECT_NE(bad->message.find(cs.says), std::string::npos) << bad->message;
  }
  EXPECT_FALSE(validate(params({ScanMechanism::Poll}, {10, 5000}, 10, 5), c).has_value());
}

TEST(ScanExperiment, RunRefusesBadParametersBeforeOpeningAnything) {
  StopSignal stop;
  const int fds_before = test::open_fd_count();
  const ScanReport rep = run_scan(params({ScanMechanism::Poll}, {3}, 5, 5), stop);
  EXPECT_FALSE(rep.ok());
  EXPECT_NE(rep.error.find("cannot exceed"), std::string::npos) << rep.error;
  EXPECT_TRUE(rep.results.empty());
  EXPECT_EQ(test::open_fd_count(), fds_before);
  const ScanReport over =
      run_scan(params({ScanMechanism::Poll}, {rep.ceiling.max_fds + 1}, 1, 5), stop);
  EXPECT_NE(over.error.find("ceiling"), std::string::npos) << over.error;
}

TEST(ScanExperiment, EveryDescriptorItOpenedIsClosedAfterwards) {
  const int fds_before = test::open_fd_count();
  {
    StopSignal stop;
    const ScanReport rep = run_scan(params(available_all(), {10, 300}, 2, 3), stop);
    ASSERT_TRUE(rep.ok()) << rep.error;
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST(ScanExperiment, CancelledBeforeStartRunsNothingAndLeavesNoFd) {
  const int fds_before = test::open_fd_count();
  {
    StopSignal stop;
    stop.request();
    const ScanReport rep = run_scan(params(available_all(), {100}, 1, 5), stop);
    EXPECT_TRUE(rep.cancelled);
    EXPECT_TRUE(rep.error.empty()) << rep.error;
    EXPECT_TRUE(rep.results.empty());
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST(ScanExperiment, CancelledMidSweepStopsAndLeavesNoFd) {
  const int fds_before = test::open_fd_count();
  {
    StopSignal stop;
    // Cancel as soon as the first result is in: the rest of the sweep must not run.
    const ScanReport rep = run_scan(params(available_all(), {100, 2000, 5000}, 1, kMaxScanRounds),
                                    stop, [&](const ScanResult&) { stop.request(); });
    EXPECT_TRUE(rep.cancelled);
    EXPECT_TRUE(rep.error.empty()) << rep.error;
    EXPECT_EQ(rep.results.size(), 1u);
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST(ScanExperiment, CancelledFromAnotherThreadEndsPromptlyAndLeavesNoFd) {
  const int fds_before = test::open_fd_count();
  {
    StopSignal stop;
    ScanReport rep;
    std::atomic<bool> done{false};
    std::thread engine([&] {
      rep = run_scan(params(available_all(), {5000, 8000}, 1, kMaxScanRounds), stop);
      done.store(true);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto cancelled_at = std::chrono::steady_clock::now();
    stop.request();
    while (!done.load() &&
           std::chrono::steady_clock::now() - cancelled_at < std::chrono::seconds(10))
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(done.load()) << "the sweep did not stop within 10 s of the request";
    engine.join();
    EXPECT_TRUE(rep.cancelled);
    EXPECT_TRUE(rep.error.empty()) << rep.error;
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

}  // namespace
}  // namespace ioscope
