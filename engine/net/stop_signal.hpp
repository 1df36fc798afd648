// "Stop now", readable two ways: as a flag for loops that poll, and as an eventfd for loops
// that wait in select/poll/epoll/io_uring, so a blocked run wakes at once.
//
// Out of descriptors there is no eventfd: the flag still works, and unusable() names the
// problem (with the limit and the way out), so whoever runs on it reports that instead of
// starting a wait that could never be woken.
#pragma once

#include <atomic>
#include <optional>

#include "net/fd.hpp"
#include "net/result.hpp"

namespace ioscope {

class StopSignal {
 public:
  StopSignal();
  void request();  // any thread; idempotent
  bool requested() const { return requested_.load(std::memory_order_acquire); }
  int fd() const { return event_.get(); }  // becomes readable on request(), stays readable
  std::optional<Error> unusable() const;

 private:
  Fd event_;
  int create_errno_ = 0;
  std::atomic<bool> requested_{false};
};

}  // namespace ioscope
