// Signal-driven I/O (Stevens' model 4).
//
// The buyer leaves his phone number at the shop and goes about his day. fcntl() does the
// leaving: F_SETOWN_EX says which thread to call, F_SETSIG which signal to call with, O_ASYNC
// turns the calls on. When a knife arrives, the shopkeeper phones: a signal interrupts whatever
// the process was doing, and because F_SETSIG picked a queued real-time signal, its siginfo names
// the order (si_fd) and roughly what happened (si_band). So phase 1 (wait for data) costs the
// process nothing, and what it does meanwhile is its choice (Scenario::idle):
//   - keeps working: useful work, with the phone ringing in the middle of it (a handler runs);
//     the calls are written down and dealt with between units of work, so a knife waits for the
//     unit in hand to be done, and the buyer keeps a whole core busy.
//   - sleeps: the buyer keeps the phone on silent (the signals are blocked on his thread, so they
//     stay pending) and naps beside it in sigtimedwait, which hands him the next call, siginfo
//     and all, when it comes: no handler, no interruption, no work units. That is a wait for
//     readiness like epoll_wait, one call per signal. A stop request is an eventfd, which
//     cannot ring a phone, so whoever stops the run rings it instead (interrupt()).
// Phase 2 is unchanged from every other synchronous model: the buyer still goes to the counter
// and stands there while the knife is handed over (recvmsg copies kernel -> user).
//
// Why Stevens calls SIGIO "next to useless" for TCP (UNP 25.2): on a TCP socket the signal is
// raised for many conditions — a connection request completed on a listener, a disconnect
// initiated or completed, half of the connection shut down, data arrived, data sent (room in
// the send buffer), an asynchronous error — and plain SIGIO tells neither which condition nor
// which socket. Linux's F_SETSIG mends part of that (si_fd, si_band). Two problems remain, and
// this file handles both:
//   - a signal is an edge, one per arrival, not a level: after one, read until EAGAIN or data
//     sits unread with no second call coming. A signal may also name data that an earlier read
//     already took; its read finds EAGAIN, a wasted trip.
//   - real-time signals queue, but only up to RLIMIT_SIGPENDING. When the queue is full the
//     kernel falls back to plain SIGIO, which names no descriptor: the only safe move is then to
//     try every connection — the very scan that signals were meant to spare us.
//
// Keeping working, a handler may interrupt the process anywhere (even inside malloc), so it may
// only do async-signal-safe things. Ours notes (fd, band, time) in a lock-free queue that this
// thread owns, and returns; the main loop takes the notes between units of useful work and does
// the reads. The signals come to this thread alone (F_OWNER_TID), so the handler finds the queue
// through a thread_local pointer, and the queue has one producer (the handler) and one consumer
// (the loop it interrupts). Sleeping, the loop writes the notes itself, from what sigtimedwait
// returned, and takes them at once.
#include "models/sigio.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/useful_work.hpp"
#include "net/echo_connection.hpp"
#include "net/socket_ops.hpp"
#include "net/traced_accept.hpp"

namespace ioscope {

int sigio_signal() {
  return SIGRTMIN + kSigioRtOffset;
}

namespace {

// The calls the shop made, as the handler wrote them down. The handler only interrupts the loop,
// never the reverse, and never itself (its sa_mask blocks both signals while it runs): atomic
// indices are enough, and there is no lock the handler could wait on.
class SignalQueue {
 public:
  struct Note {
    int fd = -1;
    long band = 0;
    std::int64_t t_ns = 0;
  };
  static constexpr std::uint32_t kCapacity = 1024;

  // Signal handler only. fd -1: a signal that named no descriptor (plain SIGIO).
  void push(int fd, long band, std::int64_t t) noexcept {
    const std::uint32_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_.load(std::memory_order_acquire) == kCapacity) {
      overflow(t);  // our own queue is full: as good as a lost signal, so rescan
      return;
    }
    notes_[tail % kCapacity] = {fd, band, t};
    tail_.store(tail + 1, std::memory_order_release);
  }

