// What every I/O model is: the same echo server, run under a different way of waiting for data.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/scenario.hpp"
#include "net/result.hpp"
#include "net/socket_ops.hpp"
#include "net/stop_signal.hpp"
#include "trace/clock.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

struct ServerContext {
  int listen_fd = -1;          // listening on 127.0.0.1, owned by the caller
  TraceHub* hub = nullptr;     // each server thread takes its own writer
  StopSignal* stop = nullptr;  // serve() returns soon after this is requested
  const RealtimeToMonotonic* clock = nullptr;
  std::size_t message_size = 0;  // for message numbering in the trace; 0 when unknown
  Bugs bugs;                     // the deliberate mistakes a lesson switched on
  // sigio and io_uring: keep working or sleep while nothing is ready (see IdleMode).
  IdleMode idle = IdleMode::Work;
  UringFeatures uring;  // io_uring: see UringFeatures
  // Serving clients we do not control (ioscope-cli serve): a connection the model cannot watch
  // (select: a descriptor at or above FD_SETSIZE) is closed at once and counted here, and the
  // others go on being served. Null in a run, where every client is ours and one refused
  // connection fails the run with the reason.
  std::atomic<std::uint64_t>* refused = nullptr;
  // With refused set: the most connections served at once by a model that spends a thread on
  // each (blocking); one more is closed at once and counted. 0: no cap.
  std::size_t max_connections = 0;

  // Where accepted descriptors must go (pass to traced_accept / accept_pending): at or above
  // FD_SETSIZE under the high-fd bug, anywhere (0) otherwise.
  int lowest_fd() const { return bugs.high_fd ? kHighFdFloor : 0; }
};

class Model {
 public:
  virtual ~Model() = default;
  // Runs the echo server on the calling thread until ctx.stop is requested. Returns an error if
  // the model could not run or failed; every fd and thread it made is gone when it returns.
  virtual std::optional<Error> serve(ServerContext& ctx) = 0;
  // Called from another thread after stop was requested, for waits that cannot watch the stop
  // eventfd (a thread blocked in accept or recv).
  virtual void interrupt() {}
};

struct ModelInfo {
  std::string id;
  std::string title;    // "I/O multiplexing (epoll, level-triggered)"
  std::string summary;  // one line: what the process does
  // Empty when the model can run here; otherwise why not.
  std::function<std::optional<std::string>()> unavailable;
  std::function<std::unique_ptr<Model>()> make;
};

const std::vector<ModelInfo>& all_models();
const ModelInfo* find_model(std::string_view id);
std::string model_ids_joined(std::string_view separator = ", ");
// "model 'io_uring' cannot run here: <why>" for a known model this machine refuses; nothing for
// one that can run (or an unknown id: validate() names those).
std::optional<std::string> model_cannot_run_here(const std::string& id);

}  // namespace ioscope
