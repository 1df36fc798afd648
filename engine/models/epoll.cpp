// I/O multiplexing with epoll (Stevens' model 3, Linux's scalable form).
//
// The buyer hands the shopkeeper a list of orders once (epoll_ctl: the interest list, kept in
// the kernel between calls) and then waits at one counter (epoll_wait). When knives arrive, the
// kernel's callback puts those orders on a ready list, and epoll_wait copies just that ready
// list into our array: the cost of a wait follows the number ready, not the number watched.
// Then, as in every synchronous model, the buyer itself copies the data out (recvmsg: phase 2).
//
// Level-triggered (the default): a descriptor stays on the ready list while data remains, so
// one read per notification is enough. Edge-triggered (EPOLLET): we are told once per arrival,
// so we must read until EAGAIN, or that connection stalls.
#include "models/epoll.hpp"

#include <sys/epoll.h>

#include <cerrno>
#include <memory>
#include <unordered_map>

#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

namespace {

class EpollServer {
 public:
  EpollServer(ServerContext& ctx, bool edge_triggered)
      : ctx_(ctx), et_(edge_triggered), w_(ctx.hub->make_writer(Lane::Buyer, 0)) {}

  std::optional<Error> run() {
    ep_.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (!ep_) return Error{"epoll_create1 failed: " + errno_text(errno)};
    if (!set_nonblocking(ctx_.listen_fd, true)) return Error{"cannot make the listener non-blocking"};
    if (!watch(ctx_.listen_fd, EPOLLIN) || !watch(ctx_.stop->fd(), EPOLLIN))
      return Error{"epoll_ctl failed: " + errno_text(errno)};

    epoll_event ready[64];
    while (!ctx_.stop->requested()) {
      // Phase 1: wait until the kernel says some descriptor has data.
      w_->syscall_begin(Sys::epoll_wait, ep_.get());
      const int n = ::epoll_wait(ep_.get(), ready, 64, -1);
      const int err = n < 0 ? errno : 0;
      w_->syscall_end(Sys::epoll_wait, ep_.get(), n, err);
      if (n < 0) {
        if (err == EINTR) continue;
        return Error{"epoll_wait failed: " + errno_text(err)};
      }
      // The kernel handed back n ready descriptors and looked at nothing else.
      scan(n);
      w_->notify(Sys::epoll_wait, n, n);
      for (int i = 0; i < n; ++i) {
        const int fd = ready[i].data.fd;
        if (fd == ctx_.stop->fd()) return std::nullopt;
        if (fd == ctx_.listen_fd) {
          accept_all();
        } else {
          serve_connection(fd, ready[i].events);
        }
      }
    }
    return std::nullopt;
  }

 private:
  bool watch(int fd, std::uint32_t events) { return ctl(EPOLL_CTL_ADD, fd, events); }

  bool ctl(int op, int fd, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    w_->syscall_begin(Sys::epoll_ctl, fd);
    const int rc = ::epoll_ctl(ep_.get(), op, fd, &ev);
    w_->syscall_end(Sys::epoll_ctl, fd, rc, rc < 0 ? errno : 0);
    return rc == 0;
  }

  void scan(int ready) {
    TraceEvent e;
    e.t_ns = now_ns();
    e.kind = EventKind::Scan;
    e.sys = Sys::epoll_wait;
    e.value = ready;
    e.aux = ready;  // examined: the ready list only
    w_->record(e);
  }

  std::uint32_t read_interest() const { return EPOLLIN | EPOLLRDHUP | (et_ ? EPOLLET : 0u); }

  void accept_all() {
    for (;;) {
      Fd fd;
      const IoOutcome r = traced_accept(*w_, ctx_.listen_fd, true, fd);
      if (r.n < 0) return;  // EAGAIN: the accept queue is empty
      const int raw = fd.get();
      // Edge-triggered connections watch for writability too, so a blocked echo resumes on
      // the edge without an extra epoll_ctl.
      const std::uint32_t events = et_ ? read_interest() | EPOLLOUT : read_interest();
      auto conn = std::make_unique<EchoConnection>(std::move(fd), ctx_.clock, ctx_.message_size);
      if (!watch(raw, events)) continue;
      conns_.emplace(raw, std::move(conn));
    }
  }

  void serve_connection(int fd, std::uint32_t events) {
    auto it = conns_.find(fd);
    if (it == conns_.end()) return;
    EchoConnection& c = *it->second;
    const bool open = et_ ? drain(c) : serve_once(c, events);
    if (!open) {
      ctl(EPOLL_CTL_DEL, fd, 0);
      traced_close(*w_, c.socket(), c.conn());
      conns_.erase(it);
    }
  }

  // Level-triggered: one read per notification; if the echo cannot all go out, stop reading
  // and wait for writability instead (the client is slow: don't buffer without bound).
  bool serve_once(EchoConnection& c, std::uint32_t events) {
    if (c.has_pending_output() || (events & EPOLLOUT)) {
      const IoOutcome f = c.flush(*w_);
      if (f.n < 0 && !f.would_block()) return false;
      if (!c.has_pending_output()) ctl(EPOLL_CTL_MOD, c.fd(), read_interest());
      return true;
    }
    const IoOutcome r = c.read(*w_);
    if (r.n == 0 || (r.n < 0 && !r.would_block())) return false;
    const IoOutcome f = c.flush(*w_);
    if (f.n < 0 && !f.would_block()) return false;
    if (c.has_pending_output()) ctl(EPOLL_CTL_MOD, c.fd(), EPOLLOUT);
    return true;
  }

  // Edge-triggered: we were told once, so read until the kernel says EAGAIN. Stop early only
  // when the echo cannot go out; the EPOLLOUT edge brings us back to finish.
  bool drain(EchoConnection& c) {
    for (;;) {
      const IoOutcome f = c.flush(*w_);
      if (f.n < 0 && !f.would_block()) return false;
      if (c.has_pending_output()) return true;
      const IoOutcome r = c.read(*w_);
      if (r.n == 0) return false;
      if (r.n < 0) return r.would_block() || r.err == EINTR;
    }
  }

  ServerContext& ctx_;
  bool et_;
  std::unique_ptr<TraceWriter> w_;
  Fd ep_;
  std::unordered_map<int, std::unique_ptr<EchoConnection>> conns_;
};

}  // namespace

std::optional<Error> EpollModel::serve(ServerContext& ctx) {
  EpollServer server(ctx, edge_triggered_);
  return server.run();
}

}  // namespace ioscope
