// The blocking model, as lesson 1 tells it: each connection has a thread of its own that sits
// inside recvmsg() before its data even reaches the kernel, and stopping wakes every thread,
// wherever it is blocked, and leaves nothing behind.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "models/blocking.hpp"
#include "net/socket_ops.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

using namespace std::chrono_literals;

TEST(BlockingModel, RecvIsAlreadyWaitingWhenTheDataReachesTheKernel) {
  // A connection's thread has nothing to do between messages but wait in recvmsg. Whether it
  // is back there before the next knife arrives is up to the machine (a loaded one may run it
  // late, or the factory may send two knives back to back), so only the reads whose thread had
  // finished its previous call (the echo) before the data arrived are asked about: those found
  // the thread with nothing else to do, and it must have been waiting in recvmsg. Runs are
  // repeated until enough such reads have been seen (bounded), not hoped for in one; each run
  // after the first spaces the knives twice as far apart (a new thread can start hundreds of
  // milliseconds late under a sanitizer on a loaded machine, and find every knife there).
  int counted = 0;
  int waited = 0;
  int runs = 0;
  std::int64_t interval_ns = 20'000'000;
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (counted < 20 && std::chrono::steady_clock::now() < give_up) {
    if (runs > 0 && interval_ns < 320'000'000) interval_ns *= 2;
    ++runs;
    auto run = test::run_traced(test::scenario("blocking", 4, 10, 64, interval_ns));
    ASSERT_TRUE(run.summary.ok()) << run.summary.error;

    // Each data-returning recvmsg emits one KernelReady for its fd; both come in time order.
    std::map<int, std::vector<test::Call>> data_calls;
    for (const auto& c : test::calls(run, Sys::recvmsg))
      if (c.end.value > 0) data_calls[c.end.fd].push_back(c);
    std::map<int, std::vector<TraceEvent>> ready;
    for (const auto& e : run.events)
      if (e.kind == EventKind::KernelReady) ready[e.fd].push_back(e);

    ASSERT_EQ(data_calls.size(), 4u);
    for (const auto& [fd, calls] : data_calls) {
      ASSERT_EQ(ready[fd].size(), calls.size()) << "fd " << fd;
      for (std::size_t i = 0; i < calls.size(); ++i) {
        EXPECT_EQ(ready[fd][i].value, calls[i].end.value);
        EXPECT_LE(ready[fd][i].t_ns, calls[i].end.t_ns)
            << "data ready after the call that returned it";
      }
    }
    if (run.summary.counters.kernel_stamped == 0)
      GTEST_SKIP() << "this kernel does not stamp received data (SO_TIMESTAMPING)";
    // Only the kernel's own stamp can tell (an inferred one is the call's end).
    const test::RecvWaits w = test::recv_waits(run);
    counted += w.counted;
    waited += w.waited;
  }
  ASSERT_GE(counted, 20) << "in " << runs << " runs";
  // A thread preempted in the instant between its echo and its next recvmsg can miss one.
  EXPECT_GE(waited * 10, counted * 9) << waited << " of " << counted << " calls waited";
}

