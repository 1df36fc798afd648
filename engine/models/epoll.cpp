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
//
// Two mistakes a lesson can switch on (Scenario::bugs):
//   - et-no-drain: edge-triggered, but one short read per notification. The rest of the
//     message stays with the shopkeeper, who will not call again until a new knife arrives:
//     the connection falls further behind with every message and, once the factory stops
//     sending, stalls for good.
//   - thundering-herd: several buyers, each with its own epoll instance, all watch the one
//     listening socket. Each instance hangs its own entry on the listener's wait queue, and
//     without EPOLLEXCLUSIVE a new connection wakes every one of them; one accept4 wins, the
//     others come back with EAGAIN, having woken for nothing.
#include "models/epoll.hpp"

#include <sys/epoll.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

namespace {

// et-no-drain's read: a fixed 16-byte buffer, as a program that reads "a header's worth" per
// wake-up would have. Smaller than any message worth teaching with, so one read never empties
// the socket and what is left behind is there to see (messages of 16 bytes or less still get
// through whole).
constexpr std::size_t kShortRead = kEtNoDrainReadBytes;

// Where the waiters of a thundering herd meet before they race for a connection.
struct Herd {
  std::mutex mutex;
  std::condition_variable all_here;
  int arrived = 0;          // waiters woken by the listener in this round so far
  std::uint64_t round = 0;  // bumped when a round's race starts
  std::chrono::steady_clock::time_point last_race{};
};

class EpollServer {
 public:
  // herd: the herd this server is one waiter of (thundering-herd), or null; track: its row.
  EpollServer(ServerContext& ctx, bool edge_triggered, Herd* herd = nullptr,
              std::uint16_t track = 0)
      : ctx_(ctx), et_(edge_triggered), herd_(herd), w_(ctx.hub->make_writer(Lane::Buyer, track)) {}

  std::optional<Error> run() {
    if (auto error = open()) return error;
    return loop();
  }

  // The interest list: the listener and the stop signal.
  std::optional<Error> open() {
    ep_.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (!ep_) return Error{"epoll_create1 failed: " + errno_text(errno)};
    if (!set_nonblocking(ctx_.listen_fd, true))
      return Error{"cannot make the listener non-blocking"};
    // No EPOLLEXCLUSIVE on the listener, even in a herd: that flag is the cure the lesson
    // leaves out.
    if (!watch(ctx_.listen_fd, EPOLLIN) || !watch(ctx_.stop->fd(), EPOLLIN))
      return Error{"epoll_ctl failed: " + errno_text(errno)};
    return std::nullopt;
  }

