// Taking a connection from the listener, and giving it back at the end, as the trace sees it.
#pragma once

#include "net/fd.hpp"
#include "net/traced_io.hpp"

namespace ioscope {

class StopSignal;

// accept4() one connection. On success out holds it, ready for an echo server: TCP_NODELAY,
// kernel receive timestamps on, O_NONBLOCK if asked. Emits the call and an Accept event.
// lowest_fd > 0 (the high-fd bug, see ServerContext::lowest_fd): the new descriptor is moved to
// a number at or above it (a traced fcntl F_DUPFD_CLOEXEC and close of the old number) before
// anything else sees it; if it cannot be moved, the connection is closed and the errno returned.
// stop: when given and a failed call finds it requested, the failure was the run stopping (the
// listener shut down to wake the call): the end is marked flag::kStopping.
IoOutcome traced_accept(TraceWriter& w, int listen_fd, bool nonblocking, Fd& out, int lowest_fd = 0,
                        const StopSignal* stop = nullptr);

// An accept that failed for a reason that says nothing about the listener: the call is simply
// made again. Out of descriptors (EMFILE, ENFILE) is one of them: traced_accept has already turned
// that pending connection away (shed_pending_connection), so the others go on being served.
bool accept_error_is_transient(int err);

// Out of descriptors, a pending connection cannot be accepted, and a listener that stays ready
// would make a server spin: a descriptor kept in reserve is given up for a moment to accept the
// connection and close it at once (as nginx and libev do). True when one was turned away.
bool shed_pending_connection(int listen_fd);

// Keeps that reserve descriptor open while a server lives (servers that run at once share one):
// held by whoever runs a server, so no descriptor outlives the servers.
class AcceptReserve {
 public:
  AcceptReserve();
  ~AcceptReserve();
  AcceptReserve(const AcceptReserve&) = delete;
  AcceptReserve& operator=(const AcceptReserve&) = delete;
};

// The high-fd move on its own, traced, for a model that accepts by other means (io_uring).
// Returns 0 or the errno.
int traced_move_fd_up(TraceWriter& w, Fd& fd, int lowest_fd);

// Emits a Close event and closes fd (the close syscall, counted).
void traced_close(TraceWriter& w, Fd& fd, std::uint32_t conn);

}  // namespace ioscope
