// I/O multiplexing with select (Stevens' model 3, the original form).
//
// The buyer cannot stand at every counter at once, so it hands the shopkeeper a checklist: one
// box per order number, ticked for the orders it cares about (an fd_set, a bitmap of
// descriptors). select() waits at one counter until some order is in; phase 1 is spent there,
// not in recvmsg. The shopkeeper then hands the checklist back with only the ready boxes left
// ticked. The buyer reads the boxes, and for each ready order fetches the knife itself
// (recvmsg: phase 2, kernel -> user), as in every synchronous model.
//
// The price is in the checklist. It is a value-result argument, so the buyer writes a fresh
// one before every call; the whole bitmap is copied into the kernel and back out each time;
// and the kernel looks at every box up to nfds (the highest descriptor + 1), however few are
// ticked or ready. The Scan event records exactly that: nfds examined, so many ready.
//
// And the checklist has a fixed size: FD_SETSIZE (1024) boxes. Setting a descriptor at or above
// 1024 writes past the end of the fd_set (undefined behaviour), so this server refuses such a
// descriptor with a message instead: for more descriptors, poll or epoll.
//
// Descriptors are O_NONBLOCK because "readable" is a hint, not a promise (select(2), BUGS): the
// data may be gone by the time we read, and a blocking read would then hang the whole server.
#include "models/select.hpp"

#include <sys/select.h>

#include <cerrno>
#include <memory>
#include <string>

#include "net/echo_steps.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

namespace {

bool fits_fd_set(int fd) {
  return fd >= 0 && fd < FD_SETSIZE;
}

Error fd_setsize_error(int fd) {
  return Error{"select cannot watch fd " + std::to_string(fd) +
               ": fd_set holds descriptors below " + std::to_string(FD_SETSIZE) +
               " (FD_SETSIZE); use poll or epoll"};
}

// The checklists for one call. Every descriptor in them is below FD_SETSIZE.
struct WatchSets {
  fd_set read;
  fd_set write;
  int nfds = 0;  // one past the highest descriptor: the kernel examines every bit below it

  WatchSets() {
    FD_ZERO(&read);
    FD_ZERO(&write);
  }
  void add(int fd, fd_set& set) {
    FD_SET(fd, &set);
    if (fd >= nfds) nfds = fd + 1;
  }
};

class SelectServer {
 public:
  explicit SelectServer(ServerContext& ctx) : ctx_(ctx), w_(ctx.hub->make_writer(Lane::Buyer, 0)) {}

  std::optional<Error> run() {
    if (!fits_fd_set(ctx_.listen_fd)) return fd_setsize_error(ctx_.listen_fd);
    if (!fits_fd_set(ctx_.stop->fd())) return fd_setsize_error(ctx_.stop->fd());
    if (auto error = make_listener_nonblocking(ctx_.listen_fd)) return error;
    std::optional<Error> error = loop();
    close_all(*w_, conns_);
    return error;
  }

 private:
  std::optional<Error> loop() {
    while (!ctx_.stop->requested()) {
      // The sets are rebuilt every round: the last call overwrote them with its answer.
      WatchSets sets = build_sets();
      // Phase 1: wait, with no timeout, until some descriptor is ready. glibc's select() is the
      // kernel's pselect6 on x86_64, and the trace names what the kernel sees.
      w_->syscall_begin(Sys::pselect6, -1);
      const int n = ::select(sets.nfds, &sets.read, &sets.write, nullptr, nullptr);
      const int err = n < 0 ? errno : 0;
      w_->syscall_end(Sys::pselect6, -1, n, err);
      if (n < 0) {
        if (err == EINTR) continue;
        return Error{"select failed: " + errno_text(err)};
      }
      scan(sets.nfds, n);
      w_->notify(Sys::pselect6, n, sets.nfds);
      if (FD_ISSET(ctx_.stop->fd(), &sets.read)) return std::nullopt;
      // Existing connections first: a descriptor accepted below might reuse the number of one
      // closed here, and must not be mistaken for a bit the kernel set.
      echo_ready(*w_, conns_, [&sets](const EchoConnection& c, std::size_t) {
        return FD_ISSET(c.fd(), &sets.read) || FD_ISSET(c.fd(), &sets.write);
      });
      if (FD_ISSET(ctx_.listen_fd, &sets.read)) {
        const TakeAccepted take = [this](Fd fd) { return take_if_it_fits(std::move(fd)); };
        if (auto error = accept_pending(*w_, ctx_.listen_fd, take, ctx_.lowest_fd())) return error;
      }
    }
    return std::nullopt;
  }

  // Each call copies the whole fd_set in and out, and the kernel scans every bit up to nfds.
  WatchSets build_sets() const {
    WatchSets sets;
    sets.add(ctx_.listen_fd, sets.read);
    sets.add(ctx_.stop->fd(), sets.read);
    for (const auto& c : conns_) {
      // An echo still waiting for room is finished before this connection is read again, or a
      // slow client would make us buffer without bound.
      sets.add(c->fd(), c->has_pending_output() ? sets.write : sets.read);
    }
    return sets;
  }

  // Examined: every bit below nfds, watched or not.
  void scan(int examined, int ready) { w_->scan(Sys::pselect6, examined, ready); }

  // An accepted descriptor becomes a connection only if the checklist has a box for it.
  std::optional<Error> take_if_it_fits(Fd fd) {
    if (!fits_fd_set(fd.get())) {
      // Counted before it is closed: whoever sees the close can already read the count.
      if (ctx_.refused) ctx_.refused->fetch_add(1, std::memory_order_relaxed);
      Error why = refuse(fd);
      if (!ctx_.refused) return why;
      return std::nullopt;  // the others are still served
    }
    conns_.push_back(
        std::make_unique<EchoConnection>(std::move(fd), ctx_.clock, ctx_.message_size));
    return std::nullopt;
  }

  // A descriptor that has no box on the checklist: FD_SET on it would write past the fd_set.
  Error refuse(Fd& fd) {
    const int raw = fd.get();
    const std::uint32_t conn = peer_port(raw);
    w_->error(raw, EMFILE, conn);
    traced_close(*w_, fd, conn);
    return fd_setsize_error(raw);
  }

  ServerContext& ctx_;
  std::unique_ptr<TraceWriter> w_;
  EchoConnections conns_;
};

}  // namespace

std::optional<Error> SelectModel::serve(ServerContext& ctx) {
  SelectServer server(ctx);
  return server.run();
}

}  // namespace ioscope