  // Signal handler only: a call we could not write down. Keeps the time of the first.
  void overflow(std::int64_t t) noexcept {
    std::int64_t none = 0;
    overflow_at_.compare_exchange_strong(none, t, std::memory_order_relaxed);
  }

  // Main loop only.
  bool pop(Note& out) noexcept {
    const std::uint32_t head = head_.load(std::memory_order_relaxed);
    if (head == tail_.load(std::memory_order_acquire)) return false;
    out = notes_[head % kCapacity];
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  // Main loop only: when an overflow was seen (and forgets it), or 0.
  std::int64_t take_overflow() noexcept {
    return overflow_at_.exchange(0, std::memory_order_acq_rel);
  }

 private:
  static_assert(std::atomic<std::uint32_t>::is_always_lock_free);
  static_assert(std::atomic<std::int64_t>::is_always_lock_free);

  std::array<Note, kCapacity> notes_{};
  std::atomic<std::uint32_t> head_{0};
  std::atomic<std::uint32_t> tail_{0};
  std::atomic<std::int64_t> overflow_at_{0};
};

// The queue of the sigio server running on this thread, or null. constinit: a plain TLS slot the
// handler can read without any lazy initialisation; initial-exec: no allocation on first use
// even if the engine ever ends up in a shared library.
[[gnu::tls_model("initial-exec")]] constinit thread_local std::atomic<SignalQueue*> tls_queue{
    nullptr};

// From the handler or after sigtimedwait: writes the call down. Async-signal-safe.
void note_signal(SignalQueue& queue, int sig, const siginfo_t* info) noexcept {
  // The stop's knock (SigioModel::interrupt): it only wakes the buyer, who then sees the flag.
  if (info != nullptr && info->si_code == SI_TKILL && info->si_pid == ::getpid()) return;
  const std::int64_t t = now_ns();  // clock_gettime is async-signal-safe
  // Only the kernel's F_SETSIG signal says which descriptor (si_code POLL_IN..POLL_HUP).
  // Plain SIGIO — the fallback when the real-time queue is full — says nothing: rescan.
  if (sig != SIGIO && info != nullptr && info->si_code >= POLL_IN && info->si_code <= POLL_HUP) {
    queue.push(info->si_fd, info->si_band, t);
  } else {
    queue.push(-1, 0, t);
  }
}

void on_io_signal(int sig, siginfo_t* info, void*) {
  const int saved_errno = errno;
  SignalQueue* queue = tls_queue.load(std::memory_order_acquire);
  // Null: this thread serves nothing (any more); the signal is for a closed descriptor.
  if (queue != nullptr) note_signal(*queue, sig, info);
  errno = saved_errno;
}

sigset_t io_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sigio_signal());
  sigaddset(&set, SIGIO);
  return set;
}

std::string signal_name(int sig) {
  return sig == SIGIO ? "SIGIO" : "SIGRTMIN+" + std::to_string(sig - SIGRTMIN);
}

// Once per process, from whichever thread serves first; later calls only check.
std::optional<Error> install_handlers() {
  static std::mutex mutex;
  static bool installed = false;
  std::lock_guard lock(mutex);
  if (installed) return std::nullopt;
  const int signals[] = {sigio_signal(), SIGIO};
  for (const int sig : signals) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) != 0)
      return Error{"cannot read the action of " + signal_name(sig) + ": " + errno_text(errno)};
    const bool has_handler = (old.sa_flags & SA_SIGINFO) != 0 ||
                             (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN);
    if (has_handler)
      return Error{signal_name(sig) +
                   " already has a handler in this process; signal-driven I/O needs that signal "
                   "for itself"};
  }
  struct sigaction sa {};
  sa.sa_sigaction = on_io_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (const int sig : signals) sigaddset(&sa.sa_mask, sig);  // the queue's push is not reentrant
  for (const int sig : signals)
    if (::sigaction(sig, &sa, nullptr) != 0)
      return Error{"cannot install a handler for " + signal_name(sig) + ": " + errno_text(errno)};
  installed = true;
  return std::nullopt;
}

