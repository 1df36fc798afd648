// Asynchronous I/O with io_uring (Stevens' model 5, the Proactor).
//
// The buyer no longer goes to the shop at all. He fills in order forms — "receive into this
// buffer of mine, on this connection" (a submission queue entry) — and hands the whole stack to a
// courier in one trip (io_uring_enter). The shopkeeper waits for the knife (phase 1) and then,
// unlike in every other model, carries it to the buyer's home too (phase 2: the kernel copies
// the data into the buffer named at submission). What the buyer does meanwhile is his choice
// (Scenario::idle):
//   - keeps working: he goes back to his own work and glances at his doormat between units of
//     it. The completion queue is memory shared with the kernel, so a glance costs no system
//     call; but a delivery is noticed only when the unit in hand is done, and the buyer keeps a
//     whole core busy.
//   - sleeps: in the same trip that hands over the forms he asks to be woken when something is
//     done (io_uring_enter with IORING_ENTER_GETEVENTS). Like epoll_wait, but he wakes to
//     finished work, not to "it is ready, come and fetch it".
// Either way the process waits for the data in no call made for that receive and never calls
// recvmsg; that is what POSIX means by asynchronous I/O, and what the signal-driven model, which
// still calls recvmsg itself, is not.
// But the copy is not free and not elsewhere: with IORING_SETUP_COOP_TASKRUN the kernel runs it
// as task_work in the buyer's own thread, in kernel mode, when the thread next enters the kernel
// (io_uring_enter) or returns to user space; its CPU time is the buyer's. The kernel probe shows
// it on the buyer's row (engine/probe), the lesson says so (lessons/08-io-uring).
//
// The price is paid in ownership. A receive in flight owns its buffer and its msghdr until its
// completion is reaped: they must not move (each connection is heap-allocated and stays put),
// and they must not be freed while the kernel may still write there. So a connection is closed
// only after its one operation completed, and stopping means cancelling every operation,
// waiting for each completion, tearing the ring down, and only then freeing the buffers.
//
// The echo: one RECVMSG per connection (its control buffer receives the kernel's receive
// timestamp); when it completes, a SEND of what came; when all of it is out (a short send is
// resubmitted for the rest), the next RECVMSG. A SEND is also done by the kernel on our behalf.
//
// What an engineer adds today (Scenario::uring, each compared with the plain server above in the
// latency lab):
//   - multishot: the buyer leaves one standing order per connection ("whenever knives come,
//     put them in any free box from this shelf, and tell me which box") instead of one order per
//     knife. The kernel picks a buffer from a ring the buyer provided once, so a quiet connection
//     holds none; the order stays armed (IORING_CQE_F_MORE) and is not resubmitted. The price:
//     echoes can now overlap receives, so each connection keeps what came, in order, until it
//     is sent back, and a peer that sends without reading makes the buyer cancel its standing
//     order (and place it again once the echoes are out) rather than hold every buffer.
//   - defer-taskrun: the shopkeeper never interrupts the buyer to finish a delivery; all the
//     copies wait until the buyer asks for his completions (io_uring_enter with GETEVENTS) and
//     run then, in one batch, in his thread. Requires that only this thread uses the ring
//     (IORING_SETUP_SINGLE_ISSUER), which is so here.
#include "models/io_uring.hpp"

#include <liburing.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <unordered_map>

#include "models/uring_buffers.hpp"
#include "models/useful_work.hpp"
#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"
#include "net/traced_io.hpp"

