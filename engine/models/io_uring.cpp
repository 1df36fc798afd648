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
#include "models/io_uring.hpp"

#include <liburing.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <cerrno>
#include <fstream>
#include <memory>
#include <string>
#include <unordered_map>

#include "models/useful_work.hpp"
#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"
#include "net/traced_io.hpp"

namespace ioscope {

namespace {

// One operation per connection in flight (a receive or a send), plus the accept, the stop watch
// and, at the end, the cancellations: the rings never fill for kMaxClients (512) connections.
constexpr unsigned kQueueDepth = 1024;
constexpr std::size_t kRecvSize = EchoConnection::kReadChunk;
constexpr std::int64_t kShutdownWaitNs = 1'000'000'000;

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

struct Conn {
  Fd fd;
  std::uint64_t id = 0;
  RxInfo rx;
  // Handed to the kernel with each receive; the kernel owns them until the completion is reaped.
  std::unique_ptr<unsigned char[]> buf = std::make_unique_for_overwrite<unsigned char[]>(kRecvSize);
  iovec iov{};
  msghdr msg{};
  alignas(cmsghdr) unsigned char control[kRxControlSize];
  std::size_t out_len = 0;   // bytes of buf to echo
  std::size_t out_sent = 0;  // of which the kernel has sent
  std::int64_t submitted_at = 0;
  bool busy = false;         // an operation is in flight
  OpKind op = OpKind::Recv;  // which, when busy
};

class UringServer {
 public:
  explicit UringServer(ServerContext& ctx)
      : ctx_(ctx), w_(ctx.hub->make_writer(Lane::Buyer, 0)), work_(*w_) {}

  std::optional<Error> run() {
    // COOP_TASKRUN + TASKRUN_FLAG: the kernel does not interrupt our work to finish a receive;
    // it raises a flag in the shared ring, and we enter the kernel when we see it (reap()).
    // Without it, a completion can wait for the next timer tick to surface. Older kernels
    // (before 5.19) refuse the flags: fall back to the default.
    int rc = io_uring_queue_init(kQueueDepth, &ring_,
                                 IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG);
    if (rc == -EINVAL) rc = io_uring_queue_init(kQueueDepth, &ring_, 0);
    if (rc < 0)
      return Error{
          "io_uring_queue_init failed: " + errno_text(-rc) +
          (rc == -ENOMEM ? " (before Linux 5.12 the rings count against RLIMIT_MEMLOCK)" : "")};
    std::optional<Error> error = loop();
    work_.flush();
    const bool drained = cancel_and_drain();
    io_uring_queue_exit(&ring_);
    for (auto& [id, c] : conns_) traced_close(*w_, c->fd, c->rx.conn);
    if (!drained) {
      // The kernel may still write into these buffers: keep them (a leak) rather than free them.
      for (auto& [id, c] : conns_) static_cast<void>(c.release());
      if (!error) error = Error{"io_uring did not complete its cancelled operations within 1 s"};
    }
    conns_.clear();
    return error;
  }

 private:
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
    c.iov = {c.buf.get(), kRecvSize};
    c.msg = {};
    c.msg.msg_iov = &c.iov;
    c.msg.msg_iovlen = 1;
    c.msg.msg_control = c.control;
    c.msg.msg_controllen = sizeof c.control;
    io_uring_prep_recvmsg(sqe, c.fd.get(), &c.msg, 0);
    io_uring_sqe_set_data64(sqe, tag(OpKind::Recv, c.id));
    c.submitted_at = now_ns();
    c.busy = true;
    c.op = OpKind::Recv;
    ++in_flight_;
  }

  void arm_send(Conn& c) {
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return;
    io_uring_prep_send(sqe, c.fd.get(), c.buf.get() + c.out_sent, c.out_len - c.out_sent,
                       MSG_NOSIGNAL);
    io_uring_sqe_set_data64(sqe, tag(OpKind::Send, c.id));
    c.busy = true;
    c.op = OpKind::Send;
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
      io_uring_cqe_seen(&ring_, cqe);
      complete(data, res, now_ns());
    }
  }

  void complete(std::uint64_t data, int res, std::int64_t t) {
    const OpKind kind = kind_of(data);
    if (kind != OpKind::Cancel) --in_flight_;
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
    if (it == conns_.end()) return;
    Conn& c = *it->second;
    c.busy = false;
    const bool open = kind == OpKind::Recv ? received(c, res, t) : sent(c, res);
    if (!open) {
      traced_close(*w_, c.fd, c.rx.conn);
      conns_.erase(it);
    }
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
      enable_rx_timestamps(fd);
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
      for (auto& [id, c] : conns_)
        if (c->busy) cancel(tag(c->op, id));
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
      io_uring_cqe_seen(&ring_, cqe);
      settle_after_stop(data, res);
    }
    return in_flight_ == 0;
  }

  void cancel(std::uint64_t target) {
    io_uring_sqe* sqe = next_sqe();
    if (sqe == nullptr) return;
    io_uring_prep_cancel64(sqe, target, 0);
    io_uring_sqe_set_data64(sqe, tag(OpKind::Cancel));
  }

  // A completion that came in while stopping: nothing more is submitted.
  void settle_after_stop(std::uint64_t data, int res) {
    const OpKind kind = kind_of(data);
    if (kind == OpKind::Cancel) return;
    --in_flight_;
    if (kind == OpKind::Accept && res >= 0) {
      Fd late(res);  // accepted just before the cancel: closed unserved
    } else if (kind == OpKind::Recv || kind == OpKind::Send) {
      auto it = conns_.find(id_of(data));
      if (it != conns_.end()) it->second->busy = false;
    }
  }

  ServerContext& ctx_;
  std::unique_ptr<TraceWriter> w_;
  UsefulWork work_;  // after w_: it flushes into w_ when destroyed
  io_uring ring_{};
  std::unordered_map<std::uint64_t, std::unique_ptr<Conn>> conns_;
  std::uint64_t next_id_ = 1;
  std::size_t in_flight_ = 0;  // operations submitted or queued whose completion is not reaped
  bool accept_armed_ = false;
  bool stop_watch_armed_ = false;
  bool stopping_ = false;
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
