// `ioscope-cli serve` invites anyone on the machine to connect. Here every model's server faces,
// at once, the peers a trusted server must survive — 1,000 idle connections (or what the
// descriptor limit allows), slowloris (a byte at a time), resets in the middle of a message,
// half-closers, a sender of 64 MiB that never reads its echo, and a storm of connect/close —
// while a well-behaved client measures its round trips. What must hold: every byte the good
// client sends comes back intact; its p99 stays within 5x its p99 without the hostile peers
// (measured in the same test, with a floor for this VM's scheduling noise); the server does not
// buffer the flood (its RSS stays bounded); and when the peers leave and the server stops, the
// process has exactly the descriptors it started with.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
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

using Clock = std::chrono::steady_clock;

// Under AddressSanitizer or ThreadSanitizer the code runs several times slower and memory holds
// the sanitizer's own: there the peers are fewer, and time and memory are not what is checked.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// The well-behaved client: n round trips of 64 bytes on its own connection, each echo checked
// byte for byte. Returns the round trips' durations (ns), or fails the test.
std::vector<std::int64_t> round_trips(int fd, int n, int* corrupted) {
  std::vector<std::int64_t> rtt;
  for (int i = 0; i < n; ++i) {
    char msg[64], back[64];
    for (int k = 0; k < 64; ++k) msg[k] = static_cast<char>('a' + (i + k) % 26);
    const auto t0 = Clock::now();
    if (::send(fd, msg, sizeof msg, MSG_NOSIGNAL) != sizeof msg) break;
    std::size_t got = 0;
    while (got < sizeof back) {
      const long r = ::recv(fd, back + got, sizeof back - got, 0);
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    if (got != sizeof back) break;
    rtt.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
    if (std::memcmp(msg, back, sizeof msg) != 0) ++*corrupted;
  }
  return rtt;
}

std::int64_t p99(std::vector<std::int64_t> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, v.size() * 99 / 100)];
}

// Every kind of hostile peer at once, each kind on its own thread, until stop().
class HostilePeers {
 public:
  HostilePeers(std::uint16_t port, int idle) : port_(port) {
    for (int i = 0; i < idle; ++i)
      if (auto fd = connect_loopback(port)) idle_.push_back(std::move(*fd));
    idle_count_ = static_cast<int>(idle_.size());
    threads_.emplace_back([this] { slowloris(); });
    threads_.emplace_back([this] { resets(); });
    threads_.emplace_back([this] { half_closers(); });
    threads_.emplace_back([this] { flood(); });
    threads_.emplace_back([this] { storm(); });
  }
  ~HostilePeers() { stop(); }
  void stop() {
    done_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
    idle_.clear();
  }
  int idle() const { return idle_count_; }
  std::int64_t flooded() const { return flooded_.load(); }
  bool flood_connected() const { return flood_connected_.load(); }
  int resets_made() const { return resets_.load(); }
  int storm_made() const { return storm_.load(); }

