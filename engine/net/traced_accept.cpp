#include "net/traced_accept.hpp"

#include <sys/socket.h>

#include <cerrno>

#include "net/socket_ops.hpp"

namespace ioscope {

IoOutcome traced_accept(TraceWriter& w, int listen_fd, bool nonblocking, Fd& out) {
  w.syscall_begin(Sys::accept4, listen_fd);
  const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0));
  const int err = fd < 0 ? errno : 0;
  w.syscall_end(Sys::accept4, listen_fd, fd, err);
  if (fd < 0) return {-1, err};
  out.reset(fd);
  set_nodelay(fd);
  enable_rx_timestamps(fd);
  TraceEvent e;
  e.t_ns = now_ns();
  e.kind = EventKind::Accept;
  e.fd = fd;
  e.conn = peer_port(fd);
  w.record(e);
  return {fd, 0};
}

void traced_close(TraceWriter& w, Fd& fd, std::uint32_t conn) {
  if (!fd) return;
  TraceEvent e;
  e.t_ns = now_ns();
  e.kind = EventKind::Close;
  e.fd = fd.get();
  e.conn = conn;
  w.record(e);
  const int raw = fd.get();
  w.syscall_begin(Sys::close, raw);
  fd.reset();
  w.syscall_end(Sys::close, raw, 0, 0);
}

}  // namespace ioscope
