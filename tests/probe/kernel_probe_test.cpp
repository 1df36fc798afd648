// The kernel probe traced on this very process: real TCP sockets on 127.0.0.1, the probe
// filtered to getpid(), records checked against what the test did and when.
#include <arpa/inet.h>
#include <fcntl.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../test_process.hpp"
#include "probe/kernel_probe.hpp"

namespace ioscope {
namespace {

using namespace std::chrono_literals;

std::uint64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

pid_t this_tid() {
  return static_cast<pid_t>(gettid());
}

class OwnedFd {
 public:
  OwnedFd() = default;
  explicit OwnedFd(int fd) : fd_(fd) {}
  OwnedFd(OwnedFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  OwnedFd& operator=(OwnedFd&& o) noexcept {
    std::swap(fd_, o.fd_);
    return *this;
  }
  ~OwnedFd() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

// A connected TCP pair on 127.0.0.1: `reader` receives what `writer` sends.
struct TcpPair {
  OwnedFd reader;
  OwnedFd writer;
};

// A TCP socket bound to a free port on 127.0.0.1, not yet listening; `addr` gets its address.
OwnedFd bound_listener(sockaddr_in& addr) {
  OwnedFd listener(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return {};
  return listener;
}

// A connection to a listening `listener` at `addr`, accepted.
TcpPair accepted_pair(const OwnedFd& listener, const sockaddr_in& addr) {
  OwnedFd writer(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (connect(writer.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) return {};
  OwnedFd reader(accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  int one = 1;
  setsockopt(writer.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return {std::move(reader), std::move(writer)};
}

TcpPair tcp_pair() {
  sockaddr_in addr;
  OwnedFd listener = bound_listener(addr);
  if (listener.get() < 0 || listen(listener.get(), 1) != 0) return {};
  return accepted_pair(listener, addr);
}

// Collects every record the probe thread hands over.
class Collector {
 public:
  KernelProbe::Options options(bool emit_syscalls = false) {
    KernelProbe::Options o;
    o.emit_syscalls = emit_syscalls;
    o.consumer = [this](std::span<const ProbeRecord> batch) {
      std::lock_guard lock(mutex_);
      records_.insert(records_.end(), batch.begin(), batch.end());
    };
    return o;
  }
  // Records sorted by time (call after stop(): the probe drains everything on stop).
  std::vector<ProbeRecord> sorted() {
    std::lock_guard lock(mutex_);
    auto r = records_;
    std::stable_sort(r.begin(), r.end(),
                     [](const ProbeRecord& x, const ProbeRecord& y) { return x.t_ns < y.t_ns; });
    return r;
  }

 private:
  std::mutex mutex_;
  std::vector<ProbeRecord> records_;
};

// The first record at or after `from` (and at or before `until`) matching `pred`.
template <typename Pred>
std::optional<ProbeRecord> first(const std::vector<ProbeRecord>& rs, std::uint64_t from,
                                 std::uint64_t until, Pred pred) {
  for (const auto& r : rs)
    if (r.t_ns >= from && r.t_ns <= until && pred(r)) return r;
  return std::nullopt;
}

std::string describe(const ProbeRecord& r, std::uint64_t origin) {
  char line[200];
  std::snprintf(line, sizeof line,
                "%+9.3f us %-15s tid=%u tgid=%u cpu=%u sock=%llx a=%lld b=%lld "
                "flags=%#x extra=%u",
                (static_cast<double>(r.t_ns) - static_cast<double>(origin)) / 1e3,
                probe_kind_name(kind_of(r)), r.tid, r.tgid, r.cpu,
                static_cast<unsigned long long>(r.sock), static_cast<long long>(r.a),
                static_cast<long long>(r.b), r.flags, r.extra);
  return line;
}

void dump(const std::vector<ProbeRecord>& rs, std::uint64_t from, std::uint64_t until) {
  for (const auto& r : rs)
    if (r.t_ns >= from && r.t_ns <= until) std::cout << "  " << describe(r, from) << "\n";
}

using test::count_entries;

class KernelProbeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const ProbeAvailability a = KernelProbe::check();
    if (!a.can_run()) GTEST_SKIP() << "kernel probe unavailable: " << a.reasons.front();
  }
  void start(bool emit_syscalls = false) {
    auto error = probe_.start(getpid(), collector_.options(emit_syscalls));
    ASSERT_FALSE(error.has_value()) << error->message;
  }
  // As a run starts it: compact records, syscalls only where they name a socket.
  void start_compact() {
    KernelProbe::Options o = collector_.options(/*emit_syscalls=*/true);
    o.syscalls_naming_sockets_only = true;
    o.sched_wakeup_records = false;
    o.compact = true;
    auto error = probe_.start(getpid(), std::move(o));
    ASSERT_FALSE(error.has_value()) << error->message;
  }

  KernelProbe probe_;
  Collector collector_;
};

constexpr std::uint64_t kSlackNs = 1000;

// The syscall's enter and exit records bracket the call tightly (the vDSO clock read after the
// return costs well under a microsecond), so a clock offset of a few microseconds shows.
TEST_F(KernelProbeTest, ProbeClockAgreesWithClockMonotonic) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  start(/*emit_syscalls=*/true);
  char buf[512] = {};
  ASSERT_EQ(send(p.writer.get(), buf, 100, 0), 100);
  std::this_thread::sleep_for(5ms);  // queued before the receive begins
  const std::uint64_t before = monotonic_ns();
  ASSERT_EQ(recv(p.reader.get(), buf, sizeof buf, MSG_DONTWAIT), 100);
  const std::uint64_t after = monotonic_ns();
  probe_.stop();

  const auto rs = collector_.sorted();
  const auto me = static_cast<std::uint32_t>(this_tid());
  auto mine = [&](ProbeKind k) {
    return [=](const ProbeRecord& r) { return kind_of(r) == k && r.tid == me; };
  };
  constexpr std::uint64_t kWide = 1'000'000'000;  // find them anywhere near, then check tightly
  auto copy = first(rs, before - kWide, after + kWide, mine(ProbeKind::CopyBegin));
  ASSERT_TRUE(copy.has_value()) << "no copy record for this thread";
  auto enter = first(rs, before - kWide, copy->t_ns, [&](const ProbeRecord& r) {
    return mine(ProbeKind::SyscallEnter)(r) && r.a == 45 /* recvfrom */;
  });
  auto exit = first(rs, copy->t_ns, after + kWide, [&](const ProbeRecord& r) {
    return mine(ProbeKind::SyscallExit)(r) && r.a == 45;
  });
  ASSERT_TRUE(enter.has_value() && exit.has_value()) << "no recvfrom enter/exit around the copy";
  for (const auto& r : {*enter, *copy, *exit}) {
    EXPECT_GE(r.t_ns + kSlackNs, before) << describe(r, before);
    EXPECT_LE(r.t_ns, after + kSlackNs) << describe(r, before);
  }
  std::cout << "recv took " << (after - before) << " ns; enter +" << (enter->t_ns - before)
            << " ns, copy +" << (copy->t_ns - before) << " ns, exit +" << (exit->t_ns - before)
            << " ns\n";
}

TEST_F(KernelProbeTest, BlockingRecvShowsQueuedWokenOnCpuCopyInOrder) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  start();
  std::atomic<pid_t> receiver_tid{0};
  std::uint64_t begin = 0, end = 0;
  ssize_t total = 0;
  std::thread receiver([&] {
    receiver_tid = this_tid();
    char buf[4096];
    begin = monotonic_ns();
    while (total < 4096) {
      const ssize_t n = recv(p.reader.get(), buf, sizeof buf - static_cast<size_t>(total), 0);
      if (n <= 0) break;
      total += n;
    }
    end = monotonic_ns();
  });
  std::this_thread::sleep_for(20ms);
  char data[4096] = {};
  ASSERT_EQ(send(p.writer.get(), data, sizeof data, 0), 4096);
  receiver.join();
  probe_.stop();
  ASSERT_EQ(total, 4096);

  const auto rs = collector_.sorted();
  const auto rtid = static_cast<std::uint32_t>(receiver_tid.load());
  auto of_receiver = [&](ProbeKind k) {
    return [=](const ProbeRecord& r) { return kind_of(r) == k && r.tid == rtid; };
  };
  auto copy_any = first(rs, begin, end, of_receiver(ProbeKind::CopyBegin));
  ASSERT_TRUE(copy_any.has_value()) << "no copy on the receiver thread";
  const std::uint64_t sock = copy_any->sock;
  ASSERT_NE(sock, 0u);

  auto ready = first(rs, begin, end, [&](const ProbeRecord& r) {
    return kind_of(r) == ProbeKind::SkDataReady && r.sock == sock;
  });
  ASSERT_TRUE(ready.has_value()) << "no sk_data_ready for the receiver's socket";
  EXPECT_EQ(ready->b, IPPROTO_TCP);
  EXPECT_GT(ready->a, 0) << "bytes readable on the socket when the data was queued";
  EXPECT_LE(ready->a, 4096);
  auto woken = first(rs, ready->t_ns, end, of_receiver(ProbeKind::Wakeup));
  ASSERT_TRUE(woken.has_value()) << "receiver not woken after the data arrived";
  auto on_cpu = first(rs, woken->t_ns, end, of_receiver(ProbeKind::SwitchIn));
  ASSERT_TRUE(on_cpu.has_value()) << "receiver not back on a CPU after its wake-up";
  auto copy = first(rs, on_cpu->t_ns, end, of_receiver(ProbeKind::CopyBegin));
  ASSERT_TRUE(copy.has_value()) << "no copy after the receiver got a CPU";
  auto returned = first(rs, copy->t_ns, end, of_receiver(ProbeKind::RecvReturn));
  ASSERT_TRUE(returned.has_value()) << "no sock_recv_length after the copy";

  std::int64_t copied = 0, received = 0;
  for (const auto& r : rs) {
    if (r.t_ns < begin || r.t_ns > end || r.tid != rtid || r.sock != sock) continue;
    if (kind_of(r) == ProbeKind::CopyBegin) copied += r.a;
    if (kind_of(r) == ProbeKind::RecvReturn && r.a > 0) received += r.a;
  }
  EXPECT_EQ(copied, 4096);
  EXPECT_EQ(received, 4096);
  auto waking = first(rs, ready->t_ns, woken->t_ns, of_receiver(ProbeKind::Waking));
  ASSERT_TRUE(waking.has_value()) << "no sched_waking between the data and the wake-up";
  EXPECT_EQ(waking->a, static_cast<std::int64_t>(ready->tid)) << "woken by whoever queued the data";
  std::cout << "queued->woken " << woken->t_ns - ready->t_ns << " ns, woken->on cpu "
            << on_cpu->t_ns - woken->t_ns << " ns, on cpu->copy " << copy->t_ns - on_cpu->t_ns
            << " ns, copy->return " << returned->t_ns - copy->t_ns << " ns\n";
  dump(rs, ready->t_ns, returned->t_ns);
}

TEST_F(KernelProbeTest, NonblockingRecvThatFindsDataIsNotWoken) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  start();
  char buf[1024] = {};
  ASSERT_EQ(send(p.writer.get(), buf, 512, 0), 512);
  std::this_thread::sleep_for(5ms);
  const std::uint64_t begin = monotonic_ns();
  ASSERT_EQ(recv(p.reader.get(), buf, sizeof buf, MSG_DONTWAIT), 512);
  const std::uint64_t end = monotonic_ns();
  probe_.stop();

  const auto rs = collector_.sorted();
  const auto me = static_cast<std::uint32_t>(this_tid());
  auto copy = first(rs, begin, end, [&](const ProbeRecord& r) {
    return kind_of(r) == ProbeKind::CopyBegin && r.tid == me;
  });
  ASSERT_TRUE(copy.has_value()) << "no copy inside the recv";
  EXPECT_EQ(copy->a, 512);
  auto woken = first(rs, begin, end, [&](const ProbeRecord& r) {
    return kind_of(r) == ProbeKind::Wakeup && r.tid == me;
  });
  EXPECT_FALSE(woken.has_value()) << describe(*woken, begin);
}

TEST_F(KernelProbeTest, SyscallCountsMatchTheCallsMade) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  start();
  constexpr int kCalls = 50;
  char buf[64];
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_EQ(recvfrom(p.reader.get(), buf, sizeof buf, MSG_DONTWAIT, nullptr, nullptr), -1);
    ASSERT_EQ(errno, EAGAIN);
  }
  const auto live = probe_.syscall_counts();
  probe_.stop();
  const auto counts = probe_.syscall_counts();
  constexpr int kRecvfrom = 45;
  ASSERT_TRUE(counts.contains(kRecvfrom));
  EXPECT_GE(counts.at(kRecvfrom), static_cast<std::uint64_t>(kCalls));
  EXPECT_LE(counts.at(kRecvfrom), static_cast<std::uint64_t>(kCalls + 2));
  EXPECT_EQ(live.at(kRecvfrom), counts.at(kRecvfrom)) << "totals kept after stop";
  EXPECT_EQ(probe_.dropped(), 0u);
}

TEST_F(KernelProbeTest, IoUringRecvCopiesWithoutARecvmsgSyscall) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  io_uring ring;
  ASSERT_EQ(io_uring_queue_init(8, &ring, 0), 0);
  start();
  constexpr std::uint64_t kUserData = 0x10c5c09e;
  char buf[4096];
  io_uring_sqe* sqe = io_uring_get_sqe(&ring);
  io_uring_prep_recv(sqe, p.reader.get(), buf, sizeof buf, 0);
  io_uring_sqe_set_data64(sqe, kUserData);
  const std::uint64_t begin = monotonic_ns();
  ASSERT_EQ(io_uring_submit(&ring), 1);
  std::thread sender([&] {
    std::this_thread::sleep_for(20ms);
    char data[4096] = {};
    (void)send(p.writer.get(), data, sizeof data, 0);
  });
  io_uring_cqe* cqe = nullptr;
  ASSERT_EQ(io_uring_wait_cqe(&ring, &cqe), 0);
  const int res = cqe->res;
  io_uring_cqe_seen(&ring, cqe);
  const std::uint64_t end = monotonic_ns();
  sender.join();
  const auto counts = probe_.syscall_counts();
  probe_.stop();
  io_uring_queue_exit(&ring);
  ASSERT_GT(res, 0);

