#include "net/traced_accept.hpp"

#include <fcntl.h>
#include <sys/socket.h>

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <thread>

#include "net/socket_ops.hpp"
#include "net/stop_signal.hpp"

namespace ioscope {

namespace {

// The reserve descriptor, shared by the servers running (several may run at once: a race).
std::mutex reserve_lock;
int reserve_fd = -1;
int reserve_holders = 0;

}  // namespace

AcceptReserve::AcceptReserve() {
  std::lock_guard<std::mutex> hold(reserve_lock);
  if (reserve_holders++ == 0 && reserve_fd < 0)
    reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

AcceptReserve::~AcceptReserve() {
  std::lock_guard<std::mutex> hold(reserve_lock);
  if (--reserve_holders == 0 && reserve_fd >= 0) {
    ::close(reserve_fd);
    reserve_fd = -1;
  }
}

bool accept_error_is_transient(int err) {
  switch (err) {
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EMFILE:
    case ENFILE:
      return true;
    default:
      return false;
  }
}

bool shed_pending_connection(int listen_fd) {
  std::lock_guard<std::mutex> hold(reserve_lock);
  if (reserve_fd < 0) {
    // No reserve to give up (not yet made, or taken since): wait a moment instead of spinning.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return false;
  }
  ::close(reserve_fd);
  const int pending = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (pending >= 0) ::close(pending);
  reserve_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (reserve_holders == 0 && reserve_fd >= 0) {  // the server holding it ended meanwhile
    ::close(reserve_fd);
    reserve_fd = -1;
  }
  return pending >= 0;
}

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
  if (accepted < 0) {
    if (err == EMFILE || err == ENFILE) {
      // Out of descriptors: the connection is turned away, and the trace says why.
      shed_pending_connection(listen_fd);
      w.error(listen_fd, err, 0);
    }
    return {-1, err};
  }
  out.reset(accepted);
  if (const int move_err = traced_move_fd_up(w, out, lowest_fd); move_err != 0) {
    out.reset();
    return {-1, move_err};
  }
  const int fd = out.get();
  set_nodelay(fd);
  if (w.enabled()) enable_rx_timestamps(fd);
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
