// What ioscope saw a program it did not write do: one system call (or one signal delivered), in
// the terms the I/O models differ by. Two sources give these: the kernel probe watching a live
// process (probe_observer), and an strace log (strace_log). The verdict (model_verdict) reads
// only these, so a program is named the same way whichever source saw it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ioscope {

// The calls the five models are told apart by. Anything else is Other (and mostly not kept).
enum class CallKind : std::uint8_t {
  Receive,      // read, recv, recvfrom, recvmsg, recvmmsg, readv on a socket
  Send,         // write, send, sendto, sendmsg, sendmmsg, writev on a socket
  Accept,       // accept, accept4
  Connect,      // connect
  Close,        // close
  Select,       // select, pselect6
  Poll,         // poll, ppoll
  EpollCreate,  // epoll_create, epoll_create1
  EpollCtl,     // epoll_ctl (op and events below)
  EpollWait,    // epoll_wait, epoll_pwait, epoll_pwait2
  Fcntl,        // fcntl (cmd and arg below)
  UringSetup,   // io_uring_setup
  UringEnter,   // io_uring_enter
  SignalWait,   // rt_sigtimedwait, sigwaitinfo, sigsuspend, pause
  Signal,       // a signal delivered to the thread (strace's "--- SIGIO {...} ---")
  Other,
};

const char* call_kind_name(CallKind kind);
// The calls whose first argument is always a descriptor (even where a source could not say
// what it is); other calls' first numbers (exit(0), pselect6's count) are not descriptors.
bool first_arg_is_fd(CallKind kind);

struct ObservedCall {
  std::int64_t t_ns = 0;          // when it began (the source's clock; only order matters)
  std::int64_t duration_ns = -1;  // how long it took; -1 when the source did not say
  int tid = 0;                    // the thread that made it
  CallKind kind = CallKind::Other;
  std::string name;        // the system call's own name ("recvfrom"), or the signal's
  int fd = -1;             // its descriptor argument, -1 if none
  bool on_socket = false;  // that descriptor is a socket (known from -yy or the probe)
  std::int64_t ret = 0;    // the result: >= 0, or -errno
  bool returned = true;    // false: seen entering only (still in it when the trace
                           // stopped, or its return was lost); ret means nothing then
  // EpollCtl: op = EPOLL_CTL_ADD/MOD/DEL, arg = the events mask (EPOLLET is 1u << 31).
  // Fcntl: op = the command (F_SETFL, F_SETOWN, F_SETSIG, ...), arg = its argument.
  // Signal: op = the signal number.
  int op = 0;
  std::uint64_t arg = 0;
  std::string peer;  // Accept / Connect: the remote address ("127.0.0.1:40000") when known

  bool failed_with(int err) const { return ret == -err; }
};

// Everything one source saw of one program.
struct ObservedProgram {
  int tgid = 0;                     // the process (the first pid of an strace log)
  std::string command;              // its command line or name, when known
  std::vector<ObservedCall> calls;  // in the order they began
  bool kernel_side = false;         // the probe measured the kernel's side (strace cannot)
  std::uint64_t lost = 0;           // records the source lost (a CPU's ring of the probe was full)
};

}  // namespace ioscope