namespace ioscope {

namespace {

// One operation per connection in flight (a receive or a send; multishot: one of each), plus
// the accept, the stop watch and, at the end, the cancellations: the rings never fill for
// kMaxClients (512) connections, and a full submission queue is handed over and reused.
constexpr unsigned kQueueDepth = 1024;
constexpr std::size_t kRecvSize = EchoConnection::kReadChunk;
constexpr std::int64_t kShutdownWaitNs = 1'000'000'000;
// multishot: the shelf of provided buffers, and how many of them one connection may hold
// before its standing receive is cancelled (a peer that sends and never reads its echo).
constexpr unsigned kProvidedBuffers = 512;
constexpr std::size_t kProvidedPayload = 16 * 1024;
constexpr std::size_t kMaxHeldPerConn = 8;

// What a completion is about: user_data = id << 3 | kind. Each in-flight operation has its own
// user_data, so one can be cancelled by it.
enum class OpKind : std::uint64_t { Recv = 0, Send = 1, Accept = 2, StopWatch = 3, Cancel = 4 };

std::uint64_t tag(OpKind kind, std::uint64_t id = 0) {
  return id << 3 | static_cast<std::uint64_t>(kind);
}
OpKind kind_of(std::uint64_t data) {
  return static_cast<OpKind>(data & 7);
}
std::uint64_t id_of(std::uint64_t data) {
  return data >> 3;
}

// multishot: what came in one provided buffer and is not yet echoed.
struct Piece {
  unsigned buffer = 0;
  const unsigned char* data = nullptr;
  std::size_t len = 0;  // still to send
};

struct Conn {
  Fd fd;
  std::uint64_t id = 0;
  RxInfo rx;
  // Plain: handed to the kernel with each receive; the kernel owns them until the completion
  // is reaped. (multishot receives into the provided buffers instead.)
  std::unique_ptr<unsigned char[]> buf;
  iovec iov{};
  msghdr msg{};
  alignas(cmsghdr) unsigned char control[kRxControlSize];
  std::size_t out_len = 0;   // bytes of buf to echo
  std::size_t out_sent = 0;  // of which the kernel has sent
  std::deque<Piece> pieces;  // multishot: received, echoed in this order
  std::int64_t submitted_at = 0;
  bool recv_armed = false;  // a receive is in flight (multishot: still standing)
  bool send_armed = false;
  bool recv_cancelled = false;  // multishot: its cancellation is on its way
  bool closing = false;         // no more receives: closed once nothing is in flight
  bool failed = false;          // reset or error: what is queued is dropped, not sent
  bool starved = false;         // multishot: the shelf ran dry; waits for a buffer to come back

  bool busy() const { return recv_armed || send_armed; }
};

class UringServer {
 public:
  explicit UringServer(ServerContext& ctx)
      : ctx_(ctx),
        multishot_(ctx.uring.multishot),
        w_(ctx.hub->make_writer(Lane::Buyer, 0)),
        work_(*w_) {}

  std::optional<Error> run() {
    if (auto refused = set_up()) return refused;
    std::optional<Error> error = loop();
    work_.flush();
    const bool drained = cancel_and_drain();
    io_uring_queue_exit(&ring_);
    for (auto& [id, c] : conns_) traced_close(*w_, c->fd, c->rx.conn);
    if (!drained) {
      // The kernel may still write into these buffers: keep them (a leak) rather than free them.
      for (auto& [id, c] : conns_) static_cast<void>(c.release());
      buffers_.abandon();
      if (!error) error = Error{"io_uring did not complete its cancelled operations within 1 s"};
    }
    conns_.clear();
    return error;
  }

 private:
  std::optional<Error> set_up() {
    int rc;
    if (ctx_.uring.defer_taskrun) {
      rc = io_uring_queue_init(
          kQueueDepth, &ring_,
          IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG);
      if (rc == -EINVAL)
        return Error{
            "this kernel refuses IORING_SETUP_DEFER_TASKRUN (it needs Linux 6.1 or "
            "later): run io_uring without defer-taskrun"};
    } else {
      // COOP_TASKRUN + TASKRUN_FLAG: the kernel does not interrupt our work to finish a
      // receive; it raises a flag in the shared ring, and we enter the kernel when we see it
      // (reap()). Without it, a completion can wait for the next timer tick to surface. Older
      // kernels (before 5.19) refuse the flags: fall back to the default.
      rc = io_uring_queue_init(kQueueDepth, &ring_,
                               IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG);
      if (rc == -EINVAL) rc = io_uring_queue_init(kQueueDepth, &ring_, 0);
    }
    if (rc < 0)
      return Error{
          "io_uring_queue_init failed: " + errno_text(-rc) +
          (rc == -ENOMEM ? " (before Linux 5.12 the rings count against RLIMIT_MEMLOCK)" : "")};
    if (multishot_) {
      if (auto refused = buffers_.register_with(ring_, kProvidedBuffers,
                                                kMultishotHeader + kProvidedPayload)) {
        io_uring_queue_exit(&ring_);
        return refused;
      }
      // The layout the kernel writes each arrival in: its header, no address, our control
      // space (the receive timestamp), then the payload.
      multishot_msg_.msg_controllen = kRxControlSize;
    }
    return std::nullopt;
  }

