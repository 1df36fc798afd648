// The data path's syscalls, each wrapped so it leaves its trace: the call's begin and end, and
// for data that arrived, when the kernel had it (phase 1 over) and the copy to user (phase 2).
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

#include "trace/clock.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

struct IoOutcome {
  long n = 0;   // bytes, 0 at end of stream, -1 on error
  int err = 0;  // errno when n < 0
  bool would_block() const { return n < 0 && (err == EAGAIN || err == EWOULDBLOCK); }
};

// Room for the kernel's receive timestamp in a recvmsg control buffer.
inline constexpr std::size_t kRxControlSize = 128;

// What a receive needs to describe the data it got.
struct RxInfo {
  const RealtimeToMonotonic* clock = nullptr;
  std::uint32_t conn = 0;           // the peer's port
  std::uint64_t stream_offset = 0;  // bytes of this connection read before this call
  std::size_t message_size = 0;     // 0 when unknown: no message index
};

// recvmsg(fd) with the kernel receive timestamp; emits SyscallBegin/End and, when data came,
// KernelReady, CopyBegin and CopyEnd.
IoOutcome traced_recvmsg(TraceWriter& w, int fd, void* buf, std::size_t len, const RxInfo& rx);

// send(fd) (the kernel's sendto), never raising SIGPIPE.
IoOutcome traced_send(TraceWriter& w, int fd, const void* buf, std::size_t len);

// For data the kernel received on our behalf (io_uring): reads the timestamp from msg's control
// buffer and emits KernelReady and the copy span [copy_begin, copy_end]. kernel_copy marks the
// copy as the kernel's. Returns the kernel-ready time.
std::int64_t emit_data_arrival(TraceWriter& w, const msghdr& msg, int fd, long n,
                               const RxInfo& rx, std::int64_t call_begin, std::int64_t call_end,
                               bool kernel_copy);

}  // namespace ioscope
