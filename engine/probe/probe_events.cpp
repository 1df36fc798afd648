#include "probe/probe_events.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

#include <string>

namespace ioscope {
namespace {

constexpr std::size_t kMaxUnnamed = 4096;
constexpr int kNotOurs = -2;  // a socket some other thread of the process reads (the factory)

// x86_64.
constexpr std::int64_t kRead = 0, kRecvfrom = 45, kRecvmsg = 47, kRecvmmsg = 299, kAccept = 43,
                       kAccept4 = 288;

bool is_receive(std::int64_t nr) {
  return nr == kRead || nr == kRecvfrom || nr == kRecvmsg || nr == kRecvmmsg;
}

}  // namespace

std::string syscall_name(int nr) {
  // The x86_64 numbers of the calls a network program (and its start-up) makes, sorted.
  static constexpr std::pair<int, const char*> kNames[] = {
      {0, "read"},
      {1, "write"},
      {2, "open"},
      {3, "close"},
      {4, "stat"},
      {5, "fstat"},
      {7, "poll"},
      {8, "lseek"},
      {9, "mmap"},
      {10, "mprotect"},
      {11, "munmap"},
      {12, "brk"},
      {13, "rt_sigaction"},
      {14, "rt_sigprocmask"},
      {15, "rt_sigreturn"},
      {16, "ioctl"},
      {17, "pread64"},
      {18, "pwrite64"},
      {19, "readv"},
      {20, "writev"},
      {21, "access"},
      {22, "pipe"},
      {23, "select"},
      {24, "sched_yield"},
      {25, "mremap"},
      {28, "madvise"},
      {32, "dup"},
      {33, "dup2"},
      {35, "nanosleep"},
      {39, "getpid"},
      {41, "socket"},
      {42, "connect"},
      {43, "accept"},
      {44, "sendto"},
      {45, "recvfrom"},
      {46, "sendmsg"},
      {47, "recvmsg"},
      {48, "shutdown"},
      {49, "bind"},
      {50, "listen"},
      {51, "getsockname"},
      {52, "getpeername"},
      {53, "socketpair"},
      {54, "setsockopt"},
      {55, "getsockopt"},
      {56, "clone"},
      {57, "fork"},
      {59, "execve"},
      {60, "exit"},
      {61, "wait4"},
      {62, "kill"},
      {72, "fcntl"},
      {89, "readlink"},
      {96, "gettimeofday"},
      {97, "getrlimit"},
      {98, "getrusage"},
      {102, "getuid"},
      {110, "getppid"},
      {128, "rt_sigtimedwait"},
      {131, "sigaltstack"},
      {157, "prctl"},
      {186, "gettid"},
      {200, "tkill"},
      {202, "futex"},
      {217, "getdents64"},
      {218, "set_tid_address"},
      {228, "clock_gettime"},
      {230, "clock_nanosleep"},
      {231, "exit_group"},
      {232, "epoll_wait"},
      {233, "epoll_ctl"},
      {234, "tgkill"},
      {257, "openat"},
      {262, "newfstatat"},
      {270, "pselect6"},
      {271, "ppoll"},
      {273, "set_robust_list"},
      {281, "epoll_pwait"},
      {284, "eventfd"},
      {288, "accept4"},
      {290, "eventfd2"},
      {291, "epoll_create1"},
      {292, "dup3"},
      {293, "pipe2"},
      {299, "recvmmsg"},
      {302, "prlimit64"},
      {307, "sendmmsg"},
      {318, "getrandom"},
      {321, "bpf"},
      {332, "statx"},
      {334, "rseq"},
      {425, "io_uring_setup"},
      {426, "io_uring_enter"},
      {427, "io_uring_register"},
      {435, "clone3"},
      {441, "epoll_pwait2"},
  };
  const auto* it = std::lower_bound(std::begin(kNames), std::end(kNames), nr,
                                    [](const auto& e, int n) { return e.first < n; });
  if (it != std::end(kNames) && it->first == nr) return it->second;
  return "nr " + std::to_string(nr);
}

ProbeTranslator::ProbeTranslator(const TraceHub& hub, TraceWriter& out)
    : rows_of_([&hub](const ProbeRecord& r) { return hub.role_of(static_cast<int>(r.tid)); }),
      out_(out) {}

ProbeTranslator::ProbeTranslator(RowOf rows, TraceWriter& out, bool peers_as_factories)
    : rows_of_(std::move(rows)), out_(out), peers_as_factories_(peers_as_factories) {}

ProbeTranslator::Row ProbeTranslator::row_of(const ProbeRecord& r) {
  if (auto it = rows_.find(r.tid); it != rows_.end()) return it->second;
  Row row;
  if (auto role = rows_of_(r)) {
    row.ours = role->lane == Lane::Buyer;
    row.lane = role->lane;
    row.track = role->track;
    rows_.emplace(r.tid, row);  // a registered thread keeps its row
  } else if (r.flags & IOSCOPE_PF_IO_WORKER) {
    // io-wq workers belong to the process but never made a writer: the kernel's lane.
    row.ours = true;
    row.lane = Lane::Shopkeeper;
    row.track = 0;
    rows_.emplace(r.tid, row);
  }
  // Unknown and not a worker: not cached, the thread may register later.
  return row;
}

int ProbeTranslator::fd_of(std::uint64_t sock, const ThreadState& st) const {
  if (auto it = sock_fd_.find(sock); it != sock_fd_.end()) return it->second;
  return st.fd;
}

void ProbeTranslator::name_socket(std::uint64_t sock, int fd) {
  if (sock == 0) return;
  auto [it, inserted] = sock_fd_.try_emplace(sock, fd);
  if (!inserted) {
    if (it->second == fd) return;
    it->second = fd;  // the socket struct was freed and reused
  }
  if (fd == kNotOurs) return;
  // Data that reached this socket before the process named it, in time order.
  for (auto q = unnamed_.begin(); q != unnamed_.end();) {
    if (q->sock != sock) {
      ++q;
      continue;
    }
    put_queued(*q, fd);
    q = unnamed_.erase(q);
  }
}

void ProbeTranslator::put_queued(const ProbeRecord& r, int fd) {
  TraceEvent e;
  e.t_ns = static_cast<std::int64_t>(r.t_ns);
  e.kind = EventKind::DataQueued;
  e.fd = fd;
  e.value = r.a;
  // A peer's send: not its FIN (which makes the socket readable too).
  if (peers_as_factories_ && r.extra != 0 && r.a != 0 && !(r.flags & IOSCOPE_PF_PEER_CLOSED)) {
    auto [it, is_new] = peers_.try_emplace(r.extra);
    if (is_new) {
      it->second.track = static_cast<std::uint16_t>(counts_.peers);
      ++counts_.peers;
    }
    e.conn = r.extra;
    e.aux = it->second.sends++;
    TraceEvent send;
    send.t_ns = e.t_ns;
    send.kind = EventKind::ClientSend;
    send.conn = e.conn;
    send.aux = e.aux;
    send.value = e.t_ns;
    put(send, Row{false, Lane::Factory, it->second.track});
  }
  put(e, Row{true, Lane::Shopkeeper, 0});
  ++counts_.data_queued;
}

void ProbeTranslator::put(TraceEvent e, const Row& row) {
  e.lane = row.lane;
  e.track = row.track;
  set_source(e, Source::Probe);
  out_.record_as_is(e);
}

void ProbeTranslator::put_copy(const Row& row, std::int64_t begin, std::int64_t end,
                               std::int64_t bytes, int fd, bool in_receive, bool io_worker) {
  TraceEvent e;
  e.t_ns = begin;
  e.kind = EventKind::KernelCopy;
  e.aux = end - begin;
  e.value = bytes;
  e.fd = fd;
  // Not inside a receive call of ours: the kernel copied on the process's behalf (io_uring's
  // task_work in this thread, or an io-wq worker).
  if (!in_receive) {
    e.flags |= flag::kKernelCopy;
    ++counts_.copies_outside_a_receive;
  }
  if (io_worker) {
    e.flags |= flag::kIoWorker;
    ++counts_.copies_on_io_worker;
  }
  put(e, row);
  ++counts_.copies;
}

void ProbeTranslator::consume(std::span<const ProbeRecord> records) {
  for (const ProbeRecord& r : records) on_record(r);
}

void ProbeTranslator::on_record(const ProbeRecord& r) {
  ++counts_.records;
  const auto t = static_cast<std::int64_t>(r.t_ns);
  switch (kind_of(r)) {
    case ProbeKind::SkDataReady: {
      // Runs in whoever queued the data (the sender's softirq): named by its socket only.
      const auto it = sock_fd_.find(r.sock);
      if (it == sock_fd_.end()) {
        unnamed_.push_back(r);
        if (unnamed_.size() > kMaxUnnamed) {
          unnamed_.pop_front();
          ++counts_.unmatched;
        }
        return;
      }
      if (it->second == kNotOurs) return;
      put_queued(r, it->second);
      return;
    }
    case ProbeKind::SyscallEnter: {
      const Row row = row_of(r);
      ThreadState& st = threads_[r.tid];
      if (is_receive(r.a)) {
        st.fd = static_cast<int>(r.b);
        st.receive_nr = r.a;
        name_socket(r.sock, row.ours ? st.fd : kNotOurs);
      }
      return;
    }
    case ProbeKind::SyscallExit: {
      const Row row = row_of(r);
      ThreadState& st = threads_[r.tid];
      if ((r.a == kAccept || r.a == kAccept4) && r.b >= 0)
        name_socket(r.sock, row.ours ? static_cast<int>(r.b) : kNotOurs);
      if (is_receive(r.a)) {
        st.fd = -1;
        st.receive_nr = -1;
      }
      return;
    }
    case ProbeKind::SwitchOut: {
      // prev_state 0: preempted, still runnable; anything else: it went to sleep.
      ThreadState& st = threads_[r.tid];
      st.asleep = r.a != 0;
      st.waking_t = -1;
      return;
    }
    case ProbeKind::Waking: {
      ThreadState& st = threads_[r.tid];
      if (st.asleep && st.waking_t < 0) {
        st.waking_t = t;
        st.waker = r.a;
      }
      return;
    }
    case ProbeKind::SwitchIn: {
      ThreadState& st = threads_[r.tid];
      const bool was_woken = st.asleep && st.waking_t >= 0;
      st.asleep = false;
      if (!was_woken) return;
      const Row row = row_of(r);
      if (row.ours && row.lane == Lane::Buyer) {
        TraceEvent e;
        e.t_ns = st.waking_t;
        e.kind = EventKind::Wakeup;
        e.aux = t - st.waking_t;
        e.value = st.waker;
        e.fd = st.fd;
        put(e, row);
        ++counts_.wakeups;
      }
      st.waking_t = -1;
      return;
    }
    case ProbeKind::CopyBegin: {
      ThreadState& st = threads_[r.tid];
      if (st.copy_t < 0) {
        st.copy_t = t;
        st.copy_sock = r.sock;
      }
      return;
    }
    case ProbeKind::RecvReturn: {
      ThreadState& st = threads_[r.tid];
      const std::int64_t begin = st.copy_t;
      st.copy_t = -1;
      if (begin < 0 || r.a <= 0) return;
      const Row row = row_of(r);
      if (!row.ours) return;
      put_copy(row, begin, t, r.a, fd_of(st.copy_sock ? st.copy_sock : r.sock, st),
               st.receive_nr >= 0, r.flags & IOSCOPE_PF_IO_WORKER);
      return;
    }
    case ProbeKind::UringPollArm:
    case ProbeKind::UringTaskAdd:
    case ProbeKind::UringAsync:
    case ProbeKind::UringComplete: {
      // Task_work is often queued from the sender's softirq: such a record is drawn on the
      // kernel's lane; the others on the thread they ran on.
      Row row = row_of(r);
      if (!row.ours) row = Row{true, Lane::Shopkeeper, 0};
      // io_uring's own receives name no descriptor: the socket is still ours to watch.
      if (kind_of(r) == ProbeKind::UringPollArm && r.sock && !sock_fd_.count(r.sock))
        name_socket(r.sock, -1);
      TraceEvent e;
      e.t_ns = t;
      e.aux = r.a;  // user_data
      e.value = kind_of(r) == ProbeKind::UringComplete ? r.b : r.extra;
      e.fd = r.sock ? fd_of(r.sock, threads_[r.tid]) : -1;
      if (r.flags & IOSCOPE_PF_IO_WORKER) e.flags |= flag::kIoWorker;
      switch (kind_of(r)) {
        case ProbeKind::UringPollArm:
          e.kind = EventKind::UringArm;
          ++counts_.uring_armed;
          break;
        case ProbeKind::UringTaskAdd:
          e.kind = EventKind::UringTaskWork;
          ++counts_.uring_task_work;
          break;
        case ProbeKind::UringAsync:
          e.kind = EventKind::UringWorker;
          ++counts_.uring_worker;
          break;
        default:
          e.kind = EventKind::UringComplete;
          ++counts_.uring_completions;
          break;
      }
      put(e, row);
      return;
    }
    case ProbeKind::WakeupSpan: {
      const Row row = row_of(r);
      if (!row.ours || row.lane != Lane::Buyer) return;
      TraceEvent e;
      e.t_ns = r.a;
      e.kind = EventKind::Wakeup;
      e.aux = t - r.a;
      e.value = r.b;
      e.fd = static_cast<int>(r.extra) - 1;
      put(e, row);
      ++counts_.wakeups;
      return;
    }
    case ProbeKind::CopySpan: {
      if (r.a <= 0) return;
      const Row row = row_of(r);
      if (!row.ours) return;
      const int receive_fd = static_cast<int>(r.extra) - 1;
      const auto named = sock_fd_.find(r.sock);
      put_copy(row, r.b, t, r.a,
               named != sock_fd_.end() && named->second >= 0 ? named->second : receive_fd,
               r.flags & IOSCOPE_PF_IN_RECEIVE, r.flags & IOSCOPE_PF_IO_WORKER);
      return;
    }
    case ProbeKind::Wakeup:
    case ProbeKind::UringSubmit:
      return;  // sched_waking carries the real waker; submissions are the process's own calls
  }
}

void ProbeTranslator::finish() {
  counts_.unmatched += unnamed_.size();
  unnamed_.clear();
}

}  // namespace ioscope
