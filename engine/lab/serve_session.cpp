#include "lab/serve_session.hpp"

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "lab/run.hpp"
#include "models/model.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

ServeSummary serve_model(const std::string& model, std::uint16_t port, TraceHub& hub,
                         StopSignal& stop, const std::function<void(std::uint16_t)>& on_listening,
                         const ServeOptions& options) {
  const Bugs& bugs = options.bugs;
  ServeSummary summary;
  summary.model = model;
  const ModelInfo* info = find_model(model);
  if (info == nullptr) {
    summary.error = "unknown model '" + model + "' (known: " + model_ids_joined() + ")";
    return summary;
  }
  if (auto refused = model_cannot_run_here(model)) {
    summary.error = *refused;
    return summary;
  }
  if (auto no_stop = stop.unusable()) {
    summary.error = no_stop->message;
    return summary;
  }
  Scenario asked;  // the checks a scenario gets, for the model and its options (no workload)
  asked.model = model;
  asked.bugs = bugs;
  asked.uring = options.uring;
  if (auto bad = validate(asked)) {
    summary.error = bad->message;
    return summary;
  }
  auto listener = open_server_listener(port, bugs, 1 + kServeHighFds);
  if (!listener) {
    summary.error = listener.error().message;
    return summary;
  }
  summary.port = listener->port;
  // Untraced, no socket asks for receive stamps: once one does, the kernel stamps every packet.
  if (hub.enabled()) await_rx_timestamping(listener->fd.get());
  if (on_listening) on_listening(listener->port);

  const std::int64_t begin = now_ns();
  RealtimeToMonotonic clock;
  std::unique_ptr<Model> server = info->make();
  const AcceptReserve reserve;  // out of descriptors, connections are turned away, not fatal
  ServerContext ctx;
  ctx.listen_fd = listener->fd.get();
  ctx.hub = &hub;
  ctx.stop = &stop;
  ctx.clock = &clock;
  ctx.bugs = bugs;
  ctx.idle = options.idle;
  ctx.uring = options.uring;
  std::atomic<std::uint64_t> refused{0};
  ctx.refused = &refused;
  ctx.max_connections = options.max_connections;
  std::optional<Error> error;
  std::atomic<bool> finished{false};
  std::thread thread([&] {
    error = server->serve(ctx);
    finished.store(true);
  });
  // Wait here, not in the server thread, so interrupt() can reach a server blocked in accept.
  while (!stop.requested() && !finished.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  stop.request();
  server->interrupt();
  thread.join();
  summary.duration_ns = now_ns() - begin;
  summary.counters = hub.counters();
  summary.dropped = hub.dropped();
  summary.refused = refused.load();
  if (error) summary.error = error->message;
  return summary;
}

}  // namespace ioscope
