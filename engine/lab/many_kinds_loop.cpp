#include "lab/many_kinds_loop.hpp"

#include <pthread.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <ctime>

#include "net/socket_ops.hpp"
#include "trace/clock.hpp"

namespace ioscope {

namespace {

constexpr std::int64_t kLoopDeadlineNs = 2'000'000'000;

// One TCP connection on 127.0.0.1: `mine` is watched, `peer` sends the byte.
struct Pair {
  Fd mine, peer;
};

Result<Pair> connected_pair() {
  auto listener = listen_loopback(0, 1);
  if (!listener) return listener.error();
  auto peer = connect_loopback(listener->port);
  if (!peer) return peer.error();
  Fd mine(::accept4(listener->fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
  if (!mine) return Error{"cannot accept the loop's connection: " + errno_text(errno)};
  return Pair{std::move(mine), std::move(*peer)};
}

// SIGUSR1 blocked in this thread only (the other threads keep their masks), so that it waits
// as pending for signalfd instead of being delivered. Restored on the way out; a SIGUSR1 we
// raised and did not read is taken first, or unblocking would deliver it and end the process.
class BlockedSignal {
 public:
  explicit BlockedSignal(int sig) : sig_(sig) {
    sigemptyset(&set_);
    sigaddset(&set_, sig);
    ok_ = ::pthread_sigmask(SIG_BLOCK, &set_, &old_) == 0;
  }
  ~BlockedSignal() {
    if (!ok_) return;
    if (raised_) {
      const timespec zero{0, 0};
      while (::sigtimedwait(&set_, nullptr, &zero) == sig_) {
      }
    }
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  BlockedSignal(const BlockedSignal&) = delete;
  BlockedSignal& operator=(const BlockedSignal&) = delete;
  bool ok() const { return ok_; }
  const sigset_t& set() const { return set_; }
  void raised(bool pending) { raised_ = pending; }

 private:
  int sig_;
  sigset_t set_{};
  sigset_t old_{};
  bool ok_ = false;
  bool raised_ = false;
};

// A child that exits on its own after a while; killed and reaped if we leave before it was.
class Child {
 public:
  Child() = default;
  ~Child() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // After fork only async-signal-safe calls are allowed in the child (the parent may have other
  // threads): it sleeps and leaves with _exit, running nothing of ours.
  bool spawn(std::int64_t exit_after_ns) {
    pid_ = ::fork();
    if (pid_ == 0) {
      timespec ts{static_cast<time_t>(exit_after_ns / 1'000'000'000),
                  static_cast<long>(exit_after_ns % 1'000'000'000)};
      while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
      }
      ::_exit(0);
    }
    return pid_ > 0;
  }
  pid_t pid() const { return pid_; }
  // Reaps the child once its pidfd said it exited. Returns its wait status.
  int reap() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

 private:
  pid_t pid_ = -1;
};

int pidfd_open(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

std::optional<std::string> pidfd_missing() {
  const int fd = pidfd_open(::getpid());
  if (fd >= 0) {
    ::close(fd);
    return std::nullopt;
  }
  const int err = errno;
  return "pidfd_open failed: " + errno_text(err) +
         (err == ENOSYS ? " (pidfd_open needs Linux 5.3)" : "");
}

constexpr std::uint64_t kStopTag = 100;

}  // namespace

std::string_view loop_source_id(LoopSource s) {
  switch (s) {
    case LoopSource::Socket:
      return "socket";
    case LoopSource::Timer:
      return "timerfd";
    case LoopSource::Signal:
      return "signalfd";
    case LoopSource::Process:
      return "pidfd";
  }
  return "?";
}

Result<ManyKindsResult> run_many_kinds_loop(const StopSignal& stop) {
  if (auto no_stop = stop.unusable()) return *no_stop;
  ManyKindsResult out;
  out.ran = true;
  out.timer_ns = kLoopTimerNs;
  Fd ep(::epoll_create1(EPOLL_CLOEXEC));
  if (!ep) return Error{"epoll_create1 failed: " + errno_text(errno)};
  auto watch = [&](int fd, std::uint64_t tag) -> std::optional<Error> {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = tag;
    if (::epoll_ctl(ep.get(), EPOLL_CTL_ADD, fd, &ev) != 0)
      return Error{"epoll_ctl(EPOLL_CTL_ADD) failed: " + errno_text(errno)};
    return std::nullopt;
  };
  auto tag_of = [](LoopSource s) { return static_cast<std::uint64_t>(s); };

  // Every kind of event becomes a descriptor, so one epoll_wait can wait for all of them.
  auto pair = connected_pair();
  if (!pair) return pair.error();
  Fd timer(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!timer) return Error{"timerfd_create failed: " + errno_text(errno)};
  BlockedSignal blocked(SIGUSR1);
  if (!blocked.ok()) return Error{"cannot block SIGUSR1 in this thread"};
  Fd sig(::signalfd(-1, &blocked.set(), SFD_NONBLOCK | SFD_CLOEXEC));
  if (!sig) return Error{"signalfd failed: " + errno_text(errno)};
  std::optional<std::string> no_pidfd = pidfd_missing();
  if (no_pidfd) out.skipped.push_back({LoopSource::Process, *no_pidfd});

  for (auto [fd, tag] :
       {std::pair{pair->mine.get(), tag_of(LoopSource::Socket)},
        std::pair{timer.get(), tag_of(LoopSource::Timer)},
        std::pair{sig.get(), tag_of(LoopSource::Signal)}, std::pair{stop.fd(), kStopTag}})
    if (auto err = watch(fd, tag)) return *err;

  Child child;
  Fd pidfd;
  if (!no_pidfd) {
    out.child_exit_ns = kLoopChildExitNs;
    if (!child.spawn(kLoopChildExitNs)) return Error{"fork failed: " + errno_text(errno)};
    pidfd.reset(pidfd_open(child.pid()));
    if (!pidfd) return Error{"pidfd_open on the child failed: " + errno_text(errno)};
    if (auto err = watch(pidfd.get(), tag_of(LoopSource::Process))) return *err;
  }
  // The clock starts once every source is set up (the fork alone takes a millisecond or so).
  const std::int64_t t0 = now_ns();
  const itimerspec at{{0, 0}, {0, static_cast<long>(kLoopTimerNs)}};
  if (::timerfd_settime(timer.get(), 0, &at, nullptr) != 0)
    return Error{"timerfd_settime failed: " + errno_text(errno)};
  const char byte = 'k';
  if (::send(pair->peer.get(), &byte, 1, MSG_NOSIGNAL) != 1)
    return Error{"cannot send the byte: " + errno_text(errno)};
  // To this thread, where it is blocked: raise() would do the same, pthread_kill says so.
  blocked.raised(true);
  if (const int rc = ::pthread_kill(::pthread_self(), SIGUSR1); rc != 0)
    return Error{"pthread_kill(SIGUSR1) failed: " + errno_text(rc)};

  std::size_t expected = no_pidfd ? 3 : 4;
  epoll_event evs[8];
  while (out.events.size() < expected) {
    if (stop.requested()) return Error{"cancelled"};
    const std::int64_t left = t0 + kLoopDeadlineNs - now_ns();
    if (left <= 0) {
      std::string missing;
      for (LoopSource s : kAllLoopSources) {
        const bool seen = std::any_of(out.events.begin(), out.events.end(),
                                      [s](const LoopEvent& e) { return e.source == s; });
        const bool skipped = s == LoopSource::Process && no_pidfd;
        if (!seen && !skipped)
          missing += (missing.empty() ? "" : ", ") + std::string(loop_source_id(s));
      }
      return Error{"the loop waited " + std::to_string(kLoopDeadlineNs / 1'000'000) +
                   " ms and never heard from " + missing};
    }
    const int n = ::epoll_wait(ep.get(), evs, 8, static_cast<int>(left / 1'000'000) + 1);
    const std::int64_t t = now_ns() - t0;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{"epoll_wait failed: " + errno_text(errno)};
    ++out.wait_calls;
    for (int i = 0; i < n; ++i) {
      if (evs[i].data.u64 == kStopTag) continue;  // the loop's top sees it
      LoopEvent e;
      e.source = static_cast<LoopSource>(evs[i].data.u64);
      e.wait_call = out.wait_calls;
      e.since_start_ns = t;
      // Each source is read (or reaped) and taken off the interest list: it fires once.
      switch (e.source) {
        case LoopSource::Socket: {
          e.fd = pair->mine.get();
          char b[8];
          const ssize_t got = ::recv(e.fd, b, sizeof b, MSG_DONTWAIT);
          e.what = std::to_string(got) + " byte" + (got == 1 ? "" : "s") + " from the peer";
          break;
        }
        case LoopSource::Timer: {
          e.fd = timer.get();
          std::uint64_t expirations = 0;
          if (::read(e.fd, &expirations, sizeof expirations) != sizeof expirations)
            return Error{"reading the timerfd failed: " + errno_text(errno)};
          e.what = "expired " + std::to_string(expirations) + " time" +
                   (expirations == 1 ? "" : "s") + " (armed for " +
                   std::to_string(kLoopTimerNs / 1'000'000) + " ms)";
          break;
        }
        case LoopSource::Signal: {
          e.fd = sig.get();
          signalfd_siginfo si{};
          if (::read(e.fd, &si, sizeof si) != sizeof si)
            return Error{"reading the signalfd failed: " + errno_text(errno)};
          blocked.raised(false);
          e.what = std::string(si.ssi_signo == SIGUSR1 ? "SIGUSR1"
                                                       : "signal " + std::to_string(si.ssi_signo)) +
                   " from pid " + std::to_string(si.ssi_pid);
          break;
        }
        case LoopSource::Process: {
          e.fd = pidfd.get();
          const pid_t pid = child.pid();
          const int status = child.reap();
          e.what = "child " + std::to_string(pid) +
                   (WIFEXITED(status) ? " exited with status " + std::to_string(WEXITSTATUS(status))
                                      : " ended by signal " + std::to_string(WTERMSIG(status)));
          break;
        }
      }
      ::epoll_ctl(ep.get(), EPOLL_CTL_DEL, e.fd, nullptr);
      out.events.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace ioscope