// Points the handler at this thread's queue and lets the signals in (keeping working) or holds
// them pending for sigtimedwait (sleeping); undoes both on the way out. The pointer is cleared
// before the queue can go, so a late signal never touches freed memory.
class SignalBinding {
 public:
  SignalBinding(SignalQueue& queue, IdleMode idle) {
    const sigset_t ours = io_signals();
    // A thread inherits its creator's mask; one that blocks our signals would never be called.
    pthread_sigmask(idle == IdleMode::Sleep ? SIG_BLOCK : SIG_UNBLOCK, &ours, &old_mask_);
    tls_queue.store(&queue, std::memory_order_release);
  }
  ~SignalBinding() {
    tls_queue.store(nullptr, std::memory_order_release);
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  SignalBinding(const SignalBinding&) = delete;
  SignalBinding& operator=(const SignalBinding&) = delete;

 private:
  sigset_t old_mask_;
};

class SigioServer {
 public:
  SigioServer(ServerContext& ctx, SigioModel::Doorbell& doorbell)
      : ctx_(ctx),
        w_(ctx.hub->make_writer(Lane::Buyer, 0)),
        work_(*w_),
        tid_(::gettid()),
        doorbell_(doorbell) {}

  std::optional<Error> run() {
    if (auto error = install_handlers()) return error;
    SignalBinding binding(queue_, ctx_.idle);
    // From here until run() returns a stop can knock: the signal is held pending or handled.
    const SigioModel::Doorbell::Answering answering(doorbell_, tid_);
    std::optional<Error> error = leave_number(ctx_.listen_fd);
    if (!error) error = loop();
    work_.flush();
    take_signals();  // calls that came in the last round still belong on the timeline
    // The listener is the caller's: stop its calls. Connections stop theirs when closed.
    fcntl_traced(ctx_.listen_fd, F_SETFL, O_NONBLOCK);
    for (auto& [fd, c] : conns_) traced_close(*w_, c->echo.socket(), c->echo.conn());
    conns_.clear();
    return error;
  }

 private:
  struct Conn {
    explicit Conn(EchoConnection e) : echo(std::move(e)) {}
    EchoConnection echo;
    bool readable = true;  // a signal said so and we have not yet seen EAGAIN
    bool queued = false;   // in work_list_
  };

  struct Served {
    bool open = true;
    bool got_data = false;
  };

  std::optional<Error> loop() {
    // Connections that queued before the listener had O_ASYNC raised no signal: look once.
    listener_ready_ = true;
    // The stop flag is seen within one unit of work, or one sleep slice.
    while (!ctx_.stop->requested()) {
      if (ctx_.idle == IdleMode::Sleep) {
        if (!can_progress()) wait_for_signal();
      } else {
        work_.one_unit();
        let_sanitizer_deliver_signals();
      }
      take_signals();
      if (auto error = serve_ready()) return error;
    }
    return std::nullopt;
  }

  // Sleeping: true while a round can do something without a new call. A connection whose echo
  // is stuck behind a full send buffer cannot: the POLL_OUT call says when there is room.
  bool can_progress() const {
    if (listener_ready_ || rescan_) return true;
    for (const int fd : work_list_) {
      auto it = conns_.find(fd);
      if (it != conns_.end() && !it->second->echo.has_pending_output()) return true;
    }
    return false;
  }

  // Sleeping: takes the next call. No timeout: a stop knocks (SigioModel::interrupt), and a
  // timeout would cost a timer armed and cancelled in the kernel for every call.
  void wait_for_signal() {
    const sigset_t ours = io_signals();
    siginfo_t info{};
    w_->syscall_begin(Sys::rt_sigtimedwait, -1);
    const int sig = ::sigtimedwait(&ours, &info, nullptr);
    const int err = sig < 0 ? errno : 0;
    w_->syscall_end(Sys::rt_sigtimedwait, -1, sig, err);
    if (sig > 0) note_signal(queue_, sig, &info);
  }

