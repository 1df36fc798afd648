// Plain socket plumbing shared by every model and by the factory, with errors as values.
#pragma once

#include <cstdint>
#include <string>

#include "net/fd.hpp"
#include "net/result.hpp"

namespace ioscope {

struct Listener {
  Fd fd;
  std::uint16_t port = 0;
};

// Listens on 127.0.0.1 only; port 0 picks an ephemeral port. Never binds any other address.
// rcvbuf > 0 sets SO_RCVBUF before listen(): accepted sockets inherit it, and the window scale
// TCP offers in the handshake is chosen from it.
Result<Listener> listen_loopback(std::uint16_t port = 0, int backlog = 1024, int rcvbuf = 0);

// The first descriptor number select cannot watch (FD_SETSIZE): where the high-fd bug puts the
// server's sockets.
inline constexpr int kHighFdFloor = 1024;

// Moves fd to the lowest free number at or above lowest (fcntl F_DUPFD_CLOEXEC, then closes the
// old number). O_NONBLOCK and every socket option go along: they belong to the open socket, not
// to its number. Returns 0, or the errno (EMFILE: RLIMIT_NOFILE is at or below lowest).
int move_fd_up(Fd& fd, int lowest);

// A blocking TCP connection to 127.0.0.1:port.
Result<Fd> connect_loopback(std::uint16_t port);

// Out of descriptors (EMFILE): " (this process may have N descriptors open at once: raise the
// limit with 'ulimit -n', or use fewer clients)".
std::string fd_limit_hint();

bool set_nonblocking(int fd, bool on);
void set_nodelay(int fd);
std::uint16_t local_port(int fd);
std::uint16_t peer_port(int fd);

// Asks the kernel to stamp received data with its software receive time.
bool enable_rx_timestamps(int fd);

// The kernel turns receive stamping on for the whole system lazily (a deferred static key) once
// some socket asks for it. Call with a socket that keeps asking (the run's listener): waits, up
// to timeout_ms, until a datagram sent to ourselves on loopback comes back stamped, so the run's
// first messages are stamped too. Returns whether stamping works.
bool await_rx_timestamping(int keeper_fd, int timeout_ms = 200);

// The address a listening socket is bound to, as text ("127.0.0.1:41234").
std::string bound_address(int fd);

}  // namespace ioscope
