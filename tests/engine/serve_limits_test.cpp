// Serving clients it does not control, a server stays within bounds. Its memory follows what is
// in flight, not how many connections are open: a connection that echoed its message and went
// idle holds no buffer (measured before the change: the epoll server grew by 64 MiB for 1,000
// idle connections, a 64 KiB buffer each). And a model that spends a thread on each connection
// caps them.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "../test_process.hpp"
#include "lab/serve_session.hpp"
#include "net/socket_ops.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {
namespace {

class ServedModel : public ::testing::TestWithParam<const char*> {};

TEST_P(ServedModel, IdleConnectionsThatEchoedOnceHoldNoBuffer) {
  constexpr int kConnections = 400;  // 25 MiB of buffers if each kept 64 KiB
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < 2 * kConnections + 64) {
    rlimit raised = lim;
    raised.rlim_cur = std::min<rlim_t>(lim.rlim_max, 2 * kConnections + 256);
    setrlimit(RLIMIT_NOFILE, &raised);
  }
  TraceHub hub;
  hub.set_enabled(false);  // the trace's own rings are not what is measured
  StopSignal stop;
  std::atomic<std::uint16_t> port{0};
  std::thread server(
      [&] { serve_model(GetParam(), 0, hub, stop, [&](std::uint16_t p) { port.store(p); }); });
  while (port.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Warm up: one connection echoes, so the thread's own buffers exist before the baseline.
  std::vector<Fd> clients;
  auto echo_once = [&](Fd& fd) {
    const char b = 'k';
    ASSERT_EQ(::send(fd.get(), &b, 1, 0), 1);
    char back = 0;
    ASSERT_EQ(::recv(fd.get(), &back, 1, 0), 1);
  };
  {
    auto fd = connect_loopback(port.load());
    ASSERT_TRUE(fd.ok()) << fd.error().message;
    echo_once(*fd);
    clients.push_back(std::move(*fd));
  }
  const long before = test::rss_kib();
  for (int i = 0; i < kConnections; ++i) {
    auto fd = connect_loopback(port.load());
    ASSERT_TRUE(fd.ok()) << i << ": " << fd.error().message;
    echo_once(*fd);
    clients.push_back(std::move(*fd));
  }
  const long after = test::rss_kib();
  clients.clear();
  stop.request();
  server.join();
  // The bound: 8 KiB a connection (its bookkeeping and a few messages of queue) beside 64 KiB
  // a buffer would cost.
  EXPECT_LT(after - before, 8 * kConnections)
      << "RSS grew by " << (after - before) << " KiB for " << kConnections << " idle connections";
}

INSTANTIATE_TEST_SUITE_P(EventDriven, ServedModel, ::testing::Values("select", "poll", "epoll"));

// A thread per connection: serving clients it does not control, the blocking server caps its
// threads; one connection past the cap is closed at once and counted, the others still echo.
TEST(ServedBlocking, ConnectionsPastTheCapAreClosedAtOnceAndTheOthersServed) {
  TraceHub hub;
  StopSignal stop;
  std::atomic<std::uint16_t> port{0};
  ServeSummary summary;
  std::thread server([&] {
    ServeOptions options;
    options.max_connections = 2;
    summary = serve_model(
        "blocking", 0, hub, stop, [&](std::uint16_t p) { port.store(p); }, options);
  });
  while (port.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::atomic<bool> draining{true};
  std::thread consumer([&] {
    std::vector<TraceEvent> sink;
    while (draining.load()) {
      sink.clear();
      hub.drain(sink);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const timeval patience{5, 0};
  auto connect_and_echo = [&](bool expect_served) {
    auto fd = connect_loopback(port.load());
    EXPECT_TRUE(fd.ok());
    if (!fd.ok()) return Fd();
    ::setsockopt(fd->get(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    const char b = 'k';
    EXPECT_EQ(::send(fd->get(), &b, 1, MSG_NOSIGNAL), 1);
    char back = 0;
    const long r = ::recv(fd->get(), &back, 1, 0);
    if (expect_served) {
      EXPECT_EQ(r, 1) << "not served";
    } else {
      // Closed with our byte unread: the end of stream, or a reset (ECONNRESET), never the
      // receive timeout of a connection left hanging.
      EXPECT_TRUE(r == 0 || (r < 0 && errno == ECONNRESET)) << "not closed at once: " << r;
    }
    return std::move(*fd);
  };
  Fd a = connect_and_echo(true);
  Fd b = connect_and_echo(true);
  Fd c = connect_and_echo(false);  // the third, past the cap of two
  Fd again = Fd();
  a = Fd();                        // one leaves: there is room again
  for (int i = 0; i < 200; ++i) {  // its thread ends when it reads the end
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto fd = connect_loopback(port.load());
    ASSERT_TRUE(fd.ok());
    ::setsockopt(fd->get(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    const char k = 'k';
    ASSERT_EQ(::send(fd->get(), &k, 1, MSG_NOSIGNAL), 1);
    char back = 0;
    if (::recv(fd->get(), &back, 1, 0) == 1) {
      again = std::move(*fd);
      break;
    }
  }
  EXPECT_GE(again.get(), 0) << "no room came back after a client left";
  b = Fd();
  again = Fd();
  stop.request();
  server.join();
  draining.store(false);
  consumer.join();
  EXPECT_TRUE(summary.error.empty()) << summary.error;
  EXPECT_GE(summary.refused, 1u);
}

}  // namespace
}  // namespace ioscope