  // ThreadSanitizer holds asynchronous signals back until the thread enters one of its
  // interceptors; pure computation never does. Only in such builds, give it one per round.
  static void let_sanitizer_deliver_signals() {
#if defined(__SANITIZE_THREAD__)
    ::usleep(0);
#endif
  }

  template <typename Arg>
  int fcntl_traced(int fd, int cmd, Arg arg) {
    w_->syscall_begin(Sys::fcntl, fd);
    const int rc = ::fcntl(fd, cmd, arg);
    const int err = rc < 0 ? errno : 0;
    w_->syscall_end(Sys::fcntl, fd, rc, err);
    errno = err;
    return rc;
  }

  // Leaves the phone number: who to call, with what, and — last, so that the very first call
  // already goes to the right thread with the right signal — "please call".
  std::optional<Error> leave_number(int fd) {
    f_owner_ex owner{F_OWNER_TID, tid_};
    if (fcntl_traced(fd, F_SETOWN_EX, &owner) < 0 ||
        fcntl_traced(fd, F_SETSIG, sigio_signal()) < 0 ||
        fcntl_traced(fd, F_SETFL, O_NONBLOCK | O_ASYNC) < 0)
      return Error{"cannot ask for signals on fd " + std::to_string(fd) + ": " + errno_text(errno)};
    return std::nullopt;
  }

  void take_signals() {
    SignalQueue::Note note;
    while (queue_.pop(note)) {
      work_.flush();
      // Stamped when the handler ran: the moment the phone rang, not when we looked at the note.
      if (note.fd < 0) {
        overflowed(note.t_ns);
      } else {
        w_->notify(Sys::none, 1, note.fd, 0, note.t_ns);
        ring(note.fd, note.band);
      }
    }
    if (const std::int64_t t = queue_.take_overflow(); t != 0) {
      work_.flush();
      overflowed(t);
    }
  }

  // Somebody called and we do not know about which order: one rescan covers every such call
  // taken in this round.
  void overflowed(std::int64_t t) {
    w_->notify(Sys::none, 0, -1, flag::kOverflow, t);
    rescan_ = true;
  }

  void ring(int fd, long band) {
    if (fd == ctx_.listen_fd) {
      listener_ready_ = true;
      return;
    }
    auto it = conns_.find(fd);
    if (it == conns_.end()) return;  // a call about an order already closed
    // POLL_OUT alone (room to send) needs no read: pending output is retried every round.
    if ((band & (POLLIN | POLLPRI | POLLERR | POLLHUP)) != 0) it->second->readable = true;
    enqueue(fd, *it->second);
  }

  void enqueue(int fd, Conn& c) {
    if (c.queued) return;
    c.queued = true;
    work_list_.push_back(fd);
  }

  std::optional<Error> serve_ready() {
    if (rescan_) {
      rescan_ = false;
      return rescan();
    }
    if (listener_ready_) {
      listener_ready_ = false;
      int accepted = 0;
      if (auto error = accept_all(accepted)) return error;
    }
    if (work_list_.empty()) return std::nullopt;
    work_.flush();
    doing_.swap(work_list_);
    for (const int fd : doing_) {
      auto it = conns_.find(fd);
      if (it == conns_.end() || !it->second->queued) continue;
      it->second->queued = false;
      settle(it, serve(*it->second));
    }
    doing_.clear();
    return std::nullopt;
  }

  // Plain SIGIO named nobody, so ask everybody: the door first, then every connection.
  std::optional<Error> rescan() {
    work_.flush();
    int accepted = 0;
    if (auto error = accept_all(accepted)) return error;
    const auto examined = static_cast<std::int64_t>(conns_.size()) + 1;
    std::int64_t ready = accepted > 0 ? 1 : 0;
    for (auto it = conns_.begin(); it != conns_.end();) {
      Conn& c = *it->second;
      c.readable = true;
      c.queued = false;
      const Served s = serve(c);
      if (s.got_data) ++ready;
      it = settle(it, s);
    }
    w_->scan(Sys::recvmsg, examined, ready);
    return std::nullopt;
  }

