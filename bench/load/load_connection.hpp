// One client connection of a load run: the messages it has queued, sent and had echoed, each
// echoed byte checked against the connection's pattern as it arrives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

namespace ioscope::load {

std::int64_t monotonic_ns();

class LoadConnection {
 public:
  // Takes fd (a connected, non-blocking socket); id names it in errors and picks its pattern.
  LoadConnection(std::uint32_t id, int fd, std::size_t message_size);
  ~LoadConnection();
  LoadConnection(const LoadConnection&) = delete;
  LoadConnection& operator=(const LoadConnection&) = delete;

  std::uint32_t id() const { return id_; }
  int fd() const { return fd_; }

  // Appends one message to the output. Its latency counts from intended_ns, the time it was
  // meant to leave, not the time the socket took it (an open loop that falls behind must not
  // hide the delay: no coordinated omission).
  void queue_message(std::int64_t intended_ns);

  // Sends what is queued until all of it is out or the socket is full. False once failed.
  bool flush();
  bool wants_to_write() const { return written_ < queued_; }

  struct Received {
    bool ok = true;
    std::int64_t at_ns = 0;     // when the read returned
    std::size_t completed = 0;  // messages whose last byte came with it
  };
  // One read: checks every byte against the pattern and appends, for every message it completes,
  // its latency (at_ns - intended) to latencies. scratch is the read buffer.
  Received receive(std::span<std::uint8_t> scratch, std::vector<std::int64_t>& latencies);

  // Bytes sent but not yet echoed.
  std::uint64_t owed() const { return written_ - received_; }
  std::uint64_t received() const { return received_; }
  std::uint64_t written() const { return written_; }

  bool failed() const { return !error_.empty(); }
  // The server closed it with no echo owed: turned away, not an echo that went wrong.
  bool dropped() const { return dropped_; }
  const std::string& error() const { return error_; }
  // Marks the connection failed with "connection <id>: <why>" (the first failure is kept).
  void fail(const std::string& why);
  // "offset N (message M, byte B)", for errors.
  std::string where(std::uint64_t offset) const;

  bool watching_output = false;  // EPOLLOUT registered: kept by the generator

 private:
  std::uint32_t id_;
  int fd_;
  std::size_t message_size_;
  std::uint64_t queued_ = 0;       // stream bytes handed to queue_message
  std::uint64_t written_ = 0;      // of which the socket took
  std::uint64_t received_ = 0;     // echoed bytes, all checked
  std::vector<std::uint8_t> out_;  // stream bytes [written_, queued_) start at out_[out_head_]
  std::size_t out_head_ = 0;
  std::deque<std::int64_t> intended_;  // of each message not yet wholly echoed, oldest first
  std::string error_;
  bool dropped_ = false;
};

}  // namespace ioscope::load