  const auto rs = collector_.sorted();
  auto req = [&](ProbeKind k) {
    return [=](const ProbeRecord& r) {
      return kind_of(r) == k && static_cast<std::uint64_t>(r.a) == kUserData;
    };
  };
  auto submitted = first(rs, begin, end, req(ProbeKind::UringSubmit));
  auto armed = first(rs, begin, end, req(ProbeKind::UringPollArm));
  auto task_added = first(rs, begin, end, req(ProbeKind::UringTaskAdd));
  auto to_worker = first(rs, begin, end, req(ProbeKind::UringAsync));
  auto completed = first(rs, begin, end, req(ProbeKind::UringComplete));
  const auto tgid = static_cast<std::uint32_t>(getpid());
  auto copy = first(rs, begin, end, [&](const ProbeRecord& r) {
    return kind_of(r) == ProbeKind::CopyBegin && r.tgid == tgid;
  });
  dump(rs, begin, end);
  EXPECT_TRUE(submitted.has_value());
  EXPECT_TRUE(armed.has_value() || task_added.has_value()) << "neither poll_arm nor task_add";
  ASSERT_TRUE(copy.has_value()) << "no copy on any thread of this process";
  ASSERT_TRUE(completed.has_value());
  EXPECT_EQ(completed->b, res);
  EXPECT_LE(copy->t_ns, completed->t_ns);
  EXPECT_FALSE(counts.contains(45)) << "recvfrom";
  EXPECT_FALSE(counts.contains(47)) << "recvmsg";
  const bool on_worker = copy->flags & IOSCOPE_PF_IO_WORKER;
  std::cout << "copy on tid " << copy->tid << " ("
            << (copy->tid == static_cast<std::uint32_t>(this_tid()) ? "the submitter's thread"
                                                                    : "another thread")
            << (on_worker ? ", an io-wq worker" : ", not an io-wq worker: task_work") << ")"
            << "; armed=" << armed.has_value() << " task_add=" << task_added.has_value()
            << " io-wq=" << to_worker.has_value() << "\n";
}

// What a run asks for (Run::execute): syscall records only where they name a socket (receive
// enter and exit, accept exit), no sched_wakeup records; the counts still see every call.
TEST_F(KernelProbeTest, RunRecordsNameSocketsAndLeaveOutTheRest) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  KernelProbe::Options o = collector_.options(/*emit_syscalls=*/true);
  o.syscalls_naming_sockets_only = true;
  o.sched_wakeup_records = false;
  ASSERT_FALSE(probe_.start(getpid(), std::move(o)).has_value());
  const auto attached = probe_.attached();
  EXPECT_EQ(std::count(attached.begin(), attached.end(), "sched:sched_wakeup"), 0)
      << "a program whose records are not asked for is not attached at all: it would cost";
  EXPECT_EQ(std::count(attached.begin(), attached.end(), "sched:sched_waking"), 1);
  char buf[64] = {};
  std::thread sender([&] {
    const char out[64] = {};            // its own buffer: the receiver writes into buf meanwhile
    std::this_thread::sleep_for(20ms);  // the receiver is asleep by then: a wake-up
    for (int i = 0; i < 5; ++i) ASSERT_EQ(send(p.writer.get(), out, sizeof out, 0), 64);
  });
  ASSERT_EQ(recv(p.reader.get(), buf, sizeof buf, MSG_WAITALL), 64);
  sender.join();
  const std::uint64_t sends = 5;
  probe_.stop();
  const auto rs = collector_.sorted();
  const auto tgid = static_cast<std::uint32_t>(getpid());
  int recv_enter = 0, recv_exit = 0, send_records = 0, wakeups = 0, wakings = 0;
  for (const auto& r : rs) {
    if (r.tgid != tgid) continue;
    const bool sys = kind_of(r) == ProbeKind::SyscallEnter || kind_of(r) == ProbeKind::SyscallExit;
    if (sys && r.a == 44 /* sendto */) ++send_records;
    if (kind_of(r) == ProbeKind::SyscallEnter && r.a == 45) ++recv_enter;
    if (kind_of(r) == ProbeKind::SyscallExit && r.a == 45) ++recv_exit;
    if (kind_of(r) == ProbeKind::Wakeup) ++wakeups;
    if (kind_of(r) == ProbeKind::Waking) ++wakings;
  }
  EXPECT_EQ(send_records, 0) << "sendto names no socket: no record";
  EXPECT_GE(recv_enter, 1);
  EXPECT_GE(recv_exit, 1);
  EXPECT_EQ(wakeups, 0) << "no sched_wakeup records";
  EXPECT_GE(wakings, 1) << "sched_waking is always recorded";
  EXPECT_GE(probe_.syscall_counts()[44], sends) << "every sendto still counted";
}

