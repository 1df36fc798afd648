#include "net/echo_connection.hpp"

#include "net/socket_ops.hpp"

namespace ioscope {

EchoConnection::EchoConnection(Fd fd, const RealtimeToMonotonic* clock, std::size_t message_size)
    : fd_(std::move(fd)) {
  rx_.clock = clock;
  rx_.conn = peer_port(fd_.get());
  rx_.message_size = message_size;
  out_.reserve(kReadChunk);
}

IoOutcome EchoConnection::read(TraceWriter& w) {
  const std::size_t old = out_.size();
  out_.resize(old + kReadChunk);
  const IoOutcome r = traced_recvmsg(w, fd_.get(), out_.data() + old, kReadChunk, rx_);
  out_.resize(old + static_cast<std::size_t>(r.n > 0 ? r.n : 0));
  if (r.n > 0) rx_.stream_offset += static_cast<std::uint64_t>(r.n);
  return r;
}

IoOutcome EchoConnection::flush(TraceWriter& w) {
  IoOutcome last{0, 0};
  while (has_pending_output()) {
    last = traced_send(w, fd_.get(), out_.data() + out_sent_, out_.size() - out_sent_);
    if (last.n < 0) {
      if (last.err == EINTR) continue;
      return last;
    }
    out_sent_ += static_cast<std::size_t>(last.n);
  }
  out_.clear();
  out_sent_ = 0;
  return last;
}

}  // namespace ioscope