  std::optional<Error> loop() {
    arm_accept();
    arm_stop_watch();
    submit();
    while (!failure_ && !stopping_ && !ctx_.stop->requested()) {
      if (ctx_.idle == IdleMode::Sleep) {
        // What the completions asked for (echoes, new receives) goes out in the trip that sleeps.
        submit_and_wait();
        reap();
      } else {
        work_.one_unit();
        reap();
        submit();  // what the completions asked for goes out at once
      }
    }
    return failure_;
  }

  // --- Submitting --------------------------------------------------------------------------

  io_uring_sqe* next_sqe() {
    io_uring_sqe* sqe = io_uring_get_sqe(&ring_);
    if (sqe == nullptr) {  // the queue is full: hand the stack over, then there is room
      submit();
      sqe = io_uring_get_sqe(&ring_);
    }
    if (sqe == nullptr && !failure_) failure_ = Error{"the io_uring submission queue is full"};
    return sqe;
  }

  void arm_accept() {
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return;
    // One accept at a time, re-armed after each (multishot accept needs a newer liburing).
    io_uring_prep_accept(sqe, ctx_.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    io_uring_sqe_set_data64(sqe, tag(OpKind::Accept));
    accept_armed_ = true;
    ++in_flight_;
  }

  // What ends a sleeping buyer's io_uring_enter when the run stops (a working one sees the flag).
  void arm_stop_watch() {
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return;
    io_uring_prep_poll_add(sqe, ctx_.stop->fd(), POLLIN);
    io_uring_sqe_set_data64(sqe, tag(OpKind::StopWatch));
    stop_watch_armed_ = true;
    ++in_flight_;
  }

  void arm_recv(Conn& c) {
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return;
    if (multishot_) {
      // The standing order: the kernel reads the layout from multishot_msg_ now, and picks a
      // buffer from the group at each arrival.
      io_uring_prep_recvmsg_multishot(sqe, c.fd.get(), &multishot_msg_, 0);
      sqe->flags |= IOSQE_BUFFER_SELECT;
      sqe->buf_group = ProvidedBuffers::kGroup;
    } else {
      if (!c.buf) c.buf = std::make_unique_for_overwrite<unsigned char[]>(kRecvSize);
      c.iov = {c.buf.get(), kRecvSize};
      c.msg = {};
      c.msg.msg_iov = &c.iov;
      c.msg.msg_iovlen = 1;
      c.msg.msg_control = c.control;
      c.msg.msg_controllen = sizeof c.control;
      io_uring_prep_recvmsg(sqe, c.fd.get(), &c.msg, 0);
    }
    io_uring_sqe_set_data64(sqe, tag(OpKind::Recv, c.id));
    c.submitted_at = now_ns();
    c.recv_armed = true;
    c.recv_cancelled = false;
    ++in_flight_;
  }

  void arm_send(Conn& c) {
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return;
    if (multishot_) {
      const Piece& p = c.pieces.front();
      io_uring_prep_send(sqe, c.fd.get(), p.data, p.len, MSG_NOSIGNAL);
    } else {
      io_uring_prep_send(sqe, c.fd.get(), c.buf.get() + c.out_sent, c.out_len - c.out_sent,
                         MSG_NOSIGNAL);
    }
    io_uring_sqe_set_data64(sqe, tag(OpKind::Send, c.id));
    c.send_armed = true;
    ++in_flight_;
  }

  // The one trip into the kernel: everything queued since the last trip goes in one call.
  void submit() {
    if (io_uring_sq_ready(&ring_) == 0) return;
    work_.flush();
    w_->syscall_begin(Sys::io_uring_enter, ring_.ring_fd);
    const int rc = io_uring_submit(&ring_);
    w_->syscall_end(Sys::io_uring_enter, ring_.ring_fd, rc, rc < 0 ? -rc : 0);
    // EAGAIN/EBUSY: the kernel is short of room for now; what is queued goes on the next trip.
    if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY && !failure_)
      failure_ = Error{"io_uring_enter failed: " + errno_text(-rc)};
  }

