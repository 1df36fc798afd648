// What an engineer writing an io_uring server today adds to the plain one-shot receive, each a
// choice a run, `serve` and the latency lab can switch on and compare with the plain server.
#pragma once

#include <string>

#include "net/result.hpp"

namespace ioscope {

struct UringFeatures {
  // A ring of buffers handed to the kernel once (provided buffers, Linux 5.19), and one receive
  // per connection that stays armed and completes once per arrival (multishot RECVMSG, Linux 6.0):
  // no resubmission after each message, and a buffer is taken only when data comes, so idle
  // connections hold none.
  bool multishot = false;
  // IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN (Linux 6.1): the kernel never
  // interrupts the buyer to finish a receive; the copies queued for him run only when he asks
  // for completions (io_uring_enter with GETEVENTS), all in one batch.
  bool defer_taskrun = false;

  bool any() const { return multishot || defer_taskrun; }
  bool operator==(const UringFeatures&) const = default;
};

// "multishot", "defer-taskrun", comma- or plus-separated; "" or "plain" for none.
Result<UringFeatures> parse_uring_features(const std::string& text);
std::string format_uring_features(const UringFeatures& f, char separator = ',');  // "" when none
inline constexpr const char* kUringFeatureNames = "multishot, defer-taskrun (or plain)";

}  // namespace ioscope
