#include "net/echo_steps.hpp"

#include <cerrno>

#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

std::optional<Error> make_listener_nonblocking(int listen_fd) {
  if (set_nonblocking(listen_fd, true)) return std::nullopt;
  return Error{"cannot make the listener non-blocking: " + errno_text(errno)};
}

std::optional<Error> accept_pending(TraceWriter& w, int listen_fd, const TakeAccepted& take,
                                    int lowest_fd) {
  for (;;) {
    Fd fd;
    const IoOutcome r = traced_accept(w, listen_fd, true, fd, lowest_fd);
    if (r.would_block()) return std::nullopt;
    if (r.n < 0) {
      if (accept_error_is_transient(r.err)) {
        if (r.err == EMFILE || r.err == ENFILE) return std::nullopt;  // shed; next readiness
        continue;
      }
      return Error{"accept4 failed: " + errno_text(r.err)};
    }
    if (auto error = take(std::move(fd))) return error;
  }
}

TakeAccepted add_to(EchoConnections& conns, const RealtimeToMonotonic* clock,
                    std::size_t message_size) {
  return [&conns, clock, message_size](Fd fd) -> std::optional<Error> {
    conns.push_back(std::make_unique<EchoConnection>(std::move(fd), clock, message_size));
    return std::nullopt;
  };
}

bool echo_once(TraceWriter& w, EchoConnection& c) {
  if (!c.has_pending_output()) {
    const IoOutcome r = c.read(w);
    if (r.would_block() || (r.n < 0 && r.err == EINTR)) return true;
    if (r.n <= 0) return false;
  }
  const IoOutcome f = c.flush(w);
  return f.n >= 0 || f.would_block();
}

void echo_ready(TraceWriter& w, EchoConnections& conns, const IsReady& is_ready) {
  std::size_t position = 0;
  for (auto it = conns.begin(); it != conns.end(); ++position) {
    EchoConnection& c = **it;
    if (!is_ready(c, position) || echo_once(w, c)) {
      ++it;
    } else {
      traced_close(w, c.socket(), c.conn());
      it = conns.erase(it);
    }
  }
}

void close_all(TraceWriter& w, EchoConnections& conns) {
  for (auto& c : conns) traced_close(w, c->socket(), c->conn());
  conns.clear();
}

}  // namespace ioscope
