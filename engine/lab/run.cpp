#include "lab/run.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <thread>

#include <unistd.h>

#include "lab/scan_experiment.hpp"
#include "models/model.hpp"
#include "net/echo_connection.hpp"
#include "net/factory.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

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

std::int64_t stall_timeout_ns(const Scenario& scenario) {
  if (!scenario.bugs.et_no_drain) return Workload{}.stall_timeout_ns;
  return std::max<std::int64_t>(2'000'000'000, 3 * scenario.interval_ns);
}

Result<Listener> open_server_listener(std::uint16_t port, const Bugs& bugs, int high_fds_needed) {
  if (bugs.high_fd) {
    // The scan experiment's own way up: soft limit to the hard limit, kept for the process.
    auto ceiling = raise_fd_limit();
    if (!ceiling) return ceiling.error();
    const std::int64_t needed = kHighFdFloor + high_fds_needed;
    if (ceiling->soft < needed)
      return Error{"the high-fd bug needs descriptors " + std::to_string(kHighFdFloor) + " to " +
                   std::to_string(needed - 1) + ", but RLIMIT_NOFILE allows only " +
                   std::to_string(ceiling->soft) + " (hard limit " + std::to_string(ceiling->hard) +
                   ")"};
  }
  auto listener = listen_loopback(port, 1024, bugs.tiny_rcvbuf ? kTinyRcvbufBytes : 0);
  if (!listener) return listener;
  if (bugs.high_fd) {
    if (const int err = move_fd_up(listener->fd, kHighFdFloor); err != 0)
      return Error{"cannot move the listener to descriptor " + std::to_string(kHighFdFloor) +
                   " or above: " + errno_text(err)};
  }
  return listener;
}

RunSummary Run::execute(TraceHub& hub) {
  RunSummary summary;
  summary.scenario = scenario_;
  if (auto bad = validate(scenario_)) {
    summary.error = bad->message;
    return summary;
  }
  if (auto refused = model_cannot_run_here(scenario_.model)) {
    summary.error = *refused;
    return summary;
  }
  if (auto no_stop = stop_.unusable()) {
    summary.error = no_stop->message;
    return summary;
  }
  const ModelInfo* info = find_model(scenario_.model);
  // High descriptors for the listener and one per client.
  auto listener = open_server_listener(0, scenario_.bugs, 1 + scenario_.clients);
  if (!listener) {
    summary.error = listener.error().message;
    return summary;
  }
  summary.port = listener->port;
  // Kernel receive stamps from the first message on: the listener keeps stamping wanted.
  if (hub.enabled()) await_rx_timestamping(listener->fd.get());

  // The kernel's side, measured: started before the server so its first wait is seen.
  KernelProbe probe;
  std::unique_ptr<TraceWriter> probe_writer;
  std::optional<ProbeTranslator> translator;
  if (scenario_.probe == ProbeMode::Off) {
    summary.probe.why_not = "the kernel probe is switched off";
  } else {
    probe_writer = hub.make_writer(Lane::Shopkeeper, 0, /*register_thread=*/false);
    translator.emplace(hub, *probe_writer);
    KernelProbe::Options options;
    options.emit_syscalls = true;  // receive and accept calls name the sockets (probe_events.hpp)
    options.syscalls_naming_sockets_only = true;
    options.sched_wakeup_records = false;
    options.compact = true;
    options.listening_ports = {listener->port};
    options.consumer = [&translator](std::span<const ProbeRecord> records) {
      translator->consume(records);
    };
    if (auto error = probe.start(::getpid(), std::move(options))) {
      translator.reset();
      summary.probe.why_not = error->message;
      if (scenario_.probe == ProbeMode::On) {
        summary.error = "the kernel probe cannot run: " + error->message;
        return summary;
      }
    }
  }
  // The factory lives in this process but is not the buyer: the kernel side sends nothing about
  // its threads (each record costs the traced threads; the translator would drop them anyway).
  struct ForgetListener {
    TraceHub& hub;
    ~ForgetListener() { hub.on_register(nullptr); }
  } forget_listener{hub};
  if (probe.running())
    hub.on_register([&probe](int tid, TraceHub::ThreadRole role) {
      if (role.lane == Lane::Factory) probe.quiet_thread(tid);
    });

  const std::int64_t begin = now_ns();
  RealtimeToMonotonic clock;
  StopSignal server_stop;
  if (auto no_stop = server_stop.unusable()) {
    summary.error = no_stop->message;
    return summary;
  }
  std::unique_ptr<Model> model = info->make();
  const AcceptReserve reserve;  // out of descriptors, connections are turned away, not fatal
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
    ctx.bugs = scenario_.bugs;
    ctx.idle = scenario_.idle;
    ctx.uring = scenario_.uring;
    server_error = model->serve(ctx);
    // A server that died takes the run with it, or the factory would wait for nothing.
    if (server_error) stop_.request();
  });

  Workload wl;
  wl.clients = scenario_.clients;
  wl.messages = scenario_.messages;
  wl.size = scenario_.size;
  wl.interval_ns = scenario_.interval_ns;
  wl.stall_timeout_ns = stall_timeout_ns(scenario_);
  if (scenario_.bugs.et_no_drain)
    wl.stall_reason = "the server stopped reading (et-no-drain: one " +
                      std::to_string(kEtNoDrainReadBytes) +
                      "-byte read per edge, and the rest waits in the kernel for an edge that "
                      "never comes)";
  FactoryReport report = run_factory(wl, listener->port, hub, stop_);

  server_stop.request();
  model->interrupt();
  server.join();
  if (probe.running()) {
    probe.stop();  // delivers what is left; the probe thread is gone after this
    translator->finish();
    summary.probe.measured = true;
    summary.probe.counts = translator->counts();
    summary.probe.dropped = probe.dropped();
    summary.probe.syscalls_missed = probe.syscall_hits_missed();
    summary.probe.attached = probe.attached();
    for (const auto& [nr, n] : probe.syscall_counts())
      summary.probe.syscalls[syscall_name(nr)] += n;
  }
  summary.server_usage = server_meter.others_since();
  if (scenario_.stall_ns > 0) disarm_server_stall();

  summary.duration_ns = now_ns() - begin;
  summary.bytes_sent = report.bytes_sent;
  summary.bytes_verified = report.bytes_verified;
  summary.messages_verified = report.messages_verified;
  summary.messages_missing = report.messages_missing;
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
  // Out of descriptors, whichever side ran out first (a client's socket, or the server's
  // epoll_create1 when the clients took the last ones), the sentence names the limit.
  if (summary.error.find(errno_text(EMFILE)) != std::string::npos &&
      summary.error.find("ulimit -n") == std::string::npos)
    summary.error += fd_limit_hint();
  return summary;
}

}  // namespace ioscope
