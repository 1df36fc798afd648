// What the kernel probe measured (the wake-up, the copy, data queued, io_uring's steps), and the
// tracepoints that measured it: the inspector names its source for every kernel event.
#include "inspector/explain_builder.hpp"

namespace ioscope::ui::explain {

QString Builder::tracepoint() const {
  switch (e_.kind) {
    case EventKind::DataQueued:
      return QStringLiteral("sock:sk_data_ready");
    case EventKind::Wakeup:
      return QStringLiteral("sched:sched_waking → sched:sched_switch");
    case EventKind::KernelCopy:
      return QStringLiteral("skb:skb_copy_datagram_iovec → sock:sock_recv_length");
    case EventKind::UringArm:
      return QStringLiteral("io_uring:io_uring_poll_arm");
    case EventKind::UringTaskWork:
      return QStringLiteral("io_uring:io_uring_task_add");
    case EventKind::UringWorker:
      return QStringLiteral("io_uring:io_uring_queue_async_work");
    case EventKind::UringComplete:
      return QStringLiteral("io_uring:io_uring_complete");
    default:
      return {};
  }
}

void Builder::measured() {
  x_.title = text::eventLabel(e_);
  common();
  if (e_.fd >= 0) row(tr("fd"), fdText(e_.fd));
  switch (e_.kind) {
    case EventKind::Wakeup:
      wakeup();
      break;
    case EventKind::KernelCopy:
      measuredCopy();
      break;
    case EventKind::DataQueued:
      x_.phase = Phase::ReadyInKernel;
      x_.pictogram = pic("knife.svg");
      row(tr("Readable"), text::bytes(e_.value));
      x_.analogy =
          tr("The knife is put on the shop's shelf for this order: the shopkeeper can now "
             "call the buyer.");
      x_.syscall =
          tr("The kernel queued data on the socket and called sk_data_ready, which wakes "
             "whoever waits on it: phase 1 ends here.");
      break;
    default:
      uring();
      break;
  }
  row(tr("Time source"), tr("measured in the kernel (eBPF tracepoint %1)").arg(tracepoint()));
  if (e_.flags & flag::kIoWorker) row(tr("Thread"), tr("an io-wq worker of the kernel"));
}

void Builder::wakeup() {
  // Between the phases: the data is in the kernel, the copy has not begun.
  x_.phase = Phase::ReadyInKernel;
  x_.pictogram = pic("phone.svg");
  row(tr("Duration"), text::duration(e_.aux));
  if (e_.value > 0) row(tr("Woken by"), tr("thread %1").arg(e_.value));
  x_.analogy = tr("The knife has arrived: the shopkeeper calls the buyer back, and it takes %1 "
                  "before he is at the counter again.")
                   .arg(text::duration(e_.aux));
  x_.syscall = tr("The scheduler made the sleeping thread runnable (sched_waking) and %1 later put "
                  "it back on a CPU (sched_switch). This is not the copy: from user space it looks "
                  "like part of phase 2, but it is the scheduler's latency, and on a loaded "
                  "machine it is most of it.")
                   .arg(text::duration(e_.aux));
}

void Builder::measuredCopy() {
  row(tr("Bytes"), text::bytes(e_.value));
  row(tr("Duration"), text::duration(e_.aux));
  if (e_.flags & flag::kKernelCopy) {
    x_.phase = Phase::KernelCopy;
    x_.pictogram = pic("courier.svg");
    const bool worker = e_.flags & flag::kIoWorker;
    x_.analogy =
        tr("The shopkeeper packs the knife and sends it to the buyer's home: the buyer was "
           "not standing at the counter.");
    x_.syscall =
        worker ? tr("The kernel copied %1 to the submitted buffer on an io-wq worker thread, not "
                    "in any system call of the process.")
                     .arg(text::bytes(e_.value))
               : tr("The kernel copied %1 to the submitted buffer in the process's own thread, "
                    "in kernel mode (io_uring task_work, at io_uring_enter or on the way back to "
                    "user space), not in a receive call: the buyer never waited, but his thread "
                    "paid the CPU time.")
                     .arg(text::bytes(e_.value));
    return;
  }
  x_.phase = Phase::CopyToUser;
  x_.pictogram = pic("shopkeeper.svg");
  x_.analogy =
      tr("The shopkeeper hands the knife over the counter; the buyer stands there until "
         "it is done.");
  x_.syscall = tr("Phase 2, measured: inside the receive call the kernel copied %1 from the "
                  "socket buffer to user memory in %2. The thread can do nothing else meanwhile: "
                  "synchronous I/O.")
                   .arg(text::bytes(e_.value), text::duration(e_.aux));
}

void Builder::uring() {
  x_.phase = Phase::KernelCopy;
  x_.pictogram = pic("courier.svg");
  if (e_.kind == EventKind::UringComplete) row(tr("Result"), QString::number(e_.value));
  switch (e_.kind) {
    case EventKind::UringArm:
      x_.analogy = tr("No knife yet: the shopkeeper notes the order and will act when it comes.");
      x_.syscall =
          tr("The data was not there yet, so io_uring armed its internal poll on the "
             "socket: when data arrives, the kernel itself will do the receive.");
      break;
    case EventKind::UringTaskWork:
      x_.analogy =
          tr("The knife came: the shopkeeper puts the packing on the buyer's to-do list, "
             "done the next time the buyer passes through the shop.");
      x_.syscall =
          tr("io_uring queued task_work for the ring's thread: the receive and the copy "
             "run in that thread, in kernel mode, at its next io_uring_enter or return "
             "to user space.");
      break;
    case EventKind::UringWorker:
      x_.analogy = tr("The shopkeeper gives the order to a helper in the back room.");
      x_.syscall =
          tr("io_uring handed the request to an io-wq worker thread, which may block on "
             "it without holding up the process.");
      break;
    default:
      x_.analogy = tr("The courier's slip is filed: the knife is at the buyer's home.");
      x_.syscall = tr("io_uring posted a completion (result %1) to the completion queue; the "
                      "process reaps it when it looks.")
                       .arg(e_.value);
      break;
  }
}

}  // namespace ioscope::ui::explain