  // Sleep mode's one trip: hands over what is queued and sleeps in the kernel until at least one
  // completion is posted. The stop watch's completion ends the sleep when the run stops.
  void submit_and_wait() {
    if (io_uring_cq_ready(&ring_) > 0) return;  // something to do already: no sleep
    w_->syscall_begin(Sys::io_uring_enter, ring_.ring_fd);
    const int rc = io_uring_submit_and_wait(&ring_, 1);
    w_->syscall_end(Sys::io_uring_enter, ring_.ring_fd, rc, rc < 0 ? -rc : 0);
    // EINTR: a signal (a debugger, a profiler) cut the sleep short; the next round sleeps again.
    if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY && !failure_)
      failure_ = Error{"io_uring_enter failed: " + errno_text(-rc)};
  }

  // --- Reaping -----------------------------------------------------------------------------

  // Looks at the doormat only: io_uring_peek_cqe on an empty queue may enter the kernel, so it
  // is asked only when the shared ring already holds completions.
  void reap() {
    if (IO_URING_READ_ONCE(*ring_.sq.kflags) & IORING_SQ_TASKRUN) {
      // The kernel has finished work waiting to be posted: let it post (one io_uring_enter).
      work_.flush();
      w_->syscall_begin(Sys::io_uring_enter, ring_.ring_fd);
      const int rc = io_uring_get_events(&ring_);
      w_->syscall_end(Sys::io_uring_enter, ring_.ring_fd, rc, rc < 0 ? -rc : 0);
    }
    if (io_uring_cq_ready(&ring_) == 0) return;
    work_.flush();
    io_uring_cqe* cqe = nullptr;
    while (!failure_ && io_uring_cq_ready(&ring_) > 0 && io_uring_peek_cqe(&ring_, &cqe) == 0) {
      const std::uint64_t data = io_uring_cqe_get_data64(cqe);
      const int res = cqe->res;
      const unsigned flags = cqe->flags;
      io_uring_cqe_seen(&ring_, cqe);
      complete(data, res, flags, now_ns());
    }
  }

  void complete(std::uint64_t data, int res, unsigned flags, std::int64_t t) {
    const OpKind kind = kind_of(data);
    // A standing multishot receive that says "more to come" is still in flight.
    const bool more = (flags & IORING_CQE_F_MORE) != 0;
    if (kind != OpKind::Cancel && !more) --in_flight_;
    switch (kind) {
      case OpKind::Accept:
        accept_armed_ = false;
        return accepted(res);
      case OpKind::StopWatch:
        stop_watch_armed_ = false;
        stopping_ = true;
        return;
      case OpKind::Cancel:
        return;
      case OpKind::Recv:
      case OpKind::Send:
        break;
    }
    auto it = conns_.find(id_of(data));
    if (it == conns_.end()) {
      // Gone already: a buffer it was handed still goes back to the shelf.
      if (flags & IORING_CQE_F_BUFFER) give_back(flags >> IORING_CQE_BUFFER_SHIFT);
      return;
    }
    Conn& c = *it->second;
    if (multishot_) {
      if (kind == OpKind::Recv)
        received_multishot(c, res, flags, more, t);
      else
        sent_multishot(c, res);
      settle_multishot(c);
      if (c.closing && !c.busy()) close(it);
      return;
    }
    if (kind == OpKind::Recv)
      c.recv_armed = false;
    else
      c.send_armed = false;
    const bool open = kind == OpKind::Recv ? received(c, res, t) : sent(c, res);
    if (!open) close(it);
  }

  void close(std::unordered_map<std::uint64_t, std::unique_ptr<Conn>>::iterator it) {
    Conn& c = *it->second;
    std::deque<Piece> held = std::move(c.pieces);
    traced_close(*w_, c.fd, c.rx.conn);
    conns_.erase(it);
    for (const Piece& p : held) give_back(p.buffer);
  }

  void accepted(int res) {
    if (res >= 0) {
      auto c = std::make_unique<Conn>();
      c->fd.reset(res);
      if (const int err = traced_move_fd_up(*w_, c->fd, ctx_.lowest_fd()); err != 0) {
        if (!failure_)
          failure_ = Error{"cannot move an accepted descriptor to " +
                           std::to_string(ctx_.lowest_fd()) + " or above: " + errno_text(err)};
        return;
      }
      const int fd = c->fd.get();
      c->id = next_id_++;
      set_nodelay(fd);
      if (w_->enabled()) enable_rx_timestamps(fd);
      c->rx.clock = ctx_.clock;
      c->rx.conn = peer_port(fd);
      c->rx.message_size = ctx_.message_size;
      TraceEvent e;
      e.t_ns = now_ns();
      e.kind = EventKind::Accept;
      e.fd = fd;
      e.conn = c->rx.conn;
      w_->record(e);
      arm_recv(*c);
      conns_.emplace(c->id, std::move(c));
    } else if (res == -ECANCELED) {
      return;
    } else if (res == -EMFILE || res == -ENFILE) {
      // Out of descriptors: that connection is turned away, the others go on being served.
      shed_pending_connection(ctx_.listen_fd);
      w_->error(ctx_.listen_fd, -res, 0);
    } else if (res != -EINTR && res != -EAGAIN && res != -ECONNABORTED && res != -EPROTO) {
      // A pending connection that failed says nothing about the listener; anything else does.
      if (!failure_) failure_ = Error{"accept (io_uring) failed: " + errno_text(-res)};
      return;
    }
    arm_accept();
  }

