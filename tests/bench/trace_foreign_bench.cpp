// What `ioscope-cli trace` costs the program it traces: an epoll echo server in another process
// (forked: to the probe, a program like any other), answering a closed-loop client here that
// sends 64 B and waits for the echo. /1: traced as trace does (trace_program: the probe filtered
// to the server's pid, a record for every socket syscall and kernel event, each made a call for
// the verdict and a trace event, drained); /0: not traced. Target: round trips traced >= 0.8 of
// untraced. Compare medians of interleaved repetitions in one run
// (--benchmark_enable_random_interleaving).
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>
#include <vector>

#include "echo_loop.hpp"
#include "foreign/foreign_trace.hpp"
#include "lab/serve_session.hpp"
#include "net/socket_ops.hpp"
#include "probe/kernel_probe.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {
namespace {

// The server process: the engine's epoll echo with its own tracing off, killed at the end.
class ForeignServer {
 public:
  ForeignServer() {
    int fds[2];
    if (::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[0]);
      TraceHub hub;
      hub.set_enabled(false);
      StopSignal stop;
      serve_model("epoll", 0, hub, stop, [&](std::uint16_t p) {
        if (::write(fds[1], &p, sizeof p) != sizeof p) ::_exit(1);
      });
      ::_exit(0);
    }
    ::close(fds[1]);
    if (pid_ > 0 && ::read(fds[0], &port_, sizeof port_) != sizeof port_) port_ = 0;
    ::close(fds[0]);
  }
  ~ForeignServer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

void BM_TraceForeignEcho(benchmark::State& state) {
  const bool traced = state.range(0) != 0;
  ForeignServer server;
  if (server.port() == 0) {
    state.SkipWithError("the echo server did not start");
    return;
  }
  // Traced as `ioscope-cli trace --pid N --trace FILE` does: trace_program (calls, the kernel's
  // side and the peers drawn into the hub), its events drained every 10 ms.
  TraceHub hub;
  StopSignal stop;
  ForeignTraceResult result;
  std::atomic<bool> watching{false}, done{false};
  std::thread tracer, drainer;
  if (traced) {
    const ProbeAvailability a = KernelProbe::check();
    if (!a.can_run()) {
      state.SkipWithError(("kernel probe: " + (a.reasons.empty() ? "" : a.reasons[0])).c_str());
      return;
    }
    ForeignTarget target;
    target.pid = server.pid();
    tracer = std::thread([&] {
      result = trace_program(target, hub, stop, [&](pid_t) { watching = true; });
      done = true;
    });
    drainer = std::thread([&] {
      std::vector<TraceEvent> events;
      while (!done) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        events.clear();
        hub.drain(events);
      }
    });
    while (!watching && !done) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto client = connect_loopback(server.port());
  if (!client) {
    stop.request();
    if (tracer.joinable()) tracer.join();
    if (drainer.joinable()) drainer.join();
    state.SkipWithError(client.error().message.c_str());
    return;
  }
  bench::round_trips(state, client->get());
  state.SetItemsProcessed(state.iterations());
  if (traced) {
    stop.request();
    tracer.join();
    drainer.join();
    if (!result.ok()) {
      state.SkipWithError(result.error.c_str());
      return;
    }
    state.counters["calls_seen"] = static_cast<double>(result.program.calls.size());
    state.counters["records_lost"] = static_cast<double>(result.program.lost);
    state.counters["data_queued"] = static_cast<double>(result.kernel.data_queued);
  }
  state.SetLabel(traced ? "traced as ioscope-cli trace does" : "not traced");
}

BENCHMARK(BM_TraceForeignEcho)->Arg(1)->Arg(0)->UseRealTime()->MinTime(1.0);

}  // namespace
}  // namespace ioscope
