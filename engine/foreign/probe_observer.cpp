#include "foreign/probe_observer.hpp"

#include <algorithm>
#include <string>

namespace ioscope {

SyscallName syscall_name(long nr) {
  switch (nr) {
    case 0:
      return {"read", CallKind::Receive};
    case 1:
      return {"write", CallKind::Send};
    case 3:
      return {"close", CallKind::Close};
    case 7:
      return {"poll", CallKind::Poll};
    case 19:
      return {"readv", CallKind::Receive};
    case 20:
      return {"writev", CallKind::Send};
    case 23:
      return {"select", CallKind::Select};
    case 34:
      return {"pause", CallKind::SignalWait};
    case 42:
      return {"connect", CallKind::Connect};
    case 43:
      return {"accept", CallKind::Accept};
    case 44:
      return {"sendto", CallKind::Send};
    case 45:
      return {"recvfrom", CallKind::Receive};
    case 46:
      return {"sendmsg", CallKind::Send};
    case 47:
      return {"recvmsg", CallKind::Receive};
    case 72:
      return {"fcntl", CallKind::Fcntl};
    case 128:
      return {"rt_sigtimedwait", CallKind::SignalWait};
    case 130:
      return {"rt_sigsuspend", CallKind::SignalWait};
    case 213:
      return {"epoll_create", CallKind::EpollCreate};
    case 232:
      return {"epoll_wait", CallKind::EpollWait};
    case 233:
      return {"epoll_ctl", CallKind::EpollCtl};
    case 270:
      return {"pselect6", CallKind::Select};
    case 271:
      return {"ppoll", CallKind::Poll};
    case 281:
      return {"epoll_pwait", CallKind::EpollWait};
    case 288:
      return {"accept4", CallKind::Accept};
    case 291:
      return {"epoll_create1", CallKind::EpollCreate};
    case 299:
      return {"recvmmsg", CallKind::Receive};
    case 307:
      return {"sendmmsg", CallKind::Send};
    case 425:
      return {"io_uring_setup", CallKind::UringSetup};
    case 426:
      return {"io_uring_enter", CallKind::UringEnter};
    case 441:
      return {"epoll_pwait2", CallKind::EpollWait};
    default:
      return {"", CallKind::Other};
  }
}

namespace {

ObservedCall call_from_enter(const ProbeRecord& enter) {
  const SyscallName sys = syscall_name(enter.a);
  ObservedCall c;
  c.t_ns = static_cast<std::int64_t>(enter.t_ns);
  c.tid = static_cast<int>(enter.tid);
  c.kind = sys.kind;
  c.name = *sys.name ? sys.name : "syscall " + std::to_string(enter.a);
  if (first_arg_is_fd(sys.kind)) c.fd = static_cast<int>(enter.b);
  if (sys.kind == CallKind::Receive) c.on_socket = enter.sock != 0;
  if (sys.kind == CallKind::EpollCtl || sys.kind == CallKind::Fcntl) {
    c.op = static_cast<int>(enter.extra);
    c.arg = enter.sock;
  }
  return c;
}

}  // namespace

void ProbeObserver::add(std::span<const ProbeRecord> records) {
  for (const ProbeRecord& r : records) {
    const int tid = static_cast<int>(r.tid);
    if (kind_of(r) == ProbeKind::SyscallEnter) {
      // An enter with no exit before it (the exit was lost, or the call never returned, as
      // exit_group) still happened.
      if (auto it = open_.find(tid); it != open_.end()) {
        ObservedCall c = call_from_enter(it->second);
        c.returned = false;
        program_.calls.push_back(std::move(c));
        open_.erase(it);
      }
      open_[tid] = r;
    } else if (kind_of(r) == ProbeKind::SyscallExit) {
      auto it = open_.find(tid);
      if (it == open_.end() || it->second.a != r.a) continue;  // entered before the trace began
      ObservedCall c = call_from_enter(it->second);
      c.duration_ns = static_cast<std::int64_t>(r.t_ns - it->second.t_ns);
      c.ret = r.b;
      // accept's exit names the socket it made; a receive's enter named the one it read.
      if (c.kind == CallKind::Accept) c.on_socket = r.sock != 0;
      program_.calls.push_back(std::move(c));
      open_.erase(it);
    }
  }
}

ObservedProgram ProbeObserver::finish() {
  for (const auto& [tid, enter] : open_) {
    ObservedCall c = call_from_enter(enter);
    c.returned = false;
    program_.calls.push_back(std::move(c));
  }
  open_.clear();
  std::stable_sort(program_.calls.begin(), program_.calls.end(),
                   [](const ObservedCall& a, const ObservedCall& b) { return a.t_ns < b.t_ns; });
  return std::move(program_);
}

}  // namespace ioscope
