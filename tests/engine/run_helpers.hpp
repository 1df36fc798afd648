// Shared by the engine tests: run a scenario for real and get its summary and its whole trace,
// sorted by time, plus small queries over the trace; or act in the middle of a run, or call a
// model's serve() directly, and check that a cancelled run leaves nothing behind.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <string>

#include "../test_process.hpp"
#include "../test_scenario.hpp"
#include "lab/run.hpp"
#include "lab/scan_experiment.hpp"
#include "models/model.hpp"
#include "net/socket_ops.hpp"
#include "net/stop_signal.hpp"
#include "trace/clock.hpp"
#include "trace/trace_event.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope::test {

struct TracedRun {
  RunSummary summary;
  std::vector<TraceEvent> events;   // sorted by t_ns (stable: same-time events keep ring order)
  std::vector<TraceEvent> arrival;  // as drained: each thread's events in the order it made them
};

// Runs the scenario on a thread while draining the trace (so nothing is dropped).
TracedRun run_traced(const Scenario& scenario);

// Events of the buyer lane, in time order, that match pred.
std::vector<TraceEvent> select_events(const TracedRun& run,
                                      const std::function<bool(const TraceEvent&)>& pred);

// A SyscallBegin and its SyscallEnd, paired per buyer track.
struct Call {
  TraceEvent begin;
  TraceEvent end;
};
std::vector<Call> calls(const TracedRun& run, Sys sys);

// A descriptor ceiling for tests of the experiments' parameter checks.
inline FdCeiling ceiling_of(int max_fds) {
  FdCeiling c;
  c.max_fds = max_fds;
  c.why = "test ceiling";
  return c;
}

// The one result of an experiment's report that matches, or a test failure naming what was
// looked for (and a default result, so the caller's checks fail rather than crash).
template <typename Result, typename Match>
const Result& result_where(const std::vector<Result>& results, Match match,
                           const std::string& what) {
  for (const auto& r : results)
    if (match(r)) return r;
  static const Result none{};
  ADD_FAILURE() << "no result for " << what;
  return none;
}

// Every select scan of the run, against what the trace says the server watched then (listener,
// stop signal, open connections): nfds at least one past the highest, more than the number
// watched (0, 1 and 2 are walked too), within the fd_set, no more ready than examined; and some
// scan watched all `clients` connections at once.
void expect_select_scans_walk_to_the_highest(const TracedRun& run, int clients);

// For every read that returned data on fd F, a buyer event that `told` accepts at a time in
// (the previous data-returning read on F began, limit(this read)]: what told the process that
// F was ready. The first read of each connection is skipped when first_is_free (sigio reads a
// new connection once unasked: data that came before it asked for signals raised none).
void expect_told_before_each_read(const TracedRun& run,
                                  const std::function<bool(const TraceEvent&)>& told,
                                  const std::function<std::int64_t(const Call&)>& limit,
                                  bool first_is_free);

// A receive that brought data, whoever made it: the KernelReady (phase 1 over), the copy span
// (phase 2), and the data-returning recvmsg it happened in when the process made one (none for
// io_uring, where the kernel receives). Each receive emits, for its fd and in this order, one
// KernelReady, one CopyBegin and one CopyEnd; per fd they come in time order, so the i-th of each
// (and the i-th recvmsg with data, if the process reads itself) belong together. Counts that do
// not match are a test failure.
struct Receive {
  TraceEvent ready;
  TraceEvent copy_begin;
  TraceEvent copy_end;
  std::optional<Call> call;
};
std::vector<Receive> receives(const TracedRun& run);

// The receives made by the process's own recvmsg, sorted by the call's start.
struct DataRead {
  Call call;
  TraceEvent ready;
  TraceEvent copy_begin;
  TraceEvent copy_end;
};
std::vector<DataRead> data_reads(const TracedRun& run);

