#include "lab/run.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "models/model.hpp"
#include "net/echo_connection.hpp"
#include "net/factory.hpp"
#include "net/socket_ops.hpp"

namespace ioscope {

std::string RunSummary::kernel_ready_source() const {
  return counters.kernel_inferred == 0 && counters.kernel_stamped > 0 ? "kernel" : "inferred";
}

LatencySummary summarize_latency(std::vector<std::int64_t> samples) {
  LatencySummary s;
  s.count = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  // Nearest-rank percentiles: the value at or below which p% of the samples fall.
  auto rank = [&](double p) {
    const auto n = samples.size();
    auto i = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
    return samples[std::clamp<std::size_t>(i, 1, n) - 1];
  };
  s.p50 = rank(50);
  s.p99 = rank(99);
  s.max = samples.back();
  return s;
}

RunSummary Run::execute(TraceHub& hub) {
  RunSummary summary;
  summary.scenario = scenario_;
  if (auto bad = validate(scenario_)) {
    summary.error = bad->message;
    return summary;
  }
  const ModelInfo* info = find_model(scenario_.model);
  if (auto why = info->unavailable ? info->unavailable() : std::nullopt) {
    summary.error = "model '" + scenario_.model + "' cannot run here: " + *why;
    return summary;
  }
  auto listener = listen_loopback(0);
  if (!listener) {
    summary.error = listener.error().message;
    return summary;
  }
  summary.port = listener->port;
  // Kernel receive stamps from the first message on: the listener keeps stamping wanted.
  await_rx_timestamping(listener->fd.get());

  const std::int64_t begin = now_ns();
  RealtimeToMonotonic clock;
  StopSignal server_stop;
  std::unique_ptr<Model> model = info->make();
  std::optional<Error> server_error;
  if (scenario_.stall_ns > 0)
    arm_server_stall(begin + scenario_.stall_after_ns, scenario_.stall_ns);
  const OtherThreadsMeter server_meter;  // this thread is the factory; the rest is the server
  std::thread server([&] {
    ServerContext ctx;
    ctx.listen_fd = listener->fd.get();
    ctx.hub = &hub;
    ctx.stop = &server_stop;
    ctx.clock = &clock;
    ctx.message_size = scenario_.size;
    server_error = model->serve(ctx);
    // A server that died takes the run with it, or the factory would wait for nothing.
    if (server_error) stop_.request();
  });

  Workload wl;
  wl.clients = scenario_.clients;
  wl.messages = scenario_.messages;
  wl.size = scenario_.size;
  wl.interval_ns = scenario_.interval_ns;
  FactoryReport report = run_factory(wl, listener->port, hub, stop_);

  server_stop.request();
  model->interrupt();
  server.join();
  summary.server_usage = server_meter.others_since();
  if (scenario_.stall_ns > 0) disarm_server_stall();

  summary.duration_ns = now_ns() - begin;
  summary.bytes_sent = report.bytes_sent;
  summary.bytes_verified = report.bytes_verified;
  summary.messages_verified = report.messages_verified;
  summary.latency = summarize_latency(report.latencies_ns);
  summary.latencies_ns = std::move(report.latencies_ns);
  summary.counters = hub.counters();
  summary.dropped = hub.dropped();
  if (server_error) {
    summary.error = "the " + scenario_.model + " server failed: " + server_error->message;
  } else if (!report.error.empty()) {
    summary.error = report.error;
  } else if (report.stopped) {
    summary.cancelled = true;
  }
  return summary;
}

}  // namespace ioscope
