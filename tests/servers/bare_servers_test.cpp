// Every bare reference server (bench/bare) echoes every byte, on several connections and at
// sizes up to well past a socket buffer, listens on 127.0.0.1 only, and ends cleanly when told.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_options.hpp"
#include "load_generator.hpp"
#include "server_process.hpp"

namespace ioscope::bench {
namespace {

using namespace std::chrono_literals;

std::string bare_path(const std::string& model) {
  return std::string(IOSCOPE_BARE_DIR) + "/" + bare_server_name(model);
}

std::string all_errors(const load::LoadReport& r) {
  std::string out;
  for (const auto& e : r.error_messages) out += e + "\n";
  return out;
}

class BareServer : public ::testing::TestWithParam<std::string> {
 protected:
  // Starts this model's server on any port; skips the test where the model cannot run.
  void start(const std::string& port = "0") {
    if (!server_.start({bare_path(GetParam()), port})) {
      if (server_.unavailable()) GTEST_SKIP() << server_.error();
      FAIL() << server_.error();
    }
  }
  ServerProcess server_;
};

struct Shape {
  int connections;
  std::size_t size;
};

TEST_P(BareServer, EchoesEveryByteOnSeveralConnectionsAtEverySize) {
  start();
  if (IsSkipped() || HasFailure()) return;
  // From one byte to four times a 64 KiB read, and 256 KiB: more than a socket buffer takes
  // in one write, so partial writes happen on both sides.
  for (const Shape shape : {Shape{1, 1}, Shape{8, 64}, Shape{64, 100}, Shape{4, 4096},
                            Shape{4, 65536 + 7}, Shape{3, 256 * 1024}}) {
    load::LoadConfig config;
    config.port = server_.port();
    config.connections = shape.connections;
    config.message_size = shape.size;
    config.duration = 200ms;
    config.drain_timeout = 10s;
    const load::LoadReport r = load::run_load(config);
    // The generator checked every byte that came back and that all that went out came back.
    EXPECT_EQ(r.errors, 0u) << shape.connections << " x " << shape.size << " B\n" << all_errors(r);
    EXPECT_GT(r.round_trips, 0u) << shape.connections << " x " << shape.size << " B";
  }
  EXPECT_EQ(server_.stop(), "exit 0") << server_.err();
}

// Independent of the load generator: one connection streams 16 MiB and only starts reading
// the echo after a while, so the server's socket fills up and its writes come back short or
// with EAGAIN; it must keep what did not go out, stop reading meanwhile, and resume. Then the
// client half-closes: all of it must have come back, and then the end of the stream.
TEST_P(BareServer, EchoesAStreamThroughFullSocketsUntilTheClientHangsUp) {
  start();
  if (IsSkipped() || HasFailure()) return;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  timeval limit{30, 0};  // a lost byte fails the test instead of hanging it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(server_.port());
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::vector<unsigned char> sent(16 << 20);
  for (std::size_t i = 0; i < sent.size(); ++i) sent[i] = static_cast<unsigned char>(i * 7 % 251);
  std::thread writer([&] {
    std::size_t off = 0;
    while (off < sent.size()) {
      const ssize_t n = ::send(fd, sent.data() + off, sent.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
  });
  std::this_thread::sleep_for(300ms);  // the server meets a full socket meanwhile
  std::vector<unsigned char> got;
  got.reserve(sent.size());
  std::vector<unsigned char> buf(1 << 20);
  ssize_t n;
  while ((n = ::recv(fd, buf.data(), buf.size(), 0)) > 0)
    got.insert(got.end(), buf.data(), buf.data() + n);
  writer.join();
  EXPECT_EQ(n, 0) << "no end of stream: recv failed with errno " << errno;
  ::close(fd);
  ASSERT_EQ(got.size(), sent.size());
  EXPECT_TRUE(got == sent) << "the echo differs from what was sent";
}

// /proc/net/tcp: every socket listening on the server's port is bound to 127.0.0.1, and none
// is on IPv6 (where :: would be every address).
TEST_P(BareServer, ListensOnLoopbackOnly) {
  start();
  if (IsSkipped() || HasFailure()) return;
  char port_hex[8];
  std::snprintf(port_hex, sizeof port_hex, "%04X", server_.port());
  int listening = 0;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the column titles
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state != "0A" || local.substr(local.find(':') + 1) != port_hex) continue;
      ++listening;
      EXPECT_EQ(local, std::string("0100007F:") + port_hex) << table << ": " << line;
    }
  }
  EXPECT_EQ(listening, 1);
}

TEST_P(BareServer, PrintsItsPortAsTheFirstLineOfStdout) {
  start();
  if (IsSkipped() || HasFailure()) return;
  EXPECT_EQ(server_.out().substr(0, server_.out().find('\n')),
            "port " + std::to_string(server_.port()));
}

TEST_P(BareServer, ListensOnThePortItIsGiven) {
  // A port that was free a moment ago.
  const int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(probe);
  const std::uint16_t port = ntohs(addr.sin_port);
  start(std::to_string(port));
  if (IsSkipped() || HasFailure()) return;
  EXPECT_EQ(server_.port(), port);
}

// With a connection open and echoing, so the server is inside its model's wait, not idle.
void expect_clean_exit_on(ServerProcess& server, int signal) {
  load::LoadConfig config;
  config.port = server.port();
  config.connections = 2;
  config.duration = 50ms;
  const load::LoadReport r = load::run_load(config);
  EXPECT_EQ(r.errors, 0u) << all_errors(r);
  EXPECT_EQ(server.stop(5s, signal), "exit 0") << server.err();
}

TEST_P(BareServer, ExitsCleanlyOnSigterm) {
  start();
  if (IsSkipped() || HasFailure()) return;
  expect_clean_exit_on(server_, SIGTERM);
}

TEST_P(BareServer, ExitsCleanlyOnSigint) {
  start();
  if (IsSkipped() || HasFailure()) return;
  expect_clean_exit_on(server_, SIGINT);
}

TEST_P(BareServer, RefusesAPortThatIsNotANumber) {
  ServerProcess p;
  EXPECT_FALSE(p.start({bare_path(GetParam()), "eighty"}));
  EXPECT_NE(p.error().find("exit 2"), std::string::npos) << p.error();
  EXPECT_NE(p.error().find("usage"), std::string::npos) << p.error();
}

// "epoll-et" -> "epoll_et": test names allow no dash.
std::string test_name(const ::testing::TestParamInfo<std::string>& model) {
  std::string name = model.param;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllModels, BareServer, ::testing::ValuesIn(bench_model_ids()), test_name);

}  // namespace
}  // namespace ioscope::bench
