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

// The high-fd move on its own, traced, for a model that accepts by other means (io_uring).
// Returns 0 or the errno.
int traced_move_fd_up(TraceWriter& w, Fd& fd, int lowest_fd);

// Emits a Close event and closes fd (the close syscall, counted).
void traced_close(TraceWriter& w, Fd& fd, std::uint32_t conn);

}  // namespace ioscope
