#include "load_connection.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "message_pattern.hpp"

namespace ioscope::load {

std::int64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

LoadConnection::LoadConnection(std::uint32_t id, int fd, std::size_t message_size)
    : id_(id), fd_(fd), message_size_(message_size) {}

LoadConnection::~LoadConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void LoadConnection::queue_message(std::int64_t intended_ns) {
  if (out_head_ == out_.size()) {  // all sent: start the buffer over rather than grow it
    out_.clear();
    out_head_ = 0;
  }
  const std::size_t at = out_.size();
  out_.resize(at + message_size_);
  fill_pattern(id_, queued_, std::span(out_).subspan(at));
  queued_ += message_size_;
  intended_.push_back(intended_ns);
}

bool LoadConnection::flush() {
  while (!failed() && written_ < queued_) {
    const ssize_t n = ::send(fd_, out_.data() + out_head_, out_.size() - out_head_, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
      fail("cannot send at " + where(written_) + ": " + std::strerror(errno));
      return false;
    }
    out_head_ += static_cast<std::size_t>(n);  // a short write: the rest goes on the next call
    written_ += static_cast<std::uint64_t>(n);
  }
  return !failed();
}

LoadConnection::Received LoadConnection::receive(std::span<std::uint8_t> scratch,
                                                 std::vector<std::int64_t>& latencies) {
  Received r;
  if (failed()) return {false, 0, 0};
  ssize_t n;
  do {
    n = ::recv(fd_, scratch.data(), scratch.size(), 0);
  } while (n < 0 && errno == EINTR);
  r.at_ns = monotonic_ns();
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return r;
    dropped_ = errno == ECONNRESET && owed() == 0;
    fail("cannot receive at " + where(received_) + ": " + std::strerror(errno));
    return {false, r.at_ns, 0};
  }
  if (n == 0) {
    dropped_ = owed() == 0;
    fail("the server closed the connection at " + where(received_) + ", with " +
         std::to_string(owed()) + " sent bytes not echoed");
    return {false, r.at_ns, 0};
  }
  const auto got = scratch.first(static_cast<std::size_t>(n));
  if (received_ + got.size() > written_) {
    fail("echoed more than was sent: a byte arrived at " + where(written_) + ", but only " +
         std::to_string(written_) + " bytes were sent");
    return {false, r.at_ns, 0};
  }
  if (auto bad = first_mismatch(id_, received_, got)) {
    const std::uint64_t offset = received_ + *bad;
    char detail[64];
    std::snprintf(detail, sizeof detail, ": expected 0x%02x, got 0x%02x", pattern_byte(id_, offset),
                  got[*bad]);
    fail("wrong byte at " + where(offset) + detail);
    return {false, r.at_ns, 0};
  }
  const std::uint64_t before = received_ / message_size_;
  received_ += got.size();
  r.completed = static_cast<std::size_t>(received_ / message_size_ - before);
  for (std::size_t i = 0; i < r.completed; ++i) {
    latencies.push_back(r.at_ns - intended_.front());
    intended_.pop_front();
  }
  return r;
}

void LoadConnection::fail(const std::string& why) {
  if (error_.empty()) error_ = "connection " + std::to_string(id_) + ": " + why;
}

std::string LoadConnection::where(std::uint64_t offset) const {
  return "offset " + std::to_string(offset) + " (message " +
         std::to_string(offset / message_size_) + ", byte " +
         std::to_string(offset % message_size_) + ")";
}

}  // namespace ioscope::load
