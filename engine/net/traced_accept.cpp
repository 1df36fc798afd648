#include "net/traced_accept.hpp"

#include <fcntl.h>
#include <sys/socket.h>

#include <cerrno>

#include "net/socket_ops.hpp"
#include "net/stop_signal.hpp"

namespace ioscope {

int traced_move_fd_up(TraceWriter& w, Fd& fd, int lowest_fd) {
  if (lowest_fd <= 0 || fd.get() >= lowest_fd) return 0;
  // As socket_ops' move_fd_up, one syscall at a time so each shows on the timeline.
  const int low = fd.get();
  w.syscall_begin(Sys::fcntl, low);
  const int high = ::fcntl(low, F_DUPFD_CLOEXEC, lowest_fd);
  const int err = high < 0 ? errno : 0;
  w.syscall_end(Sys::fcntl, low, high, err);
  if (high < 0) return err;
  w.syscall_begin(Sys::close, low);
  fd.reset(high);
  w.syscall_end(Sys::close, low, 0, 0);
  return 0;
}

IoOutcome traced_accept(TraceWriter& w, int listen_fd, bool nonblocking, Fd& out, int lowest_fd,
                        const StopSignal* stop) {
  w.syscall_begin(Sys::accept4, listen_fd);
  const int accepted =
      ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0));
  const int err = accepted < 0 ? errno : 0;
  const bool stopping = accepted < 0 && stop && stop->requested();
  w.syscall_end(Sys::accept4, listen_fd, accepted, err, now_ns(),
                stopping ? flag::kStopping : std::uint8_t{0});
  if (accepted < 0) return {-1, err};
  out.reset(accepted);
  if (const int move_err = traced_move_fd_up(w, out, lowest_fd); move_err != 0) {
    out.reset();
    return {-1, move_err};
  }
  const int fd = out.get();
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
