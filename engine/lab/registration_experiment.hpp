// Registering interest: epoll_ctl one by one vs a batched registration.
//
// Before epoll can say which descriptors are ready, it has to be told which ones to watch, and
// epoll's interface says it one descriptor per system call: N sockets, N epoll_ctl calls, N trips
// into the kernel. BSD's kqueue does not have to: kevent() takes a changelist, so N
// registrations can go in with the same call that waits. Linux gets that batch through io_uring:
// N IORING_OP_EPOLL_CTL entries in the submission queue, handed over with one io_uring_enter.
// This experiment registers the same N loopback TCP sockets both ways, counts the system calls
// each way makes, times them, and checks the kernel really took every registration.
//
// A second part (lab/many_kinds_loop.hpp) shows why the one waiting call is worth registering
// for: one epoll instance waits at once on four kinds of event, each turned into a descriptor: a
// socket (a byte from a peer), a timer (timerfd), a signal (signalfd) and a child's exit (pidfd).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lab/many_kinds_loop.hpp"
#include "lab/scan_experiment.hpp"  // FdCeiling, raise_fd_limit, parse_fd_counts
#include "net/result.hpp"
#include "net/stop_signal.hpp"

namespace ioscope {

inline constexpr int kMaxRegistrationRepeats = 1000;
inline constexpr int kMaxRegistrationFdCounts = 16;  // entries in one sweep
// Each registered socket is one end of a TCP connection on 127.0.0.1 whose other end holds an
// ephemeral port (28232 of them by default, shared with everything else running).
inline constexpr int kMaxRegistrationFds = 10'000;

struct RegistrationParams {
  std::vector<int> fds = {10, 100, 1000};  // N: sockets registered, one sweep point each
  int repeats = 5;                         // timed registrations per (way, N); the median is kept
  // Register through io_uring with one-shot IORING_OP_POLL_ADD even where IORING_OP_EPOLL_CTL
  // works: the fallback older kernels get, on demand (tests use it).
  bool force_poll_add = false;
};

enum class RegistrationWay { EpollCtl, IoUringBatch };

// "epoll_ctl", "io_uring": the ids the CLI and the JSON use.
std::string_view registration_way_id(RegistrationWay w);

// One (way, N) point.
struct RegistrationResult {
  RegistrationWay way = RegistrationWay::EpollCtl;
  int fds = 0;  // N
  int repeats = 0;
  bool skipped = false;
  std::string reason;  // why it was skipped; empty otherwise

  // The call or operation that carried each registration: "EPOLL_CTL_ADD" (through epoll_ctl),
  // "IORING_OP_EPOLL_CTL", or "IORING_OP_POLL_ADD" (the fallback: a one-shot poll per socket,
  // held by the ring instead of an epoll instance).
  std::string op;
  std::string op_note;  // why the fallback was used, when op is IORING_OP_POLL_ADD
  int syscalls = 0;     // system calls one registration of all N made (the most over the repeats)
  int sq_entries = 0;   // io_uring: the submission queue's size (so syscalls = ceil(N / it))
  NsSpread total_ns;    // registering all N, over the repeats
  std::int64_t ns_per_fd = 0;  // total_ns.median / N

  // The check, after every repeat: the kernel holds interest in every socket (`registered`,
  // counted from /proc/self/fdinfo of the epoll instance, or, for one-shot polls, from the polls
  // that fired when every peer sent a byte), and a byte sent by one peer wakes exactly that one
  // socket (`probe_fd`).
  int registered = 0;  // the fewest over the repeats
  int probe_fd = -1;
  bool effective = false;  // registered == N and the probe woke exactly probe_fd, every repeat
  std::string check;       // what the check saw, as a sentence
};

struct RegistrationReport {
  RegistrationParams params;
  FdCeiling ceiling;
  std::vector<RegistrationResult> results;  // for each N: epoll_ctl, then io_uring
  ManyKindsResult loop;
  bool cancelled = false;
  std::string error;  // empty on success

  bool ok() const { return error.empty() && !cancelled; }
};

// Names the first thing wrong with the parameters on a machine with this ceiling, or nothing.
// Each registered socket has a connected peer: N needs 2N descriptors under the ceiling.
std::optional<Error> validate(const RegistrationParams& p, const FdCeiling& ceiling);

// Runs the experiment on the calling thread: raises RLIMIT_NOFILE (raise_fd_limit), then for
// each N opens N connected pairs, measures both ways on them, closes them, and hands each result
// to on_result (same thread) as soon as it is known; then runs the many-kinds loop (about 20 ms).
// SIGUSR1 is blocked in the calling thread during the loop only, and raised at that thread
// alone. Returns promptly once stop is requested (checked between steps), with every
// descriptor it opened closed and its child reaped. Invalid parameters come back as the
// report's error.
RegistrationReport run_registration(
    const RegistrationParams& params, const StopSignal& stop,
    const std::function<void(const RegistrationResult&)>& on_result = {});

}  // namespace ioscope