  using ConnMap = std::unordered_map<int, std::unique_ptr<Conn>>;

  // Closes a connection that is over, or keeps it on the work list while it has more to do.
  ConnMap::iterator settle(ConnMap::iterator it, const Served& s) {
    Conn& c = *it->second;
    if (!s.open) {
      traced_close(*w_, c.echo.socket(), c.echo.conn());
      return conns_.erase(it);
    }
    if (c.readable || c.echo.has_pending_output()) enqueue(it->first, c);
    return std::next(it);
  }

  // Edge-triggered in effect: read until EAGAIN, stopping early only while the echo cannot go
  // out (then it stays on the work list and is retried next round).
  Served serve(Conn& c) {
    Served s;
    for (;;) {
      const IoOutcome f = c.echo.flush(*w_);
      if (f.n < 0 && !f.would_block()) return {false, s.got_data};
      if (c.echo.has_pending_output() || !c.readable) return s;
      const IoOutcome r = c.echo.read(*w_);
      if (r.n > 0) {
        s.got_data = true;
        continue;
      }
      if (r.n == 0) return {false, s.got_data};
      if (r.would_block()) {
        c.readable = false;
        return s;
      }
      if (r.err != EINTR) return {false, s.got_data};
    }
  }

  std::optional<Error> accept_all(int& accepted) {
    for (;;) {
      Fd fd;
      const IoOutcome r = traced_accept(*w_, ctx_.listen_fd, true, fd, ctx_.lowest_fd());
      if (r.would_block()) return std::nullopt;
      if (r.n < 0) {
        // A pending connection that failed says nothing about the listener.
        if (accept_error_is_transient(r.err)) {
          if (r.err == EMFILE || r.err == ENFILE) return std::nullopt;  // shed (traced_accept)
          continue;
        }
        return Error{"accept4 failed: " + errno_text(r.err)};
      }
      const int raw = fd.get();
      auto c = std::make_unique<Conn>(EchoConnection(std::move(fd), ctx_.clock, ctx_.message_size));
      if (auto error = leave_number(raw)) {
        traced_close(*w_, c->echo.socket(), c->echo.conn());
        return error;
      }
      // Data that came before O_ASYNC was on raised no signal: read once anyway.
      enqueue(raw, *c);
      conns_.emplace(raw, std::move(c));
      ++accepted;
    }
  }

  ServerContext& ctx_;
  std::unique_ptr<TraceWriter> w_;
  UsefulWork work_;  // after w_: it flushes into w_ when destroyed
  pid_t tid_;
  SigioModel::Doorbell& doorbell_;
  // Outlives every SignalBinding made in run(): the handler never sees it freed.
  SignalQueue queue_;
  ConnMap conns_;
  std::vector<int> work_list_;  // connections with something to do: read, or echo to finish
  std::vector<int> doing_;
  bool listener_ready_ = false;
  bool rescan_ = false;
};

}  // namespace

std::optional<Error> SigioModel::serve(ServerContext& ctx) {
  auto server = std::make_unique<SigioServer>(ctx, doorbell_);  // 24 KiB queue: not on the stack
  return server->run();
}

void SigioModel::interrupt() {
  doorbell_.knock();
}

SigioModel::Doorbell::Answering::Answering(Doorbell& bell, pid_t tid) : bell_(bell) {
  std::lock_guard lock(bell_.mutex_);
  bell_.tid_ = tid;
}

SigioModel::Doorbell::Answering::~Answering() {
  std::lock_guard lock(bell_.mutex_);
  bell_.tid_ = 0;
}

void SigioModel::Doorbell::knock() {
  // Under the lock: the thread cannot finish run() and its id be reused meanwhile.
  std::lock_guard lock(mutex_);
  if (tid_ != 0) ::syscall(SYS_tgkill, ::getpid(), tid_, sigio_signal());
}

}  // namespace ioscope