// Compact records (what a run asks for): a blocking receive that slept is one wake-up record and
// one copy record, each carrying its start, with the kernel's state between tracepoints kept per
// task; none of the records they are made of.
TEST_F(KernelProbeTest, CompactRecordsGiveOneWakeupAndOneCopyPerSleepingReceive) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  ASSERT_NO_FATAL_FAILURE(start_compact());
  std::thread sender([&] {
    const char out[64] = {};
    std::this_thread::sleep_for(30ms);  // the receiver sleeps in recv by then
    ASSERT_EQ(send(p.writer.get(), out, sizeof out, 0), 64);
  });
  char buf[64] = {};
  const std::uint64_t before = monotonic_ns();
  ASSERT_EQ(recv(p.reader.get(), buf, sizeof buf, MSG_WAITALL), 64);
  const std::uint64_t after = monotonic_ns();
  sender.join();
  probe_.stop();
  const auto me = static_cast<std::uint32_t>(this_tid());
  int wakeups = 0, copies = 0, parts = 0;
  for (const auto& r : collector_.sorted()) {
    if (r.tid != me) continue;
    switch (kind_of(r)) {
      case ProbeKind::WakeupSpan:
        if (r.t_ns < before || r.t_ns > after) break;
        ++wakeups;
        EXPECT_LT(static_cast<std::uint64_t>(r.a), r.t_ns) << "woken before back on a CPU";
        EXPECT_EQ(static_cast<int>(r.extra) - 1, p.reader.get()) << "slept in this recv";
        break;
      case ProbeKind::CopySpan:
        if (r.t_ns < before || r.t_ns > after) break;
        ++copies;
        EXPECT_EQ(r.a, 64);
        EXPECT_LE(static_cast<std::uint64_t>(r.b), r.t_ns);
        EXPECT_GE(static_cast<std::uint64_t>(r.b) + kSlackNs, before);
        EXPECT_TRUE(r.flags & IOSCOPE_PF_IN_RECEIVE);
        EXPECT_EQ(static_cast<int>(r.extra) - 1, p.reader.get());
        break;
      case ProbeKind::SwitchIn:
      case ProbeKind::SwitchOut:
      case ProbeKind::Waking:
      case ProbeKind::CopyBegin:
      case ProbeKind::RecvReturn:
        ++parts;
        break;
      default:
        break;
    }
  }
  EXPECT_GE(wakeups, 1) << "the receiver slept and was woken";
  EXPECT_EQ(copies, 1);
  EXPECT_EQ(parts, 0) << "no switch, waking, copy-begin or receive-return records";
}

