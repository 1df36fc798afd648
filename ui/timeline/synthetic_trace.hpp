// A plausible made-up trace of any size, for the timeline's benchmark and level-of-detail
// tests: one buyer thread that asks too early (EAGAIN), works, then waits in recvmsg until the
// kernel has the data and copies it; clients that send and get their echo back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "trace/trace_event.hpp"

namespace ioscope::ui {

struct SyntheticTraceSpec {
  std::size_t events = 1000;                 // about this many (whole message cycles)
  std::int64_t duration_ns = 1'000'000'000;  // spread over this long
  int clients = 4;
  std::int64_t start_ns = 1'000'000'000;  // the first event's time
};

inline constexpr std::size_t kSyntheticEventsPerMessage = 12;

// Events in the order a real run's rings would deliver them (kernel-ready after its call).
std::vector<TraceEvent> syntheticTrace(const SyntheticTraceSpec& spec);

}  // namespace ioscope::ui
