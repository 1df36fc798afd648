// Blocking I/O, a thread per connection (Stevens' model 1).
//
// The buyer walks into the shop, orders a knife and stands at the counter until it is in hand.
// recvmsg() does not come back while the knife is still on its way from the factory (phase 1:
// wait for data), nor while the shopkeeper hands it over (phase 2: copy kernel -> user): the
// thread sleeps in the kernel through both and does nothing else meanwhile. One call, one wait,
// one result: the simplest picture of the five.
//
// The price is one buyer per order. A thread waiting at one counter cannot serve another, so
// every connection gets a thread of its own (a stack, a lane in the timeline, a wake-up per
// message), and the accept loop is one more buyer, waiting at the door in accept4().
//
// Stopping is this model's hard part: a thread asleep in accept or recv listens to nothing but
// its own socket, so no stop flag reaches it. interrupt() shuts the sockets down instead
// (shutdown(2)): accept returns EINVAL, recv returns end of stream, send returns EPIPE, and each
// thread comes home and closes its own socket.
#include "models/blocking.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

namespace {

struct Worker {
  std::unique_ptr<EchoConnection> conn;
  std::thread thread;
  std::atomic<bool> finished{false};
};

// One connection's buyer: order, wait, echo, until the peer leaves or interrupt() shuts the
// socket down.
void serve_connection(EchoConnection& c, TraceWriter& w, const StopSignal& stop) {
  while (!stop.requested()) {
    // Phase 1 and phase 2 both happen inside this one call.
    const IoOutcome r = c.read(w);
    if (r.n < 0 && r.err == EINTR) continue;
    if (r.n <= 0) return;
    // On a blocking socket, flush returns once the whole echo is in the kernel's send buffer.
    if (c.flush(w).n < 0) return;
  }
}

// Threads whose connection ended are joined as new ones come, so a long run does not pile up
// finished threads. The list is walked only when some thread has finished since the last walk:
// walked on every accept, accepting N connections cost N^2/2 steps (at 10,000, the largest item
// in the server's profile while it accepted).
void reap(std::list<Worker>& workers, std::atomic<std::int64_t>& finished) {
  if (finished.load(std::memory_order_acquire) == 0) return;
  std::int64_t joined = 0;
  for (auto it = workers.begin(); it != workers.end();) {
    if (it->finished.load(std::memory_order_acquire)) {
      it->thread.join();
      it = workers.erase(it);
      ++joined;
    } else {
      ++it;
    }
  }
  // A thread counts itself after it marks itself finished, and join() returns only once the
  // thread has run to its end: every thread joined here has counted itself.
  finished.fetch_sub(joined, std::memory_order_acq_rel);
}

}  // namespace

std::optional<Error> BlockingModel::serve(ServerContext& ctx) {
  auto w = ctx.hub->make_writer(Lane::Buyer, 0);
  // Another model may have left this descriptor non-blocking; this buyer waits at the door.
  if (!set_nonblocking(ctx.listen_fd, false))
    return Error{"cannot make the listener blocking: " + errno_text(errno)};

  std::list<Worker> workers;              // list: a running thread holds a reference to its Worker
  std::atomic<std::int64_t> finished{0};  // workers finished and not yet joined
  std::optional<Error> error;
  std::uint16_t next_track = 1;
  if (watch(ctx.listen_fd, *ctx.stop)) {
    while (!ctx.stop->requested()) {
      Fd fd;
      const IoOutcome r = traced_accept(*w, ctx.listen_fd, false, fd, ctx.lowest_fd(), ctx.stop);
      if (r.n < 0) {
        if (ctx.stop->requested()) break;  // interrupt() shut the listener down
        if (accept_error_is_transient(r.err)) continue;
        error = Error{"accept4 failed: " + errno_text(r.err)};
        break;
      }
      reap(workers, finished);
      if (ctx.refused && ctx.max_connections > 0 && workers.size() >= ctx.max_connections) {
        // A thread per connection: the cap on connections is the cap on threads. One more is
        // turned away at the door rather than given a thread the machine may not have.
        ctx.refused->fetch_add(1, std::memory_order_relaxed);  // before the close that shows it
        traced_close(*w, fd, peer_port(fd.get()));
        continue;
      }
      const int raw = fd.get();
      auto conn = std::make_unique<EchoConnection>(std::move(fd), ctx.clock, ctx.message_size);
      if (!watch(raw, *ctx.stop)) {
        // Stop came while this one was being accepted: interrupt() has already run and will
        // not wake its thread, so it never gets one.
        traced_close(*w, conn->socket(), conn->conn());
        break;
      }
      Worker& worker = workers.emplace_back();
      worker.conn = std::move(conn);
      const std::uint16_t track = next_track;
      next_track = next_track == UINT16_MAX ? 1 : next_track + 1;  // track 0 is the door
      try {
        worker.thread = std::thread([this, &ctx, &worker, &finished, track] {
          auto tw = ctx.hub->make_writer(Lane::Buyer, track);
          EchoConnection& c = *worker.conn;
          serve_connection(c, *tw, *ctx.stop);
          unwatch(c.fd());
          traced_close(*tw, c.socket(), c.conn());
          worker.finished.store(true, std::memory_order_release);
          finished.fetch_add(1, std::memory_order_acq_rel);
        });
      } catch (const std::system_error& e) {
        unwatch(raw);
        traced_close(*w, worker.conn->socket(), worker.conn->conn());
        workers.pop_back();
        error = Error{"cannot start a thread for a new connection: " + std::string(e.what())};
        break;
      }
    }
    unwatch(ctx.listen_fd);
  }
  // Without a stop request nobody else will wake the connection threads; serve() must not
  // return while they run.
  if (error) shut_down_all();
  for (auto& worker : workers) worker.thread.join();
  return error;
}

void BlockingModel::interrupt() {
  shut_down_all();
}

bool BlockingModel::watch(int fd, const StopSignal& stop) {
  std::lock_guard lock(mutex_);
  // interrupt() runs after stop is requested. Not requested now: interrupt() has not taken the
  // lock yet and will find fd. Requested: it may have come and gone, and fd must not block.
  if (stop.requested()) return false;
  watched_.push_back(fd);
  return true;
}

void BlockingModel::unwatch(int fd) {
  std::lock_guard lock(mutex_);
  watched_.erase(std::remove(watched_.begin(), watched_.end(), fd), watched_.end());
}

void BlockingModel::shut_down_all() {
  std::lock_guard lock(mutex_);
  // Wakes the threads without closing their descriptors: each owner closes its own, so no
  // thread ever uses a number that was closed and handed out again.
  for (const int fd : watched_) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace ioscope
