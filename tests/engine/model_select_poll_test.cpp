// select and poll: the process learns of data from a readiness call before it reads; the kernel
// examines every watched descriptor on each call (select: every bit below nfds); and select
// refuses descriptors it cannot hold (FD_SETSIZE) with a message, where poll just works.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../test_echo.hpp"
#include "lab/run.hpp"
#include "models/model.hpp"
#include "models/poll.hpp"
#include "models/select.hpp"
#include "net/socket_ops.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

using namespace std::chrono_literals;

Sys wait_call(const std::string& model) {
  return model == "select" ? Sys::pselect6 : Sys::poll;
}

// Fills every free descriptor below FD_SETSIZE with a copy of /dev/null, so the next descriptor
// the process opens lands at 1024 or above. Gives everything back when destroyed.
class FdCrowd {
 public:
  FdCrowd() {
    getrlimit(RLIMIT_NOFILE, &saved_);
    rlimit raised = saved_;
    raised.rlim_cur = raised.rlim_max;
    ok_ = setrlimit(RLIMIT_NOFILE, &raised) == 0 && raised.rlim_cur > FD_SETSIZE + 64;
    const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (null_fd < 0) ok_ = false;
    if (!ok_) return;
    fds_.push_back(null_fd);
    for (int fd = null_fd; fd < FD_SETSIZE - 1;) {
      fd = ::dup(null_fd);
      if (fd < 0) {
        ok_ = false;
        return;
      }
      fds_.push_back(fd);
    }
  }
  ~FdCrowd() {
    for (int fd : fds_) ::close(fd);
    setrlimit(RLIMIT_NOFILE, &saved_);
  }
  FdCrowd(const FdCrowd&) = delete;
  FdCrowd& operator=(const FdCrowd&) = delete;

  bool ok() const { return ok_; }

 private:
  rlimit saved_{};
  bool ok_ = false;
  std::vector<int> fds_;
};

class SelectPoll : public ::testing::TestWithParam<std::string> {};

TEST_P(SelectPoll, EveryDataReadFollowsANotificationFromItsOwnWait) {
  const std::string& model = GetParam();
  const Sys wait = wait_call(model);
  auto run = test::run_traced(test::scenario(model.c_str(), 4, 20, 1024, 1'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  // One server thread: its events, in time order, are its program order.
  bool notified = false;
  int data_reads = 0;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::SyscallEnd && e.sys == wait) notified = false;
    if (e.kind == EventKind::Notify && e.sys == wait) notified = true;
    if (e.kind == EventKind::SyscallEnd && e.sys == Sys::recvmsg && e.value > 0) {
      ++data_reads;
      EXPECT_TRUE(notified) << "recvmsg on fd " << e.fd << " at " << e.t_ns
                            << " returned data without a notification since the last wait";
    }
  }
  EXPECT_GT(data_reads, 0);
  EXPECT_EQ(run.summary.bytes_verified, 4u * 20u * 1024u);
}

