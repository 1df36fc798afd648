// The list File > Trace a program offers: processes with a TCP socket listening or connected.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "foreign/tcp_processes.hpp"
#include "net/socket_ops.hpp"

namespace ioscope {
namespace {

TEST(TcpProcesses, AProcessListeningOnLoopbackIsListedWithItsPort) {
  auto before = tcp_processes();
  auto listener = listen_loopback(0);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  const auto all = tcp_processes();
  const auto me = std::find_if(all.begin(), all.end(),
                               [](const TcpProcess& p) { return p.pid == ::getpid(); });
  ASSERT_NE(me, all.end()) << "this process listens and is not listed";
  EXPECT_NE(std::find(me->listening.begin(), me->listening.end(), listener->port),
            me->listening.end());
  EXPECT_NE(me->command.find("engine_tests"), std::string::npos) << me->command;
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const TcpProcess& a,
                                                        const TcpProcess& b) {
    return a.pid < b.pid;
  }));
}

TEST(TcpProcesses, AConnectionCountsAsConnected) {
  auto listener = listen_loopback(0);
  ASSERT_TRUE(listener.ok());
  auto client = connect_loopback(listener->port);
  ASSERT_TRUE(client.ok());
  const auto all = tcp_processes();
  const auto me = std::find_if(all.begin(), all.end(),
                               [](const TcpProcess& p) { return p.pid == ::getpid(); });
  ASSERT_NE(me, all.end());
  EXPECT_GE(me->connections, 1);  // the client's end (the server's is not accepted yet)
}

}  // namespace
}  // namespace ioscope