// A quiet thread (a run's factory) costs no records: not its wake-ups, not its copies, not the
// data queued on the socket it reads.
TEST_F(KernelProbeTest, AQuietThreadsReceivesSendNothing) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  ASSERT_NO_FATAL_FAILURE(start_compact());
  probe_.quiet_thread(static_cast<pid_t>(this_tid()));
  // A wake-up from a sleep inside start() (its reader thread) may be told before the thread was
  // quieted; only what follows counts.
  const std::uint64_t quieted = monotonic_ns();
  std::thread sender([&] {
    const char out[64] = {};
    for (int i = 0; i < 3; ++i) {
      std::this_thread::sleep_for(20ms);  // the receiver sleeps in recv by then
      ASSERT_EQ(send(p.writer.get(), out, sizeof out, 0), 64);
    }
  });
  char buf[64];
  for (int i = 0; i < 3; ++i) ASSERT_EQ(recv(p.reader.get(), buf, sizeof buf, MSG_WAITALL), 64);
  sender.join();
  probe_.stop();
  const auto me = static_cast<std::uint32_t>(this_tid());
  std::string about_me;
  int queued = 0;
  for (const auto& r : collector_.sorted()) {
    const ProbeKind k = kind_of(r);
    if (r.t_ns >= quieted && r.tid == me &&
        (k == ProbeKind::CopySpan || k == ProbeKind::WakeupSpan || k == ProbeKind::SyscallEnter))
      about_me += describe(r, quieted) + "\n";
    if (k == ProbeKind::SkDataReady) ++queued;
  }
  EXPECT_EQ(about_me, "") << "records about the quiet thread";
  EXPECT_EQ(queued, 0) << "data queued on the quiet thread's socket";
  EXPECT_GE(probe_.syscall_counts()[45], 3u) << "its calls are still counted";
}

