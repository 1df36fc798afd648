#include "net/traced_io.hpp"

#include <linux/errqueue.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>

namespace ioscope {

namespace {

// The kernel's software receive stamp (CLOCK_REALTIME), or 0 when the message carries none.
std::int64_t kernel_stamp(const msghdr& msg) {
  for (cmsghdr* c = CMSG_FIRSTHDR(const_cast<msghdr*>(&msg)); c != nullptr;
       c = CMSG_NXTHDR(const_cast<msghdr*>(&msg), c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) {
      scm_timestamping ts;
      std::copy_n(CMSG_DATA(c), sizeof ts, reinterpret_cast<unsigned char*>(&ts));
      const std::int64_t ns = std::int64_t{ts.ts[0].tv_sec} * 1'000'000'000 + ts.ts[0].tv_nsec;
      if (ns != 0) return ns;
    }
  }
  return 0;
}

}  // namespace

std::int64_t emit_data_arrival(TraceWriter& w, const msghdr& msg, int fd, long n, const RxInfo& rx,
                               std::int64_t call_begin, std::int64_t call_end, bool kernel_copy) {
  const std::int64_t stamp = kernel_stamp(msg);
  std::uint8_t flags = 0;
  std::int64_t ready;
  if (stamp != 0 && rx.clock != nullptr) {
    ++w.counters().kernel_stamped;
    // The realtime->monotonic conversion can be off by a fraction of a microsecond; the data
    // cannot have been ready after the call that returned it, so clamp to that bound.
    ready = std::min(rx.clock->to_monotonic(stamp), call_end);
  } else {
    // No stamp: all we know is that the data was there when the call returned.
    ++w.counters().kernel_inferred;
    flags |= flag::kInferred;
    ready = call_end;
  }
  const std::uint64_t last_byte = rx.stream_offset + static_cast<std::uint64_t>(n) - 1;
  TraceEvent e;
  e.kind = EventKind::KernelReady;
  e.lane = Lane::Shopkeeper;
  e.t_ns = ready;
  e.fd = fd;
  e.conn = rx.conn;
  e.value = n;
  e.aux = rx.message_size > 0 ? static_cast<std::int64_t>(last_byte / rx.message_size) : -1;
  e.flags = flags;
  w.record(e);

  const bool waited = ready > call_begin;
  TraceEvent copy;
  copy.kind = EventKind::CopyBegin;
  copy.t_ns = waited ? ready : call_begin;
  copy.fd = fd;
  copy.conn = rx.conn;
  copy.value = n;
  copy.flags = static_cast<std::uint8_t>((waited ? flag::kWaited : 0) |
                                         (kernel_copy ? flag::kKernelCopy : 0));
  w.record(copy);
  copy.kind = EventKind::CopyEnd;
  copy.t_ns = call_end;
  w.record(copy);
  return ready;
}

IoOutcome traced_recvmsg(TraceWriter& w, int fd, void* buf, std::size_t len, const RxInfo& rx) {
  alignas(cmsghdr) unsigned char control[kRxControlSize];
  iovec iov{buf, len};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (w.enabled()) {  // untraced, no stamp was asked for
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
  }

  const bool traced = w.enabled();  // untraced, no clock is read either
  const std::int64_t begin = traced ? now_ns() : 0;
  w.syscall_begin(Sys::recvmsg, fd, begin);
  const long n = ::recvmsg(fd, &msg, 0);
  const int err = n < 0 ? errno : 0;
  const std::int64_t end = traced ? now_ns() : 0;
  w.syscall_end(Sys::recvmsg, fd, n, err, end);
  if (n > 0 && traced)
    emit_data_arrival(w, msg, fd, n, rx, begin, end, false);
  else if (n > 0)
    ++w.counters().kernel_inferred;  // as when no stamp came: none was asked for
  return {n, err};
}

IoOutcome traced_send(TraceWriter& w, int fd, const void* buf, std::size_t len) {
  w.syscall_begin(Sys::sendto, fd);
  const long n = ::send(fd, buf, len, MSG_NOSIGNAL);
  const int err = n < 0 ? errno : 0;
  w.syscall_end(Sys::sendto, fd, n, err);
  return {n, err};
}

}  // namespace ioscope
