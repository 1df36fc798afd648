#include "trace/trace_event.hpp"

namespace ioscope {

const char* to_string(EventKind kind) {
  switch (kind) {
    case EventKind::SyscallBegin: return "syscall_begin";
    case EventKind::SyscallEnd: return "syscall_end";
    case EventKind::KernelReady: return "kernel_ready";
    case EventKind::CopyBegin: return "copy_begin";
    case EventKind::CopyEnd: return "copy_end";
    case EventKind::Notify: return "notify";
    case EventKind::Scan: return "scan";
    case EventKind::ClientSend: return "client_send";
    case EventKind::ClientRecv: return "client_recv";
    case EventKind::Work: return "work";
    case EventKind::Accept: return "accept";
    case EventKind::Close: return "close";
    case EventKind::Error: return "error";
    case EventKind::DataQueued: return "data_queued";
    case EventKind::Wakeup: return "wakeup";
    case EventKind::KernelCopy: return "kernel_copy";
    case EventKind::UringArm: return "uring_arm";
    case EventKind::UringTaskWork: return "uring_task_work";
    case EventKind::UringWorker: return "uring_worker";
    case EventKind::UringComplete: return "uring_complete";
  }
  return "unknown";
}

const char* to_string(Sys sys) {
  switch (sys) {
    case Sys::none: return "none";
    case Sys::accept4: return "accept4";
    case Sys::recvmsg: return "recvmsg";
    case Sys::recvfrom: return "recvfrom";
    case Sys::sendto: return "sendto";
    case Sys::select: return "select";
    case Sys::pselect6: return "pselect6";
    case Sys::poll: return "poll";
    case Sys::epoll_wait: return "epoll_wait";
    case Sys::epoll_ctl: return "epoll_ctl";
    case Sys::io_uring_enter: return "io_uring_enter";
    case Sys::rt_sigtimedwait: return "rt_sigtimedwait";
    case Sys::fcntl: return "fcntl";
    case Sys::close: return "close";
    case Sys::read: return "read";
    case Sys::write: return "write";
    case Sys::accept: return "accept";
    case Sys::sendmsg: return "sendmsg";
    case Sys::ppoll: return "ppoll";
    case Sys::epoll_pwait: return "epoll_pwait";
  }
  return "unknown";
}

const char* to_string(Lane lane) {
  switch (lane) {
    case Lane::Buyer: return "buyer";
    case Lane::Shopkeeper: return "shopkeeper";
    case Lane::Factory: return "factory";
  }
  return "unknown";
}

const char* to_string(Source source) {
  switch (source) {
    case Source::Engine: return "engine";
    case Source::Probe: return "kernel probe";
    case Source::Imported: return "imported";
  }
  return "unknown";
}

}  // namespace ioscope
