// Taking a connection from the listener, and giving it back at the end, as the trace sees it.
#pragma once

#include "net/fd.hpp"
#include "net/traced_io.hpp"

namespace ioscope {

// accept4() one connection. On success out holds it, ready for an echo server: TCP_NODELAY,
// kernel receive timestamps on, O_NONBLOCK if asked. Emits the call and an Accept event.
IoOutcome traced_accept(TraceWriter& w, int listen_fd, bool nonblocking, Fd& out);

// Emits a Close event and closes fd (the close syscall, counted).
void traced_close(TraceWriter& w, Fd& fd, std::uint32_t conn);

}  // namespace ioscope
