// One fixed-size record per thing that happened during a run. The producer writes these and
// nothing else; every name, label and unit is attached later by the consumer (sinks, UI).
#pragma once

#include <cstdint>
#include <type_traits>

namespace ioscope {

enum class EventKind : std::uint8_t {
  SyscallBegin,  // sys, fd
  SyscallEnd,    // sys, fd, value = result, err = errno (EAGAIN is a wasted call)
  KernelReady,   // data reached the socket's kernel buffer; value = bytes read, aux = message index
  CopyBegin,     // phase 2 starts (for a call that waited: the wake-up, then the copy)
  CopyEnd,       // phase 2 ends; value = bytes copied
  Notify,        // a ready set came back, a signal arrived, a completion was reaped; value = ready
  Scan,          // a readiness call looked at aux descriptors and found value ready
  ClientSend,    // the factory sent message aux at t_ns; value = its intended send time
  ClientRecv,    // the factory got message aux's echo back whole; value = latency in ns
  Work,          // useful work; value = units done, aux = duration in ns
  Accept,        // a connection was accepted; fd = new descriptor, conn = peer port
  Close,         // a connection ended; fd, conn
  Error,         // something went wrong on fd; err = errno
  // Measured in the kernel by the eBPF probe (source Probe), each on the thread it happened on:
  DataQueued,     // data queued on the socket (sock:sk_data_ready); value = bytes readable
  Wakeup,         // a sleeping buyer thread made runnable until it was back on a CPU
                  // (sched_waking -> sched_switch); aux = duration, value = the waker's tid
  KernelCopy,     // the copy to user (skb_copy_datagram_iovec -> sock_recv_length);
                  // aux = duration, value = bytes; kKernelCopy: outside a receive call of ours
  UringArm,       // io_uring armed its internal poll for a request (io_uring_poll_arm)
  UringTaskWork,  // io_uring queued task_work for the ring's thread (io_uring_task_add)
  UringWorker,    // io_uring handed a request to an io-wq worker (io_uring_queue_async_work)
  UringComplete,  // io_uring posted a completion (io_uring_complete); value = res
};
inline constexpr int kEventKindCount = 20;

// Syscalls under the names the kernel (and strace) knows them by.
enum class Sys : std::uint8_t {
  none,
  accept4,
  recvmsg,
  recvfrom,
  sendto,
  select,
  pselect6,
  poll,
  epoll_wait,
  epoll_ctl,
  io_uring_enter,
  rt_sigtimedwait,
  fcntl,
  close,
  // The calls other programs make that ioscope's models do not (ioscope-cli trace draws them).
  read,
  write,
  accept,
  sendmsg,
  ppoll,
  epoll_pwait,
};
inline constexpr int kSysCount = 20;

// Which row of the picture an event belongs to.
enum class Lane : std::uint8_t {
  Buyer,       // the process's threads
  Shopkeeper,  // the kernel
  Factory,     // the peer: one track per client
};

namespace flag {
inline constexpr std::uint8_t kInferred = 1 << 0;    // KernelReady not stamped by the kernel
inline constexpr std::uint8_t kWaited = 1 << 1;      // phase 2 includes the wake-up after waiting
inline constexpr std::uint8_t kOverflow = 1 << 2;    // signal queue overflowed: SIGIO, rescan
inline constexpr std::uint8_t kKernelCopy = 1 << 3;  // the kernel did the copy (io_uring)
inline constexpr std::uint8_t kIoWorker = 1 << 6;    // done on an io-wq worker thread
// A SyscallEnd that failed because the run was stopping: the server shut its own socket down to
// wake the call (blocking accept4 -> EINVAL). The shop closing, not a failure.
inline constexpr std::uint8_t kStopping = 1 << 7;
inline constexpr std::uint8_t kSourceMask = 3 << 4;  // bits 4-5: the Source
}  // namespace flag

// Who produced an event. Every source feeds the same trace (one merge orders them by time);
// consumers look at the source only to say how a time was measured.
enum class Source : std::uint8_t {
  Engine = 0,    // the engine's own recorder, in user space
  Probe = 1,     // the eBPF kernel probe, stamped in the kernel
  Imported = 2,  // read from a file (a recording, a log)
};

struct TraceEvent {
  std::int64_t t_ns = 0;  // CLOCK_MONOTONIC
  std::int64_t value = 0;
  std::int64_t aux = 0;
  std::int32_t fd = -1;
  std::uint16_t track = 0;  // thread index within the lane (buyer thread, client number)
  std::uint16_t err = 0;
  EventKind kind = EventKind::Work;
  Lane lane = Lane::Buyer;
  Sys sys = Sys::none;
  std::uint8_t flags = 0;
  std::uint32_t conn = 0;  // the connection, named by the client's port number (0: none)
};

inline Source source_of(const TraceEvent& e) {
  return static_cast<Source>((e.flags & flag::kSourceMask) >> 4);
}
inline void set_source(TraceEvent& e, Source s) {
  e.flags = static_cast<std::uint8_t>((e.flags & ~flag::kSourceMask) |
                                      (static_cast<std::uint8_t>(s) << 4));
}

static_assert(sizeof(TraceEvent) == 40, "TraceEvent must stay small and fixed");
static_assert(std::is_trivially_copyable_v<TraceEvent>);

const char* to_string(EventKind kind);
const char* to_string(Sys sys);
const char* to_string(Lane lane);
const char* to_string(Source source);

}  // namespace ioscope