// The kernel keeps each thread's "quiet or not" in the thread's state, asked once: a thread seen
// (woken, copied to) before it was quieted must still go quiet when it is.
TEST_F(KernelProbeTest, AThreadQuietedAfterItWasSeenGoesQuiet) {
  TcpPair p = tcp_pair();
  ASSERT_GE(p.reader.get(), 0);
  ASSERT_NO_FATAL_FAILURE(start_compact());
  const auto sleep_then_send = [&] {
    std::thread sender([&] {
      const char out[64] = {};
      std::this_thread::sleep_for(20ms);  // the receiver sleeps in recv by then
      ASSERT_EQ(send(p.writer.get(), out, sizeof out, 0), 64);
    });
    char buf[64];
    EXPECT_EQ(recv(p.reader.get(), buf, sizeof buf, MSG_WAITALL), 64);
    sender.join();
  };
  sleep_then_send();  // seen, not quiet: a wake-up and a copy
  const std::uint64_t quieted = monotonic_ns();
  probe_.quiet_thread(static_cast<pid_t>(this_tid()));
  // A sleep: woken, the thread is asked "quiet?" afresh before its next receive, which must not
  // then take what the kernel remembered of its last receive (made while it was not quiet).
  std::this_thread::sleep_for(5ms);
  for (int i = 0; i < 3; ++i) sleep_then_send();
  probe_.stop();
  const auto me = static_cast<std::uint32_t>(this_tid());
  int before = 0;
  std::string after;
  for (const auto& r : collector_.sorted()) {
    const ProbeKind k = kind_of(r);
    if (r.tid != me || (k != ProbeKind::CopySpan && k != ProbeKind::WakeupSpan)) continue;
    if (r.t_ns < quieted)
      ++before;
    else
      after += describe(r, quieted) + "\n";
  }
  // Its copy at least (a loaded machine may hand it the data before it sleeps: no wake-up).
  EXPECT_GE(before, 1) << "the thread was seen before it was quieted";
  EXPECT_EQ(after, "") << "records about the thread after it was quieted";
}

