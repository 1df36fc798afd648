#include "lab/scan_pool.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string>

namespace ioscope {

namespace {

Result<Fd> udp_socket() {
  Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    const int err = errno;
    std::string why = "cannot open a UDP socket: " + errno_text(err);
    if (err == EMFILE) why += " (RLIMIT_NOFILE reached)";
    return Error{why};
  }
  return fd;
}

// Bound to an ephemeral port on 127.0.0.1 and connected to that same address, so send() on it
// delivers to itself: one descriptor that is both the writer and the reader of the chain.
std::optional<Error> make_self_connected(int fd) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return Error{"cannot bind a UDP socket to 127.0.0.1: " + errno_text(errno) +
                 " (each active descriptor needs a free loopback port)"};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return Error{"getsockname failed: " + errno_text(errno)};
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return Error{"cannot connect a UDP socket to its own address: " + errno_text(errno)};
  return std::nullopt;
}

}  // namespace

Result<ScanPool> ScanPool::open(int n, int active, const StopSignal& stop) {
  if (n < 1 || active < 1 || active > n)
    return Error{"a scan pool needs 1 <= active <= descriptors, not " + std::to_string(active) +
                 " of " + std::to_string(n)};
  ScanPool pool;
  pool.sockets_.reserve(static_cast<std::size_t>(n));
  pool.fds_.reserve(static_cast<std::size_t>(n));
  // Active slot j sits at the middle of the j-th of k equal stretches. Where the ready ones sit
  // matters to select and poll: until a call finds its first ready descriptor, it also queues
  // itself on each descriptor it examines (to be woken if it must sleep); after that it stops.
  // Evenly spread is the fair middle between "first" (cheapest) and "last" (dearest).
  std::vector<bool> is_active(static_cast<std::size_t>(n), false);
  for (int j = 0; j < active; ++j) {
    const long long at = (2LL * j + 1) * n / (2LL * active);
    is_active[static_cast<std::size_t>(at)] = true;
  }
  for (int i = 0; i < n; ++i) {
    if ((i & 255) == 0 && stop.requested()) return Error{"cancelled"};
    auto fd = udp_socket();
    if (!fd) return fd.error();
    if (is_active[static_cast<std::size_t>(i)]) {
      if (auto err = make_self_connected(fd->get())) return *err;
      pool.active_.push_back(fd->get());
    }
    pool.fds_.push_back(fd->get());
    pool.sockets_.push_back(std::move(*fd));
  }
  // The kernel hands out the lowest free number, but another thread may close one meanwhile:
  // sort, so "ascending" holds and max_fd() is the highest.
  std::sort(pool.fds_.begin(), pool.fds_.end());
  pool.slot_of_fd_.assign(static_cast<std::size_t>(pool.max_fd()) + 1, -1);
  for (std::size_t j = 0; j < pool.active_.size(); ++j)
    pool.slot_of_fd_[static_cast<std::size_t>(pool.active_[j])] = static_cast<int>(j);
  return pool;
}

std::optional<Error> ScanPool::send_token(int slot) {
  const int fd = active_[static_cast<std::size_t>(slot)];
  const char token = 'e';  // bench.c writes an 'e' too
  ssize_t n;
  do {
    n = ::send(fd, &token, 1, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n != 1)
    return Error{"cannot send a byte to UDP socket fd " + std::to_string(fd) + ": " +
                 errno_text(n < 0 ? errno : EIO)};
  return std::nullopt;
}

std::optional<Error> ScanPool::prime() {
  for (int j = 0; j < active_count(); ++j)
    if (auto err = send_token(j)) return err;
  return std::nullopt;
}

std::optional<Error> ScanPool::pass_on() {
  const int k = active_count();
  for (int j = 0; j < k; ++j)
    if (auto err = send_token((j + 1) % k)) return err;
  return std::nullopt;
}

std::optional<Error> ScanPool::take(int fd) {
  if (!is_active(fd))
    return Error{"fd " + std::to_string(fd) +
                 " came back ready but is one of the idle descriptors"};
  char buf[16];
  ssize_t n;
  do {
    n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n != 1)
    return Error{"fd " + std::to_string(fd) + " came back ready but holds no byte to read (" +
                 (n < 0 ? errno_text(errno) : std::to_string(n) + " bytes") + ")"};
  return std::nullopt;
}

}  // namespace ioscope
