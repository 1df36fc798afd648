#include "lab/scan_waiters.hpp"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

#include <cerrno>

#include "net/fd.hpp"
#include "trace/clock.hpp"

namespace ioscope {

namespace {

Error nothing_ready(const char* call) {
  return Error{std::string(call) + " found nothing ready within " +
               std::to_string(kScanWaitTimeoutMs) +
               " ms, though every active descriptor had been sent a byte (a datagram lost on "
               "loopback?)"};
}

// select: the teacher walks the whole register, every time.
//
// The process hands the kernel a bitmap (fd_set) with a bit per descriptor up to the highest
// one; the kernel copies it in, looks at every bit below nfds = max_fd + 1 and asks each marked
// descriptor "ready?", then copies the bitmap back with only the ready bits left. Because the
// answer overwrites the question, the bitmap is rebuilt before every call (outside the timed
// window here; a real program pays for it too, and then walks the bitmap again to find the
// ready bits). The cost follows nfds, not the number ready.
//
// An fd_set has FD_SETSIZE (1024) bits. FD_SET on a descriptor at or above it writes past the
// end of the set: undefined behaviour, so scan_skip_reason() refuses such a pool first.
class SelectWaiter : public ScanWaiter {
 public:
  explicit SelectWaiter(const ScanPool& pool) : pool_(pool), nfds_(pool.max_fd() + 1) {
    FD_ZERO(&watched_);
    for (int fd : pool.fds()) FD_SET(fd, &watched_);  // every fd < FD_SETSIZE: checked before
  }

  Result<WaitCall> wait(std::vector<int>& ready) override {
    for (;;) {
      fd_set readable = watched_;  // value-result argument: a fresh copy for every call
      timeval timeout{kScanWaitTimeoutMs / 1000, (kScanWaitTimeoutMs % 1000) * 1000};
      const std::int64_t t0 = now_ns();
      const int n = ::select(nfds_, &readable, nullptr, nullptr, &timeout);
      const std::int64_t t1 = now_ns();
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{"select failed: " + errno_text(errno)};
      if (n == 0) return nothing_ready("select");
      for (int fd : pool_.fds())
        if (FD_ISSET(fd, &readable)) ready.push_back(fd);
      return WaitCall{t1 - t0, nfds_, n};
    }
  }

 private:
  const ScanPool& pool_;
  fd_set watched_;
  int nfds_;
};

// poll: the same walk, with a list instead of a bitmap.
//
// No FD_SETSIZE wall (the array can be as long as RLIMIT_NOFILE allows) and the request (events)
// is kept apart from the answer (revents), so nothing is rebuilt; but the kernel still copies
// all N entries in and out and asks every descriptor on every call.
class PollWaiter : public ScanWaiter {
 public:
  explicit PollWaiter(const ScanPool& pool) {
    entries_.reserve(pool.fds().size());
    for (int fd : pool.fds()) entries_.push_back(pollfd{fd, POLLIN, 0});
  }

  Result<WaitCall> wait(std::vector<int>& ready) override {
    for (;;) {
      const std::int64_t t0 = now_ns();
      const int n = ::poll(entries_.data(), entries_.size(), kScanWaitTimeoutMs);
      const std::int64_t t1 = now_ns();
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{"poll failed: " + errno_text(errno)};
      if (n == 0) return nothing_ready("poll");
      for (const pollfd& e : entries_) {
        if (e.revents & (POLLERR | POLLNVAL))
          return Error{"poll reports an error on fd " + std::to_string(e.fd)};
        if (e.revents & POLLIN) ready.push_back(e.fd);
      }
      return WaitCall{t1 - t0, static_cast<int>(entries_.size()), n};
    }
  }

 private:
  std::vector<pollfd> entries_;
};

// epoll: the students who are done raise their hands.
//
// The interest list lives in the kernel: epoll_ctl adds each descriptor once (timed apart, the
// price paid up front), and from then on the arrival of data itself puts that descriptor on the
// ready list, through a callback on the socket's wait queue. epoll_wait copies out just the
// ready list and examines nothing else, so its cost follows the number ready, not N.
class EpollWaiter : public ScanWaiter {
 public:
  static Result<std::unique_ptr<ScanWaiter>> make(const ScanPool& pool) {
    auto w = std::unique_ptr<EpollWaiter>(new EpollWaiter());
    w->ep_.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (!w->ep_) return Error{"epoll_create1 failed: " + errno_text(errno)};
    const std::int64_t t0 = now_ns();
    for (int fd : pool.fds()) {
      epoll_event ev{};
      ev.events = EPOLLIN;  // level-triggered, as select and poll are
      ev.data.fd = fd;
      if (::epoll_ctl(w->ep_.get(), EPOLL_CTL_ADD, fd, &ev) != 0)
        return Error{"epoll_ctl(EPOLL_CTL_ADD, fd " + std::to_string(fd) +
                     ") failed: " + errno_text(errno)};
    }
    const std::int64_t total = now_ns() - t0;
    w->registration_ = ScanRegistration{"epoll_ctl", pool.size(), total, total / pool.size()};
    w->events_.resize(static_cast<std::size_t>(pool.active_count()));
    return std::unique_ptr<ScanWaiter>(std::move(w));
  }

  Result<WaitCall> wait(std::vector<int>& ready) override {
    for (;;) {
      const std::int64_t t0 = now_ns();
      const int n = ::epoll_wait(ep_.get(), events_.data(), static_cast<int>(events_.size()),
                                 kScanWaitTimeoutMs);
      const std::int64_t t1 = now_ns();
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{"epoll_wait failed: " + errno_text(errno)};
      if (n == 0) return nothing_ready("epoll_wait");
      for (int i = 0; i < n; ++i) ready.push_back(events_[static_cast<std::size_t>(i)].data.fd);
      return WaitCall{t1 - t0, n, n};  // it looked at the ready list and nothing else
    }
  }

  std::optional<ScanRegistration> registration() const override { return registration_; }

 private:
  EpollWaiter() = default;

  Fd ep_;
  std::vector<epoll_event> events_;
  ScanRegistration registration_;
};

}  // namespace

std::string fd_setsize_reason() {
  return "fd_set holds descriptors below " + std::to_string(FD_SETSIZE) + " (FD_SETSIZE)";
}

std::optional<std::string> scan_skip_reason(ScanMechanism m, const ScanPool& pool) {
  switch (m) {
    case ScanMechanism::Select:
      if (pool.max_fd() >= FD_SETSIZE)
        return fd_setsize_reason() + ", and these " + std::to_string(pool.size()) +
               " descriptors reach fd " + std::to_string(pool.max_fd()) + "; use poll or epoll";
      return std::nullopt;
    case ScanMechanism::IoUring:
      return uring_scan_unavailable_reason();
    case ScanMechanism::Poll:
    case ScanMechanism::Epoll:
      return std::nullopt;
  }
  return std::nullopt;
}

Result<std::unique_ptr<ScanWaiter>> make_scan_waiter(ScanMechanism m, const ScanPool& pool) {
  if (auto why = scan_skip_reason(m, pool)) return Error{*why};
  switch (m) {
    case ScanMechanism::Select:
      return std::unique_ptr<ScanWaiter>(new SelectWaiter(pool));
    case ScanMechanism::Poll:
      return std::unique_ptr<ScanWaiter>(new PollWaiter(pool));
    case ScanMechanism::Epoll:
      return EpollWaiter::make(pool);
    case ScanMechanism::IoUring:
      return make_uring_scan_waiter(pool);
  }
  return Error{"unknown mechanism"};
}

}  // namespace ioscope
