// One run: a model serves on a fresh loopback listener, the factory drives it, and the trace
// flows into the hub. Cancel from any thread; the run then ends promptly with every fd and
// thread it made gone.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "lab/scenario.hpp"
#include "lab/thread_usage.hpp"
#include "net/socket_ops.hpp"
#include "net/stop_signal.hpp"
#include "probe/probe_events.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

struct LatencySummary {
  std::int64_t p50 = 0, p99 = 0, max = 0;
  std::uint64_t count = 0;
};

// What the kernel probe measured in a run, or why it did not.
struct ProbeReport {
  bool measured = false;  // the probe ran for the whole run
  std::string why_not;    // when not measured: the one-line reason (also "switched off")
  KernelEventCounts counts;
  // Every syscall of the process's threads (server and factory, not the probe's own), counted
  // in the kernel at raw_syscalls:sys_enter: what `strace -f -c` counts. By strace's names.
  std::map<std::string, std::uint64_t> syscalls;
  std::uint64_t dropped = 0;  // records the kernel had no room for
  // sys_enter hits the kernel skipped (a thread preempted inside the probe's program on that CPU
  // while another entered a syscall): the syscall counts may be this many short.
  std::uint64_t syscalls_missed = 0;
  std::vector<std::string> attached;
};

struct RunSummary {
  Scenario scenario;
  std::uint16_t port = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_verified = 0;
  std::uint64_t messages_verified = 0;
  // Echoes that never came back because the factory gave up on a server that stopped making
  // progress (et-no-drain does that on purpose): 0 otherwise. When > 0, error says
  // "N of M messages never came back: ...".
  std::uint64_t messages_missing = 0;
  TraceCounters counters;
  std::uint64_t dropped = 0;
  LatencySummary latency;
  std::vector<std::int64_t> latencies_ns;  // every verified message, in completion order
  ThreadUsage server_usage;                // all server threads together (see thread_usage.hpp)
  ProbeReport probe;
  std::int64_t duration_ns = 0;
  bool cancelled = false;
  std::string error;  // empty on success

  bool ok() const { return error.empty() && !cancelled; }
  // "kernel" when every kernel-ready time came from the kernel's own stamp, else "inferred".
  std::string kernel_ready_source() const;
};

LatencySummary summarize_latency(std::vector<std::int64_t> samples);

// How long the factory waits without any echo before it gives up: 10 s normally; under
// et-no-drain, which stalls on purpose, max(2 s, 3 x interval), so the lesson's run ends soon
// after its last message yet a slow schedule is not mistaken for a stall.
std::int64_t stall_timeout_ns(const Scenario& scenario);

// The server's listening socket on 127.0.0.1:port, as the bugs want it: SO_RCVBUF of
// kTinyRcvbufBytes before listen() (tiny-rcvbuf); moved to a descriptor at or above FD_SETSIZE
// (high-fd), after raising RLIMIT_NOFILE's soft limit to the hard limit, which must leave room
// for high_fds_needed descriptors up there (the listener and the connections it will accept).
Result<Listener> open_server_listener(std::uint16_t port, const Bugs& bugs, int high_fds_needed);

class Run {
 public:
  explicit Run(Scenario scenario) : scenario_(std::move(scenario)) {}

  // Runs to completion on the calling thread. The scenario must be valid (see validate()).
  RunSummary execute(TraceHub& hub);
  // Any thread, any moment, any number of times.
  void cancel() { stop_.request(); }

 private:
  Scenario scenario_;
  StopSignal stop_;
};

}  // namespace ioscope
