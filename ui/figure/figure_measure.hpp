// Stevens' figure 6.6 measured: from a run's trace, the two phases of one representative receive
// (phase 1, wait for data; phase 2, copy from kernel to user), with what the process was doing in
// each. Qt-free: the figure paints these numbers, the tests check them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "trace/trace_event.hpp"

namespace ioscope::ui {

class TraceDocument;

// How the process spent phase 1, read from the calls it made (not from the model's name).
enum class WaitStyle : std::uint8_t {
  InRecv,       // asleep inside the recvmsg that then copied (blocking)
  Polling,      // asked again and again, EAGAIN (non-blocking)
  InMultiplex,  // asleep in select / poll / epoll_wait, then recvmsg (multiplexing)
  Signal,       // free: a signal said "ready", then recvmsg (signal-driven)
  Submitted,    // free: a receive was submitted, the kernel waited and copied (io_uring)
};

struct PieceNs {
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
  std::int64_t ns() const { return t1 - t0; }
};

// One receive that returned data, in absolute CLOCK_MONOTONIC ns.
struct ReceiveMeasure {
  std::uint16_t track = 0;  // the buyer thread
  int fd = -1;
  std::uint32_t conn = 0;
  WaitStyle style = WaitStyle::InRecv;
  Sys wait_call = Sys::none;    // the call phase 1 was spent in (recvmsg, pselect6, epoll_wait...)
  Sys copy_call = Sys::none;    // the call phase 2's copy was done in; none: the kernel's own copy
  std::int64_t wait_begin = 0;  // phase 1 starts: the process began to wait or to ask
  std::int64_t ready = 0;       // the data reached the socket (KernelReady)
  std::int64_t copy_begin = 0;  // CopyBegin: the copy (or wake-up + copy) starts
  std::int64_t copy_end = 0;    // CopyEnd: the data is in the process's buffer
  std::int64_t told = -1;       // when the process learned (ready set, signal, completion), or -1
  bool ready_inferred = false;  // KernelReady not stamped by the kernel
  bool kernel_copy = false;     // the kernel copied for the process (io_uring)
  bool io_worker = false;       // ... on an io-wq worker rather than in the buyer's thread
  int eagain = 0;               // receives on this fd that came back EAGAIN in phase 1
  int signal_count = 0;         // signals (SIGIO) for this fd between the data and the copy
  std::int64_t work_ns = 0;     // useful work done in phase 1
  // Measured by the kernel probe (source Probe), when present: the thread woken until back on
  // a CPU, and the kernel's copy to user memory.
  std::optional<PieceNs> wakeup;
  std::optional<PieceNs> measured_copy;

  std::int64_t phase1_ns() const { return ready - wait_begin; }
  std::int64_t phase2_ns() const { return copy_end - ready; }
  // The data lay in the kernel before the process came for it (polling, a signal, a ready set):
  // the part of phase 2 before copy_begin.
  std::int64_t notice_ns() const { return copy_begin - ready; }
  std::int64_t copy_ns() const { return copy_end - copy_begin; }
  // Phase 1 was real: the process was waiting (or asking) before the data came.
  bool waited() const { return ready > wait_begin; }
};

// Every receive of the buyer's threads that returned data, in the order their copies ended.
// Receives whose phase-1 start cannot be told from the trace are left out (io_uring's first on a
// connection: its receive was armed at accept, in no traced trip into the kernel).
// io_uring's phase 1 starts at the last io_uring_enter after the connection's previous delivery
// and before any other data arrived: the submission, or a trip a few µs after it.
std::vector<ReceiveMeasure> measure_receives(const TraceDocument& doc);

// The one the figure draws: among the receives that waited, the median by phase 2 (ties: the
// earlier); when none waited, the median of all. Nothing when the run received nothing.
std::optional<ReceiveMeasure> representative_receive(const std::vector<ReceiveMeasure>& all);
inline std::optional<ReceiveMeasure> representative_receive(const TraceDocument& doc) {
  return representative_receive(measure_receives(doc));
}

// When the receives of m's phase 1 that came back EAGAIN began (polling: where the figure draws
// its ticks), at most `limit` of them, the earliest first.
std::vector<std::int64_t> eagain_times(const TraceDocument& doc, const ReceiveMeasure& m,
                                       std::size_t limit = 4096);

}  // namespace ioscope::ui