  std::optional<Error> loop() {
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

  // Examined: the ready list only.
  void scan(int ready) { w_->scan(Sys::epoll_wait, ready, ready); }

  std::uint32_t read_interest() const { return EPOLLIN | EPOLLRDHUP | (et_ ? EPOLLET : 0u); }

  void accept_all() {
    if (herd_ != nullptr) let_the_herd_wake();
    for (;;) {
      Fd fd;
      const IoOutcome r = traced_accept(*w_, ctx_.listen_fd, true, fd, ctx_.lowest_fd());
      if (r.n < 0) return;  // EAGAIN: the accept queue is empty (in a herd: someone was faster)
      const int raw = fd.get();
      // Edge-triggered connections watch for writability too, so a blocked echo resumes on
      // the edge without an extra epoll_ctl.
      const std::uint32_t events = et_ ? read_interest() | EPOLLOUT : read_interest();
      auto conn = std::make_unique<EchoConnection>(std::move(fd), ctx_.clock, ctx_.message_size);
      if (!watch(raw, events)) continue;
      conns_.emplace(raw, std::move(conn));
      // A herd member takes one connection per wake-up, as workers sharing a listener do
      // (nginx's multi_accept off): the listener is level-triggered, so any connection left in
      // the queue wakes the whole herd again.
      if (herd_ != nullptr) return;
    }
  }

  // The herd's wake-ups are real: the kernel wakes every waiter. But a woken waiter that gets
  // to the kernel's last check (ep_poll asks the listener again before epoll_wait returns)
  // after the winner's accept4 goes back to sleep inside the kernel, unseen; on a machine with
  // few cores the winner usually gets there first, and the lesson would show nothing. So no
  // waiter calls accept4 until the whole herd has come out of epoll_wait for the listener
  // (nobody has accepted, so the listener stays ready and each of them will), or kHerdPatience
  // has passed (a waiter busy with its connections may be late). Then they race in plain
  // sight, as a herd does by itself at a busier server's connection rate. A waiter woken just
  // after a race began is a straggler of that wave, and races at once.
  void let_the_herd_wake() {
    std::unique_lock lock(herd_->mutex);
    const auto now = std::chrono::steady_clock::now();
    if (herd_->arrived == 0 && now - herd_->last_race < kHerdPatience) return;
    const std::uint64_t round = herd_->round;
    const auto give_up = now + kHerdPatience;
    auto start_the_race = [&] {
      herd_->arrived = 0;
      ++herd_->round;
      herd_->last_race = std::chrono::steady_clock::now();
      herd_->all_here.notify_all();
    };
    if (++herd_->arrived == kHerdWaiters) return start_the_race();
    // In slices, to notice a stop within a few milliseconds.
    while (herd_->round == round && !ctx_.stop->requested() &&
           std::chrono::steady_clock::now() < give_up)
      herd_->all_here.wait_for(lock, std::chrono::milliseconds(2));
    if (herd_->round == round) start_the_race();  // the late ones will start their own round
  }
  static constexpr std::chrono::milliseconds kHerdPatience{50};

  void serve_connection(int fd, std::uint32_t events) {
    auto it = conns_.find(fd);
    if (it == conns_.end()) return;
    EchoConnection& c = *it->second;
    const bool open = !et_                    ? serve_once(c, events)
                      : ctx_.bugs.et_no_drain ? read_once_short(c)
                                              : drain(c);
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

  // The et-no-drain bug: edge-triggered, yet one short read per notification, as if it were
  // level-triggered. What it leaves in the kernel raises no new edge; only the next arrival
  // does, and that one is read short too.
  bool read_once_short(EchoConnection& c) {
    const IoOutcome f = c.flush(*w_);
    if (f.n < 0 && !f.would_block()) return false;
    if (c.has_pending_output()) return true;
    const IoOutcome r = c.read(*w_, kShortRead);
    if (r.n == 0) return false;
    if (r.n < 0) return r.would_block() || r.err == EINTR;
    const IoOutcome echo = c.flush(*w_);
    return echo.n >= 0 || echo.would_block();
  }

  ServerContext& ctx_;
  bool et_;
  Herd* herd_;
  std::unique_ptr<TraceWriter> w_;
  Fd ep_;
  std::unordered_map<int, std::unique_ptr<EchoConnection>> conns_;
};

// The thundering herd: kHerdWaiters buyers, each with its own epoll instance and its own row
// on the timeline, all waiting on the one listener. Each serves the connections it accepted.
// The first waiter runs on the calling thread; a waiter that fails stops the others, so serve()
// returns with its error.
std::optional<Error> serve_as_herd(ServerContext& ctx, bool edge_triggered) {
  std::mutex mutex;
  std::optional<Error> first_error;
  // Nobody waits until everyone watches the listener: the whole herd is there for the first
  // connection, not just whoever started first.
  std::latch assembled(kHerdWaiters);
  Herd herd;
  auto waiter = [&](std::uint16_t track) {
    EpollServer server(ctx, edge_triggered, &herd, track);
    std::optional<Error> error = server.open();
    assembled.arrive_and_wait();
    if (!error) error = server.loop();
    if (error) {
      {
        const std::lock_guard lock(mutex);
        if (!first_error) first_error = std::move(error);
      }
      ctx.stop->request();
    }
  };
  std::vector<std::thread> others;
  for (int i = 1; i < kHerdWaiters; ++i) others.emplace_back(waiter, static_cast<std::uint16_t>(i));
  waiter(0);
  for (auto& t : others) t.join();
  return first_error;
}

}  // namespace

std::optional<Error> EpollModel::serve(ServerContext& ctx) {
  if (ctx.bugs.thundering_herd) return serve_as_herd(ctx, edge_triggered_);
  EpollServer server(ctx, edge_triggered_);
  return server.run();
}

}  // namespace ioscope
