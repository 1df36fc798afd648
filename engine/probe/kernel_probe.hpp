// The kernel probe's loader: loads the BPF programs filtered to one process, drains their
// per-CPU rings on a probe thread, and hands the records over in batches. Pure C++20 + libbpf.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "net/result.hpp"
#include "probe/probe_availability.hpp"
#include "probe/probe_record.h"

namespace ioscope {

using ProbeRecord = ::ioscope_probe_record;
static_assert(sizeof(ProbeRecord) == IOSCOPE_PROBE_RECORD_SIZE);
static_assert(std::is_trivially_copyable_v<ProbeRecord>);

enum class ProbeKind : std::uint32_t {
  SkDataReady = IOSCOPE_PK_SK_DATA_READY,
  CopyBegin = IOSCOPE_PK_COPY_BEGIN,
  RecvReturn = IOSCOPE_PK_RECV_RETURN,
  Wakeup = IOSCOPE_PK_WAKEUP,
  SwitchIn = IOSCOPE_PK_SWITCH_IN,
  SwitchOut = IOSCOPE_PK_SWITCH_OUT,
  SyscallEnter = IOSCOPE_PK_SYSCALL_ENTER,
  SyscallExit = IOSCOPE_PK_SYSCALL_EXIT,
  UringSubmit = IOSCOPE_PK_URING_SUBMIT,
  UringAsync = IOSCOPE_PK_URING_ASYNC,
  UringTaskAdd = IOSCOPE_PK_URING_TASK_ADD,
  UringPollArm = IOSCOPE_PK_URING_POLL_ARM,
  UringComplete = IOSCOPE_PK_URING_COMPLETE,
  Waking = IOSCOPE_PK_WAKING,
  WakeupSpan = IOSCOPE_PK_WAKEUP_SPAN,
  CopySpan = IOSCOPE_PK_COPY_SPAN,
};

inline ProbeKind kind_of(const ProbeRecord& r) {
  return static_cast<ProbeKind>(r.kind);
}
const char* probe_kind_name(ProbeKind kind);

class KernelProbe {
 public:
  struct Options {
    // Called on the probe thread only, with each drain of the rings as one batch in time order.
    std::function<void(std::span<const ProbeRecord>)> consumer;
    // Also emit a record per socket syscall enter/exit (for tracing other programs).
    bool emit_syscalls = false;
    // With emit_syscalls: only the records that name sockets (receive enter and exit, accept
    // exit). What a run of the engine's own models needs (ProbeTranslator); far fewer records.
    bool syscalls_naming_sockets_only = false;
    // Records of sched_wakeup / sched_wakeup_new besides sched_waking (the translator reads
    // only sched_waking, which names the real waker).
    bool sched_wakeup_records = true;
    // Compact records: one record per wake-up (ProbeKind::WakeupSpan) and per copy
    // (ProbeKind::CopySpan) instead of the switch, waking, copy-begin and receive-return records
    // they are made of; with emit_syscalls, a receive's records only when it names a socket for
    // the first time (and accept's exit, only where sock:inet_sock_set_state is missing: with it
    // no program runs on syscall returns). What a run asks for: each record costs the traced
    // thread a few hundred nanoseconds.
    bool compact = false;
    // Compact mode: ports the process already listens on. A connection accepted on one is
    // watched from its birth, so data that reaches it before its first receive is seen (ports
    // the process starts listening on after start() are learnt from its listen calls).
    std::vector<std::uint16_t> listening_ports;
    // The probe thread's longest pause between drains (shorter while records come fast:
    // drain_pace.hpp).
    std::chrono::milliseconds longest_pause{20};
  };

  KernelProbe();
  ~KernelProbe();  // stops
  KernelProbe(const KernelProbe&) = delete;
  KernelProbe& operator=(const KernelProbe&) = delete;

  static ProbeAvailability check();

  // Loads and attaches the probe filtered to `tgid` and starts the probe thread.
  // Returns nullopt when started, or why not (libbpf's own log appended when it said something).
  [[nodiscard]] std::optional<Error> start(pid_t tgid, Options options);
  // Detaches, delivers what is left in the rings, joins the thread, frees everything.
  void stop();
  bool running() const;
  // Compact mode: the kernel sends nothing about this thread of the target (its wake-ups and
  // copies) nor about data queued on the sockets it reads: a run's factory, which lives in the
  // same process but is not the buyer. Any thread, while running.
  void quiet_thread(pid_t tid);

  // Syscalls the target made since start, by x86_64 number, summed over CPUs. After stop, the
  // totals at the time of stop.
  std::map<int, std::uint64_t> syscall_counts() const;
  // Records the kernel could not place because a CPU's ring was full (lost), since start.
  std::uint64_t dropped() const;
  // raw_syscalls:sys_enter hits the kernel did not run the probe for, since start: on a
  // preemptible kernel a thread can be preempted inside the program, and a syscall entered on
  // that CPU meanwhile finds it busy and is skipped (the kernel counts these as recursion
  // misses). syscall_counts() may be this many short. After stop, the total at stop.
  std::uint64_t syscall_hits_missed() const;
  // Tracepoints attached by the last start, as "group:name".
  std::vector<std::string> attached() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ioscope
