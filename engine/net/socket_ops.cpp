#include "net/socket_ops.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/net_tstamp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>

#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ioscope {

std::string errno_text(int err) {
  return std::strerror(err);
}

std::string fd_limit_hint() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  return " (this process may have " + std::to_string(limit.rlim_cur) +
         " descriptors open at once: raise the limit with 'ulimit -n', or use fewer clients)";
}

namespace {

// Why a socket could not be made; out of descriptors, the limit and the way out.
std::string socket_error(int err) {
  std::string text = "cannot create a TCP socket: " + errno_text(err);
  if (err == EMFILE) text += fd_limit_hint();
  return text;
}

}  // namespace

Result<Listener> listen_loopback(std::uint16_t port, int backlog, int rcvbuf) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Error{socket_error(errno)};
  int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (rcvbuf > 0 && ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf) != 0)
    return Error{"cannot set SO_RCVBUF to " + std::to_string(rcvbuf) + ": " + errno_text(errno)};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return Error{"cannot bind 127.0.0.1:" + std::to_string(port) + ": " + errno_text(errno)};
  if (::listen(fd.get(), backlog) != 0) return Error{"cannot listen: " + errno_text(errno)};
  Listener l;
  l.port = local_port(fd.get());
  l.fd = std::move(fd);
  return l;
}

Result<Fd> connect_loopback(std::uint16_t port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Error{socket_error(errno)};
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  int rc;
  do {
    rc = ::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0)
    return Error{"cannot connect to 127.0.0.1:" + std::to_string(port) + ": " + errno_text(errno)};
  return fd;
}

static_assert(kHighFdFloor == FD_SETSIZE);

int move_fd_up(Fd& fd, int lowest) {
  if (fd.get() >= lowest) return 0;
  const int high = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, lowest);
  if (high < 0) return errno;
  fd.reset(high);
  return 0;
}

bool set_nonblocking(int fd, bool on) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0) return false;
  return ::fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK) == 0;
}

void set_nodelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static std::uint16_t port_of(int fd, bool peer) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return rc == 0 ? ntohs(addr.sin_port) : 0;
}

std::uint16_t local_port(int fd) {
  return port_of(fd, false);
}
std::uint16_t peer_port(int fd) {
  return port_of(fd, true);
}

bool enable_rx_timestamps(int fd) {
  int flags = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
  return ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof flags) == 0;
}

bool await_rx_timestamping(int keeper_fd, int timeout_ms) {
  enable_rx_timestamps(keeper_fd);
  Fd udp(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!udp) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(udp.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(udp.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
      !enable_rx_timestamps(udp.get()))
    return false;
  for (int waited = 0; waited <= timeout_ms; waited += 2) {
    const char probe = 'p';
    ::sendto(udp.get(), &probe, 1, 0, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    char byte;
    alignas(cmsghdr) unsigned char control[128];
    iovec iov{&byte, 1};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (::recvmsg(udp.get(), &msg, 0) == 1) {
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) return true;
    }
    ::usleep(2000);
  }
  return false;
}

std::string bound_address(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return "?";
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &addr.sin_addr, text, sizeof text);
  return std::string(text) + ":" + std::to_string(ntohs(addr.sin_port));
}

}  // namespace ioscope
