// What `ioscope-cli trace` costs the program it traces: an epoll echo server in another process
// (forked: to the probe, a program like any other), answering a closed-loop client here that
// sends 64 B and waits for the echo. /1: traced as trace does (the probe filtered to the
// server's pid, a record for every socket syscall, each pair made a call for the verdict);
// /0: not traced. Target: round trips traced >= 0.8 of untraced. Compare medians of
// interleaved repetitions in one run (--benchmark_enable_random_interleaving).
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <mutex>

#include "echo_loop.hpp"
#include "foreign/probe_observer.hpp"
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
  std::mutex lock;
  ProbeObserver observer(server.pid());
  KernelProbe probe;
  if (traced) {
    const ProbeAvailability a = KernelProbe::check();
    if (!a.can_run()) {
      state.SkipWithError(("kernel probe: " + (a.reasons.empty() ? "" : a.reasons[0])).c_str());
      return;
    }
    KernelProbe::Options o;  // as ioscope-cli trace asks
    o.emit_syscalls = true;
    o.sched_wakeup_records = false;
    o.consumer = [&](std::span<const ProbeRecord> records) {
      std::lock_guard<std::mutex> hold(lock);
      observer.add(records);
    };
    if (auto err = probe.start(server.pid(), std::move(o))) {
      state.SkipWithError(("kernel probe: " + err->message).c_str());
      return;
    }
  }
  auto client = connect_loopback(server.port());
  if (!client) {
    state.SkipWithError(client.error().message.c_str());
    return;
  }
  bench::round_trips(state, client->get());
  state.SetItemsProcessed(state.iterations());
  if (traced) {
    probe.stop();
    std::lock_guard<std::mutex> hold(lock);
    state.counters["calls_seen"] = static_cast<double>(observer.calls());
    state.counters["records_lost"] = static_cast<double>(probe.dropped());
  }
  state.SetLabel(traced ? "traced by ioscope-cli trace's probe" : "not traced");
}

BENCHMARK(BM_TraceForeignEcho)->Arg(1)->Arg(0)->UseRealTime()->MinTime(1.0);

}  // namespace
}  // namespace ioscope
