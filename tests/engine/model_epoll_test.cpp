// epoll's trace: level-triggered reads once per ready descriptor per wait; edge-triggered drains
// each notified descriptor until the kernel says EAGAIN.
#include <gtest/gtest.h>

#include <cerrno>
#include <map>

#include "run_helpers.hpp"

namespace ioscope {
namespace {

// Buyer events of track 0 in the order the thread made them.
std::vector<TraceEvent> buyer_in_order(const test::TracedRun& run) {
  std::vector<TraceEvent> out;
  for (const auto& e : run.arrival)
    if (e.lane == Lane::Buyer && e.track == 0) out.push_back(e);
  return out;
}

bool is_end(const TraceEvent& e, Sys sys) { return e.kind == EventKind::SyscallEnd && e.sys == sys; }

TEST(EpollModel, EveryDataReadFollowsAWaitThatReportedReadyDescriptors) {
  auto run = test::run_traced(test::scenario("epoll", 4, 30, 256, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  long ready = -1;  // what the latest epoll_wait returned; -1 before the first
  long reads_since_wait = 0;
  int data_reads = 0;
  for (const auto& e : buyer_in_order(run)) {
    if (is_end(e, Sys::epoll_wait)) {
      ready = e.value;
      reads_since_wait = 0;
    } else if (is_end(e, Sys::recvmsg) && e.value > 0) {
      ++data_reads;
      ASSERT_GE(ready, 1) << "a read that found data without a notification before it";
      ++reads_since_wait;
      // Level-triggered: one read per ready descriptor per wait.
      EXPECT_LE(reads_since_wait, ready);
    }
  }
  EXPECT_GE(data_reads, 4 * 30 / 2);
  EXPECT_EQ(run.summary.counters.notifications, run.summary.counters.syscalls[static_cast<int>(Sys::epoll_wait)]);
}

TEST(EpollEdgeTriggered, EachNotifiedDescriptorIsDrainedUntilEagain) {
  auto run = test::run_traced(test::scenario("epoll-et", 4, 30, 256, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  // Per wait round: the last read of each descriptor read in that round.
  std::map<int, TraceEvent> last_read;
  std::map<int, bool> send_blocked;
  int rounds_checked = 0;
  auto check_round = [&] {
    for (const auto& [fd, e] : last_read) {
      const bool drained = e.value == 0 || (e.value < 0 && e.err == EAGAIN);
      EXPECT_TRUE(drained || send_blocked[fd])
          << "fd " << fd << " was left with data unread after an edge (last read returned " << e.value << ")";
      ++rounds_checked;
    }
    last_read.clear();
    send_blocked.clear();
  };
  for (const auto& e : buyer_in_order(run)) {
    if (is_end(e, Sys::epoll_wait)) check_round();
    if (is_end(e, Sys::recvmsg)) last_read[e.fd] = e;
    if (is_end(e, Sys::sendto) && e.value < 0 && e.err == EAGAIN) send_blocked[e.fd] = true;
  }
  check_round();
  EXPECT_GE(rounds_checked, 4 * 30 / 2);
  // Draining costs one EAGAIN read per edge, which level-triggered does not pay.
  EXPECT_GE(run.summary.counters.eagain, 4u * 30u / 2u);
}

TEST(EpollModel, EachWaitLooksOnlyAtTheReadyList) {
  auto run = test::run_traced(test::scenario("epoll", 8, 10, 64, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  int scans = 0;
  for (const auto& e : run.events) {
    if (e.kind != EventKind::Scan || e.sys != Sys::epoll_wait) continue;
    EXPECT_EQ(e.aux, e.value) << "epoll_wait examined more than it returned";
    ++scans;
  }
  EXPECT_GT(scans, 0);
}

}  // namespace
}  // namespace ioscope