// Compact mode names a socket by its descriptor once, and remembers per thread which socket its
// last receive read, so the next receive on that descriptor reads no kernel structure. A
// descriptor closed and given to another socket must be named again, on the same thread.
TEST_F(KernelProbeTest, ADescriptorReusedForAnotherSocketIsNamedAgain) {
  ASSERT_NO_FATAL_FAILURE(start_compact());
  TcpPair first = tcp_pair();  // accepted while the probe watches: named by their first receive
  TcpPair second = tcp_pair();
  ASSERT_GE(first.reader.get(), 0);
  ASSERT_GE(second.reader.get(), 0);
  const int fd = first.reader.get();
  const char out[64] = {};
  char buf[64];
  const auto echo_once = [&](int writer) {
    ASSERT_EQ(send(writer, out, sizeof out, 0), 64);
    ASSERT_EQ(recv(fd, buf, sizeof buf, MSG_WAITALL), 64);
  };
  for (int i = 0; i < 3; ++i) ASSERT_NO_FATAL_FAILURE(echo_once(first.writer.get()));
  // The same number, another socket: the lowest free descriptor from fd up is fd itself.
  OwnedFd closed = std::move(first.reader);
  closed = OwnedFd();
  OwnedFd reused(fcntl(second.reader.get(), F_DUPFD_CLOEXEC, fd));
  ASSERT_EQ(reused.get(), fd);
  for (int i = 0; i < 3; ++i) ASSERT_NO_FATAL_FAILURE(echo_once(second.writer.get()));
  probe_.stop();
  const auto me = static_cast<std::uint32_t>(this_tid());
  std::vector<std::uint64_t> named;  // the sockets fd was named as, in order
  for (const auto& r : collector_.sorted())
    if (r.tid == me && kind_of(r) == ProbeKind::SyscallEnter && r.a == 45 && r.b == fd)
      named.push_back(r.sock);
  ASSERT_EQ(named.size(), 2u) << "named once per socket, not once per receive";
  EXPECT_NE(named[0], 0u);
  EXPECT_NE(named[1], 0u);
  EXPECT_NE(named[0], named[1]) << "the second naming is the other socket";
}