TEST_P(SelectPoll, EveryWaitReportsItsReadyCountAsANotification) {
  const std::string& model = GetParam();
  const Sys wait = wait_call(model);
  auto run = test::run_traced(test::scenario(model.c_str(), 2, 10, 64, 1'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  const auto waits = test::calls(run, wait);
  const auto notes = test::select_events(run, [&](const TraceEvent& e) {
    return e.lane == Lane::Buyer && e.kind == EventKind::Notify && e.sys == wait;
  });
  ASSERT_FALSE(waits.empty());
  // The last wait may have been cut short by the stop; every wait that returned has its note.
  std::size_t returned = 0;
  for (const auto& c : waits) returned += c.end.value >= 0 ? 1 : 0;
  ASSERT_EQ(notes.size(), returned);
  for (std::size_t i = 0; i < notes.size(); ++i) EXPECT_EQ(notes[i].value, waits[i].end.value);
}

TEST(SelectScan, ExaminesEveryBitUpToTheHighestWatchedDescriptor) {
  const int clients = 6;
  auto run = test::run_traced(test::scenario("select", clients, 10, 64, 1'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  test::expect_select_scans_walk_to_the_highest(run, clients);
}

TEST(PollScan, ExaminesExactlyTheWatchedDescriptors) {
  const int clients = 6;
  auto run = test::run_traced(test::scenario("poll", clients, 10, 64, 1'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  std::int64_t open = 0;
  bool saw_all = false;
  int scans = 0;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::Accept) ++open;
    if (e.kind == EventKind::Close) --open;
    if (e.kind != EventKind::Scan) continue;
    ++scans;
    EXPECT_EQ(e.sys, Sys::poll);
    EXPECT_EQ(e.aux, open + 2) << "listener + stop signal + " << open << " connections";
    EXPECT_LE(e.value, e.aux);
    if (open == clients) saw_all = true;
  }
  EXPECT_GT(scans, 0);
  EXPECT_TRUE(saw_all) << "no poll call watched all " << clients << " clients at once";
}

TEST(SelectFdSetsize, RefusesAnAcceptedDescriptorAtOrAbove1024WithAMessage) {
  // The listener and the stop signal take their descriptors before the crowd: below 1024.
  test::ServerSetup setup;
  ASSERT_TRUE(setup.listener.ok()) << setup.listener.error().message;
  const int fds_before = test::open_fd_count();
  {
    FdCrowd crowd;
    ASSERT_TRUE(crowd.ok()) << "cannot raise RLIMIT_NOFILE past " << FD_SETSIZE;
    auto client = connect_loopback(setup.listener->port);
    ASSERT_TRUE(client.ok()) << client.error().message;
    ASSERT_GE(client->get(), FD_SETSIZE);

    SelectModel model;
    std::optional<Error> error;
    std::atomic<bool> done{false};
    std::thread server([&] {
      error = model.serve(setup.ctx);
      done.store(true);
    });
    const auto start = std::chrono::steady_clock::now();
    while (!done.load() && std::chrono::steady_clock::now() - start < 5s)
      std::this_thread::sleep_for(1ms);
    const bool ended_by_itself = done.load();
    setup.stop.request();
    server.join();
    ASSERT_TRUE(ended_by_itself) << "select kept serving with a descriptor it cannot watch";
    ASSERT_TRUE(error.has_value());

    std::vector<TraceEvent> events;
    setup.hub.drain(events);
    const auto refused = std::find_if(events.begin(), events.end(), [](const TraceEvent& e) {
      return e.kind == EventKind::Error;
    });
    ASSERT_NE(refused, events.end());
    EXPECT_GE(refused->fd, FD_SETSIZE);
    EXPECT_EQ(refused->err, EMFILE);
    EXPECT_EQ(error->message, "select cannot watch fd " + std::to_string(refused->fd) +
                                  ": fd_set holds descriptors below 1024 (FD_SETSIZE); use poll "
                                  "or epoll");
    EXPECT_TRUE(std::any_of(events.begin(), events.end(), [&](const TraceEvent& e) {
      return e.kind == EventKind::Close && e.fd == refused->fd;
    }));
    // The server closed its end: the client reads end of stream.
    char byte;
    EXPECT_EQ(::recv(client->get(), &byte, 1, 0), 0);
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

// Serving clients it does not control (ioscope-cli serve), select closes a connection it cannot
// watch, counts it, and goes on serving the others: one client too many must not take the
// server, and everyone on it, down.
TEST(SelectFdSetsize, ServingOthersItRefusesWhatItCannotWatchAndKeepsServing) {
  test::ServerSetup setup;
  ASSERT_TRUE(setup.listener.ok()) << setup.listener.error().message;
  std::atomic<std::uint64_t> refused{0};
  setup.ctx.refused = &refused;
  SelectModel model;
  std::optional<Error> error;
  std::thread server([&] { error = model.serve(setup.ctx); });
  {
    FdCrowd crowd;
    ASSERT_TRUE(crowd.ok()) << "cannot raise RLIMIT_NOFILE past " << FD_SETSIZE;
    auto refused_client = connect_loopback(setup.listener->port);
    ASSERT_TRUE(refused_client.ok()) << refused_client.error().message;
    char byte;
    EXPECT_EQ(::recv(refused_client->get(), &byte, 1, 0), 0) << "not closed at once";
    EXPECT_EQ(refused.load(), 1u);
  }
  // The crowd is gone: the next connection fits the fd_set and is echoed.
  auto client = connect_loopback(setup.listener->port);
  ASSERT_TRUE(client.ok()) << client.error().message;
  const timeval patience{5, 0};  // a server that stopped would leave us waiting forever
  ::setsockopt(client->get(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  const std::string msg("still serving", sizeof "still serving");
  ASSERT_EQ(test::echo_of(client->get(), msg), msg)
      << "the server stopped serving after it refused one connection";
  setup.stop.request();
  server.join();
  EXPECT_FALSE(error.has_value()) << error->message;
}

TEST(SelectFdSetsize, RunEndsPromptlyWithAnFdSetsizeErrorWhenDescriptorsPass1024) {
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  {
    FdCrowd crowd;
    ASSERT_TRUE(crowd.ok()) << "cannot raise RLIMIT_NOFILE past " << FD_SETSIZE;
    const auto start = std::chrono::steady_clock::now();
    auto run = test::run_traced(test::scenario("select", 1, 10, 64, 1'000'000));
    // Not a speed test: a run that waited for the factory's stall timer would take far longer.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    EXPECT_NE(run.summary.error.find("select cannot watch fd "), std::string::npos)
        << run.summary.error;
    EXPECT_NE(run.summary.error.find("(FD_SETSIZE); use poll or epoll"), std::string::npos)
        << run.summary.error;
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

TEST(PollFdSetsize, ServesDescriptorsAbove1024) {
  const int fds_before = test::open_fd_count();
  {
    FdCrowd crowd;
    ASSERT_TRUE(crowd.ok()) << "cannot raise RLIMIT_NOFILE past " << FD_SETSIZE;
    auto run = test::run_traced(test::scenario("poll", 2, 10, 1024, 1'000'000));
    ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
    EXPECT_EQ(run.summary.bytes_verified, 2u * 10u * 1024u);
    const auto accepted = test::select_events(run, [](const TraceEvent& e) {
      return e.lane == Lane::Buyer && e.kind == EventKind::Accept;
    });
    ASSERT_EQ(accepted.size(), 2u);
    for (const auto& e : accepted) EXPECT_GE(e.fd, FD_SETSIZE);
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
}

TEST_P(SelectPoll, CancelWhileWaitingClosesEveryConnectionAndLeavesNoFdOrThread) {
  const std::string& model = GetParam();
  const int clients = 8;
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  std::vector<TraceEvent> events;
  {
    // A slow factory: the server spends the run waiting in select/poll with every client open.
    test::BackgroundRun run(test::scenario(model.c_str(), clients, 100, 64, 200'000'000));
    auto accepted = [&] {
      return std::count_if(run.events().begin(), run.events().end(),
                           [](const TraceEvent& e) { return e.kind == EventKind::Accept; });
    };
    run.drain_until([&] { return accepted() >= clients; });
    run.cancel();
    ASSERT_TRUE(run.wait_for_end()) << "the run did not stop within 5 s of cancel()";
    EXPECT_TRUE(run.summary().cancelled) << run.summary().error;
    EXPECT_EQ(accepted(), clients);
    events = run.events();
  }
  const auto closes = std::count_if(events.begin(), events.end(), [](const TraceEvent& e) {
    return e.lane == Lane::Buyer && e.kind == EventKind::Close;
  });
  EXPECT_EQ(closes, clients) << "every connection is closed, and the trace says so";
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

// A client that stops reading: the server's echo meets a full send buffer (EAGAIN), and from then
// on that connection is only watched for writability, never read, until the echo is out.
TEST_P(SelectPoll, StopsReadingAConnectionUntilItsPendingEchoIsOut) {
  const std::string& model = GetParam();
  test::ServerSetup setup;
  ASSERT_TRUE(setup.listener.ok()) << setup.listener.error().message;
  auto client = connect_loopback(setup.listener->port);  // waits in the backlog until served
  ASSERT_TRUE(client.ok()) << client.error().message;
  const int small = 16 * 1024;  // a small receive window, so the server's echo backs up soon
  ::setsockopt(client->get(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  const timeval patience{10, 0};  // a server that stopped echoing fails the test, not hangs it
  ::setsockopt(client->get(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
  std::unique_ptr<Model> server_model = find_model(model)->make();
  std::optional<Error> error;
  std::thread server([&] { error = server_model->serve(setup.ctx); });
  const std::size_t total = 16u << 20;
  auto byte_at = [](std::size_t i) { return static_cast<unsigned char>((i * 7) ^ (i >> 9)); };
  std::thread sender([&] {
    std::vector<unsigned char> chunk(64 * 1024);
    for (std::size_t sent = 0; sent < total;) {
      const std::size_t n = std::min(chunk.size(), total - sent);
      for (std::size_t i = 0; i < n; ++i) chunk[i] = byte_at(sent + i);
      const long r = ::send(client->get(), chunk.data(), n, MSG_NOSIGNAL);
      if (r <= 0) return;
      sent += static_cast<std::size_t>(r);
    }
  });

  // Read nothing until the server has met a full send buffer.
  std::vector<TraceEvent> events;
  auto blocked_send = [&] {
    return std::any_of(events.begin(), events.end(), [](const TraceEvent& e) {
      return e.kind == EventKind::SyscallEnd && e.sys == Sys::sendto && e.err == EAGAIN;
    });
  };
  const bool backed_up = test::drain_until(setup.hub, events, blocked_send);

  std::vector<unsigned char> buf(64 * 1024);
  std::size_t received = 0;
  std::size_t mismatches = 0;
  while (received < total) {
    const long r = ::recv(client->get(), buf.data(), buf.size(), 0);
    if (r <= 0) break;
    for (long i = 0; i < r; ++i)
      if (buf[static_cast<std::size_t>(i)] != byte_at(received + static_cast<std::size_t>(i)))
        ++mismatches;
    received += static_cast<std::size_t>(r);
    setup.hub.drain(events);
  }
  ::shutdown(client->get(), SHUT_RDWR);  // frees a sender still blocked if the echo fell short
  sender.join();
  setup.stop.request();
  server.join();
  setup.hub.drain(events);
  ASSERT_FALSE(error.has_value()) << error->message;
  ASSERT_TRUE(backed_up) << "the server's echo never met a full send buffer";
  EXPECT_EQ(received, total);
  EXPECT_EQ(mismatches, 0u);

  // After a send that would block, the connection's next data-path call is a send, not a read.
  std::stable_sort(events.begin(), events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
  bool pending = false;
  int blocked = 0;
  for (const auto& e : events) {
    if (e.lane != Lane::Buyer || e.kind != EventKind::SyscallEnd) continue;
    if (e.sys == Sys::recvmsg) {
      EXPECT_FALSE(pending) << "read a connection with an echo pending";
    }
    if (e.sys == Sys::sendto) {
      pending = e.err == EAGAIN;
      blocked += pending ? 1 : 0;
    }
  }
  EXPECT_GT(blocked, 0);
}

std::string model_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param;
}

INSTANTIATE_TEST_SUITE_P(Models, SelectPoll, ::testing::Values("select", "poll"), model_name);

}  // namespace
}  // namespace ioscope
