#include "lab/registration_experiment.hpp"

#include <liburing.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <memory>
#include <set>

#include "lab/experiment_run.hpp"
#include "models/io_uring.hpp"
#include "net/socket_ops.hpp"
#include "trace/clock.hpp"

namespace ioscope {

namespace {

constexpr int kCheckTimeoutMs = 1000;
constexpr unsigned kMaxSqEntries = 32768;  // IORING_MAX_ENTRIES: the largest ring the kernel makes

Error cancelled() {
  return Error{"cancelled"};
}

// --- The sockets -----------------------------------------------------------------------------

// N connected TCP pairs on 127.0.0.1: `mine` are the accepted ends a server would register,
// `peers` the client ends that send the bytes the checks look for. The peers close with a reset
// (SO_LINGER 0), so a sweep leaves no TIME_WAIT behind to hold the ephemeral ports.
struct Pairs {
  std::vector<Fd> mine;   // non-blocking
  std::vector<Fd> peers;  // declared last: closed first
};

Result<Pairs> open_pairs(int n, const StopSignal& stop) {
  auto listener = listen_loopback(0, 128);
  if (!listener) return listener.error();
  Pairs p;
  p.mine.reserve(static_cast<std::size_t>(n));
  p.peers.reserve(static_cast<std::size_t>(n));
  // Connect, then accept at once: the accept queue never holds more than one, so a full
  // backlog never drops a handshake.
  for (int i = 0; i < n; ++i) {
    if ((i & 255) == 0 && stop.requested()) return cancelled();
    auto peer = connect_loopback(listener->port);
    if (!peer)
      return Error{peer.error().message + " (pair " + std::to_string(i + 1) + " of " +
                   std::to_string(n) + ")"};
    const linger reset{1, 0};
    ::setsockopt(peer->get(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    int fd;
    do {
      fd = ::accept4(listener->fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
      return Error{"cannot accept pair " + std::to_string(i + 1) + " of " + std::to_string(n) +
                   ": " + errno_text(errno) + (errno == EMFILE ? " (RLIMIT_NOFILE reached)" : "")};
    p.mine.emplace_back(fd);
    p.peers.push_back(std::move(*peer));
  }
  return p;
}

bool send_byte(int fd) {
  const char b = 'r';
  ssize_t n;
  do {
    n = ::send(fd, &b, 1, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n == 1;
}

void drain(int fd) {
  char buf[64];
  while (::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0) {
  }
}

// --- Did the registration take? ---------------------------------------------------------------

struct Check {
  int registered = 0;
  bool ok = false;
  std::string text;
};

// The kernel lists an epoll instance's interest list in /proc/self/fdinfo/<epfd>, one "tfd:"
// line per registered descriptor: the registrations counted from the kernel's side.
int epoll_interest_count(int epfd) {
  std::ifstream in("/proc/self/fdinfo/" + std::to_string(epfd));
  int n = 0;
  for (std::string line; std::getline(in, line);)
    if (line.rfind("tfd:", 0) == 0) ++n;
  return n;
}

// Every socket is on the interest list, and a byte from one peer wakes that socket alone.
Check check_epoll(int epfd, const Pairs& p) {
  Check c;
  const int n = static_cast<int>(p.mine.size());
  c.registered = epoll_interest_count(epfd);
  const std::size_t at = p.mine.size() / 2;
  const int want = p.mine[at].get();
  if (!send_byte(p.peers[at].get())) {
    c.text = "cannot send the check's byte: " + errno_text(errno);
    return c;
  }
  epoll_event evs[8];
  int got;
  do {
    got = ::epoll_wait(epfd, evs, 8, kCheckTimeoutMs);
  } while (got < 0 && errno == EINTR);
  drain(want);
  const std::string counted = std::to_string(c.registered) + " of " + std::to_string(n) +
                              " on the interest list (/proc/self/fdinfo)";
  if (got != 1 || evs[0].data.fd != want) {
    c.text = counted + ", but a byte sent to fd " + std::to_string(want) + "'s peer woke " +
             (got <= 0 ? std::string("nothing within ") + std::to_string(kCheckTimeoutMs) + " ms"
                       : std::to_string(got) + " descriptor(s), first fd " +
                             std::to_string(evs[0].data.fd));
    return c;
  }
  c.ok = c.registered == n;
  c.text = counted + "; a byte sent to fd " + std::to_string(want) + "'s peer woke fd " +
           std::to_string(want) + " alone";
  return c;
}

// The check after a registration; a registration that failed part-way says so first.
Check checked(int epfd, const Pairs& p, const std::string& failed) {
  Check c = check_epoll(epfd, p);
  if (!failed.empty()) {
    c.ok = false;
    c.text = failed + "; " + c.text;
  }
  return c;
}

// --- (a) epoll_ctl, one call per descriptor ---------------------------------------------------

struct Repeat {
  std::int64_t ns = 0;
  int syscalls = 0;
  Check check;
};

// Registers every socket with its own epoll_ctl(EPOLL_CTL_ADD): N trips into the kernel, each
// taking the epoll instance's lock, allocating an epitem, inserting it in the red-black tree and
// polling the socket once to see whether it is already ready.
Result<Repeat> register_by_epoll_ctl(const Pairs& p) {
  Fd ep(::epoll_create1(EPOLL_CLOEXEC));
  if (!ep) return Error{"epoll_create1 failed: " + errno_text(errno)};
  Repeat r;
  std::string failed;
  const std::int64_t t0 = now_ns();
  for (const Fd& fd : p.mine) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd.get();
    ++r.syscalls;
    if (::epoll_ctl(ep.get(), EPOLL_CTL_ADD, fd.get(), &ev) != 0) {
      const int err = errno;
      failed = "epoll_ctl(EPOLL_CTL_ADD) on fd " + std::to_string(fd.get()) +
               " failed: " + errno_text(err) +
               (err == ENOSPC ? " (fs.epoll.max_user_watches reached)" : "");
      break;
    }
  }
  r.ns = now_ns() - t0;
  r.check = checked(ep.get(), p, failed);
  return r;
}

// --- (b) io_uring, the registrations in one batch ---------------------------------------------

// kqueue's kevent() takes a changelist: many registrations in one call. Linux has no batched
// epoll_ctl, but io_uring carries epoll_ctl as an operation (IORING_OP_EPOLL_CTL, Linux 5.6):
// N entries written into the shared submission queue cost no system call; one io_uring_enter
// hands them all over, and the kernel runs the N registrations inside it.
class Ring {
 public:
  ~Ring() {
    if (ready_) io_uring_queue_exit(&ring_);  // cancels whatever is still armed
  }
  static Result<std::unique_ptr<Ring>> make(unsigned entries) {
    auto r = std::make_unique<Ring>();
    const int rc = io_uring_queue_init(std::min(entries, kMaxSqEntries), &r->ring_, 0);
    if (rc < 0) return Error{"io_uring_queue_init failed: " + errno_text(-rc)};
    r->ready_ = true;
    return r;
  }
  io_uring* get() { return &ring_; }
  unsigned sq_entries() const { return ring_.sq.ring_entries; }

 private:
  io_uring ring_{};
  bool ready_ = false;
};

std::optional<std::string> probe_epoll_ctl_op() {
  if (auto why = io_uring_unavailable_reason()) return why;
  io_uring ring{};
  if (io_uring_queue_init(2, &ring, 0) < 0) return "io_uring_queue_init failed";
  std::optional<std::string> why;
  io_uring_probe* probe = io_uring_get_probe_ring(&ring);
  if (probe == nullptr)
    why = "the kernel cannot list its io_uring operations (IORING_REGISTER_PROBE, Linux 5.6)";
  else if (!io_uring_opcode_supported(probe, IORING_OP_EPOLL_CTL))
    why = "this kernel lacks IORING_OP_EPOLL_CTL (Linux 5.6, CONFIG_EPOLL)";
  if (probe != nullptr) io_uring_free_probe(probe);
  io_uring_queue_exit(&ring);
  return why;
}

std::optional<std::string> epoll_ctl_op_missing() {
  static const std::optional<std::string> why = probe_epoll_ctl_op();
  return why;
}

// Hands the queued entries to the kernel in one io_uring_enter and waits there for `want`
// completions. Returns how many entries the kernel took.
Result<unsigned> submit_and_wait(io_uring* ring, unsigned want, int& enters) {
  const unsigned queued = io_uring_sq_ready(ring);
  int rc;
  do {
    ++enters;
    rc = io_uring_submit_and_wait(ring, want);
  } while (rc == -EINTR);
  if (rc < 0) return Error{"io_uring_submit_and_wait failed: " + errno_text(-rc)};
  return queued - io_uring_sq_ready(ring);
}

// Reaps `count` completions, each waited for at most kCheckTimeoutMs (a wait that must enter
// the kernel is counted); on_cqe sees each one.
std::optional<Error> reap(io_uring* ring, unsigned count, int& enters,
                          const std::function<void(const io_uring_cqe&)>& on_cqe) {
  unsigned got = 0;
  while (got < count) {
    if (io_uring_cq_ready(ring) == 0) {
      ++enters;
      io_uring_cqe* cqe = nullptr;
      __kernel_timespec ts{kCheckTimeoutMs / 1000, (kCheckTimeoutMs % 1000) * 1'000'000LL};
      const int rc = io_uring_wait_cqe_timeout(ring, &cqe, &ts);
      if (rc == -EINTR) continue;
      if (rc == -ETIME)
        return Error{"io_uring posted " + std::to_string(got) + " of " + std::to_string(count) +
                     " completions within " + std::to_string(kCheckTimeoutMs) + " ms"};
      if (rc < 0) return Error{"io_uring_wait_cqe failed: " + errno_text(-rc)};
    }
    unsigned head;
    unsigned seen = 0;
    io_uring_cqe* cqe;
    io_uring_for_each_cqe(ring, head, cqe) {
      ++seen;
      on_cqe(*cqe);
      if (got + seen == count) break;
    }
    io_uring_cq_advance(ring, seen);
    got += seen;
  }
  return std::nullopt;
}

Result<Repeat> register_by_uring_epoll_ctl(Ring& ring, const Pairs& p) {
  Fd ep(::epoll_create1(EPOLL_CLOEXEC));
  if (!ep) return Error{"epoll_create1 failed: " + errno_text(errno)};
  const std::size_t n = p.mine.size();
  // The kernel reads each epoll_event when it takes the entry: they must live until then.
  std::vector<epoll_event> evs(n);
  Repeat r;
  std::string failed;
  const auto on_cqe = [&](const io_uring_cqe& cqe) {
    if (cqe.res != 0 && failed.empty())
      failed = "IORING_OP_EPOLL_CTL on fd " + std::to_string(cqe.user_data) +
               " failed: " + errno_text(-cqe.res);
  };
  const std::int64_t t0 = now_ns();
  std::size_t next = 0;
  while (next < n && failed.empty()) {
    unsigned batch = 0;  // as many as the submission queue holds: all N when it was sized for N
    for (io_uring_sqe* sqe; next < n && (sqe = io_uring_get_sqe(ring.get())) != nullptr; ++next) {
      const int fd = p.mine[next].get();
      evs[next].events = EPOLLIN;
      evs[next].data.fd = fd;
      io_uring_prep_epoll_ctl(sqe, ep.get(), fd, EPOLL_CTL_ADD, &evs[next]);
      io_uring_sqe_set_data64(sqe, static_cast<__u64>(fd));
      ++batch;
    }
    auto taken = submit_and_wait(ring.get(), batch, r.syscalls);
    if (!taken) return taken.error();
    if (auto err = reap(ring.get(), *taken, r.syscalls, on_cqe)) return *err;
    if (*taken != batch)
      return Error{"the kernel took " + std::to_string(*taken) + " of " + std::to_string(batch) +
                   " IORING_OP_EPOLL_CTL entries"};
  }
  r.ns = now_ns() - t0;
  r.check = checked(ep.get(), p, failed);
  return r;
}

// The fallback where IORING_OP_EPOLL_CTL is missing: a one-shot IORING_OP_POLL_ADD per socket.
// The ring itself holds the interest (no epoll instance), and each poll fires once: the check
// sends a byte from one peer (exactly its socket must complete), then from every other peer
// (every other socket must complete once).
Result<Repeat> register_by_uring_poll_add(const Pairs& p) {
  const std::size_t n = p.mine.size();
  auto ring = Ring::make(static_cast<unsigned>(n));  // fresh: the polls of a repeat stay armed
  if (!ring) return ring.error();
  io_uring* rg = (*ring)->get();
  Repeat r;
  const std::int64_t t0 = now_ns();
  std::size_t next = 0;
  while (next < n) {
    unsigned batch = 0;
    for (io_uring_sqe* sqe; next < n && (sqe = io_uring_get_sqe(rg)) != nullptr; ++next) {
      io_uring_prep_poll_add(sqe, p.mine[next].get(), POLLIN);
      io_uring_sqe_set_data64(sqe, static_cast<__u64>(p.mine[next].get()));
      ++batch;
    }
    auto taken = submit_and_wait(rg, 0, r.syscalls);  // nothing completes until data arrives
    if (!taken) return taken.error();
    if (*taken != batch)
      return Error{"the kernel took " + std::to_string(*taken) + " of " + std::to_string(batch) +
                   " IORING_OP_POLL_ADD entries"};
  }
  r.ns = now_ns() - t0;

  Check& c = r.check;
  if (io_uring_cq_ready(rg) != 0) {
    io_uring_cqe* cqe = nullptr;
    io_uring_peek_cqe(rg, &cqe);
    c.text = "a poll completed before any data was sent (fd " + std::to_string(cqe->user_data) +
             ", res " + std::to_string(cqe->res) + ")";
    return r;
  }
  const std::size_t at = n / 2;
  const int want = p.mine[at].get();
  std::set<std::uint64_t> fired;
  std::string odd;
  int scratch = 0;  // the check's own waits are not the registration's system calls
  const auto on_cqe = [&](const io_uring_cqe& cqe) {
    if (cqe.res < 0 || !(cqe.res & POLLIN)) {
      if (odd.empty())
        odd = "the poll on fd " + std::to_string(cqe.user_data) + " completed with " +
              (cqe.res < 0 ? errno_text(-cqe.res) : "events " + std::to_string(cqe.res));
      return;
    }
    fired.insert(cqe.user_data);
  };
  if (!send_byte(p.peers[at].get()))
    return Error{"cannot send the check's byte: " + errno_text(errno)};
  if (auto err = reap(rg, 1, scratch, on_cqe)) {
    c.text =
        "a byte sent to fd " + std::to_string(want) + "'s peer completed no poll: " + err->message;
    return r;
  }
  const bool alone = fired.size() == 1 && *fired.begin() == static_cast<std::uint64_t>(want);
  for (std::size_t i = 0; i < n; ++i)
    if (i != at && !send_byte(p.peers[i].get()))
      return Error{"cannot send the check's byte: " + errno_text(errno)};
  const auto rest = reap(rg, static_cast<unsigned>(n - 1), scratch, on_cqe);
  for (const Fd& fd : p.mine) drain(fd.get());
  c.registered = static_cast<int>(fired.size());
  c.text = std::to_string(c.registered) + " of " + std::to_string(n) +
           " polls fired once each when every peer sent a byte; the first byte, to fd " +
           std::to_string(want) + "'s peer, " +
           (alone ? "completed that poll alone" : "did not complete that poll alone");
  if (!odd.empty()) c.text += "; " + odd;
  if (rest) c.text += "; " + rest->message;
  c.ok = alone && odd.empty() && !rest && c.registered == static_cast<int>(n);
  return r;
}

// --- One (way, N) point -----------------------------------------------------------------------

Result<RegistrationResult> measure(RegistrationWay way, const Pairs& p,
                                   const RegistrationParams& params, const StopSignal& stop) {
  RegistrationResult res;
  res.way = way;
  res.fds = static_cast<int>(p.mine.size());
  res.repeats = params.repeats;
  std::unique_ptr<Ring> ring;
  bool poll_add = false;
  if (way == RegistrationWay::EpollCtl) {
    res.op = "EPOLL_CTL_ADD";
  } else {
    if (auto why = io_uring_unavailable_reason()) {
      res.skipped = true;
      res.reason = *why;
      return res;
    }
    poll_add = params.force_poll_add;
    if (poll_add) res.op_note = "IORING_OP_POLL_ADD asked for (force_poll_add)";
    if (auto why = epoll_ctl_op_missing(); why && !poll_add) {
      poll_add = true;
      res.op_note = *why;
    }
    res.op = poll_add ? "IORING_OP_POLL_ADD" : "IORING_OP_EPOLL_CTL";
    // Sized for N, so the whole batch fits and goes in one io_uring_enter (the kernel rounds
    // up to a power of two and stops at 32768 entries).
    auto made = Ring::make(static_cast<unsigned>(res.fds));
    if (!made) return made.error();
    ring = std::move(*made);
    res.sq_entries = static_cast<int>(ring->sq_entries());
    if (poll_add) ring.reset();  // each repeat makes its own ring: one-shot polls stay armed
  }

  std::vector<std::int64_t> ns;
  res.registered = res.fds;
  res.effective = true;
  for (int i = 0; i < params.repeats; ++i) {
    if (stop.requested()) return cancelled();
    auto rep = way == RegistrationWay::EpollCtl ? register_by_epoll_ctl(p)
               : poll_add                       ? register_by_uring_poll_add(p)
                                                : register_by_uring_epoll_ctl(*ring, p);
    if (!rep) return rep.error();
    ns.push_back(rep->ns);
    res.syscalls = std::max(res.syscalls, rep->syscalls);
    res.registered = std::min(res.registered, rep->check.registered);
    res.probe_fd = p.mine[p.mine.size() / 2].get();
    if (res.effective) res.check = rep->check.text;  // the first failure, or the last success
    res.effective = res.effective && rep->check.ok;
  }
  res.total_ns = spread_of(ns);
  res.ns_per_fd = res.total_ns.median / res.fds;
  return res;
}

}  // namespace

std::string_view registration_way_id(RegistrationWay w) {
  switch (w) {
    case RegistrationWay::EpollCtl:
      return "epoll_ctl";
    case RegistrationWay::IoUringBatch:
      return "io_uring";
  }
  return "?";
}

std::optional<Error> validate(const RegistrationParams& p, const FdCeiling& ceiling) {
  if (p.fds.empty()) return Error{"choose at least one descriptor count"};
  if (p.fds.size() > static_cast<std::size_t>(kMaxRegistrationFdCounts))
    return Error{"a sweep has at most " + std::to_string(kMaxRegistrationFdCounts) +
                 " descriptor counts, not " + std::to_string(p.fds.size())};
  for (std::size_t i = 0; i < p.fds.size(); ++i) {
    const int n = p.fds[i];
    if (n < 1) return Error{"a descriptor count must be at least 1, not " + std::to_string(n)};
    if (2LL * n > ceiling.max_fds)
      return Error{std::to_string(n) + " sockets need " + std::to_string(2LL * n) +
                   " descriptors (each has its connected peer), over this machine's ceiling of " +
                   std::to_string(ceiling.max_fds) + " (" + ceiling.why + ")"};
    if (n > kMaxRegistrationFds)
      return Error{"at most " + std::to_string(kMaxRegistrationFds) +
                   " sockets (each connected pair takes a loopback ephemeral port), not " +
                   std::to_string(n)};
    for (std::size_t j = 0; j < i; ++j)
      if (p.fds[j] == n) return Error{"descriptor count " + std::to_string(n) + " is listed twice"};
  }
  if (p.repeats < 1 || p.repeats > kMaxRegistrationRepeats)
    return Error{"repeats must be between 1 and " + std::to_string(kMaxRegistrationRepeats) +
                 ", not " + std::to_string(p.repeats)};
  return std::nullopt;
}

RegistrationReport run_registration(
    const RegistrationParams& params, const StopSignal& stop,
    const std::function<void(const RegistrationResult&)>& on_result) {
  RegistrationReport report;
  ExperimentRun<RegistrationReport, RegistrationResult> out(report, stop, on_result);
  if (!out.start(params)) return report;

  for (const int n : params.fds) {
    if (stop.requested()) {
      report.cancelled = true;
      return report;
    }
    auto pairs = open_pairs(n, stop);
    if (!pairs && stop.requested()) return out.fail(pairs.error());
    for (RegistrationWay way : {RegistrationWay::EpollCtl, RegistrationWay::IoUringBatch}) {
      if (!pairs) {  // the machine would not give us N pairs: both ways skip, with why
        RegistrationResult r;
        r.way = way;
        r.fds = n;
        r.repeats = params.repeats;
        r.skipped = true;
        r.reason =
            "cannot open " + std::to_string(n) + " connected pairs: " + pairs.error().message;
        out.emit(std::move(r));
        continue;
      }
      auto r = measure(way, *pairs, params, stop);
      if (!r) return out.fail(r.error());
      out.emit(std::move(*r));
    }
  }
  if (stop.requested()) {
    report.cancelled = true;
    return report;
  }
  auto loop = run_many_kinds_loop(stop);
  if (!loop) return out.fail(loop.error());
  report.loop = std::move(*loop);
  return report;
}

}  // namespace ioscope
