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

#include "net/echo_steps.hpp"

namespace ioscope {

namespace {

class PollServer {
 public:
  explicit PollServer(ServerContext& ctx) : ctx_(ctx), w_(ctx.hub->make_writer(Lane::Buyer, 0)) {}

  std::optional<Error> run() {
    if (auto error = make_listener_nonblocking(ctx_.listen_fd)) return error;
    std::optional<Error> error = loop();
    close_all(*w_, conns_);
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
      // POLLHUP and POLLERR come unasked; the read or send that follows reports them.
      echo_ready(*w_, conns_, [this](const EchoConnection&, std::size_t position) {
        return list_[kFirstConn + position].revents != 0;
      });
      if (list_[kListener].revents != 0) {
        const TakeAccepted take = add_to(conns_, ctx_.clock, ctx_.message_size);
        if (auto error = accept_pending(*w_, ctx_.listen_fd, take, ctx_.lowest_fd())) return error;
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

  // Examined: every entry of the array.
  void scan(long examined, int ready) { w_->scan(Sys::poll, examined, ready); }

  ServerContext& ctx_;
  std::unique_ptr<TraceWriter> w_;
  EchoConnections conns_;
  std::vector<pollfd> list_;
};

}  // namespace

std::optional<Error> PollModel::serve(ServerContext& ctx) {
  PollServer server(ctx);
  return server.run();
}

}  // namespace ioscope
