// epoll's trace: level-triggered reads once per ready descriptor per wait; edge-triggered drains
// each notified descriptor until the kernel says EAGAIN.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
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

bool is_end(const TraceEvent& e, Sys sys) {
  return e.kind == EventKind::SyscallEnd && e.sys == sys;
}

TEST(EpollModel, EveryDataReadFollowsAWaitThatReportedReadyDescriptors) {
  auto run = test::run_traced(test::scenario("epoll", 4, 30, 256, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  long ready = -1;  // what the latest epoll_wait returned; -1 before the first
  long reads_since_wait = 0;
  int data_reads = 0;
  std::uint64_t data_bytes = 0;
  for (const auto& e : buyer_in_order(run)) {
    if (is_end(e, Sys::epoll_wait)) {
      ready = e.value;
      reads_since_wait = 0;
    } else if (is_end(e, Sys::recvmsg) && e.value > 0) {
      ++data_reads;
      data_bytes += static_cast<std::uint64_t>(e.value);
      ASSERT_GE(ready, 1) << "a read that found data without a notification before it";
      ++reads_since_wait;
      // Level-triggered: one read per ready descriptor per wait.
      EXPECT_LE(reads_since_wait, ready);
    }
  }
  // Every byte the factory had echoed came through reads checked above. How many reads that
  // took depends on the machine: when the server thread is late (a loaded machine), a read
  // takes several messages at once, so the count of reads is bounded only by the run itself:
  // at least one per connection, at most one per message.
  EXPECT_EQ(data_bytes, run.summary.bytes_verified);
  EXPECT_EQ(run.summary.bytes_verified, 4u * 30u * 256u);
  EXPECT_GE(data_reads, 4);
  EXPECT_LE(data_reads, 4 * 30);
  EXPECT_EQ(run.summary.counters.notifications,
            run.summary.counters.syscalls[static_cast<int>(Sys::epoll_wait)]);
}

TEST(EpollEdgeTriggered, EachNotifiedDescriptorIsDrainedUntilEagain) {
  auto run = test::run_traced(test::scenario("epoll-et", 4, 30, 256, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  // Per wait round: the last read of each descriptor read in that round.
  std::map<int, TraceEvent> last_read;
  std::map<int, bool> send_blocked;
  int rounds_checked = 0;  // (round, descriptor) pairs with a read
  int owed_eagain = 0;     // of those, the ones not ended by end of stream or a blocked echo
  auto check_round = [&] {
    for (const auto& [fd, e] : last_read) {
      const bool drained = e.value == 0 || (e.value < 0 && e.err == EAGAIN);
      EXPECT_TRUE(drained || send_blocked[fd])
          << "fd " << fd << " was left with data unread after an edge (last read returned "
          << e.value << ")";
      ++rounds_checked;
      if (e.value != 0 && !send_blocked[fd]) ++owed_eagain;
    }
    last_read.clear();
    send_blocked.clear();
  };
  int eagain_reads = 0;
  std::uint64_t data_bytes = 0;
  for (const auto& e : buyer_in_order(run)) {
    if (is_end(e, Sys::epoll_wait)) check_round();
    if (is_end(e, Sys::recvmsg)) {
      last_read[e.fd] = e;
      if (e.value < 0 && e.err == EAGAIN) ++eagain_reads;
      if (e.value > 0) data_bytes += static_cast<std::uint64_t>(e.value);
    }
    if (is_end(e, Sys::sendto) && e.value < 0 && e.err == EAGAIN) send_blocked[e.fd] = true;
  }
  check_round();
  // How many rounds the 120 messages took is the machine's business (a late server thread
  // drains several messages in one round); what the run guarantees is that each connection
  // was read, and every byte echoed came through the reads checked above.
  EXPECT_GE(rounds_checked, 4);
  EXPECT_EQ(data_bytes, run.summary.bytes_verified);
  EXPECT_EQ(run.summary.bytes_verified, 4u * 30u * 256u);
  // Draining costs one EAGAIN read per edge, which level-triggered does not pay: one for every
  // round a descriptor was read in and not left at end of stream or with its echo blocked.
  EXPECT_GE(eagain_reads, owed_eagain);
  EXPECT_GE(run.summary.counters.eagain, static_cast<std::uint64_t>(eagain_reads));
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
