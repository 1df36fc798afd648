// io_uring as a readiness waiter: the students who are done drop a note in the teacher's tray.
//
// Each descriptor gets one multishot IORING_OP_POLL_ADD up front (timed apart, like epoll_ctl):
// it stays armed, and each arrival of data posts a completion naming the descriptor. This is
// io_uring used as a better epoll, not the Proactor of the io_uring model (there the kernel
// also copies the data); here we only ask "which ones are ready?", as select, poll and epoll do.
//
// The ring is created with IORING_SETUP_DEFER_TASKRUN. Without it the kernel turns a wake-up
// into a completion on its way back from whatever syscall we made next (here, the send that
// made the data), and the wait would only read a ring in memory: cheap, but not a like-for-like
// wait. With it, that work happens inside the waiting call (io_uring_enter with GETEVENTS), as
// epoll_wait's does, and its cost follows the number ready. Recent kernels run at most 20 such
// deferred items per call unless asked to wait for more, so when more than 20 are ready a round
// takes several calls; the result's `calls` and `ready` say so.
#include <liburing.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>

#include "lab/scan_waiters.hpp"
#include "models/io_uring.hpp"
#include "trace/clock.hpp"

namespace ioscope {

namespace {

constexpr unsigned kSqEntries = 256;
constexpr unsigned kSetupFlags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;

std::optional<std::string> probe_deferred_ring() {
  if (auto why = io_uring_unavailable_reason()) return why;
  io_uring ring{};
  io_uring_params p{};
  p.flags = kSetupFlags;
  const int rc = io_uring_queue_init_params(4, &ring, &p);
  if (rc < 0)
    return "io_uring cannot defer its completion work to the waiting call "
           "(IORING_SETUP_DEFER_TASKRUN needs Linux 6.1): " +
           errno_text(-rc);
  io_uring_queue_exit(&ring);
  return std::nullopt;
}

class UringWaiter : public ScanWaiter {
 public:
  ~UringWaiter() override {
    if (initialised_) io_uring_queue_exit(&ring_);  // cancels every armed poll
  }

  static Result<std::unique_ptr<ScanWaiter>> make(const ScanPool& pool) {
    auto w = std::unique_ptr<UringWaiter>(new UringWaiter());
    io_uring_params p{};
    // One completion per active descriptor per round; room for twice that (and never fewer
    // than the submission queue's entries, which the kernel requires).
    p.flags = kSetupFlags | IORING_SETUP_CQSIZE;
    p.cq_entries = std::max(2 * kSqEntries, 2 * static_cast<unsigned>(pool.active_count()));
    const int rc = io_uring_queue_init_params(kSqEntries, &w->ring_, &p);
    if (rc < 0) return Error{"io_uring_queue_init failed: " + errno_text(-rc)};
    w->initialised_ = true;
    const std::int64_t t0 = now_ns();
    for (int fd : pool.fds())
      if (auto err = w->arm(fd)) return *err;
    if (auto err = w->submit()) return *err;
    const std::int64_t total = now_ns() - t0;
    w->registration_ =
        ScanRegistration{"IORING_OP_POLL_ADD", pool.size(), total, total / pool.size()};
    return std::unique_ptr<ScanWaiter>(std::move(w));
  }

  Result<WaitCall> wait(std::vector<int>& ready) override {
    for (;;) {
      io_uring_cqe* cqe = nullptr;
      __kernel_timespec timeout{kScanWaitTimeoutMs / 1000,
                                (kScanWaitTimeoutMs % 1000) * 1'000'000LL};
      const std::int64_t t0 = now_ns();
      const int rc = io_uring_wait_cqes(&ring_, &cqe, 1, &timeout, nullptr);
      const std::int64_t t1 = now_ns();
      if (rc == -EINTR) continue;
      if (rc == -ETIME)
        return Error{"io_uring found nothing ready within " + std::to_string(kScanWaitTimeoutMs) +
                     " ms"};
      if (rc < 0) return Error{"io_uring_wait_cqes failed: " + errno_text(-rc)};
      // Read the completions the call posted: one per descriptor that became ready.
      std::vector<int> rearm;
      unsigned head;
      unsigned seen = 0;
      int n = 0;
      std::optional<Error> failure;
      io_uring_for_each_cqe(&ring_, head, cqe) {
        ++seen;
        const int fd = static_cast<int>(cqe->user_data);
        if (cqe->res < 0) {
          failure = Error{"IORING_OP_POLL_ADD on fd " + std::to_string(fd) +
                          " failed: " + errno_text(-cqe->res)};
          continue;
        }
        if (cqe->res & POLLIN) {
          ready.push_back(fd);
          ++n;
        }
        // A multishot poll that ends (F_MORE clear) must be armed again.
        if (!(cqe->flags & IORING_CQE_F_MORE)) rearm.push_back(fd);
      }
      io_uring_cq_advance(&ring_, seen);
      if (failure) return *failure;
      for (int fd : rearm)
        if (auto err = arm(fd)) return *err;
      if (!rearm.empty())
        if (auto err = submit()) return *err;
      return WaitCall{t1 - t0, n, n};
    }
  }

  std::optional<ScanRegistration> registration() const override { return registration_; }

 private:
  UringWaiter() = default;

  std::optional<Error> arm(int fd) {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr) {  // the submission queue is full: hand it to the kernel, then go on
      if (auto err = submit()) return err;
      sqe = io_uring_get_sqe(&ring_);
      if (sqe == nullptr) return Error{"io_uring submission queue stays full"};
    }
    io_uring_prep_poll_multishot(sqe, fd, POLLIN);
    io_uring_sqe_set_data64(sqe, static_cast<__u64>(fd));
    return std::nullopt;
  }

  std::optional<Error> submit() {
    int rc;
    do {
      rc = io_uring_submit(&ring_);
    } while (rc == -EINTR);
    if (rc < 0) return Error{"io_uring_submit failed: " + errno_text(-rc)};
    return std::nullopt;
  }

  io_uring ring_{};
  bool initialised_ = false;
  ScanRegistration registration_;
};

}  // namespace

std::optional<std::string> uring_scan_unavailable_reason() {
  static const std::optional<std::string> reason = probe_deferred_ring();
  return reason;
}

Result<std::unique_ptr<ScanWaiter>> make_uring_scan_waiter(const ScanPool& pool) {
  return UringWaiter::make(pool);
}

}  // namespace ioscope
