// Nothing listens beyond loopback: every listening TCP socket this process owns during a run is
// bound to 127.0.0.1, as the kernel reports it in /proc/net/tcp.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "lab/serve_session.hpp"
#include "net/socket_ops.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

std::set<unsigned long> own_socket_inodes() {
  std::set<unsigned long> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const auto target = std::filesystem::read_symlink(entry.path(), ec).string();
    if (target.rfind("socket:[", 0) == 0) out.insert(std::stoul(target.substr(8)));
  }
  return out;
}

struct ListeningSocket {
  std::string local;  // hex address:port as the kernel prints it
  unsigned long inode;
};

std::vector<ListeningSocket> listening(const char* table) {
  std::vector<ListeningSocket> out;
  std::ifstream in(table);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string sl, local, remote, state, queues, timer, retr, uid, timeout;
    unsigned long inode = 0;
    fields >> sl >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
    if (state == "0A") out.push_back({local, inode});  // TCP_LISTEN
  }
  return out;
}

TEST(LoopbackOnly, ListenerIsBoundTo127001) {
  auto l = listen_loopback(0);
  ASSERT_TRUE(l.ok()) << l.error().message;
  EXPECT_EQ(bound_address(l->fd.get()).rfind("127.0.0.1:", 0), 0u);
}

TEST(LoopbackOnly, EveryListeningSocketOfARunIsOnLoopback) {
  TraceHub hub;
  StopSignal stop;
  std::atomic<std::uint16_t> port{0};
  std::thread server(
      [&] { serve_model("epoll", 0, hub, stop, [&](std::uint16_t p) { port.store(p); }); });
  while (port.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto mine = own_socket_inodes();
  int seen = 0;
  for (const char* table : {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
    for (const auto& s : listening(table)) {
      if (!mine.count(s.inode)) continue;
      ++seen;
      // 0100007F is 127.0.0.1 in the kernel's little-endian hex.
      EXPECT_EQ(s.local.substr(0, 8), "0100007F") << table << " " << s.local;
    }
  }
  stop.request();
  server.join();
  EXPECT_GE(seen, 1) << "the run's listener was not found in /proc/self/net/tcp";
}

}  // namespace
}  // namespace ioscope
