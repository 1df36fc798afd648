#include "foreign/observed_call.hpp"

namespace ioscope {

const char* call_kind_name(CallKind kind) {
  switch (kind) {
    case CallKind::Receive:
      return "receive";
    case CallKind::Send:
      return "send";
    case CallKind::Accept:
      return "accept";
    case CallKind::Connect:
      return "connect";
    case CallKind::Close:
      return "close";
    case CallKind::Select:
      return "select";
    case CallKind::Poll:
      return "poll";
    case CallKind::EpollCreate:
      return "epoll_create";
    case CallKind::EpollCtl:
      return "epoll_ctl";
    case CallKind::EpollWait:
      return "epoll_wait";
    case CallKind::Fcntl:
      return "fcntl";
    case CallKind::UringSetup:
      return "io_uring_setup";
    case CallKind::UringEnter:
      return "io_uring_enter";
    case CallKind::SignalWait:
      return "signal_wait";
    case CallKind::Signal:
      return "signal";
    case CallKind::Other:
      return "other";
  }
  return "other";
}

bool first_arg_is_fd(CallKind kind) {
  switch (kind) {
    case CallKind::Receive:
    case CallKind::Send:
    case CallKind::Accept:
    case CallKind::Connect:
    case CallKind::Close:
    case CallKind::EpollCtl:
    case CallKind::EpollWait:
    case CallKind::Fcntl:
    case CallKind::UringEnter:
      return true;
    default:
      return false;
  }
}

}  // namespace ioscope