// Compact mode runs no program on syscall returns: an accepted connection is watched from its
// birth instead, through its listening port (told by the caller when the listener came first, or
// learnt from listen()). Data that reaches it before any receive is seen, and the socket is named
// by its first receive.
TEST_F(KernelProbeTest, CompactModeSeesDataThatArrivedBeforeTheFirstReceive) {
  for (const bool listener_first : {true, false}) {
    SCOPED_TRACE(listener_first ? "listening before the probe started" : "listening after");
    KernelProbe probe;
    Collector collector;
    sockaddr_in addr;
    OwnedFd listener = bound_listener(addr);
    ASSERT_GE(listener.get(), 0);
    if (listener_first) {
      ASSERT_EQ(listen(listener.get(), 1), 0);
    }
    KernelProbe::Options o = collector.options(/*emit_syscalls=*/true);
    o.syscalls_naming_sockets_only = true;
    o.sched_wakeup_records = false;
    o.compact = true;
    if (listener_first) o.listening_ports = {ntohs(addr.sin_port)};
    ASSERT_FALSE(probe.start(getpid(), std::move(o)).has_value());
    const auto attached = probe.attached();
    if (std::count(attached.begin(), attached.end(), "sock:inet_sock_set_state") == 1) {
      EXPECT_EQ(std::count(attached.begin(), attached.end(), "raw_syscalls:sys_exit"), 0)
          << "no program on every syscall's return";
    }
    if (!listener_first) {
      ASSERT_EQ(listen(listener.get(), 1), 0);
    }
    TcpPair p = accepted_pair(listener, addr);
    ASSERT_GE(p.reader.get(), 0);
    const char out[64] = {};
    ASSERT_EQ(send(p.writer.get(), out, sizeof out, 0), 64);
    std::this_thread::sleep_for(10ms);  // queued long before anyone asks
    const std::uint64_t first_receive = monotonic_ns();
    char buf[64];
    ASSERT_EQ(recv(p.reader.get(), buf, sizeof buf, MSG_WAITALL), 64);
    probe.stop();
    const auto rs = collector.sorted();
    std::optional<std::uint64_t> named;  // the socket the first receive named
    for (const auto& r : rs)
      if (kind_of(r) == ProbeKind::SyscallEnter && r.a == 45 && r.b == p.reader.get()) {
        named = r.sock;
        break;
      }
    ASSERT_TRUE(named.has_value()) << "the first receive names the accepted socket";
    const auto queued = first(rs, 0, first_receive, [&](const ProbeRecord& r) {
      return kind_of(r) == ProbeKind::SkDataReady && r.sock == *named;
    });
    ASSERT_TRUE(queued.has_value()) << "the data was seen reaching the socket before the receive";
    EXPECT_EQ(queued->a, 64) << "readable bytes";
  }
}