  // The kernel has already received and copied the data: all that is left is to look.
  bool received(Conn& c, int res, std::int64_t t) {
    if (res > 0) {
      const auto n = static_cast<std::size_t>(res);
      w_->notify(Sys::io_uring_enter, 1, c.fd.get(), 0, t);
      emit_data_arrival(*w_, c.msg, c.fd.get(), res, c.rx, c.submitted_at, t,
                        /*kernel_copy=*/true);
      c.rx.stream_offset += n;
      c.out_len = n;
      c.out_sent = 0;
      arm_send(c);
      return true;
    }
    if (res == -EINTR || res == -EAGAIN) {
      arm_recv(c);
      return true;
    }
    if (res < 0) failed(c, -res);
    return false;  // 0: the peer closed; < 0: reset, or cancelled
  }

  bool sent(Conn& c, int res) {
    if (res > 0) {
      c.out_sent += static_cast<std::size_t>(res);
      // A short send: the rest goes in another; the next receive waits until all is out, so a
      // slow reader is not buffered for without bound.
      if (c.out_sent < c.out_len) {
        arm_send(c);
      } else {
        arm_recv(c);
      }
      return true;
    }
    if (res == -EINTR || res == -EAGAIN) {
      arm_send(c);
      return true;
    }
    if (res < 0) failed(c, -res);
    return false;
  }

  // --- multishot -----------------------------------------------------------------------------

  // One arrival of the standing receive, in the provided buffer the completion names.
  void received_multishot(Conn& c, int res, unsigned flags, bool more, std::int64_t t) {
    if (!more) c.recv_armed = false;
    if (res < 0) {
      // ENOBUFS: the shelf was empty; the receive ended and is placed again once a buffer comes
      // back. ECANCELED: we cancelled it (a full queue, or stopping).
      if (res == -EINVAL && !saw_multishot_) {
        if (!failure_)
          failure_ = Error{
              "the kernel refused a multishot RECVMSG (it needs Linux 6.0 or later): "
              "run io_uring without multishot"};
      } else if (res == -ENOBUFS) {
        c.starved = true;
        starved_.push_back(c.id);
      } else if (res != -ECANCELED && res != -EINTR && res != -EAGAIN) {
        failed(c, -res);
        c.failed = c.closing = true;
      }
      return;
    }
    if (!(flags & IORING_CQE_F_BUFFER)) return;
    saw_multishot_ = true;
    const unsigned id = flags >> IORING_CQE_BUFFER_SHIFT;
    unsigned char* buf = buffers_.buffer(id);
    io_uring_recvmsg_out* out =
        io_uring_recvmsg_validate(buf, res, const_cast<msghdr*>(&multishot_msg_));
    const std::size_t n = out == nullptr ? 0
                                         : io_uring_recvmsg_payload_length(
                                               out, res, const_cast<msghdr*>(&multishot_msg_));
    if (n == 0 || c.failed) {  // the peer closed (or what came is dropped after a reset)
      buffers_.give_back(id);
      if (n == 0) c.closing = true;
      return;
    }
    // The kernel's receive timestamp sits in the control space it wrote before the payload.
    msghdr view{};
    view.msg_control = reinterpret_cast<unsigned char*>(out) + sizeof *out;
    view.msg_controllen = out->controllen;
    w_->notify(Sys::io_uring_enter, 1, c.fd.get(), 0, t);
    emit_data_arrival(*w_, view, c.fd.get(), static_cast<long>(n), c.rx, c.submitted_at, t,
                      /*kernel_copy=*/true);
    // The order still stands: the next arrival's wait began when this one was taken.
    c.submitted_at = t;
    c.rx.stream_offset += n;
    c.pieces.push_back({id,
                        static_cast<const unsigned char*>(
                            io_uring_recvmsg_payload(out, const_cast<msghdr*>(&multishot_msg_))),
                        n});
  }