// Whether the process was already waiting for the data of its reads when the data reached the
// kernel (the kernel's own stamp): waiting in the read itself (blocking: wait_sys = recvmsg) or
// in the wait that announced it (select: wait_sys = pselect6, the last one the read's thread
// began before the read). A thread that is still busy with the previous message when the next
// one arrives (its echo, or the machine's other work) cannot be waiting for it yet, whatever its
// model; so only reads whose thread had come back from the call before that wait (on the same
// track) before the data arrived are counted: those had nothing to do but wait. Reads with no
// call before their wait on the track, and reads without a kernel stamp, are not counted.
struct RecvWaits {
  int counted = 0;  // stamped reads whose thread was free before the data arrived
  int waited = 0;   // of those, the ones whose wait began before the data arrived
};
RecvWaits recv_waits(const TracedRun& run, Sys wait_sys = Sys::recvmsg);

// The io_uring completions (Notify from io_uring_enter, aux = fd), per fd in time order.
std::map<int, std::vector<TraceEvent>> completions(const TracedRun& run);
std::uint64_t bytes_in(const std::vector<DataRead>& reads);

// The thundering-herd bug's wake-ups, counted from the trace.
struct HerdCount {
  std::set<std::uint16_t> watching_tracks;  // buyer tracks that put the listener on their list
  int listener_wakeups = 0;                 // epoll_wait returns followed by an accept attempt
  int accepted = 0;                         // accept4 calls that got a connection
  int came_up_empty = 0;                    // accept4 calls that found the queue empty
};

// Per buyer track, in the order the thread made its events: a wait that returned and then tried
// accept4 before waiting again was a wake-up by the listener.
HerdCount count_herd(const TracedRun& run);

// Drains hub into events every millisecond until reached() holds (true) or limit passes
// (false). A thread's events arrive in its program order, so the trace says where each server
// thread is now.
bool drain_until(TraceHub& hub, std::vector<TraceEvent>& events,
                 const std::function<bool()>& reached,
                 std::chrono::milliseconds limit = std::chrono::seconds(5));

// A run on a thread of its own, for tests that act while it is under way; its trace is drained
// into events() while the test waits. Destroying it cancels a run still going and joins it, so
// even a failed test leaves no thread behind.
class BackgroundRun {
 public:
  explicit BackgroundRun(const Scenario& scenario);
  ~BackgroundRun();
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  // As drain_until above, and gives up as soon as the run has ended.
  bool drain_until(const std::function<bool()>& reached,
                   std::chrono::milliseconds limit = std::chrono::seconds(5));
  void cancel() { run_.cancel(); }
  // Drains until the run ends or limit passes; once it has ended, joins its thread and drains
  // the rest. Returns whether it ended.
  bool wait_for_end(std::chrono::milliseconds limit = std::chrono::seconds(5));
  bool ended() const { return done_.load(); }
  // Set once wait_for_end() returned true.
  const RunSummary& summary() const { return summary_; }
  const std::vector<TraceEvent>& events() const { return events_; }

 private:
  Run run_;
  TraceHub hub_;
  RunSummary summary_;
  std::atomic<bool> done_{false};
  std::vector<TraceEvent> events_;
  std::thread engine_;
};

// Cancels the run and expects it to end within 2 s (waiting at most 5 s), marked cancelled and
// with no error.
void expect_prompt_cancel(BackgroundRun& run);

// Starts a slow run of model (4 clients), cancels it once every client has had an echo, and
// expects it to stop promptly and leave no descriptor and no thread behind.
void expect_clean_cancel_mid_run(const char* model);

// What a model's serve() needs when a test calls it directly, without a Run: a listener on
// 127.0.0.1 (check listener.ok() first), a trace hub, a stop signal, a clock, and the context
// that points at them.
struct ServerSetup {
  ServerSetup();
  ServerSetup(const ServerSetup&) = delete;
  ServerSetup& operator=(const ServerSetup&) = delete;

  Result<Listener> listener = listen_loopback(0);
  TraceHub hub;
  StopSignal stop;
  RealtimeToMonotonic clock;
  ServerContext ctx;
};

}  // namespace ioscope::test
