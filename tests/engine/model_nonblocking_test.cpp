// The non-blocking model, as lesson 2 tells it: one thread asks every connection again and
// again, most answers are EAGAIN, it does useful work between rounds, and it stops at once.
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

#include "models/nonblocking.hpp"
#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

using namespace std::chrono_literals;

TEST(NonblockingModel, MostRecvCallsComeBackEmptyWhenDataIsSparse) {
  auto run = test::run_traced(test::scenario("nonblocking", 2, 20, 64, 5'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_GT(run.summary.counters.eagain, 0u);

  std::uint64_t eagain = 0;
  std::uint64_t data = 0;
  for (const auto& c : test::calls(run, Sys::recvmsg)) {
    if (c.end.value < 0 && c.end.err == EAGAIN) ++eagain;
    if (c.end.value > 0) ++data;
  }
  EXPECT_GT(data, 0u);
  EXPECT_GT(eagain, data) << "only " << eagain << " EAGAIN for " << data << " reads with data";
}

TEST(NonblockingModel, OneThreadServesEveryConnection) {
  constexpr std::size_t kClients = 4;
  auto run = test::run_traced(test::scenario("nonblocking", kClients, 5, 64, 2'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  std::set<std::uint32_t> conns;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    EXPECT_EQ(e.track, 0) << to_string(e.kind);
    if (e.kind == EventKind::CopyEnd) conns.insert(e.conn);
  }
  EXPECT_EQ(conns.size(), kClients);
}

TEST(NonblockingModel, DoesUsefulWorkBetweenItsCalls) {
  auto run = test::run_traced(test::scenario("nonblocking", 2, 10, 64, 5'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_GT(run.summary.counters.work_units, 0u);

  // No work span overlaps a syscall: the process either asks or works.
  std::vector<std::int64_t> call_edges;
  std::vector<TraceEvent> work;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::SyscallBegin || e.kind == EventKind::SyscallEnd)
      call_edges.push_back(e.t_ns);
    if (e.kind == EventKind::Work) work.push_back(e);
  }
  ASSERT_FALSE(work.empty());
  std::sort(call_edges.begin(), call_edges.end());
  for (const auto& w : work) {
    const auto next = std::upper_bound(call_edges.begin(), call_edges.end(), w.t_ns);
    if (next != call_edges.end()) {
      EXPECT_GE(*next, w.t_ns + w.aux) << "a call inside a work span";
    }
  }
}

TEST(NonblockingModel, CancelMidRunStopsPromptlyAndLeavesNoFdOrThread) {
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  {
    ioscope::Run run(test::scenario("nonblocking", 4, 100, 64, 50'000'000));
    TraceHub hub;
    RunSummary summary;
    std::atomic<bool> done{false};
    std::thread engine([&] {
      summary = run.execute(hub);
      done.store(true);
    });
    // Mid-run: every client connected and its first echo back.
    std::vector<TraceEvent> events;
    std::set<std::uint32_t> echoed;
    const auto start = std::chrono::steady_clock::now();
    while (echoed.size() < 4 && std::chrono::steady_clock::now() - start < 5s) {
      events.clear();
      hub.drain(events);
      for (const auto& e : events)
        if (e.kind == EventKind::ClientRecv) echoed.insert(e.conn);
      std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(echoed.size(), 4u);

    const auto cancelled_at = std::chrono::steady_clock::now();
    run.cancel();
    while (!done.load() && std::chrono::steady_clock::now() - cancelled_at < 5s) {
      events.clear();
      hub.drain(events);
      std::this_thread::sleep_for(1ms);
    }
    EXPECT_TRUE(done.load()) << "the run did not stop within 5 s of cancel()";
    engine.join();
    EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 2s);
    EXPECT_TRUE(summary.cancelled);
    EXPECT_TRUE(summary.error.empty()) << summary.error;
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

TEST(NonblockingModel, StopsReadingAConnectionWhileItsEchoCannotGoOut) {
  std::vector<TraceEvent> events;
  {
    auto listener = listen_loopback(0);
    ASSERT_TRUE(listener.ok()) << listener.error().message;
    TraceHub hub;
    StopSignal stop;
    RealtimeToMonotonic clock;
    ServerContext ctx;
    ctx.listen_fd = listener->fd.get();
    ctx.hub = &hub;
    ctx.stop = &stop;
    ctx.clock = &clock;
    NonblockingModel model;
    std::optional<Error> result;
    std::thread server([&] { result = model.serve(ctx); });

    // A client that sends and never reads: the echo soon finds the send buffer full.
    auto flood = connect_loopback(listener->port);
    EXPECT_TRUE(flood.ok());
    if (flood.ok()) set_nonblocking(flood->get(), true);
    std::vector<unsigned char> chunk(64 * 1024, 'k');
    bool send_blocked = false;
    const auto start = std::chrono::steady_clock::now();
    while (!send_blocked && std::chrono::steady_clock::now() - start < 5s) {
      while (flood.ok() && ::send(flood->get(), chunk.data(), chunk.size(), MSG_NOSIGNAL) > 0) {
      }
      const std::size_t seen = events.size();
      hub.drain(events);
      for (std::size_t i = seen; i < events.size(); ++i) {
        const TraceEvent& e = events[i];
        if (e.kind == EventKind::SyscallEnd && e.sys == Sys::sendto && e.err == EAGAIN)
          send_blocked = true;
      }
      std::this_thread::sleep_for(1ms);
    }
    EXPECT_TRUE(send_blocked) << "the echo never had to wait for room";
    // Let it go round a while with the echo stuck.
    std::this_thread::sleep_for(50ms);
    stop.request();
    server.join();
    EXPECT_FALSE(result.has_value()) << result->message;
    hub.drain(events);
  }
  // One thread, one ring: the events are in program order. Bytes read but not yet echoed never
  // exceed one read's worth.
  std::int64_t held = 0;
  std::int64_t most_held = 0;
  for (const auto& e : events) {
    if (e.lane != Lane::Buyer || e.kind != EventKind::SyscallEnd || e.value <= 0) continue;
    if (e.sys == Sys::recvmsg) held += e.value;
    if (e.sys == Sys::sendto) held -= e.value;
    most_held = std::max(most_held, held);
  }
  EXPECT_GT(most_held, 0);
  EXPECT_LE(most_held, static_cast<std::int64_t>(EchoConnection::kReadChunk));
}

}  // namespace
}  // namespace ioscope
