// The last two models, as lessons 6 and 7 tell them.
//
// Signal-driven I/O: the process does useful work; a signal naming the descriptor comes before
// every read that finds data; when the real-time signal queue overflows, the kernel's plain
// SIGIO is noticed and every connection is read, so nothing is lost.
//
// io_uring: the process never calls recv; the kernel copies the data into the submitted buffer
// and the process only reaps completions, each after the kernel had the data; a reset
// connection is closed on its own; a cancelled run leaves nothing behind.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "models/io_uring.hpp"
#include "models/sigio.hpp"
#include "net/socket_ops.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

bool is_signal(const TraceEvent& e) {
  return e.lane == Lane::Buyer && e.kind == EventKind::Notify && e.sys == Sys::none;
}

// The events on fd, and every notification, from 3 ms before t to 1 ms after: for a failure.
std::string around(const test::TracedRun& run, int fd, std::int64_t t) {
  std::string out;
  for (const auto& e : run.events) {
    if (e.t_ns < t - 3'000'000 || e.t_ns > t + 1'000'000) continue;
    if (e.fd != fd && e.kind != EventKind::Notify) continue;
    out += std::to_string(e.t_ns - t) + " ns: " + to_string(e.kind) + " " + to_string(e.sys) +
           " fd " + std::to_string(e.fd) + " value " + std::to_string(e.value) + " aux " +
           std::to_string(e.aux) + " flags " + std::to_string(e.flags) + "\n";
  }
  return out;
}

// For every recvmsg that returned data on fd F: a signal for F (or an overflow, which names no
// descriptor) was handled after the previous data-returning recvmsg on F began and before this
// one returned. A signal raised while a call is in the kernel is handled as it returns, so the
// window starts at the previous call's begin; the signal for data this call returns is raised
// before the data can be read, so it is handled by the time this call returns. The one
// exception: data that reached F before F asked for signals (its fcntl calls) raised none, so
// the model reads each new connection once unasked; that first read is owed no signal.
// Returns the number of reads checked.
std::size_t expect_a_signal_before_each_read_with_data(const test::TracedRun& run) {
  const std::vector<TraceEvent> signals = test::select_events(run, is_signal);
  const std::vector<test::Call> fcntls = test::calls(run, Sys::fcntl);
  std::size_t next_fcntl = 0;
  std::set<int> unasked;                       // fds armed and not yet read
  std::map<int, std::int64_t> previous_begin;  // fd -> begin of its last read with data
  std::size_t checked = 0;
  for (const auto& c : test::calls(run, Sys::recvmsg)) {
    for (; next_fcntl < fcntls.size() && fcntls[next_fcntl].end.t_ns <= c.begin.t_ns; ++next_fcntl)
      unasked.insert(fcntls[next_fcntl].begin.fd);
    const int fd = c.begin.fd;
    const bool first_read = unasked.erase(fd) > 0;
    if (c.end.value <= 0) continue;
    const auto prev = previous_begin.find(fd);
    const std::int64_t after = prev == previous_begin.end() ? INT64_MIN : prev->second;
    previous_begin[fd] = c.begin.t_ns;
    if (first_read) continue;
    ++checked;
    bool signalled = false;
    for (const auto& s : signals) {
      if (s.t_ns <= after) continue;
      if (s.t_ns > c.end.t_ns) break;
      if (s.aux == fd || (s.flags & flag::kOverflow)) {
        signalled = true;
        break;
      }
    }
    EXPECT_TRUE(signalled) << "recvmsg on fd " << fd << " returned " << c.end.value
                           << " bytes with no signal for it\n"
                           << around(run, fd, c.begin.t_ns);
  }
  return checked;
}

