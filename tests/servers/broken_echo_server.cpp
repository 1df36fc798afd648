#include "broken_echo_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>

namespace ioscope::test {

namespace {

bool write_all(int fd, const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

BrokenEchoServer::BrokenEchoServer(FaultSpec spec) : spec_(spec) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("cannot listen on 127.0.0.1: errno " + std::to_string(errno));
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

BrokenEchoServer::~BrokenEchoServer() {
  stopping_.store(true);
  ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  acceptor_.join();
  {
    const std::lock_guard lock(mutex_);
    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);  // wakes each recv()
  }
  for (auto& t : threads_) t.join();
  for (int fd : fds_) ::close(fd);
  ::close(listen_fd_);
}

void BrokenEchoServer::accept_loop() {
  while (!stopping_.load()) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const std::lock_guard lock(mutex_);
    fds_.push_back(fd);
    threads_.emplace_back([this, fd] { serve(fd); });
  }
}

void BrokenEchoServer::serve(int fd) {
  std::vector<std::uint8_t> buf(64 * 1024);
  std::vector<std::uint8_t> held;  // SwapMessages: the first two messages, until both are here
  std::uint64_t offset = 0;        // stream offset of buf[0]
  bool swapped = false;
  for (;;) {
    // Slow: one message per read, so the delay is paid per message, not per batch.
    const std::size_t want =
        spec_.fault == Fault::Slow && spec_.message_size > 0 ? spec_.message_size : buf.size();
    const ssize_t got = ::recv(fd, buf.data(), want, want < buf.size() ? MSG_WAITALL : 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    auto n = static_cast<std::size_t>(got);
    const std::uint64_t end = offset + n;
    const std::uint8_t* out = buf.data();
    std::size_t out_len = n;
    switch (spec_.fault) {
      case Fault::None:
        break;
      case Fault::Slow:
        std::this_thread::sleep_for(spec_.delay);
        break;
      case Fault::FlipByte:
        if (spec_.at >= offset && spec_.at < end) buf[spec_.at - offset] ^= 0xff;
        break;
      case Fault::DropTail:
      case Fault::HangUp:
        if (end > spec_.at) out_len = offset >= spec_.at ? 0 : spec_.at - offset;
        break;
      case Fault::ExtraByte:
        if (offset < spec_.at && spec_.at <= end) {  // once, after byte at - 1
          buf.insert(buf.begin() + static_cast<std::ptrdiff_t>(spec_.at - offset), 0x5a);
          out = buf.data();
          out_len = n + 1;
        }
        break;
      case Fault::SwapMessages:
        if (!swapped) {
          held.insert(held.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
          out_len = 0;
          const std::size_t m = spec_.message_size;
          if (held.size() >= 2 * m) {
            std::swap_ranges(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(m),
                             held.begin() + static_cast<std::ptrdiff_t>(m));
            out = held.data();
            out_len = held.size();
            swapped = true;
          }
        }
        break;
    }
    if (out_len > 0 && !write_all(fd, out, out_len)) return;
    if (spec_.fault == Fault::ExtraByte && out_len == n + 1) buf.resize(64 * 1024);
    if (spec_.fault == Fault::HangUp && end >= spec_.at) {
      ::shutdown(fd, SHUT_RDWR);  // closed for the peer; the descriptor goes in the destructor
      return;
    }
    offset = end;
  }
}

}  // namespace ioscope::test
