#include "inspector/event_explainer.hpp"

#include <algorithm>
#include <cerrno>

#include "events/span_lookup.hpp"
#include "inspector/explain_builder.hpp"

namespace ioscope::ui {

namespace explain {

QString pic(const char* name) {
  return QStringLiteral(":/assets/") + QLatin1String(name);
}

QString fdText(std::int32_t fd) {
  return fd >= 0 ? QString::number(fd) : QStringLiteral("—");
}

std::uint32_t connOf(const TraceDocument& doc, const TraceEvent& e) {
  if (e.conn != 0) return e.conn;
  if (e.fd < 0) return 0;
  const Track* track = doc.find_track({e.lane, e.track});
  if (!track) return 0;
  const auto& marks = track->marks;
  for (std::size_t i = first_mark_at_or_after(marks, e.t_ns + 1); i-- > 0;) {
    const TraceEvent& m = doc.event(marks[i].event);
    if (m.fd != e.fd) continue;
    if (marks[i].kind == EventKind::Accept) return m.conn;
    if (marks[i].kind == EventKind::Close) return 0;  // fd number was reused later
  }
  return 0;
}

const TraceEvent* findAfter(const TraceDocument& doc, std::uint32_t from, EventKind k,
                            const TraceEvent& like, std::uint32_t* found) {
  const std::uint32_t end =
      static_cast<std::uint32_t>(std::min<std::size_t>(doc.size(), std::size_t{from} + kNearby));
  for (std::uint32_t i = from + 1; i < end; ++i) {
    const TraceEvent& e = doc.event(i);
    if (e.fd != like.fd) continue;
    if (e.kind == k &&
        (k == EventKind::KernelReady || (e.lane == like.lane && e.track == like.track))) {
      if (found) *found = i;
      return &e;
    }
    if (e.kind == EventKind::SyscallEnd && e.lane == like.lane && e.track == like.track) break;
  }
  return nullptr;
}

const TraceEvent* readerBefore(const TraceDocument& doc, std::uint32_t from, std::int32_t fd,
                               std::uint32_t* found) {
  const std::uint32_t stop = from > kNearby ? from - kNearby : 0;
  for (std::uint32_t i = from; i-- > stop;) {
    const TraceEvent& e = doc.event(i);
    if (e.kind == EventKind::SyscallEnd && e.fd == fd && e.lane == Lane::Buyer &&
        (e.sys == Sys::recvmsg || e.sys == Sys::recvfrom || e.sys == Sys::io_uring_enter)) {
      *found = i;
      return &e;
    }
  }
  return nullptr;
}

EventExplanation Builder::build() {
  switch (e_.kind) {
    case EventKind::SyscallBegin:
    case EventKind::SyscallEnd:
      call();
      break;
    case EventKind::KernelReady:
      kernelReady();
      break;
    case EventKind::CopyBegin:
    case EventKind::CopyEnd:
      copy();
      break;
    case EventKind::Notify:
      notify();
      break;
    case EventKind::Scan:
      scan();
      break;
    case EventKind::ClientSend:
      clientSend();
      break;
    case EventKind::ClientRecv:
      clientRecv();
      break;
    case EventKind::Work:
      work();
      break;
    case EventKind::Accept:
    case EventKind::Close:
    case EventKind::Error:
      connection();
      break;
    case EventKind::DataQueued:
    case EventKind::Wakeup:
    case EventKind::KernelCopy:
    case EventKind::UringArm:
    case EventKind::UringTaskWork:
    case EventKind::UringWorker:
    case EventKind::UringComplete:
      measured();
      break;
  }
  x_.phaseText = EventExplainer::phaseName(x_.phase);
  return x_;
}

void Builder::kernelReady() {
  const bool inferred = e_.flags & flag::kInferred;
  x_.phase = Phase::ReadyInKernel;
  x_.pictogram = pic("knife.svg");
  x_.title = tr("Data ready in the kernel: %1").arg(text::bytes(e_.value));
  common();
  row(tr("fd"), fdText(e_.fd));
  connRow(e_);
  row(tr("Bytes"), text::bytes(e_.value));
  if (e_.aux >= 0) row(tr("Message"), QString::number(e_.aux));
  row(tr("Time source"),
      inferred ? tr("inferred (no kernel timestamp)") : tr("kernel timestamp (SO_TIMESTAMPING)"));
  std::uint32_t reader_index = 0;
  const TraceEvent* reader = readerBefore(doc_, index_, e_.fd, &reader_index);
  const std::optional<Span> call = reader ? spanEndedBy(doc_, reader_index) : std::nullopt;
  bool kernel_copy = false;
  if (reader) {
    row(tr("Read by"), tr("%1 at %2").arg(text::sysName(reader->sys), at(reader->t_ns)));
    if (const TraceEvent* c = findAfter(doc_, reader_index, EventKind::CopyBegin, *reader))
      kernel_copy = c->flags & flag::kKernelCopy;
    if (call && call->t0 > e_.t_ns)
      row(tr("Waited in the kernel"), text::duration(call->t0 - e_.t_ns));
  }
  x_.analogy = inferred
                   ? tr("The knife reached the shop (inferred: no kernel timestamp — the time "
                        "shown is when the buyer's call returned; it arrived at or before it).")
                   : tr("The knife reached the shop (timestamp from the kernel itself, "
                        "SO_TIMESTAMPING).");
  const QString what = e_.aux >= 0 ? tr("%1 (message %2)").arg(text::bytes(e_.value)).arg(e_.aux)
                                   : text::bytes(e_.value);
  x_.syscall = kernel_copy
                   ? tr("%1 reached the socket's receive buffer: phase 1 is over. The kernel "
                        "then copies it into the buffer io_uring was given, without the process "
                        "waiting.")
                         .arg(what)
                   : tr("%1 reached the socket's receive buffer: phase 1 is over. The data waits "
                        "in the kernel until the process copies it out with a receive call "
                        "(phase 2).")
                         .arg(what);
}

void Builder::copy() {
  const std::optional<Span> span =
      e_.kind == EventKind::CopyBegin ? spanOpenedBy(doc_, index_) : spanEndedBy(doc_, index_);
  const TraceEvent& begin = span ? doc_.event(span->event) : e_;
  const std::uint8_t flags = begin.flags;
  const std::int64_t n = begin.value != 0 ? begin.value : e_.value;
  common();
  row(tr("fd"), fdText(begin.fd));
  connRow(begin);
  row(tr("Bytes"), text::bytes(n));
  if (span && !span->open) row(tr("Duration"), text::duration(span->t1 - span->t0));
  row(tr("Time source"), tr("inferred from user space"));
  if (flags & flag::kKernelCopy) {
    x_.phase = Phase::KernelCopy;
    x_.pictogram = pic("courier.svg");
    x_.title = tr("The kernel copied %1 (io_uring)").arg(text::bytes(n));
    x_.analogy =
        tr("The courier delivers the knife to the buyer's door: the shopkeeper did the "
           "handing over while the buyer was busy elsewhere.");
    x_.syscall = tr("The kernel copied %1 into the buffer the process submitted beforehand and "
                    "posted a completion; the process only reaps the result. It waited for the "
                    "data in no call of its own: asynchronous I/O. The copy itself runs as "
                    "task_work in the process's own thread, in kernel mode, so its CPU time is "
                    "still the process's.")
                     .arg(text::bytes(n));
    return;
  }
  x_.phase = Phase::CopyToUser;
  x_.pictogram = pic("shopkeeper.svg");
  if (flags & flag::kWaited) {
    x_.title = tr("Wake-up + copy to user: %1").arg(text::bytes(n));
    x_.analogy =
        tr("The knife has arrived: the shopkeeper wakes the waiting buyer and hands it "
           "over the counter.");
    x_.syscall = tr("Phase 2 of a call that waited: from the moment the data reached the kernel "
                    "to the call's return — the scheduler waking the thread, plus copying %1 to "
                    "user memory. From user space the two cannot be told apart, so they are shown "
                    "together.")
                     .arg(text::bytes(n));
    return;
  }
  x_.title = tr("Copy to user: %1").arg(text::bytes(n));
  x_.analogy =
      tr("The shopkeeper hands the knife over the counter; the buyer stands there until "
         "it is done.");
  x_.syscall = tr("Phase 2: inside the receive call the kernel copies %1 from the socket buffer to "
                  "user memory, and the thread can do nothing else meanwhile: synchronous I/O.")
                   .arg(text::bytes(n));
}

void Builder::notify() {
  common();
  if (e_.flags & flag::kOverflow) {
    x_.phase = Phase::WaitForData;
    x_.pictogram = pic("phone.svg");
    x_.title = tr("Signal queue overflow: check every connection");
    x_.analogy =
        tr("So many calls came at once that the phone line jammed: the shop can only say "
           "“something arrived”, so the buyer must check every order himself.");
    x_.syscall =
        tr("The real-time signal queue overflowed, so the kernel sent plain SIGIO, which "
           "does not name a descriptor: the process must try every connection.");
    return;
  }
  switch (e_.sys) {
    case Sys::none:
      x_.phase = Phase::ReadyInKernel;
      x_.pictogram = pic("phone.svg");
      x_.title = tr("Signal: fd %1 is ready").arg(e_.aux);
      row(tr("fd"), QString::number(e_.aux));
      x_.analogy = tr("The shop phones the buyer: the knife for order %1 has arrived. He was doing "
                      "other work; now he must still go and collect it.")
                       .arg(e_.aux);
      x_.syscall = tr("A real-time signal (set up with F_SETSIG, the fd in its siginfo) said fd %1 "
                      "is readable. The process still calls recvmsg() to copy the data: phase 2 "
                      "is synchronous.")
                       .arg(e_.aux);
      return;
    case Sys::io_uring_enter:
      x_.phase = Phase::KernelCopy;
      x_.pictogram = pic("courier.svg");
      x_.title = tr("io_uring: %1 completion(s) reaped").arg(e_.value);
      row(tr("Completions"), QString::number(e_.value));
      x_.analogy =
          tr("The courier brings %1 deliveries: the knives are already at the buyer's home.")
              .arg(e_.value);
      x_.syscall = tr("%1 completion(s) were taken from the completion queue; each says the kernel "
                      "has already received and copied the data into the submitted buffer "
                      "(asynchronous I/O).")
                       .arg(e_.value);
      return;
    default: {
      const Sys kind = e_.sys == Sys::pselect6 ? Sys::select : e_.sys;
      x_.phase = Phase::ReadyInKernel;
      x_.pictogram = pic("bell.svg");
      x_.title = tr("%1 → %2 ready").arg(text::sysName(e_.sys)).arg(e_.value);
      std::int64_t examined = scannedBefore();
      if (examined < 0) examined = scannedAfter(index_, e_);
      readySet(text::sysName(e_.sys), e_.value, examined, kind);
      return;
    }
  }
}

std::int64_t Builder::scannedBefore() const {
  const std::uint32_t stop = index_ > 64 ? index_ - 64 : 0;
  for (std::uint32_t i = index_; i-- > stop;) {
    const TraceEvent& e = doc_.event(i);
    if (e.lane != e_.lane || e.track != e_.track) continue;
    if (e.kind == EventKind::Scan) return e.aux;
    if (e.kind == EventKind::SyscallEnd && e.sys != e_.sys) break;
  }
  return -1;
}

void Builder::scan() {
  common();
  x_.pictogram = pic("shopkeeper.svg");
  x_.phase = Phase::WaitForData;
  x_.title =
      tr("%1 scan: %2 examined, %3 ready").arg(text::sysName(e_.sys)).arg(e_.aux).arg(e_.value);
  row(tr("Descriptors examined"), QString::number(e_.aux));
  row(tr("Ready"), QString::number(e_.value));
  if (e_.sys == Sys::epoll_wait) {
    x_.analogy =
        tr("The shopkeeper looked only at his list of ready orders; the others cost "
           "him nothing.");
    x_.syscall = tr("epoll examined only its ready list (%1 examined, %2 ready): idle "
                    "descriptors cost nothing, so the wait stays cheap with thousands of "
                    "connections.")
                     .arg(e_.aux)
                     .arg(e_.value);
  } else {
    x_.analogy = tr("The shopkeeper checked %1 orders to find %2 ready.").arg(e_.aux).arg(e_.value);
    x_.syscall = tr("%1() made the kernel examine %2 descriptors to find %3 ready: its cost grows "
                    "with the number watched, not the number ready.")
                     .arg(text::sysName(e_.sys))
                     .arg(e_.aux)
                     .arg(e_.value);
  }
}

void Builder::clientSend() {
  common();
  x_.pictogram = pic("factory.svg");
  x_.title = tr("Client %1 sends message %2").arg(e_.track).arg(e_.aux);
  row(tr("Message"), QString::number(e_.aux));
  connRow(e_);
  if (source_of(e_) == Source::Probe) {
    // A traced program's peer: not ioscope's client, known only by its data arriving.
    x_.analogy = tr("A customer of this shop, not ioscope's factory, ships knife number %1: the "
                    "moment it reached the shop was seen by the kernel probe.")
                     .arg(e_.aux);
    x_.syscall =
        tr("A peer of the traced program sent on its connection. Measured in the "
           "kernel: sk_data_ready fired as the data was queued on the program's socket, "
           "in the sender's send. Peers are drawn one row per connection, by port.");
    return;
  }
  if (e_.value > 0 && e_.value <= e_.t_ns) {
    row(tr("Due at"), at(e_.value));
    row(tr("Sent late by"), text::duration(e_.t_ns - e_.value));
  }
  x_.analogy = tr("The factory ships knife number %1 to the shop.").arg(e_.aux);
  x_.syscall = tr("The client sends message %1 on its connection. Messages go out on a fixed "
                  "schedule (open loop): a slow server cannot slow the sending down.")
                   .arg(e_.aux);
}

void Builder::clientRecv() {
  common();
  x_.pictogram = pic("factory.svg");
  x_.title = tr("Client %1 got message %2 back").arg(e_.track).arg(e_.aux);
  row(tr("Message"), QString::number(e_.aux));
  connRow(e_);
  row(tr("Latency"), text::duration(e_.value));
  x_.analogy = tr("The factory gets knife %1 back: the whole round trip took %2.")
                   .arg(e_.aux)
                   .arg(text::duration(e_.value));
  x_.syscall = tr("The client received the complete echo of message %1. The latency (%2) is "
                  "measured from when the message was due to be sent, so queueing delays are not "
                  "hidden (no coordinated omission).")
                   .arg(e_.aux)
                   .arg(text::duration(e_.value));
}

void Builder::work() {
  common();
  x_.pictogram = pic("buyer.svg");
  x_.title = tr("Useful work: %1 units").arg(e_.value);
  row(tr("Units"), QString::number(e_.value));
  row(tr("Duration"), text::duration(e_.aux));
  x_.analogy = tr("Instead of standing at the counter, the buyer gets on with other work (%1 units "
                  "in %2).")
                   .arg(e_.value)
                   .arg(text::duration(e_.aux));
  x_.syscall = tr("The process computed for %1 between calls: time a blocking model would have "
                  "spent waiting.")
                   .arg(text::duration(e_.aux));
}

void Builder::connection() {
  common();
  row(tr("fd"), fdText(e_.fd));
  connRow(e_);
  x_.pictogram = pic("buyer.svg");
  switch (e_.kind) {
    case EventKind::Accept:
      x_.title = tr("New connection: fd %1").arg(fdText(e_.fd));
      x_.analogy = tr("A factory opens a new order with the shop.");
      x_.syscall = tr("A TCP connection from client port %1 was accepted as fd %2.")
                       .arg(e_.conn)
                       .arg(fdText(e_.fd));
      break;
    case EventKind::Close:
      x_.title = tr("Connection closed: fd %1").arg(fdText(e_.fd));
      x_.analogy = tr("The order is finished and closed.");
      x_.syscall = tr("The server closes fd %1 (client port %2).").arg(fdText(e_.fd)).arg(e_.conn);
      break;
    default:
      x_.title = tr("Error on fd %1: %2").arg(fdText(e_.fd), text::errnoName(e_.err));
      row(tr("Error"), tr("%1: %2").arg(text::errnoName(e_.err), text::errnoMeaning(e_.err)));
      x_.analogy = tr("Something went wrong with this order: %1.").arg(text::errnoMeaning(e_.err));
      x_.syscall =
          tr("An operation on fd %1 failed with %2.").arg(fdText(e_.fd), text::errnoName(e_.err));
      break;
  }
}

}  // namespace explain

EventExplanation EventExplainer::explain(const TraceDocument& doc, quint32 index) {
  if (index >= doc.size()) return {};
  return explain::Builder(doc, index).build();
}

QString EventExplainer::phaseName(EventExplanation::Phase phase) {
  switch (phase) {
    case EventExplanation::Phase::None:
      return tr("Neither phase: not waiting for data, not copying it");
    case EventExplanation::Phase::WaitForData:
      return tr("Phase 1 — waiting for data (the knife is not at the shop yet)");
    case EventExplanation::Phase::CopyToUser:
      return tr("Phase 2 — copy to user (the shopkeeper hands the knife over)");
    case EventExplanation::Phase::Both:
      return tr("Phase 1 then phase 2 — waited for the data, then wake-up + copy");
    case EventExplanation::Phase::ReadyInKernel:
      return tr("End of phase 1 — the data is in the kernel");
    case EventExplanation::Phase::KernelCopy:
      return tr("Phase 2 done by the kernel — the process did not wait (asynchronous)");
  }
  return {};
}

}  // namespace ioscope::ui