// Lowers RLIMIT_SIGPENDING (this process's limit on queued signals) for its lifetime.
class SigpendingLimit {
 public:
  explicit SigpendingLimit(rlim_t soft) {
    ok_ = ::getrlimit(RLIMIT_SIGPENDING, &saved_) == 0;
    rlimit lowered = saved_;
    lowered.rlim_cur = soft;
    ok_ = ok_ && ::setrlimit(RLIMIT_SIGPENDING, &lowered) == 0;
  }
  ~SigpendingLimit() {
    if (ok_) ::setrlimit(RLIMIT_SIGPENDING, &saved_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  bool ok_ = false;
};

// --- Signal-driven I/O ---------------------------------------------------------------------

TEST(SigioModel, ASignalNamingTheDescriptorComesBeforeEveryReadThatFindsData) {
  constexpr int kClients = 4;
  auto run = test::run_traced(test::scenario("sigio", kClients, 30, 64, 2'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, std::uint64_t{kClients} * 30 * 64);
  EXPECT_GT(expect_a_signal_before_each_read_with_data(run), 0u);
  // No signal here was a plain SIGIO: each named its descriptor.
  EXPECT_TRUE(test::select_events(run, [](const TraceEvent& e) {
                return is_signal(e) && (e.flags & flag::kOverflow);
              }).empty());
  // Each descriptor (the listener and every connection) was asked to call this thread, with
  // which signal, and then told to start: F_SETOWN_EX, F_SETSIG, F_SETFL(O_ASYNC).
  EXPECT_GE(run.summary.counters.syscalls[static_cast<std::size_t>(Sys::fcntl)],
            3u * (kClients + 1));
}

TEST(SigioModel, DoesUsefulWorkWhileNoSignalComes) {
  auto run = test::run_traced(test::scenario("sigio", 2, 10, 64, 5'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_GT(run.summary.counters.work_units, 0u);
  // Nothing waits: the model makes no readiness call at all.
  for (const Sys waiting : {Sys::select, Sys::pselect6, Sys::poll, Sys::epoll_wait,
                            Sys::rt_sigtimedwait, Sys::io_uring_enter})
    EXPECT_EQ(run.summary.counters.syscalls[static_cast<std::size_t>(waiting)], 0u)
        << to_string(waiting);
}

TEST(SigioModel, SignalQueueOverflowIsDetectedAndHandledByARescan) {
  // With no room for a single queued signal, every real-time signal overflows and the kernel
  // falls back to plain SIGIO, which names no descriptor.
  SigpendingLimit limit(0);
  ASSERT_TRUE(limit.ok()) << "cannot lower RLIMIT_SIGPENDING";
  constexpr int kClients = 16;
  constexpr int kMessages = 20;
  auto run = test::run_traced(test::scenario("sigio", kClients, kMessages, 1, 1'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, std::uint64_t{kClients} * kMessages);

  const auto overflows = test::select_events(
      run, [](const TraceEvent& e) { return is_signal(e) && (e.flags & flag::kOverflow); });
  EXPECT_FALSE(overflows.empty()) << "no overflow was noticed";
  // Each overflow is followed by a scan of every descriptor.
  const auto rescans = test::select_events(
      run, [](const TraceEvent& e) { return e.lane == Lane::Buyer && e.kind == EventKind::Scan; });
  EXPECT_FALSE(rescans.empty());
  // A rescan looks at the listener and every connection open when it began (after taking in
  // whoever was at the door: the accept4 that said EAGAIN). How many that is depends on when
  // the overflows came: on a loaded machine the clients connect late, or have left, and every
  // rescan may come while some are missing. So each is compared with the connections the
  // trace shows open at that moment, not with the number of clients.
  int open = 0;
  int open_after_door = -1;
  int checked = 0;
  for (const auto& e : run.arrival) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::Accept) ++open;
    if (e.kind == EventKind::Close) --open;
    if (e.kind == EventKind::SyscallEnd && e.sys == Sys::accept4 && e.value < 0)
      open_after_door = open;
    if (e.kind == EventKind::Scan) {
      ASSERT_GE(open_after_door, 0) << "a rescan that did not ask the door first";
      EXPECT_EQ(e.aux, open_after_door + 1)
          << "a rescan looks at every connection and the listener";
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(rescans.size()));
  expect_a_signal_before_each_read_with_data(run);
}

TEST(SigioModel, TwoRunsInOneProcessEachGetTheirOwnSignals) {
  // F_OWNER_TID sends each descriptor's signals to its own serving thread, whose handler finds
  // that thread's queue: two servers side by side both echo everything.
  test::TracedRun a, b;
  std::thread other([&] { b = test::run_traced(test::scenario("sigio", 4, 20, 64, 1'000'000)); });
  a = test::run_traced(test::scenario("sigio", 4, 20, 64, 1'000'000));
  other.join();
  for (const auto* run : {&a, &b}) {
    ASSERT_TRUE(run->summary.ok()) << run->summary.error;
    EXPECT_EQ(run->summary.bytes_verified, 4u * 20 * 64);
    expect_a_signal_before_each_read_with_data(*run);
  }
}

TEST(SigioModel, CancelMidRunStopsPromptlyAndLeavesNoFdOrThread) {
  test::expect_clean_cancel_mid_run("sigio");
}

// --- io_uring ------------------------------------------------------------------------------

TEST(IoUringModel, IsAvailableOnThisKernel) {
  const auto reason = io_uring_unavailable_reason();
  EXPECT_FALSE(reason.has_value()) << *reason;
  EXPECT_EQ(io_uring_unavailable_reason(), reason) << "the answer is asked once and kept";
}

class IoUringRun : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto why = io_uring_unavailable_reason()) GTEST_SKIP() << *why;
  }
};

TEST_F(IoUringRun, TheProcessNeverCallsRecvTheKernelCopies) {
  auto run = test::run_traced(test::scenario("io_uring", 4, 30, 64, 2'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, 4u * 30 * 64);
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::SyscallBegin) {
      EXPECT_TRUE(e.sys != Sys::recvmsg && e.sys != Sys::recvfrom)
          << "a receive call on fd " << e.fd;
    }
    if (e.kind == EventKind::CopyBegin || e.kind == EventKind::CopyEnd) {
      EXPECT_TRUE(e.flags & flag::kKernelCopy) << "a copy not marked as the kernel's";
    }
  }
  EXPECT_GT(run.summary.counters.syscalls[static_cast<std::size_t>(Sys::io_uring_enter)], 0u);
  const auto copies =
      test::select_events(run, [](const TraceEvent& e) { return e.kind == EventKind::CopyEnd; });
  EXPECT_FALSE(copies.empty());
}

TEST_F(IoUringRun, KernelReceiveTimestampsComeBackInTheSubmittedControlBuffer) {
  auto run = test::run_traced(test::scenario("io_uring", 2, 30, 64, 2'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  // The kernel turns receive stamping on lazily (a deferred work item, system-wide), so on a
  // busy machine a short run may see none at all; that says nothing about io_uring.
  if (run.summary.counters.kernel_stamped == 0)
    GTEST_SKIP() << "the kernel stamped no received data during this run";
  std::size_t stamped = 0;
  for (const auto& e : run.events)
    if (e.kind == EventKind::KernelReady && !(e.flags & flag::kInferred)) ++stamped;
  EXPECT_EQ(stamped, run.summary.counters.kernel_stamped);
}

TEST_F(IoUringRun, EachCompletionIsReapedAfterTheKernelHadTheData) {
  auto run = test::run_traced(test::scenario("io_uring", 4, 30, 64, 2'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  // Per descriptor, the k-th completion with data goes with the k-th KernelReady.
  std::map<int, std::vector<TraceEvent>> completions, ready;
  for (const auto& e : run.events) {
    if (e.kind == EventKind::Notify && e.lane == Lane::Buyer && e.sys == Sys::io_uring_enter) {
      EXPECT_EQ(e.value, 1);
      completions[static_cast<int>(e.aux)].push_back(e);
    }
    if (e.kind == EventKind::KernelReady) ready[e.fd].push_back(e);
  }
  ASSERT_FALSE(completions.empty());
  for (const auto& [fd, reaped] : completions) {
    const auto& arrived = ready[fd];
    ASSERT_EQ(reaped.size(), arrived.size()) << "fd " << fd;
    for (std::size_t i = 0; i < reaped.size(); ++i)
      EXPECT_LE(arrived[i].t_ns, reaped[i].t_ns) << "fd " << fd << ", completion " << i;
  }
}

TEST_F(IoUringRun, DoesUsefulWorkWhileTheKernelWaitsAndCopies) {
  auto run = test::run_traced(test::scenario("io_uring", 2, 10, 64, 5'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_GT(run.summary.counters.work_units, 0u);
}

TEST_F(IoUringRun, AResetConnectionIsClosedAndTheOthersKeepEchoing) {
  std::vector<TraceEvent> events;
  std::uint16_t reset_port = 0;
  {
    test::ServerSetup setup;
    ASSERT_TRUE(setup.listener.ok()) << setup.listener.error().message;
    IoUringModel model;
    std::optional<Error> result;
    std::thread server([&] { result = model.serve(setup.ctx); });

    auto echo = [](int fd, const char* text) {
      const std::size_t n = std::strlen(text);
      if (::send(fd, text, n, MSG_NOSIGNAL) != static_cast<ssize_t>(n)) return false;
      std::string back;
      char buf[64];
      while (back.size() < n) {
        const ssize_t got = ::recv(fd, buf, sizeof buf, 0);
        if (got <= 0) return false;
        back.append(buf, static_cast<std::size_t>(got));
      }
      return back == text;
    };
    auto doomed = connect_loopback(setup.listener->port);
    ASSERT_TRUE(doomed.ok());
    EXPECT_TRUE(echo(doomed->get(), "first"));
    reset_port = local_port(doomed->get());
    // Linger 0: close() sends RST instead of FIN; the receive in flight fails with ECONNRESET.
    linger hard{1, 0};
    ::setsockopt(doomed->get(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    doomed->reset();

    auto survivor = connect_loopback(setup.listener->port);
    ASSERT_TRUE(survivor.ok());
    EXPECT_TRUE(echo(survivor->get(), "second"));
    EXPECT_TRUE(echo(survivor->get(), "third"));
    // The reset connection's Close is traced before the server goes on: wait for it.
    const bool closed = test::drain_until(setup.hub, events, [&] {
      return std::any_of(events.begin(), events.end(), [&](const TraceEvent& e) {
        return e.kind == EventKind::Close && e.conn == reset_port;
      });
    });
    EXPECT_TRUE(closed) << "the reset connection was never closed";
    setup.stop.request();
    server.join();
    EXPECT_FALSE(result.has_value()) << result->message;
    setup.hub.drain(events);
  }
  bool reset_seen = false;
  for (const auto& e : events)
    if (e.kind == EventKind::Error && e.conn == reset_port && e.err == ECONNRESET)
      reset_seen = true;
  EXPECT_TRUE(reset_seen) << "no ECONNRESET error event for the reset connection";
}

TEST_F(IoUringRun, CancelMidRunStopsPromptlyAndLeavesNoFdOrThread) {
  test::expect_clean_cancel_mid_run("io_uring");
}

}  // namespace
}  // namespace ioscope
