// A model's echo server for clients the user brings (nc, a script): no factory, runs until
// stopped. Listens on 127.0.0.1 only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "lab/scenario.hpp"
#include "net/stop_signal.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

struct ServeSummary {
  std::string model;
  std::uint16_t port = 0;
  TraceCounters counters;
  std::uint64_t dropped = 0;
  std::int64_t duration_ns = 0;
  std::uint64_t refused = 0;  // connections closed at once: past the model's reach or its cap
  std::string error;
};

// The blocking model's cap on connections served at once (a thread each); more are refused.
inline constexpr std::size_t kServeMaxConnections = 512;

struct ServeOptions {
  // The deliberate mistakes to make (checked as validate() checks a scenario's; high-fd leaves
  // room for kServeHighFds connections).
  Bugs bugs;
  std::size_t max_connections = kServeMaxConnections;
  // sigio and io_uring: a server for clients we do not control sleeps until there is something
  // to do, as a deployed one would (the lessons' "keeps working" is asked for by name).
  IdleMode idle = IdleMode::Sleep;
  UringFeatures uring;  // io_uring only
};

// Blocks until stop is requested or the server fails. on_listening is called (on this thread)
// once the port is open. Tracing off (hub.set_enabled(false)) measures what tracing costs.
ServeSummary serve_model(const std::string& model, std::uint16_t port, TraceHub& hub,
                         StopSignal& stop, const std::function<void(std::uint16_t)>& on_listening,
                         const ServeOptions& options = {});
inline constexpr int kServeHighFds = 64;

}  // namespace ioscope
