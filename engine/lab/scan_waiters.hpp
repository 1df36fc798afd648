// The teachers of the scan experiment: one way of waiting per mechanism, each watching every
// descriptor of a ScanPool for input. Only the waiting call itself is inside the timed window;
// preparing its arguments and reading its answer are not.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/scan_experiment.hpp"
#include "lab/scan_pool.hpp"

namespace ioscope {

// Every wait is given this long. The active descriptors' bytes are sent before the call, so it
// returns at once; the timeout only turns a lost datagram into an error instead of a hang.
inline constexpr int kScanWaitTimeoutMs = 1000;

struct WaitCall {
  std::int64_t ns = 0;  // inside the waiting call, by now_ns() either side of it
  int scanned = 0;      // descriptors the kernel examined
  int ready = 0;        // descriptors it returned ready
};

class ScanWaiter {
 public:
  virtual ~ScanWaiter() = default;
  // One waiting call. Appends the ready descriptors to `ready`. A call interrupted by a signal
  // is made again, and only the call that completed counts.
  virtual Result<WaitCall> wait(std::vector<int>& ready) = 0;
  // Registration done once before the waits (epoll_ctl, IORING_OP_POLL_ADD); select and poll
  // have none: they hand the kernel the whole list on every call.
  virtual std::optional<ScanRegistration> registration() const { return std::nullopt; }
};

// Why the mechanism cannot watch this pool (select: a descriptor at or above FD_SETSIZE;
// io_uring: not usable here), or nothing.
std::optional<std::string> scan_skip_reason(ScanMechanism m, const ScanPool& pool);

// The waiter, registered on every descriptor of the pool. Call scan_skip_reason() first.
// The pool must outlive the waiter.
Result<std::unique_ptr<ScanWaiter>> make_scan_waiter(ScanMechanism m, const ScanPool& pool);

// "fd_set holds descriptors below 1024 (FD_SETSIZE) ...": the start of select's skip reason.
std::string fd_setsize_reason();

// io_uring's waiter lives in its own file (scan_uring_waiter.cpp).
std::optional<std::string> uring_scan_unavailable_reason();
Result<std::unique_ptr<ScanWaiter>> make_uring_scan_waiter(const ScanPool& pool);

}  // namespace ioscope
