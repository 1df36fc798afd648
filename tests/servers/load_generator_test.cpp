// The load generator against echo servers in this process: a correct one, and ones that each
// make one mistake the generator must name (connection and offset).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "broken_echo_server.hpp"
#include "load_generator.hpp"

namespace ioscope::load {
namespace {

using namespace std::chrono_literals;
using test::BrokenEchoServer;
using test::Fault;

LoadConfig small_load(std::uint16_t port, LoadMode mode = LoadMode::Closed) {
  LoadConfig c;
  c.port = port;
  c.connections = 3;
  c.message_size = 64;
  c.duration = 300ms;
  c.mode = mode;
  c.rate_per_connection = 200;
  c.drain_timeout = 2s;
  return c;
}

std::string all_errors(const LoadReport& r) {
  std::string out;
  for (const auto& e : r.error_messages) out += e + "\n";
  return out;
}

// Every connection hit the fault, and the report says where.
void expect_every_connection_reported(const LoadReport& r, int connections, const std::string& what,
                                      const std::string& offset) {
  EXPECT_EQ(r.errors, static_cast<std::uint64_t>(connections)) << all_errors(r);
  ASSERT_EQ(r.error_messages.size(), static_cast<std::size_t>(connections));
  for (int i = 0; i < connections; ++i) {
    const std::string& e = r.error_messages[static_cast<std::size_t>(i)];
    EXPECT_NE(e.find("connection " + std::to_string(i) + ":"), std::string::npos) << e;
    EXPECT_NE(e.find(what), std::string::npos) << e;
    EXPECT_NE(e.find(offset), std::string::npos) << e;
  }
}

TEST(LoadGenerator, ReportsNoErrorAgainstACorrectEchoInAClosedLoop) {
  BrokenEchoServer server({Fault::None});
  const LoadReport r = run_load(small_load(server.port()));
  EXPECT_EQ(r.errors, 0u) << all_errors(r);
  EXPECT_GT(r.round_trips, 0u);
  EXPECT_EQ(r.latency.count, r.round_trips);
  EXPECT_GT(r.latency.p50_ns, 0);
  EXPECT_LE(r.latency.p50_ns, r.latency.p99_ns);
  EXPECT_GT(r.seconds, 0.0);
}

TEST(LoadGenerator, ReportsNoErrorAgainstACorrectEchoInAnOpenLoop) {
  BrokenEchoServer server({Fault::None});
  const LoadReport r = run_load(small_load(server.port(), LoadMode::Open));
  EXPECT_EQ(r.errors, 0u) << all_errors(r);
  EXPECT_GT(r.round_trips, 0u);
  // An open loop sends on its own clock: never more than rate x duration (+1 each).
  EXPECT_LE(r.round_trips, 3u * (60u + 1u));
}

TEST(LoadGenerator, ChecksMessagesLargerThanTheSocketBuffers) {
  // Far more than one send() takes on loopback: the generator's own writes come back short, and
  // it must read the echo while the rest of the message waits to go out. Whether a whole round
  // trip fits in the window depends on the machine; that every byte sent came back right (the
  // drain after the window) does not.
  BrokenEchoServer server({Fault::None});
  LoadConfig c = small_load(server.port());
  c.connections = 2;
  c.message_size = 16 * 1024 * 1024 + 3;
  c.drain_timeout = 20s;
  const LoadReport r = run_load(c);
  EXPECT_EQ(r.errors, 0u) << all_errors(r);
}

TEST(LoadGenerator, ReportsAFlippedByteWithItsConnectionAndOffset) {
  BrokenEchoServer server({Fault::FlipByte, 100});
  const LoadReport r = run_load(small_load(server.port()));
  expect_every_connection_reported(r, 3, "wrong byte at offset 100 (message 1, byte 36)",
                                   "offset 100");
}

TEST(LoadGenerator, ReportsAnEchoThatStopsShort) {
  BrokenEchoServer server({Fault::DropTail, 100});
  LoadConfig c = small_load(server.port());
  c.drain_timeout = 300ms;
  const LoadReport r = run_load(c);
  expect_every_connection_reported(r, 3, "echo missing", "nothing from offset 100");
}

TEST(LoadGenerator, ReportsAServerThatHangsUpMidMessage) {
  BrokenEchoServer server({Fault::HangUp, 100});
  const LoadReport r = run_load(small_load(server.port()));
  expect_every_connection_reported(r, 3, "the server closed the connection", "offset 100");
}

TEST(LoadGenerator, ReportsTwoMessagesEchoedInTheWrongOrder) {
  BrokenEchoServer server({Fault::SwapMessages, 0, 64});
  // Open loop: the second message goes out before the first one's echo, as reordering needs.
  const LoadReport r = run_load(small_load(server.port(), LoadMode::Open));
  expect_every_connection_reported(r, 3, "wrong byte", "(message 0, byte");
}

TEST(LoadGenerator, ReportsBytesThatWereNeverSent) {
  BrokenEchoServer server({Fault::ExtraByte, 64});
  const LoadReport r = run_load(small_load(server.port()));
  expect_every_connection_reported(r, 3, "echoed more than was sent", "offset 64");
}

TEST(LoadGenerator, ReportsAPortWhereNobodyListens) {
  std::uint16_t port;
  {
    BrokenEchoServer gone({Fault::None});
    port = gone.port();
  }
  const LoadReport r = run_load(small_load(port));
  EXPECT_EQ(r.errors, 1u);
  ASSERT_EQ(r.error_messages.size(), 1u);
  EXPECT_NE(r.error_messages[0].find("cannot connect to 127.0.0.1:" + std::to_string(port)),
            std::string::npos)
      << r.error_messages[0];
  EXPECT_EQ(r.round_trips, 0u);
}

TEST(LoadGenerator, OpenLoopKeepsItsScheduleWhileEchoesLagBehind) {
  // Each echo comes 20 ms late, while an open loop sends every 5 ms whatever the echoes do: they
  // fall further behind with every message, and timed from the intended send, the wait in that
  // queue shows. A loop that waited for each echo would see about 20 ms per round trip. The
  // bound is a floor, which a busy machine only makes easier to clear.
  BrokenEchoServer server({Fault::Slow, 0, 64, 20ms});
  LoadConfig c = small_load(server.port(), LoadMode::Open);
  c.connections = 1;
  c.drain_timeout = 5s;
  const LoadReport r = run_load(c);
  EXPECT_EQ(r.errors, 0u) << all_errors(r);
  ASSERT_GT(r.round_trips, 2u);
  EXPECT_GE(r.latency.p50_ns, 40'000'000);
}

TEST(LoadGenerator, RefusesAConfigurationItCannotRun) {
  LoadConfig c;
  c.port = 1;
  c.connections = 0;
  const LoadReport r = run_load(c);
  EXPECT_EQ(r.errors, 1u);
  ASSERT_EQ(r.error_messages.size(), 1u);
  EXPECT_NE(r.error_messages[0].find("connection"), std::string::npos);
}

}  // namespace
}  // namespace ioscope::load