TEST_F(KernelProbeTest, StartStopLeavesNoDescriptorsOrThreads) {
  // Counted after a first start and stop: the first load may start threads that live as long as
  // the process (a sanitizer's background thread, libbpf's one-off set-up), which are not a leak.
  // A leak grows with every cycle, and twenty cycles show it.
  {
    auto error = probe_.start(getpid(), collector_.options());
    ASSERT_FALSE(error.has_value()) << error->message;
    probe_.stop();
  }
  const int fds = count_entries("/proc/self/fd");
  const int tasks = count_entries("/proc/self/task");
  for (int i = 0; i < 20; ++i) {
    auto error = probe_.start(getpid(), collector_.options());
    ASSERT_FALSE(error.has_value()) << error->message;
    EXPECT_TRUE(probe_.running());
    probe_.stop();
    EXPECT_FALSE(probe_.running());
  }
  EXPECT_EQ(count_entries("/proc/self/fd"), fds);
  EXPECT_EQ(count_entries("/proc/self/task"), tasks);
}

TEST_F(KernelProbeTest, OtherProcessesAreFilteredOut) {
  start(/*emit_syscalls=*/true);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    TcpPair p = tcp_pair();
    char buf[256] = {};
    for (int i = 0; i < 20; ++i) {
      if (send(p.writer.get(), buf, sizeof buf, 0) != sizeof buf) _exit(2);
      if (recv(p.reader.get(), buf, sizeof buf, MSG_WAITALL) != sizeof buf) _exit(3);
    }
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  probe_.stop();

  int from_child = 0;
  for (const auto& r : collector_.sorted()) {
    // The child's own wake-ups by us (waitpid) are about the child: none may show either.
    if (r.tgid == static_cast<std::uint32_t>(child) || r.tid == static_cast<std::uint32_t>(child))
      ++from_child;
  }
  EXPECT_EQ(from_child, 0);
}

}  // namespace
}  // namespace ioscope
