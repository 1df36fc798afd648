#include "net/echo_connection.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "net/socket_ops.hpp"

namespace ioscope {

namespace {
std::atomic<std::int64_t> g_stall_at{0};
std::atomic<std::int64_t> g_stall_ns{0};

// The injected pause is deliberately untraced: it stands for a server busy elsewhere (a GC
// pause, a page fault storm), not for a step of the I/O model.
void maybe_stall() {
  if (g_stall_ns.load(std::memory_order_relaxed) == 0) return;
  if (now_ns() < g_stall_at.load(std::memory_order_relaxed)) return;
  const std::int64_t ns = g_stall_ns.exchange(0);
  if (ns > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(ns));
}
}  // namespace

void arm_server_stall(std::int64_t at_ns, std::int64_t stall_ns) {
  g_stall_at.store(at_ns);
  g_stall_ns.store(stall_ns);
}

void disarm_server_stall() {
  g_stall_ns.store(0);
}

EchoConnection::EchoConnection(Fd fd, const RealtimeToMonotonic* clock, std::size_t message_size)
    : fd_(std::move(fd)) {
  rx_.clock = clock;
  rx_.conn = peer_port(fd_.get());
  rx_.message_size = message_size;
}

IoOutcome EchoConnection::read(TraceWriter& w, std::size_t max) {
  maybe_stall();
  // The kernel copies into one buffer per server thread; the connection keeps only the bytes
  // that came, until they are echoed. A thousand idle connections then hold nothing, not a
  // thousand 64 KiB buffers. Left uninitialised: memory is only spent on the pages a read
  // fills, which matters to the blocking model's thread per connection (10,000 zeroed buffers
  // were 625 MiB at C10K).
  thread_local const std::unique_ptr<unsigned char[]> scratch =
      std::make_unique_for_overwrite<unsigned char[]>(kReadChunk);
  if (max > kReadChunk) max = kReadChunk;
  const IoOutcome r = traced_recvmsg(w, fd_.get(), scratch.get(), max, rx_);
  if (r.n > 0) {
    out_.insert(out_.end(), scratch.get(), scratch.get() + r.n);
    rx_.stream_offset += static_cast<std::uint64_t>(r.n);
  }
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
  // All echoed: a connection that once queued a large burst does not keep its room for ever.
  if (out_.capacity() > kKeptCapacity)
    std::vector<unsigned char>().swap(out_);
  else
    out_.clear();
  out_sent_ = 0;
  return last;
}

}  // namespace ioscope
