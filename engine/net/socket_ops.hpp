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
Result<Listener> listen_loopback(std::uint16_t port = 0, int backlog = 1024);

// A blocking TCP connection to 127.0.0.1:port.
Result<Fd> connect_loopback(std::uint16_t port);

bool set_nonblocking(int fd, bool on);
void set_nodelay(int fd);
std::uint16_t local_port(int fd);
std::uint16_t peer_port(int fd);

// Asks the kernel to stamp received data with its software receive time.
bool enable_rx_timestamps(int fd);

// The address a listening socket is bound to, as text ("127.0.0.1:41234").
std::string bound_address(int fd);

}  // namespace ioscope
