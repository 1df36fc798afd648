// The deliberate mistakes a lesson can switch on (Scenario::bugs), each run for real: what the
// trace and the run's result show when the bug is on, and that the same run without it is fine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>

#include "run_helpers.hpp"

namespace ioscope {
namespace {

Scenario with_bugs(Scenario s, const char* names) {
  auto bugs = parse_bugs(names);
  EXPECT_TRUE(bugs.ok()) << names;
  if (bugs) s.bugs = *bugs;
  return s;
}

bool is_end(const TraceEvent& e, Sys sys) {
  return e.lane == Lane::Buyer && e.kind == EventKind::SyscallEnd && e.sys == sys;
}

std::vector<TraceEvent> data_read_ends(const test::TracedRun& run) {
  return test::select_events(
      run, [](const TraceEvent& e) { return is_end(e, Sys::recvmsg) && e.value > 0; });
}

std::uint64_t total_messages(const Scenario& s) {
  return static_cast<std::uint64_t>(s.clients) * static_cast<std::uint64_t>(s.messages);
}

// --- names and checks ----------------------------------------------------------------------

TEST(BugNames, ParseAndFormatRoundTripEveryCombination) {
  for (int mask = 0; mask < 16; ++mask) {
    Bugs b;
    b.et_no_drain = (mask & 1) != 0;
    b.high_fd = (mask & 2) != 0;
    b.thundering_herd = (mask & 4) != 0;
    b.tiny_rcvbuf = (mask & 8) != 0;
    const std::string text = format_bugs(b);
    EXPECT_EQ(text.empty(), !b.any());
    auto back = parse_bugs(text);
    ASSERT_TRUE(back.ok()) << text << ": " << back.error().message;
    EXPECT_EQ(*back, b) << text;
  }
  auto spaced = parse_bugs(" high-fd , tiny-rcvbuf ");
  ASSERT_TRUE(spaced.ok());
  EXPECT_TRUE(spaced->high_fd && spaced->tiny_rcvbuf);
}

TEST(BugNames, AnUnknownNameIsRefusedNamingItAndTheKnownOnes) {
  auto bad = parse_bugs("high-fd,slow-disk");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'slow-disk'"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find(kBugNames), std::string::npos) << bad.error().message;
}

TEST(BugChecks, ValidateRefusesABugOnAModelItIsNotAbout) {
  EXPECT_TRUE(validate(with_bugs(test::scenario("epoll", 1, 1, 64, 0), "et-no-drain")));
  EXPECT_FALSE(validate(with_bugs(test::scenario("epoll-et", 1, 1, 64, 0), "et-no-drain")));
  EXPECT_TRUE(validate(with_bugs(test::scenario("poll", 1, 1, 64, 0), "thundering-herd")));
  EXPECT_FALSE(validate(with_bugs(test::scenario("epoll", 1, 1, 64, 0), "thundering-herd")));
  EXPECT_FALSE(validate(with_bugs(test::scenario("epoll-et", 1, 1, 64, 0), "thundering-herd")));
  EXPECT_FALSE(validate(with_bugs(test::scenario("select", 1, 1, 64, 0), "high-fd,tiny-rcvbuf")));
  // A run refuses the same way, before it opens anything.
  ioscope::Run run(with_bugs(test::scenario("poll", 1, 1, 64, 0), "et-no-drain"));
  TraceHub hub;
  const RunSummary s = run.execute(hub);
  EXPECT_NE(s.error.find("epoll-et"), std::string::npos) << s.error;
}

// --- et-no-drain ---------------------------------------------------------------------------

TEST(EtNoDrain, RunEndsWithTheMessagesThatNeverCameBackAndSaysTheServerStoppedReading) {
  const Scenario s = with_bugs(test::scenario("epoll-et", 2, 10, 512, 2'000'000), "et-no-drain");
  const int fds_before = test::open_fd_count();
  auto run = test::run_traced(s);
  const RunSummary& r = run.summary;
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.cancelled);
  EXPECT_GT(r.messages_missing, 0u);
  EXPECT_EQ(r.messages_missing + r.messages_verified, total_messages(s));
  EXPECT_NE(r.error.find(std::to_string(r.messages_missing) + " of " +
                         std::to_string(total_messages(s)) + " messages never came back"),
            std::string::npos)
      << r.error;
  EXPECT_NE(r.error.find("the server stopped reading"), std::string::npos) << r.error;
  EXPECT_LT(r.bytes_verified, r.bytes_sent);
  // Every read the server made was one short read: it never asked for more.
  const auto reads = data_read_ends(run);
  ASSERT_FALSE(reads.empty());
  for (const auto& e : reads) EXPECT_LE(e.value, static_cast<long>(kEtNoDrainReadBytes));
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST(EtNoDrain, WithoutTheBugEdgeTriggeredEpollDeliversEverything) {
  const Scenario s = test::scenario("epoll-et", 2, 10, 512, 2'000'000);
  auto run = test::run_traced(s);
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, total_messages(s));
  EXPECT_EQ(run.summary.messages_missing, 0u);
}

TEST(EtNoDrain, FactoryGivesUpAfterTwoSecondsOrThreeIntervals) {
  Scenario s = with_bugs(test::scenario("epoll-et", 1, 1, 64, 1'000'000), "et-no-drain");
  EXPECT_EQ(stall_timeout_ns(s), 2'000'000'000);
  s.interval_ns = 1'000'000'000;
  EXPECT_EQ(stall_timeout_ns(s), 3'000'000'000);
  s.bugs = Bugs{};
  EXPECT_EQ(stall_timeout_ns(s), 10'000'000'000);  // a healthy run keeps the long patience
}

// --- high-fd -------------------------------------------------------------------------------

TEST(HighFd, SelectRefusesTheHighListenerNamingFdSetsize) {
  const int fds_before = test::open_fd_count();
  auto run = test::run_traced(with_bugs(test::scenario("select", 2, 5, 64, 1'000'000), "high-fd"));
  EXPECT_FALSE(run.summary.ok());
  EXPECT_NE(run.summary.error.find("FD_SETSIZE"), std::string::npos) << run.summary.error;
  EXPECT_NE(run.summary.error.find("select cannot watch fd"), std::string::npos)
      << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, 0u);
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

// Every connection the server accepted got a descriptor number of 1024 or more.
void expect_every_connection_above_fd_setsize(const test::TracedRun& run, int clients) {
  const auto accepts =
      test::select_events(run, [](const TraceEvent& e) { return e.kind == EventKind::Accept; });
  EXPECT_EQ(accepts.size(), static_cast<std::size_t>(clients));
  for (const auto& e : accepts) EXPECT_GE(e.fd, kHighFdFloor);
}

TEST(HighFd, PollAndEpollServeEveryMessageOnDescriptorsAboveFdSetsize) {
  for (const char* model : {"poll", "epoll", "epoll-et"}) {
    SCOPED_TRACE(model);
    const int fds_before = test::open_fd_count();
    const Scenario s = with_bugs(test::scenario(model, 3, 10, 256, 1'000'000), "high-fd");
    auto run = test::run_traced(s);
    ASSERT_TRUE(run.summary.ok()) << run.summary.error;
    EXPECT_EQ(run.summary.messages_verified, total_messages(s));
    expect_every_connection_above_fd_setsize(run, s.clients);
    for (const auto& c : test::calls(run, Sys::accept4)) EXPECT_GE(c.begin.fd, kHighFdFloor);
    const auto reads = data_read_ends(run);
    ASSERT_FALSE(reads.empty());
    for (const auto& e : reads) EXPECT_GE(e.fd, kHighFdFloor);
    EXPECT_EQ(test::open_fd_count(), fds_before);
  }
}

TEST(HighFd, ThreadPerConnectionPollingAndIoUringServeOnHighDescriptorsToo) {
  for (const char* model : {"blocking", "nonblocking", "io_uring"}) {
    const ModelInfo* info = find_model(model);
    ASSERT_NE(info, nullptr) << model;
    if (info->unavailable && info->unavailable()) continue;
    SCOPED_TRACE(model);
    const Scenario s = with_bugs(test::scenario(model, 2, 5, 128, 1'000'000), "high-fd");
    auto run = test::run_traced(s);
    ASSERT_TRUE(run.summary.ok()) << run.summary.error;
    EXPECT_EQ(run.summary.messages_verified, total_messages(s));
    expect_every_connection_above_fd_setsize(run, s.clients);
  }
}

// --- thundering-herd -----------------------------------------------------------------------

using test::count_herd;

TEST(ThunderingHerd, ConnectionsWakeMoreWaitersThanTheyFeedAndTheRestAcceptNothing) {
  for (const char* model : {"epoll", "epoll-et"}) {
    SCOPED_TRACE(model);
    const int fds_before = test::open_fd_count();
    const int threads_before = test::thread_count();
    const Scenario s = with_bugs(test::scenario(model, 3, 5, 128, 1'000'000), "thundering-herd");
    auto run = test::run_traced(s);
    ASSERT_TRUE(run.summary.ok()) << run.summary.error;
    EXPECT_EQ(run.summary.messages_verified, total_messages(s));
    const test::HerdCount h = count_herd(run);
    // One row per waiter on the timeline.
    EXPECT_EQ(h.watching_tracks.size(), static_cast<std::size_t>(kHerdWaiters));
    EXPECT_EQ(h.accepted, s.clients);
    EXPECT_GE(h.came_up_empty, 1);
    EXPECT_GT(h.listener_wakeups, h.accepted)
        << "wake-ups " << h.listener_wakeups << ", accepted " << h.accepted;
    EXPECT_EQ(test::open_fd_count(), fds_before);
    EXPECT_EQ(test::thread_count(), threads_before);
  }
}

TEST(ThunderingHerd, EachWaiterServesTheConnectionsItAccepted) {
  auto run =
      test::run_traced(with_bugs(test::scenario("epoll", 8, 5, 128, 1'000'000), "thundering-herd"));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  // Every connection is accepted before any closes, so a descriptor names one connection here.
  std::map<int, std::uint16_t> owner;  // descriptor -> the track that accepted it
  std::set<std::uint16_t> serving;
  for (const auto& e : run.events) {
    if (e.kind == EventKind::Accept) owner[e.fd] = e.track;
    if (!is_end(e, Sys::recvmsg) || e.value <= 0) continue;
    ASSERT_TRUE(owner.count(e.fd)) << "fd " << e.fd << " read before it was accepted";
    EXPECT_EQ(e.track, owner[e.fd]) << "fd " << e.fd << " read by another waiter";
    serving.insert(e.track);
  }
  EXPECT_GE(serving.size(), 1u);
}

TEST(ThunderingHerd, CancelStopsEveryWaiterAndLeavesNothingBehind) {
  test::expect_clean_cancel_mid_run("epoll");  // the plain server, for comparison
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  {
    test::BackgroundRun run(
        with_bugs(test::scenario("epoll", 4, 100000, 64, 2'000'000), "thundering-herd"));
    ASSERT_TRUE(run.drain_until([&] {
      int recvs = 0;
      for (const auto& e : run.events())
        if (e.kind == EventKind::ClientRecv) ++recvs;
      return recvs >= 4;
    }));
    test::expect_prompt_cancel(run);
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

// --- tiny-rcvbuf ---------------------------------------------------------------------------

TEST(TinyRcvbuf, BigMessagesReachTheProcessInManySmallReads) {
  for (const char* model : {"epoll", "poll", "blocking"}) {
    SCOPED_TRACE(model);
    constexpr std::size_t kSize = 64 * 1024;
    const Scenario s = with_bugs(test::scenario(model, 2, 4, kSize, 5'000'000), "tiny-rcvbuf");
    auto run = test::run_traced(s);
    ASSERT_TRUE(run.summary.ok()) << run.summary.error;
    EXPECT_EQ(run.summary.messages_verified, total_messages(s));
    const auto reads = data_read_ends(run);
    EXPECT_GT(reads.size(), 4 * total_messages(s));
    long largest = 0;
    for (const auto& e : reads) largest = std::max(largest, e.value);
    EXPECT_LE(largest, static_cast<long>(kSize / 4)) << "a read took most of a message at once";
  }
}

}  // namespace
}  // namespace ioscope
