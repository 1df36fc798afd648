// Turns the kernel probe's syscall records about another program (KernelProbe with
// emit_syscalls) into the calls the verdict reads: an enter and the exit of the same thread
// make one call, with its duration, its socket (for receives) and what an epoll_ctl or fcntl
// asked for. Records of other kinds are left to the caller.
#pragma once

#include <map>
#include <span>

#include "foreign/observed_call.hpp"
#include "probe/kernel_probe.hpp"

namespace ioscope {

class ProbeObserver {
 public:
  explicit ProbeObserver(int tgid) {
    program_.tgid = tgid;
    program_.kernel_side = true;
  }

  // Records in the order the probe delivered them (per thread, in time order).
  void add(std::span<const ProbeRecord> records);
  // Calls still waiting for their exit (a thread asleep in epoll_wait when the trace stopped)
  // are kept, with no duration and no result.
  ObservedProgram finish();
  std::size_t calls() const { return program_.calls.size(); }
  // The i-th call completed so far (in completion order, until finish() sorts them).
  const ObservedCall& call(std::size_t i) const { return program_.calls[i]; }

 private:
  ObservedProgram program_;
  std::map<int, ProbeRecord> open_;  // tid -> its syscall entered and not yet returned
};

// x86_64 syscall number -> the call's name and kind (Other with "" for a number not listed).
struct SyscallName {
  const char* name;
  CallKind kind;
};
SyscallName syscall_name(long nr);

}  // namespace ioscope
