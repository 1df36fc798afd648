// The server's side of one connection: what it read is what it writes back. Every model uses
// this; only how a model learns that the socket is ready differs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "net/fd.hpp"
#include "net/traced_io.hpp"

namespace ioscope {

// Truth checks: makes the server pause stall_ns once, on the first EchoConnection::read at or
// after monotonic time at_ns, so a test can see whether the latency measurement notices. One
// armed stall per process (tests run one server at a time); disarm when the run ends.
void arm_server_stall(std::int64_t at_ns, std::int64_t stall_ns);
void disarm_server_stall();

class EchoConnection {
 public:
  static constexpr std::size_t kReadChunk = 64 * 1024;
  // What an idle connection may keep of its echo queue (a few messages' worth).
  static constexpr std::size_t kKeptCapacity = 4 * 1024;

  EchoConnection(Fd fd, const RealtimeToMonotonic* clock, std::size_t message_size);

  int fd() const { return fd_.get(); }
  std::uint32_t conn() const { return rx_.conn; }

  // One recvmsg of at most max bytes into the echo queue. n == 0: the peer closed; n < 0: see
  // err (EAGAIN etc.).
  IoOutcome read(TraceWriter& w, std::size_t max = kReadChunk);

  // Sends queued bytes until all are out or the socket would block (blocking sockets: until all
  // are out). Returns the last call's outcome; n >= 0 means nothing is left.
  IoOutcome flush(TraceWriter& w);

  bool has_pending_output() const { return out_sent_ < out_.size(); }
  std::uint64_t bytes_in() const { return rx_.stream_offset; }

  // Hands the descriptor back (for a model that must close it in its own traced way).
  Fd& socket() { return fd_; }

 private:
  Fd fd_;
  RxInfo rx_;
  std::vector<unsigned char> out_;
  std::size_t out_sent_ = 0;
};

}  // namespace ioscope
