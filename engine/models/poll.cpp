// I/O multiplexing with poll (Stevens' model 3, without select's fixed-size checklist).
//
// Same shop as select: the buyer waits at one counter (poll) until some order is in, spending
// phase 1 there, then fetches each ready knife itself (recvmsg: phase 2, kernel -> user). What
// changed is the list handed over. Instead of a bitmap of FD_SETSIZE boxes, the buyer writes an
// array of orders, one pollfd per descriptor, as long as it needs: no 1024 limit, and the
// question (events) is kept apart from the answer (revents), so the list need not be rewritten
// after each call. We still rebuild it each round here, because what we ask of a connection
// changes (read, or wait for room to finish an echo).
//
// What did not change is the cost: every call copies the whole array into the kernel, and the
// kernel visits every entry to ask its socket "ready?", however few are. The Scan event records
// that: so many entries examined, so many ready. Only epoll keeps the list in the kernel.
//
// Descriptors are O_NONBLOCK: "readable" is a hint, and a stale one must not hang the server.
#include "models/poll.hpp"

#include <poll.h>

#include <cerrno>
#include <memory>
#include <vector>

#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

namespace {

class PollServer {
 public:
  explicit PollServer(ServerContext& ctx) : ctx_(ctx), w_(ctx.hub->make_writer(Lane::Buyer, 0)) {}

  std::optional<Error> run() {
    if (!set_nonblocking(ctx_.listen_fd, true))
      return Error{"cannot make the listener non-blocking: " + errno_text(errno)};
    std::optional<Error> error = loop();
    for (auto& c : conns_) traced_close(*w_, c->socket(), c->conn());
    conns_.clear();
    return error;
  }

 private:
  // The array's layout: two fixed entries, then one per connection, in conns_ order.
  static constexpr std::size_t kListener = 0;
  static constexpr std::size_t kStop = 1;
  static constexpr std::size_t kFirstConn = 2;

  std::optional<Error> loop() {
    while (!ctx_.stop->requested()) {
      build_list();
      // Phase 1: wait, with no timeout, until some entry is ready.
      const auto nfds = static_cast<nfds_t>(list_.size());
      w_->syscall_begin(Sys::poll, -1);
      const int n = ::poll(list_.data(), nfds, -1);
      const int err = n < 0 ? errno : 0;
      w_->syscall_end(Sys::poll, -1, n, err);
      if (n < 0) {
        if (err == EINTR) continue;
        return Error{"poll failed: " + errno_text(err)};
      }
      scan(static_cast<long>(nfds), n);
      w_->notify(Sys::poll, n, static_cast<std::int64_t>(nfds));
      if (list_[kStop].revents != 0) return std::nullopt;
      // Existing connections first, while conns_ still matches the array entry for entry.
      serve_ready();
      if (list_[kListener].revents != 0) {
        if (auto error = accept_all()) return error;
      }
    }
    return std::nullopt;
  }

  // Each call copies the whole array in, and the kernel visits every entry.
  void build_list() {
    list_.clear();
    list_.push_back({ctx_.listen_fd, POLLIN, 0});
    list_.push_back({ctx_.stop->fd(), POLLIN, 0});
    for (const auto& c : conns_) {
      // An echo still waiting for room is finished before this connection is read again, or a
      // slow client would make us buffer without bound.
      const short events = c->has_pending_output() ? POLLOUT : POLLIN;
      list_.push_back({c->fd(), events, 0});
    }
  }

  void scan(long examined, int ready) {
    TraceEvent e;
    e.t_ns = now_ns();
    e.kind = EventKind::Scan;
    e.sys = Sys::poll;
    e.value = ready;
    e.aux = examined;  // every entry of the array
    w_->record(e);
  }

  void serve_ready() {
    std::size_t entry = kFirstConn;
    for (auto it = conns_.begin(); it != conns_.end(); ++entry) {
      EchoConnection& c = **it;
      // POLLHUP and POLLERR come unasked; the read or send that follows reports them.
      if (list_[entry].revents == 0 || serve_once(c)) {
        ++it;
      } else {
        traced_close(*w_, c.socket(), c.conn());
        it = conns_.erase(it);
      }
    }
  }

  // One read per ready connection, echoed at once; what does not fit waits for POLLOUT.
  // Returns false when the connection is over.
  bool serve_once(EchoConnection& c) {
    if (!c.has_pending_output()) {
      const IoOutcome r = c.read(*w_);
      if (r.would_block() || (r.n < 0 && r.err == EINTR)) return true;  // the hint was stale
      if (r.n <= 0) return false;
    }
    const IoOutcome f = c.flush(*w_);
    return f.n >= 0 || f.would_block();
  }

  std::optional<Error> accept_all() {
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

  ServerContext& ctx_;
  std::unique_ptr<TraceWriter> w_;
  std::vector<std::unique_ptr<EchoConnection>> conns_;
  std::vector<pollfd> list_;
};

}  // namespace

std::optional<Error> PollModel::serve(ServerContext& ctx) {
  PollServer server(ctx);
  return server.run();
}

}  // namespace ioscope
