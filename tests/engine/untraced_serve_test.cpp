// A server with tracing off measures what tracing costs, so it must not pay for what only the
// trace uses: it asks the kernel for no receive stamps (once one socket asks, the kernel stamps
// every packet it receives). Traced, the same server's reads carry them.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "../test_echo.hpp"
#include "lab/serve_session.hpp"
#include "models/model.hpp"
#include "net/socket_ops.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {
namespace {

// The SO_TIMESTAMPING flags of this process's socket accepted on `port` (the server's end of a
// connection: the server runs in this process), or -1 if there is none.
int accepted_socket_stamping(std::uint16_t port) {
  for (int fd = 0; fd < 4096; ++fd) {
    sockaddr_in local{};
    socklen_t len = sizeof local;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) continue;
    if (local.sin_family != AF_INET || ntohs(local.sin_port) != port) continue;
    sockaddr_in peer{};
    len = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;  // listener
    int flags = 0;
    len = sizeof flags;
    if (::getsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, &len) != 0) return -1;
    return flags;
  }
  return -1;
}

// One client echoes `rounds` messages, then the server is stopped; its summary, and the
// stamping its end of the connection asked for.
ServeSummary serve_and_echo(const std::string& model, bool traced, int rounds,
                            int* stamping = nullptr) {
  TraceHub hub;
  hub.set_enabled(traced);
  StopSignal stop;
  std::atomic<std::uint16_t> port{0};
  ServeSummary summary;
  std::thread server([&] {
    summary = serve_model(model, 0, hub, stop, [&](std::uint16_t p) { port.store(p); });
    port.store(1);  // failed before listening: let the client give up
  });
  while (port.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (auto fd = connect_loopback(port.load()); fd.ok()) {
    for (int i = 0; i < rounds; ++i) {
      const std::string msg("a knife, please", sizeof "a knife, please");
      EXPECT_EQ(test::echo_of(fd->get(), msg), msg) << model << " round " << i;
    }
    if (stamping != nullptr) *stamping = accepted_socket_stamping(port.load());
  } else {
    ADD_FAILURE() << model << ": " << fd.error().message;
  }
  stop.request();
  server.join();
  return summary;
}

class UntracedServe : public ::testing::TestWithParam<std::string> {};

TEST_P(UntracedServe, AsksForNoReceiveStampsButTracedDoes) {
  if (auto why = model_cannot_run_here(GetParam())) GTEST_SKIP() << *why;
  int stamping = -1;
  const ServeSummary off = serve_and_echo(GetParam(), false, 5, &stamping);
  ASSERT_EQ(off.error, "");
  EXPECT_EQ(stamping, 0) << "the untraced server's socket asks for stamps";
  EXPECT_EQ(off.counters.events, 0u);
  EXPECT_EQ(off.counters.kernel_stamped, 0u);
  EXPECT_GE(off.counters.kernel_inferred, 1u) << "the reads still count";

  const ServeSummary on = serve_and_echo(GetParam(), true, 5, &stamping);
  ASSERT_EQ(on.error, "");
  EXPECT_GT(stamping, 0) << "the traced server's socket asks for no stamps";
  EXPECT_GT(on.counters.events, 0u);
  EXPECT_GE(on.counters.kernel_stamped, 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryModel, UntracedServe,
                         ::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                           "epoll-et", "sigio", "io_uring"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace ioscope
