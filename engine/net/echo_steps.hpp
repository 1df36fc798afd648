// The steps of a single-threaded echo server that are the same whatever tells it a socket is
// ready: take every waiting connection from the listener, give a ready connection one
// read-and-echo turn, close what is over. select, poll and the polling loop differ only in how
// they learn what is ready; keeping these steps here leaves each model's file to that lesson.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "net/echo_connection.hpp"
#include "net/fd.hpp"
#include "net/result.hpp"
#include "trace/clock.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

using EchoConnections = std::vector<std::unique_ptr<EchoConnection>>;

// Takes a freshly accepted descriptor; an Error ends the accept loop with that error.
using TakeAccepted = std::function<std::optional<Error>(Fd fd)>;

// Makes the listener O_NONBLOCK. Readiness is a hint that may be stale by the time we act on
// it, and the polling loop has no hint at all: an accept with nobody waiting must answer EAGAIN,
// not put the whole server to sleep.
std::optional<Error> make_listener_nonblocking(int listen_fd);

// accept4() on the non-blocking listener until its queue is empty (EAGAIN), handing each new
// O_NONBLOCK connection to take. A connection that failed while it waited in the queue
// (ECONNABORTED, EPROTO) or an interrupted call says nothing about the listener and is passed
// over; any other failure ends the loop with an error. lowest_fd: see traced_accept.
std::optional<Error> accept_pending(TraceWriter& w, int listen_fd, const TakeAccepted& take,
                                    int lowest_fd = 0);

// The usual take: the descriptor joins conns as an echo connection.
TakeAccepted add_to(EchoConnections& conns, const RealtimeToMonotonic* clock,
                    std::size_t message_size);

// One turn for a connection that may be ready: an echo still waiting for room goes out first and
// the connection is not read meanwhile (reading on would buffer without bound for a slow client);
// otherwise one read, echoed at once, and what does not fit waits for the next turn. EAGAIN on
// the read is "not yet", not an error. Returns false when the connection is over.
bool echo_once(TraceWriter& w, EchoConnection& c);

// Says whether a connection, at this position in the list when the round began, is ready.
using IsReady = std::function<bool(const EchoConnection& c, std::size_t position)>;

// Gives every connection that is_ready names one echo_once, and closes (traced) those that are
// over. Positions are counted as the list was when called, so a model can match each connection
// to its own entry in the array it handed the kernel.
void echo_ready(TraceWriter& w, EchoConnections& conns, const IsReady& is_ready);

// Closes every connection, traced, and empties the list: a model's last step before it returns.
void close_all(TraceWriter& w, EchoConnections& conns);

}  // namespace ioscope