  void sent_multishot(Conn& c, int res) {
    c.send_armed = false;
    if (res == -EINTR || res == -EAGAIN) return;  // settle_multishot sends the head again
    if (res <= 0) {
      if (res < 0) failed(c, -res);
      c.failed = c.closing = true;
      return;
    }
    Piece& head = c.pieces.front();
    head.data += res;
    head.len -= static_cast<std::size_t>(res);
    if (head.len == 0) {
      give_back(head.buffer);
      c.pieces.pop_front();
    }
  }

  // After each completion: what the connection needs next. The echo of the oldest piece; the
  // standing receive cancelled while the connection holds kMaxHeldPerConn buffers its peer has
  // not read back, and placed again below that; everything cancelled after a failure.
  void settle_multishot(Conn& c) {
    if (c.failed) {
      for (const Piece& p : c.pieces) give_back(p.buffer);
      c.pieces.clear();
    }
    if (!c.send_armed && !c.pieces.empty()) arm_send(c);
    const bool full = c.pieces.size() >= kMaxHeldPerConn;
    if (c.recv_armed && !c.recv_cancelled && (full || c.closing)) {
      cancel(tag(OpKind::Recv, c.id));
      c.recv_cancelled = true;
    }
    if (!c.recv_armed && !c.closing && !full && !c.starved) arm_recv(c);
    if (c.closing && c.send_armed && c.failed) cancel(tag(OpKind::Send, c.id));
  }

  // A buffer goes back to the shelf, and a connection the empty shelf stopped gets its
  // standing receive again.
  void give_back(unsigned id) {
    buffers_.give_back(id);
    while (!starved_.empty()) {
      const std::uint64_t starved = starved_.front();
      starved_.pop_front();
      auto it = conns_.find(starved);
      if (it == conns_.end()) continue;
      Conn& c = *it->second;
      c.starved = false;
      if (!c.recv_armed && !c.closing && c.pieces.size() < kMaxHeldPerConn) {
        arm_recv(c);
        break;
      }
    }
  }

  // There was no syscall whose end could carry the errno, so the error is an event of its own.
  void failed(const Conn& c, int err) {
    if (err == ECANCELED) return;
    w_->error(c.fd.get(), err, c.rx.conn);
  }

  // --- Stopping ----------------------------------------------------------------------------

  // Cancels every operation in flight by its user_data (works on any kernel with io_uring
  // cancel, 5.5+) and waits for all their completions. True when none is left.
  bool cancel_and_drain() {
    if (in_flight_ > 0) {
      if (accept_armed_) cancel(tag(OpKind::Accept));
      if (stop_watch_armed_) cancel(tag(OpKind::StopWatch));
      for (auto& [id, c] : conns_) {
        if (c->recv_armed) cancel(tag(OpKind::Recv, id));
        if (c->send_armed) cancel(tag(OpKind::Send, id));
      }
      submit();
    }
    const std::int64_t deadline = now_ns() + kShutdownWaitNs;
    while (in_flight_ > 0 && now_ns() < deadline) {
      __kernel_timespec wait{0, 50'000'000};
      io_uring_cqe* cqe = nullptr;
      // A completion already in the ring is taken without entering the kernel: only a real
      // wait is traced as io_uring_enter (so the trace's count agrees with strace's).
      int rc = io_uring_cq_ready(&ring_) > 0 ? io_uring_peek_cqe(&ring_, &cqe) : -EAGAIN;
      if (rc != 0) {
        w_->syscall_begin(Sys::io_uring_enter, ring_.ring_fd);
        rc = io_uring_wait_cqe_timeout(&ring_, &cqe, &wait);
        w_->syscall_end(Sys::io_uring_enter, ring_.ring_fd, rc, rc < 0 ? -rc : 0);
      }
      if (rc != 0) continue;
      const std::uint64_t data = io_uring_cqe_get_data64(cqe);
      const int res = cqe->res;
      const unsigned flags = cqe->flags;
      io_uring_cqe_seen(&ring_, cqe);
      settle_after_stop(data, res, flags);
    }
    return in_flight_ == 0;
  }

