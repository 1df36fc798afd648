// The explainer's words for system calls: receives, readiness waits (epoll_wait, select, poll),
// io_uring_enter, sends, accepts and the set-up calls.
#include <algorithm>
#include <cerrno>

#include "events/span_lookup.hpp"
#include "inspector/explain_builder.hpp"

namespace ioscope::ui::explain {

void Builder::call() {
  const std::optional<Span> span =
      e_.kind == EventKind::SyscallBegin ? spanOpenedBy(doc_, index_) : spanEndedBy(doc_, index_);
  const TraceEvent& begin = span ? doc_.event(span->event) : e_;
  const bool returned =
      span ? !span->open && span->end_event != span->event : e_.kind == EventKind::SyscallEnd;
  const bool cut = span && (span->flags & kSpanUnfinished) && span->end_event == span->event;
  const TraceEvent* end = nullptr;
  if (e_.kind == EventKind::SyscallEnd)
    end = &e_;
  else if (returned && span)
    end = &doc_.event(span->end_event);
  const std::uint32_t end_index =
      e_.kind == EventKind::SyscallEnd ? index_ : (span ? span->end_event : index_);

  const QString name = text::sysName(e_.sys);
  const QString callText = QStringLiteral("%1(fd %2)").arg(name, fdText(begin.fd));
  if (end) {
    x_.title = end->value < 0
                   ? QStringLiteral("%1 = -1 %2").arg(callText, text::errnoName(end->err))
                   : QStringLiteral("%1 = %2").arg(callText).arg(end->value);
  } else if (cut) {
    x_.title = tr("%1 — cut off when the run ended").arg(callText);
  } else {
    x_.title = tr("%1 … still in the call").arg(callText);
  }
  x_.pictogram = pic("buyer.svg");

  // A receive that returned data has a copy span inside it, which names the connection.
  const bool receiving = e_.sys == Sys::recvmsg || e_.sys == Sys::recvfrom;
  const Track* track = doc_.find_track({begin.lane, begin.track});
  const std::optional<Span> copy = receiving && end && end->value > 0 && track && span
                                       ? copyInside(doc_, *track, begin.fd, span->t0, span->t1)
                                       : std::nullopt;
  std::uint32_t port = connOf(doc_, begin);
  if (port == 0 && copy) port = doc_.event(copy->event).conn;

  row(tr("Call"), name);
  row(tr("fd"), fdText(begin.fd));
  if (port != 0) row(tr("Connection"), tr("client port %1").arg(port));
  row(tr("Started"), at(begin.t_ns));
  row(tr("Who"), text::laneName(e_.lane, e_.track));
  if (end) {
    row(tr("Returned"),
        end->value < 0
            ? tr("-1, errno %1: %2").arg(text::errnoName(end->err), text::errnoMeaning(end->err))
            : QString::number(end->value));
    if (span) row(tr("Duration"), text::duration(span->t1 - span->t0));
  } else if (span && cut) {
    row(tr("Duration"),
        tr("at least %1 (the run ended first)").arg(text::duration(span->t1 - span->t0)));
  } else {
    row(tr("Duration"), tr("not returned yet"));
  }

  switch (e_.sys) {
    case Sys::recvmsg:
    case Sys::recvfrom:
    case Sys::read:
      receive(end, span ? &*span : nullptr, copy ? &*copy : nullptr, end_index);
      break;
    case Sys::epoll_wait:
    case Sys::epoll_pwait:
      readinessWait(end, end_index, Sys::epoll_wait);
      break;
    case Sys::ppoll:
      readinessWait(end, end_index, Sys::poll);
      break;
    case Sys::select:
    case Sys::pselect6:
      readinessWait(end, end_index, Sys::select);
      break;
    case Sys::poll:
      readinessWait(end, end_index, Sys::poll);
      break;
    case Sys::io_uring_enter:
      x_.phase = Phase::None;
      x_.pictogram = pic("courier.svg");
      x_.analogy =
          tr("The buyer hands his orders to a courier service and collects the deliveries "
             "that have come in; he never stands at the counter for a knife.");
      x_.syscall =
          tr("io_uring_enter() submitted queued receive requests and/or waited for "
             "completions. The kernel itself waits for the data and copies it into the "
             "buffers given at submission: asynchronous I/O.");
      break;
    case Sys::rt_sigtimedwait:
      x_.phase = Phase::WaitForData;
      x_.pictogram = pic("phone.svg");
      x_.analogy = tr("The buyer waits by the phone for the shop to call.");
      x_.syscall =
          tr("rt_sigtimedwait() waits for a queued real-time signal; each signal names "
             "the descriptor that became ready.");
      break;
    case Sys::sendto:
    case Sys::sendmsg:
    case Sys::write:
      send(end);
      break;
    case Sys::accept4:
    case Sys::accept:
      accept(end);
      break;
    case Sys::epoll_ctl:
      x_.analogy =
          tr("The buyer tells the shopkeeper which orders to watch — once, not on every wait.");
      x_.syscall = tr("epoll_ctl() added, changed or removed fd %1 in the interest list, which the "
                      "kernel keeps between calls.")
                       .arg(fdText(begin.fd));
      break;
    case Sys::fcntl:
      x_.analogy =
          tr("The buyer changes how the shop treats this order: “don't make me wait” or "
             "“phone me when it arrives”.");
      x_.syscall = tr("fcntl() changed a flag of fd %1 (O_NONBLOCK, or O_ASYNC with F_SETOWN and "
                      "F_SETSIG for signal-driven I/O).")
                       .arg(fdText(begin.fd));
      break;
    case Sys::close:
      x_.analogy = tr("The buyer closes the order.");
      x_.syscall = tr("close() released fd %1; the connection is gone.").arg(fdText(begin.fd));
      break;
    case Sys::none:
      x_.analogy = tr("The buyer goes to the shop.");
      x_.syscall = tr("A system call: a trip from the process into the kernel.");
      break;
  }
  if (end && end->value < 0 && !text::isEagain(*end) && end->err != EINTR && x_.syscall.isEmpty())
    x_.syscall = tr("%1() failed with %2: %3.")
                     .arg(name, text::errnoName(end->err), text::errnoMeaning(end->err));
}

void Builder::receive(const TraceEvent* end, const Span* span, const Span* copy,
                      std::uint32_t end_index) {
  const QString name = text::sysName(e_.sys);
  if (!end) {
    x_.phase = Phase::WaitForData;
    x_.analogy = tr("The buyer stands at the counter and waits for the knife to reach the shop.");
    x_.syscall = tr("%1() has not returned: the thread sleeps in the kernel until data arrives "
                    "(phase 1), then the kernel copies it (phase 2).")
                     .arg(name);
    return;
  }
  if (text::isEagain(*end)) {
    x_.phase = Phase::WaitForData;
    x_.analogy =
        tr("The buyer asked for the knife; it has not reached the shop yet, so the "
           "shopkeeper says “not yet, come back later” — a wasted call (the socket is "
           "non-blocking, so he is never made to wait).");
    x_.syscall = tr("%1() returned -1 with errno EAGAIN: the socket's receive buffer was empty and "
                    "the socket is non-blocking (O_NONBLOCK), so the call returned at once instead "
                    "of sleeping. The trip into the kernel cost time and moved no data.")
                     .arg(name);
    return;
  }
  if (end->value == 0) {
    x_.analogy = tr("The factory has closed this order: no more knives will come.");
    x_.syscall = tr("%1() returned 0: end of stream — the client closed its side of the "
                    "connection, so the server closes its descriptor too.")
                     .arg(name);
    return;
  }
  if (end->value < 0) {
    x_.analogy = tr("The order went wrong: %1.").arg(text::errnoMeaning(end->err));
    x_.syscall = tr("%1() failed with %2: %3.")
                     .arg(name, text::errnoName(end->err), text::errnoMeaning(end->err));
    return;
  }
  // Data came back: when did it reach the kernel, and did the call wait for it?
  const TraceEvent* ready = findAfter(doc_, end_index, EventKind::KernelReady, *end);
  const bool waited = copy && (copy->flags & flag::kWaited);
  const QString amount = text::bytes(end->value);
  if (ready) {
    row(tr("Data reached the kernel"),
        tr("%1 (%2)").arg(at(ready->t_ns), ready->flags & flag::kInferred
                                               ? tr("inferred")
                                               : tr("kernel timestamp")));
    if (ready->aux >= 0) row(tr("Message"), QString::number(ready->aux));
  }
  if (waited && span) {
    x_.phase = Phase::Both;
    row(tr("Phase 1: waiting for data"), text::duration(copy->t0 - span->t0));
    row(tr("Phase 2: wake-up + copy"), text::duration(copy->t1 - copy->t0));
    x_.analogy =
        tr("The buyer waited at the counter until the knife reached the shop (phase 1); "
           "then the shopkeeper woke him and handed it over (phase 2). He could do "
           "nothing else the whole time.");
    x_.syscall = tr("%1() blocked until %2 arrived in the socket's receive buffer (%3), then the "
                    "kernel woke the thread and copied the data to user memory (%4, wake-up + "
                    "copy). Both phases happened inside one call: blocking, synchronous I/O.")
                     .arg(name, amount, text::duration(copy->t0 - span->t0),
                          text::duration(copy->t1 - copy->t0));
    return;
  }
  x_.phase = Phase::CopyToUser;
  if (ready && span && ready->t_ns <= span->t0)
    row(tr("Data waited in the kernel"), text::duration(span->t0 - ready->t_ns));
  x_.analogy =
      tr("The knife was already at the shop: the buyer copies it out himself, standing at "
         "the counter while it is handed over (phase 2, synchronous).");
  x_.syscall = tr("%1() found %2 already in the socket's receive buffer and copied it to user "
                  "memory; the thread is busy in the kernel for the copy. The process does phase 2 "
                  "itself: synchronous I/O, whatever told it the data was ready.")
                   .arg(name, amount);
}

void Builder::readinessWait(const TraceEvent* end, std::uint32_t end_index, Sys kind) {
  x_.phase = Phase::WaitForData;
  x_.pictogram = pic("bell.svg");
  const QString name = text::sysName(e_.sys);
  if (!end) {
    x_.analogy = kind == Sys::epoll_wait
                     ? tr("The buyer waits at one counter for any of his orders to be ready.")
                     : tr("The buyer waits while the shopkeeper checks his whole list of orders.");
    x_.syscall = tr("%1() sleeps until at least one watched descriptor is ready (phase 1 for all "
                    "of them at once).")
                     .arg(name);
    return;
  }
  if (end->value < 0) {
    x_.analogy = tr("The wait was cut short: %1.").arg(text::errnoMeaning(end->err));
    x_.syscall = tr("%1() failed with %2: %3.")
                     .arg(name, text::errnoName(end->err), text::errnoMeaning(end->err));
    return;
  }
  readySet(name, end->value, scannedAfter(end_index, *end), kind);
}

std::int64_t Builder::scannedAfter(std::uint32_t from, const TraceEvent& like) const {
  const std::uint32_t end =
      static_cast<std::uint32_t>(std::min<std::size_t>(doc_.size(), std::size_t{from} + 64));
  for (std::uint32_t i = from + 1; i < end; ++i) {
    const TraceEvent& e = doc_.event(i);
    if (e.lane != like.lane || e.track != like.track) continue;
    if (e.kind == EventKind::Scan) return e.aux;
    if (e.kind == EventKind::SyscallEnd) break;
  }
  return -1;
}

void Builder::readySet(const QString& name, std::int64_t n, std::int64_t examined, Sys kind) {
  row(tr("Ready"), QString::number(n));
  if (examined >= 0) row(tr("Descriptors examined"), QString::number(examined));
  if (kind == Sys::epoll_wait) {
    if (n == 0)
      x_.analogy = tr("The shopkeeper's bell stayed silent: no order became ready in time.");
    else if (n == 1)
      x_.analogy =
          tr("The shopkeeper rings: 1 order ready. He hands over only the list of ready "
             "orders; the buyer still fetches the knife himself.");
    else
      x_.analogy = tr("The shopkeeper rings: %1 orders ready. He hands over only the list of "
                      "ready orders; the buyer still fetches each knife himself.")
                       .arg(n);
    x_.syscall = tr("%1() returned %2: epoll copied only the ready list to user space and did "
                    "not look at the other descriptors. Reading the data (recvmsg, phase 2) is "
                    "still the process's job.")
                     .arg(name)
                     .arg(n);
  } else if (kind == Sys::select) {
    x_.analogy = tr("The shopkeeper walks past every shelf on the buyer's list, ready or not, and "
                    "marks the ready orders (%1); the buyer then goes through the list again to "
                    "find them.")
                     .arg(n);
    x_.syscall = examined >= 0
                     ? tr("%1() returned %2: the kernel scanned every descriptor up to nfds (%3 "
                          "here) and rewrote the fd_sets; the process scans them again to find the "
                          "ready ones. The cost grows with nfds, and fds of 1024 (FD_SETSIZE) and "
                          "up cannot be watched at all.")
                           .arg(name)
                           .arg(n)
                           .arg(examined)
                     : tr("%1() returned %2: the kernel scanned every descriptor up to nfds and "
                          "rewrote the fd_sets; the process scans them again to find the ready "
                          "ones. The cost grows with nfds.")
                           .arg(name)
                           .arg(n);
  } else {
    x_.analogy = tr("The shopkeeper checks every order on the buyer's list each time he asks, and "
                    "ticks the ready ones (%1).")
                     .arg(n);
    x_.syscall = tr("%1() returned %2: the kernel walked the whole pollfd array and set revents on "
                    "the ready entries; the process walks the array again. The cost grows with "
                    "the number of descriptors watched, not the number ready.")
                     .arg(name)
                     .arg(n);
  }
}

void Builder::send(const TraceEvent* end) {
  x_.pictogram = pic("buyer.svg");
  x_.analogy =
      tr("The buyer sends the knife back to the factory: this echo server returns what it read.");
  if (end && text::isEagain(*end)) {
    x_.syscall =
        tr("sendto() returned EAGAIN: the socket's send buffer is full (the client reads "
           "slowly), so the server waits until it can write again.");
  } else {
    x_.syscall =
        tr("sendto() (send) queues the bytes in the socket's send buffer and the kernel "
           "transmits them. The five I/O models differ in how they wait to receive, not "
           "in this.");
  }
}

void Builder::accept(const TraceEvent* end) {
  if (end && (end->flags & flag::kStopping)) {
    x_.analogy =
        tr("The shop closes: the door is locked while the buyer waits at it, and he goes home. "
           "Not a mistake: that is how the run ends.");
    x_.syscall =
        tr("accept4() returned -1 %1 because the server shut its own listening socket down to "
           "stop the run: a thread asleep in a blocking accept4 can be woken no other way. Not "
           "an error.")
            .arg(text::errnoName(end->err));
    return;
  }
  if (end && text::isEagain(*end)) {
    x_.analogy = tr("The buyer checked for new orders: none waiting.");
    x_.syscall =
        tr("accept4() returned -1 EAGAIN: the listen queue is empty and the listening "
           "socket is non-blocking, so the call returned at once.");
  } else {
    x_.analogy =
        tr("A new order is opened: a factory connected, and the buyer gets a ticket "
           "(a descriptor) to follow it.");
    x_.syscall =
        tr("accept4() took a connection from the listen queue and returned a new "
           "descriptor for it.");
  }
}

}  // namespace ioscope::ui::explain