TEST(BlockingModel, EveryClientIsServedByAThreadOfItsOwn) {
  constexpr int kClients = 6;
  auto run = test::run_traced(test::scenario("blocking", kClients, 5, 64, 5'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;

  std::map<std::uint32_t, std::set<std::uint16_t>> tracks_of_conn;
  for (const auto& e : run.events)
    if (e.kind == EventKind::CopyEnd && e.lane == Lane::Buyer)
      tracks_of_conn[e.conn].insert(e.track);
  ASSERT_EQ(tracks_of_conn.size(), static_cast<std::size_t>(kClients));
  std::set<std::uint16_t> tracks;
  for (const auto& [conn, t] : tracks_of_conn) {
    EXPECT_EQ(t.size(), 1u) << "connection " << conn << " read by several threads";
    EXPECT_EQ(t.count(0), 0u) << "connection " << conn << " read by the accept thread";
    tracks.insert(t.begin(), t.end());
  }
  EXPECT_EQ(tracks.size(), static_cast<std::size_t>(kClients));
  // The door has its own buyer.
  for (const auto& c : test::calls(run, Sys::accept4)) EXPECT_EQ(c.begin.track, 0);
}

// The door's thread sleeps in accept4 until the end; the run wakes it by shutting the listener
// down, and that last accept4 fails (unless the thread saw the stop before it called again). The
// trace marks it as the shop closing, not as a failure; every accept that got a connection is
// unmarked.
TEST(BlockingModel, TheDoorClosingAtTheEndIsMarkedStoppingNotAFailure) {
  auto run = test::run_traced(test::scenario("blocking", 2, 3, 64, 2'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  int closing = 0, accepted = 0;
  for (const auto& c : test::calls(run, Sys::accept4)) {
    if (c.end.value >= 0) {
      ++accepted;
      EXPECT_FALSE(c.end.flags & flag::kStopping);
    } else {
      ++closing;
      EXPECT_TRUE(c.end.flags & flag::kStopping) << "accept4 = -1 errno " << c.end.err;
    }
  }
  EXPECT_EQ(accepted, 2);
  // At most once: a door thread that comes back from its last accept after the stop sees the
  // flag and never calls accept4 again (seen under ThreadSanitizer's slower threads).
  EXPECT_LE(closing, 1) << "the door closes once, at the end";
}

TEST(BlockingModel, CancelWhileEveryThreadWaitsInRecvStopsPromptlyAndLeavesNothing) {
  constexpr std::size_t kClients = 4;
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  {
    // The first message is due in 10 s: until then every connection thread sits in recvmsg.
    test::BackgroundRun run(
        test::scenario("blocking", static_cast<int>(kClients), 3, 64, 10'000'000'000));
    std::set<std::uint16_t> in_recv;
    const auto start = std::chrono::steady_clock::now();
    run.drain_until([&] {
      for (const auto& e : run.events())
        if (e.lane == Lane::Buyer && e.kind == EventKind::SyscallBegin && e.sys == Sys::recvmsg)
          in_recv.insert(e.track);
      return in_recv.size() == kClients && std::chrono::steady_clock::now() - start >= 200ms;
    });
    EXPECT_EQ(in_recv.size(), kClients) << "not every connection thread reached recvmsg";
    test::expect_prompt_cancel(run);
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

// The last event a buyer track has recorded so far.
const TraceEvent* last_of_track(const std::vector<TraceEvent>& events, std::uint16_t track) {
  const TraceEvent* last = nullptr;
  for (const auto& e : events)
    if (e.lane == Lane::Buyer && e.track == track) last = &e;
  return last;
}

bool is_begin(const TraceEvent* e, Sys sys) {
  return e != nullptr && e->kind == EventKind::SyscallBegin && e->sys == sys;
}

TEST(BlockingModel, InterruptWakesThreadsBlockedInAcceptRecvAndSendWhilePeersStayConnected) {
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  std::vector<TraceEvent> events;
  {
    test::ServerSetup setup;
    ASSERT_TRUE(setup.listener.ok()) << setup.listener.error().message;
    setup.ctx.message_size = 64;
    BlockingModel model;
    std::optional<Error> result;
    std::atomic<bool> done{false};
    std::thread server([&] {
      result = model.serve(setup.ctx);
      done.store(true);
    });

    // Client 1 connects and says nothing: its thread (track 1) waits in recvmsg.
    auto idle = connect_loopback(setup.listener->port);
    EXPECT_TRUE(idle.ok());
    EXPECT_TRUE(test::drain_until(
        setup.hub, events, [&] { return is_begin(last_of_track(events, 1), Sys::recvmsg); }));

    // Client 2 sends and never reads: its echo fills both socket buffers and its thread
    // (track 2) gets stuck in sendto. It is stuck, not just passing through, once the client
    // cannot send more and the thread has recorded nothing new for a while.
    auto flood = connect_loopback(setup.listener->port);
    EXPECT_TRUE(flood.ok());
    if (flood.ok()) set_nonblocking(flood->get(), true);
    std::vector<unsigned char> chunk(64 * 1024, 'k');
    std::size_t seen = 0;
    int quiet = 0;
    EXPECT_TRUE(test::drain_until(setup.hub, events, [&] {
      while (flood.ok() && ::send(flood->get(), chunk.data(), chunk.size(), MSG_NOSIGNAL) > 0) {
      }
      const auto n = static_cast<std::size_t>(
          std::count_if(events.begin(), events.end(),
                        [](const TraceEvent& e) { return e.lane == Lane::Buyer && e.track == 2; }));
      const bool stuck = is_begin(last_of_track(events, 2), Sys::sendto) && n == seen;
      quiet = stuck ? quiet + 1 : 0;
      seen = n;
      return quiet >= 20 && is_begin(last_of_track(events, 0), Sys::accept4);
    }));

    setup.stop.request();
    const auto interrupted_at = std::chrono::steady_clock::now();
    model.interrupt();
    while (!done.load() && std::chrono::steady_clock::now() - interrupted_at < 5s)
      std::this_thread::sleep_for(1ms);
    EXPECT_TRUE(done.load()) << "serve() did not return within 5 s of interrupt()";
    server.join();
    EXPECT_LT(std::chrono::steady_clock::now() - interrupted_at, 2s);
    EXPECT_FALSE(result.has_value()) << result->message;
    setup.hub.drain(events);
  }
  std::map<std::uint16_t, TraceEvent> last_end;
  int closes = 0;
  for (const auto& e : events) {
    if (e.lane == Lane::Buyer && e.kind == EventKind::SyscallEnd && e.sys != Sys::close)
      last_end[e.track] = e;
    if (e.kind == EventKind::Close) ++closes;
  }
  EXPECT_EQ(last_end[0].sys, Sys::accept4);
  EXPECT_EQ(last_end[0].err, EINVAL) << "accept woken by shutdown of the listener";
  EXPECT_EQ(last_end[1].sys, Sys::recvmsg);
  EXPECT_EQ(last_end[1].value, 0) << "recvmsg woken with end of stream";
  EXPECT_EQ(last_end[2].sys, Sys::sendto);
  // Shut down for writing: EPIPE; or reset, when the client's data reached the shut socket.
  EXPECT_TRUE(last_end[2].err == EPIPE || last_end[2].err == ECONNRESET)
      << "sendto returned " << last_end[2].value << ", errno " << last_end[2].err;
  EXPECT_EQ(closes, 2) << "each connection thread closes its own socket";
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

}  // namespace
}  // namespace ioscope
