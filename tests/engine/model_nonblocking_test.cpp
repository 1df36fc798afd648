// The non-blocking model, as lesson 2 tells it: one thread asks every connection again and
// again, most answers are EAGAIN, it does useful work between rounds, and it stops at once.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
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
  test::expect_clean_cancel_mid_run("nonblocking");
}

TEST(NonblockingModel, StopsReadingAConnectionWhileItsEchoCannotGoOut) {
  std::vector<TraceEvent> events;
  {
    test::ServerSetup setup;
    ASSERT_TRUE(setup.listener.ok()) << setup.listener.error().message;
    NonblockingModel model;
    std::optional<Error> result;
    std::thread server([&] { result = model.serve(setup.ctx); });

    // A client that sends and never reads: the echo soon finds the send buffer full.
    auto flood = connect_loopback(setup.listener->port);
    EXPECT_TRUE(flood.ok());
    if (flood.ok()) set_nonblocking(flood->get(), true);
    std::vector<unsigned char> chunk(64 * 1024, 'k');
    std::size_t seen = 0;  // the polling loop traces fast: look at each event once
    const bool send_blocked = test::drain_until(setup.hub, events, [&] {
      while (flood.ok() && ::send(flood->get(), chunk.data(), chunk.size(), MSG_NOSIGNAL) > 0) {
      }
      for (; seen < events.size(); ++seen) {
        const TraceEvent& e = events[seen];
        if (e.kind == EventKind::SyscallEnd && e.sys == Sys::sendto && e.err == EAGAIN) return true;
      }
      return false;
    });
    EXPECT_TRUE(send_blocked) << "the echo never had to wait for room";
    // Let it go round a while with the echo stuck.
    std::this_thread::sleep_for(50ms);
    setup.stop.request();
    server.join();
    EXPECT_FALSE(result.has_value()) << result->message;
    setup.hub.drain(events);
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
