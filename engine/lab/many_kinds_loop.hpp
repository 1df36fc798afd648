// One loop, many kinds of event: why registering interest with epoll is worth it.
//
// epoll watches descriptors, and Linux makes a descriptor of nearly anything a program waits
// for: a socket's data, a timer (timerfd), a signal (signalfd), a child's exit (pidfd). So one
// epoll_wait can wait for all of them at once, and the loop handles each in the order the kernel
// reports it ready, with no thread per kind of event and no signal handler. kqueue does the same
// on BSD with filters (EVFILT_READ, EVFILT_TIMER, EVFILT_SIGNAL, EVFILT_PROC) instead of
// descriptors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/result.hpp"
#include "net/stop_signal.hpp"

namespace ioscope {

enum class LoopSource { Socket, Timer, Signal, Process };

inline constexpr LoopSource kAllLoopSources[] = {LoopSource::Socket, LoopSource::Timer,
                                                 LoopSource::Signal, LoopSource::Process};

// "socket", "timerfd", "signalfd", "pidfd"
std::string_view loop_source_id(LoopSource s);

struct LoopEvent {
  LoopSource source = LoopSource::Socket;
  int fd = -1;
  int wait_call = 0;                // which epoll_wait returned it (1 = the first)
  std::int64_t since_start_ns = 0;  // when that epoll_wait returned, from the loop's start
  std::string what;                 // what was read from it: "1 byte", "SIGUSR1", ...
};

struct LoopSkip {
  LoopSource source = LoopSource::Socket;
  std::string reason;
};

struct ManyKindsResult {
  bool ran = false;
  std::vector<LoopEvent> events;  // in the order epoll_wait returned them
  std::vector<LoopSkip> skipped;  // sources this machine cannot offer (pidfd before Linux 5.3)
  int wait_calls = 0;
  std::int64_t timer_ns = 0;       // when the timerfd was armed to fire
  std::int64_t child_exit_ns = 0;  // how long after its fork the child exits (just before start)
};

inline constexpr std::int64_t kLoopTimerNs = 20'000'000;
inline constexpr std::int64_t kLoopChildExitNs = 10'000'000;

// One epoll instance waits on a loopback TCP socket (its peer sends a byte at the start), a
// timerfd armed for kLoopTimerNs, a signalfd for SIGUSR1 (raised at the start, at this thread
// alone) and a pidfd for a forked child that exits after kLoopChildExitNs (skipped, with the
// reason, where pidfd_open is missing). Each source is read when it fires and taken off the
// interest list, so each is reported once. SIGUSR1 is blocked in the calling thread only, for
// the loop's duration; on return every descriptor is closed, the child reaped and the signal
// mask restored. Gives up after 2 s; returns an error "cancelled" when stop is requested.
Result<ManyKindsResult> run_many_kinds_loop(const StopSignal& stop);

}  // namespace ioscope
