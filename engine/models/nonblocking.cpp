// Non-blocking I/O, a polling loop (Stevens' model 2).
//
// The buyer phones the shop again and again: "is my knife in?" - "not yet" (EAGAIN). With
// O_NONBLOCK the kernel never puts the process to sleep in phase 1 (wait for data); it answers
// at once, and most answers are no. Once the knife is at the shop, the same call copies it out
// (phase 2, kernel -> user), and that part is as synchronous as in the blocking model: the
// process is inside recvmsg while the shopkeeper hands the knife over.
//
// Between calls the buyer is free, so here it does a unit of useful work every round. The
// timeline shows the trade this model makes: calls that came back empty (each a wasted trip
// into the kernel) between spans of work. Ask more often and the CPU burns on EAGAIN; ask less
// often and a knife waits on the counter. One thread serves every connection, in turn.
#include "models/nonblocking.hpp"

#include <cerrno>
#include <memory>
#include <vector>

#include "models/useful_work.hpp"
#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

namespace {

class PollingServer {
 public:
  explicit PollingServer(ServerContext& ctx)
      : ctx_(ctx), w_(ctx.hub->make_writer(Lane::Buyer, 0)), work_(*w_) {}

  std::optional<Error> run() {
    if (!set_nonblocking(ctx_.listen_fd, true))
      return Error{"cannot make the listener non-blocking: " + errno_text(errno)};
    std::optional<Error> error;
    // Nothing here ever sleeps, so the stop flag is seen within one round.
    while (!ctx_.stop->requested()) {
      // The work done since the last round goes on the timeline before the next call.
      work_.flush();
      error = accept_new();
      if (error) break;
      for (auto it = conns_.begin(); it != conns_.end();) {
        if (serve_once(**it)) {
          ++it;
        } else {
          traced_close(*w_, (*it)->socket(), (*it)->conn());
          it = conns_.erase(it);
        }
      }
      work_.one_unit();
    }
    work_.flush();
    for (auto& c : conns_) traced_close(*w_, c->socket(), c->conn());
    conns_.clear();
    return error;
  }

 private:
  // Asks the door too: usually nobody is there (EAGAIN).
  std::optional<Error> accept_new() {
    for (;;) {
      Fd fd;
      const IoOutcome r = traced_accept(*w_, ctx_.listen_fd, true, fd);
      if (r.would_block()) return std::nullopt;
      if (r.n < 0) {
        // A pending connection that failed says nothing about the listener.
        if (r.err == EINTR || r.err == ECONNABORTED || r.err == EPROTO) continue;
        return Error{"accept4 failed: " + errno_text(r.err)};
      }
      conns_.push_back(
          std::make_unique<EchoConnection>(std::move(fd), ctx_.clock, ctx_.message_size));
    }
  }

  // One question to one connection. Returns false when it is over.
  bool serve_once(EchoConnection& c) {
    // An echo still waiting for room in the send buffer goes first, and the connection is not
    // read meanwhile: reading on would buffer without bound for a slow client.
    if (c.has_pending_output()) return flushed(c.flush(*w_));
    const IoOutcome r = c.read(*w_);
    if (r.would_block() || (r.n < 0 && r.err == EINTR)) return true;  // not yet: ask next round
    if (r.n <= 0) return false;
    return flushed(c.flush(*w_));
  }

  // Whatever did not fit is retried next round.
  static bool flushed(const IoOutcome& f) { return f.n >= 0 || f.would_block(); }

  ServerContext& ctx_;
  std::unique_ptr<TraceWriter> w_;
  UsefulWork work_;  // after w_: it flushes into w_ when destroyed
  std::vector<std::unique_ptr<EchoConnection>> conns_;
};

}  // namespace

std::optional<Error> NonblockingModel::serve(ServerContext& ctx) {
  PollingServer server(ctx);
  return server.run();
}

}  // namespace ioscope
