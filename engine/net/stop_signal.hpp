// "Stop now", readable two ways: as a flag for loops that poll, and as an eventfd for loops
// that wait in select/poll/epoll/io_uring, so a blocked run wakes at once.
#pragma once

#include <atomic>

#include "net/fd.hpp"

namespace ioscope {

class StopSignal {
 public:
  StopSignal();
  void request();  // any thread; idempotent
  bool requested() const { return requested_.load(std::memory_order_acquire); }
  int fd() const { return event_.get(); }  // becomes readable on request(), stays readable

 private:
  Fd event_;
  std::atomic<bool> requested_{false};
};

}  // namespace ioscope