 private:
  void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }
  // 20 connections that each send one byte every 50 ms and never finish a message.
  void slowloris() {
    std::vector<Fd> fds;
    for (int i = 0; i < 20; ++i)
      if (auto fd = connect_loopback(port_)) fds.push_back(std::move(*fd));
    while (!done_) {
      for (Fd& fd : fds) (void)::send(fd.get(), "x", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  // Half a message, then a reset (SO_LINGER 0): over and over.
  void resets() {
    while (!done_) {
      auto fd = connect_loopback(port_);
      if (!fd) {
        pause();
        continue;
      }
      char half[32];
      std::memset(half, 'r', sizeof half);
      (void)::send(fd->get(), half, sizeof half, MSG_NOSIGNAL);
      linger l{1, 0};
      ::setsockopt(fd->get(), SOL_SOCKET, SO_LINGER, &l, sizeof l);
      ++resets_;
      pause();
    }
  }
  // 5 peers that send a message, close their sending side, and read the echo to the end.
  void half_closers() {
    while (!done_) {
      std::vector<Fd> fds;
      for (int i = 0; i < 5; ++i)
        if (auto fd = connect_loopback(port_)) fds.push_back(std::move(*fd));
      for (Fd& fd : fds) {
        (void)::send(fd.get(), "half-closed peer", 16, MSG_NOSIGNAL);
        ::shutdown(fd.get(), SHUT_WR);
      }
      for (Fd& fd : fds) {
        timeval tv{0, 200'000};
        ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char b[64];
        while (::recv(fd.get(), b, sizeof b, 0) > 0) {
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  // One peer sends up to 64 MiB and never reads its echo.
  void flood() {
    // The storm can fill the listen queue: a refused or timed-out connect is tried again.
    auto fd = connect_loopback(port_);
    while (!fd && !done_) {
      pause();
      fd = connect_loopback(port_);
    }
    if (!fd) return;
    flood_connected_ = true;
    ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) | O_NONBLOCK);
    std::vector<char> chunk(64 * 1024, 'f');
    while (!done_ && flooded_ < (64 << 20)) {
      const long n = ::send(fd->get(), chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n > 0)
        flooded_ += n;
      else
        pause();  // the server stopped reading: it pushes back, as it must
    }
    while (!done_) pause();
  }
  // Connect and close as fast as possible, up to 2,000 times.
  void storm() {
    while (!done_ && storm_ < 2000) {
      if (auto fd = connect_loopback(port_)) ++storm_;
    }
  }

  std::uint16_t port_;
  std::vector<Fd> idle_;
  int idle_count_ = 0;
  std::vector<std::thread> threads_;
  std::atomic<bool> done_{false};
  std::atomic<std::int64_t> flooded_{0};
  std::atomic<bool> flood_connected_{false};
  std::atomic<int> resets_{0}, storm_{0};
};

class HostilePeersTest : public ::testing::TestWithParam<const char*> {};

TEST_P(HostilePeersTest, TheGoodClientIsServedIntactAndOnTimeAndNothingLeaks) {
  // 1,000 idle peers need 2,000 descriptors here (both ends live in this process).
  rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  rlimit raised = lim;
  raised.rlim_cur = std::min<rlim_t>(lim.rlim_max, 4096);
  ::setrlimit(RLIMIT_NOFILE, &raised);
  const int idle = std::min(kSanitized ? 200 : 1000, static_cast<int>(raised.rlim_cur / 2) - 200);

  // "io_uring+multishot": the model, and io_uring's features after the '+'; "sigio@work": the
  // buyer keeps working between calls instead of sleeping (IdleMode).
  const std::string spec = GetParam();
  const std::string series = spec.substr(0, spec.find('@'));
  const std::string model = series.substr(0, series.find('+'));
  ServeOptions options;
  if (model != series) {
    auto features = parse_uring_features(series.substr(model.size() + 1));
    ASSERT_TRUE(features.ok()) << features.error().message;
    options.uring = *features;
  }
  if (series != spec) {
    auto mode = parse_idle_mode(spec.substr(series.size() + 1));
    ASSERT_TRUE(mode.ok()) << mode.error().message;
    options.idle = *mode;
  }
  TraceHub hub;
  hub.set_enabled(false);
  StopSignal stop;
  const int fds_at_start = test::open_fd_count();
  std::atomic<std::uint16_t> port{0};
  std::atomic<bool> ended{false};
  ServeSummary summary;
  std::thread server([&] {
    summary = serve_model(
        model, 0, hub, stop, [&](std::uint16_t p) { port.store(p); }, options);
    ended = true;
  });
  struct Join {  // whatever fails below, the server is stopped and joined
    StopSignal& stop;
    std::thread& server;
    ~Join() {
      stop.request();
      if (server.joinable()) server.join();
    }
  } join{stop, server};
  while (port.load() == 0 && !ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_NE(port.load(), 0) << summary.error;
  {
    // The good client connects first (select can only watch descriptors below 1024).
    auto good = connect_loopback(port.load());
    ASSERT_TRUE(good.ok()) << good.error().message;
    int corrupted = 0;
    round_trips(good->get(), 50, &corrupted);  // warm up
    const auto alone = round_trips(good->get(), 400, &corrupted);
    ASSERT_EQ(alone.size(), 400u);
    const long rss_before = test::rss_kib();
    HostilePeers peers(port.load(), idle);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the peers set in
    // Three rounds under the peers, and the round with the lowest p99 is the one judged: a
    // loaded machine's scheduling stalls come and go, a server that a peer holds up is slow in
    // every round. Every round's echoes are checked byte for byte.
    std::vector<std::int64_t> beset;
    for (int round = 0; round < 3; ++round) {
      auto r = round_trips(good->get(), 400, &corrupted);
      ASSERT_EQ(r.size(), 400u) << "the good client's connection broke under the peers"
                                << (ended ? "; the server ended: " + summary.error : "");
      if (beset.empty() || p99(r) < p99(beset)) beset = std::move(r);
    }
    const long rss_during = test::rss_kib();
    peers.stop();
    EXPECT_EQ(corrupted, 0) << "echoes came back changed";
    EXPECT_GT(peers.idle(), idle / 2);
    EXPECT_GT(peers.resets_made(), 0);
    EXPECT_GT(peers.storm_made(), 0);
    // The server read some of the flood and then pushed back: far less than 64 MiB went out.
    // (Past the blocking model's 512-thread cap the flooder may be one of those turned away; on
    // a loaded machine the storm may keep the listen queue full until the peers stop.)
    if (model != "blocking" && peers.flood_connected()) {
      EXPECT_GT(peers.flooded(), 0);
    }
    EXPECT_LT(peers.flooded(), 64 << 20) << "64 MiB went into a server that was not echoing";
    // Bounded memory: the flood stays in the kernel's buffers, not in the server. A thread per
    // connection costs what its thread touches (the stack it uses, the 64 KiB read buffer, its
    // trace ring's first pages: about 50 KiB here, 256 KiB allowed; a ring's untouched pages
    // cost nothing and a finished thread's ring is freed): at most kServeMaxConnections threads
    // are made, the rest turned away.
    const long served =
        static_cast<long>(std::min(static_cast<std::size_t>(idle), kServeMaxConnections));
    const long bound_kib = model == "blocking" ? 48 * 1024 + 256 * served : 48 * 1024;
    if (!kSanitized) {
      EXPECT_LT(rss_during - rss_before, bound_kib)
          << "RSS grew by " << (rss_during - rss_before) << " KiB under the peers";
    }
    std::printf(
        "[ figures  ] %s: p99 alone %lld us, beset %lld us; RSS +%ld KiB; %d idle peers, "
        "%d resets, %d connect/close, %lld B flooded\n",
        spec.c_str(), static_cast<long long>(p99(alone) / 1000),
        static_cast<long long>(p99(beset) / 1000), rss_during - rss_before, peers.idle(),
        peers.resets_made(), peers.storm_made(), static_cast<long long>(peers.flooded()));
    // On time, for the models that wait for readiness or completion: within 5x of the client's
    // own p99 alone, with 5 ms for this VM's scheduling noise when the machine is loaded (a
    // server stalled by one peer stalls for seconds, not milliseconds). Non-blocking polling pays a
    // read per connection per pass (lesson 3), and a thread per connection pays in threads: their
    // latency grows with the connections by design, so for them it is every echo intact that is
    // asserted.
    if (!kSanitized && model != "blocking" && model != "nonblocking") {
      const std::int64_t bound = 5 * std::max<std::int64_t>(p99(alone), 5'000'000);
      EXPECT_LE(p99(beset), bound) << model << ": p99 alone " << p99(alone) / 1000 << " us, beset "
                                   << p99(beset) / 1000 << " us";
    }
  }
  stop.request();
  server.join();
  EXPECT_TRUE(summary.error.empty()) << summary.error;
  // Where the model has the choice, the buyer that keeps working did work between the calls,
  // the sleeping one none.
  if (idle_applies(model) && options.idle == IdleMode::Work) {
    EXPECT_GT(summary.counters.work_units, 0u);
  } else if (idle_applies(model)) {
    EXPECT_EQ(summary.counters.work_units, 0u);
  }
  ::setrlimit(RLIMIT_NOFILE, &lim);
  EXPECT_EQ(test::open_fd_count(), fds_at_start) << "descriptors left behind";
}

INSTANTIATE_TEST_SUITE_P(Models, HostilePeersTest,
                         ::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                           "epoll-et", "sigio", "sigio@work", "io_uring",
                                           "io_uring@work", "io_uring+multishot",
                                           "io_uring+multishot+defer-taskrun"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                           std::string n = p.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           std::replace(n.begin(), n.end(), '+', '_');
                           std::replace(n.begin(), n.end(), '@', '_');
                           return n;
                         });

}  // namespace
}  // namespace ioscope