  void cancel(std::uint64_t target) {
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return;
    io_uring_prep_cancel64(sqe, target, 0);
    io_uring_sqe_set_data64(sqe, tag(OpKind::Cancel));
  }

  // A completion that came in while stopping: nothing more is submitted. (A buffer it was
  // handed stays with the kernel's ring, which is torn down next.)
  void settle_after_stop(std::uint64_t data, int res, unsigned flags) {
    const OpKind kind = kind_of(data);
    if (kind == OpKind::Cancel || (flags & IORING_CQE_F_MORE)) return;
    --in_flight_;
    if (kind == OpKind::Accept && res >= 0) {
      Fd late(res);  // accepted just before the cancel: closed unserved
    } else if (kind == OpKind::Recv || kind == OpKind::Send) {
      auto it = conns_.find(id_of(data));
      if (it == conns_.end()) return;
      (kind == OpKind::Recv ? it->second->recv_armed : it->second->send_armed) = false;
    }
  }

  // multishot's buffer: the kernel's header, no address, the control space, then the payload.
  static constexpr std::size_t kMultishotHeader = sizeof(io_uring_recvmsg_out) + kRxControlSize;

  ServerContext& ctx_;
  const bool multishot_;
  std::unique_ptr<TraceWriter> w_;
  UsefulWork work_;  // after w_: it flushes into w_ when destroyed
  io_uring ring_{};
  ProvidedBuffers buffers_;  // multishot only; freed after the ring is torn down
  msghdr multishot_msg_{};   // multishot: the layout of each arrival, read at submission
  std::unordered_map<std::uint64_t, std::unique_ptr<Conn>> conns_;
  std::deque<std::uint64_t> starved_;  // multishot: waiting for a buffer to come back
  std::uint64_t next_id_ = 1;
  std::size_t in_flight_ = 0;  // operations submitted or queued whose completion is not reaped
  bool accept_armed_ = false;
  bool stop_watch_armed_ = false;
  bool stopping_ = false;
  bool saw_multishot_ = false;
  std::optional<Error> failure_;
};

std::optional<std::string> read_io_uring_disabled() {
  std::ifstream in("/proc/sys/kernel/io_uring_disabled");
  std::string value;
  if (in >> value) return value;
  return std::nullopt;
}

std::optional<std::string> probe_io_uring() {
  io_uring ring{};
  const int rc = io_uring_queue_init(8, &ring, 0);
  if (rc < 0) {
    std::string why = "io_uring_setup failed: " + errno_text(-rc);
    const auto disabled = read_io_uring_disabled();
    if (disabled && *disabled != "0") {
      why += " (kernel.io_uring_disabled = " + *disabled + ")";
    } else if (rc == -ENOSYS) {
      why += " (this kernel has no io_uring: Linux 5.1 or later, built with CONFIG_IO_URING)";
    } else if (rc == -EPERM || rc == -EACCES) {
      why += " (kernel.io_uring_disabled or seccomp?)";
    }
    return why;
  }
  std::optional<std::string> why;
  io_uring_probe* probe = io_uring_get_probe_ring(&ring);
  if (probe == nullptr) {
    why = "the kernel cannot list its io_uring operations (IORING_REGISTER_PROBE needs Linux 5.6)";
  } else {
    const struct {
      int op;
      const char* name;
    } needed[] = {{IORING_OP_ACCEPT, "IORING_OP_ACCEPT"},
                  {IORING_OP_RECVMSG, "IORING_OP_RECVMSG"},
                  {IORING_OP_SEND, "IORING_OP_SEND"},
                  {IORING_OP_POLL_ADD, "IORING_OP_POLL_ADD"},
                  {IORING_OP_ASYNC_CANCEL, "IORING_OP_ASYNC_CANCEL"}};
    for (const auto& n : needed) {
      if (!io_uring_opcode_supported(probe, n.op)) {
        why = std::string("kernel lacks ") + n.name;
        break;
      }
    }
    io_uring_free_probe(probe);
  }
  io_uring_queue_exit(&ring);
  return why;
}

}  // namespace

std::optional<Error> IoUringModel::serve(ServerContext& ctx) {
  UringServer server(ctx);
  return server.run();
}

std::optional<std::string> io_uring_unavailable_reason() {
  static const std::optional<std::string> reason = probe_io_uring();
  return reason;
}

}  // namespace ioscope
