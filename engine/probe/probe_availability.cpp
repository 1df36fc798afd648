#include "probe/probe_availability.hpp"

#include <unistd.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#if IOSCOPE_PROBE_BUILT
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#endif

namespace ioscope {

namespace {

constexpr const char* kVmlinuxBtf = "/sys/kernel/btf/vmlinux";

constexpr std::array kTracepoints{
    ProbeTracepoint{"sock", "sk_data_ready", nullptr, "data arrival falls back to SO_TIMESTAMPING"},
    ProbeTracepoint{"skb", "skb_copy_datagram_iovec", nullptr,
                    "the copy to user is inferred (wake-up + copy)"},
    ProbeTracepoint{"sock", "sock_recv_length", nullptr,
                    "the end of the copy is inferred from the syscall's return"},
    ProbeTracepoint{"sched", "sched_waking", nullptr, "wakers are not named"},
    ProbeTracepoint{"sched", "sched_wakeup", nullptr, "wake-ups are not shown"},
    ProbeTracepoint{"sched", "sched_wakeup_new", nullptr,
                    "new threads' first wake-up is not shown"},
    ProbeTracepoint{"sched", "sched_switch", nullptr, "on-CPU and asleep spans are not shown"},
    ProbeTracepoint{"raw_syscalls", "sys_enter", nullptr, "syscall counts are not available"},
    ProbeTracepoint{"raw_syscalls", "sys_exit", nullptr, "syscall returns are not traced"},
    ProbeTracepoint{"sock", "inet_sock_set_state", nullptr,
                    "accepted sockets are watched from accept's return, which costs a program "
                    "on every syscall's return"},
    ProbeTracepoint{"io_uring", "io_uring_submit_req", "io_uring_submit_sqe",
                    "io_uring submissions are not shown"},
    ProbeTracepoint{"io_uring", "io_uring_queue_async_work", nullptr,
                    "hand-offs to io-wq workers are not shown"},
    ProbeTracepoint{"io_uring", "io_uring_task_add", nullptr, "queued task_work is not shown"},
    ProbeTracepoint{"io_uring", "io_uring_poll_arm", nullptr, "armed internal polls are not shown"},
    ProbeTracepoint{"io_uring", "io_uring_complete", nullptr,
                    "completions are inferred from the reaped CQE"},
};

// Effective capabilities from /proc/self/status (no libcap needed for one bitmask).
std::uint64_t effective_capabilities() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("CapEff:", 0) == 0) {
      std::uint64_t caps = 0;
      std::istringstream(line.substr(7)) >> std::hex >> caps;
      return caps;
    }
  }
  return 0;
}

bool privileged() {
  constexpr int kCapSysAdmin = 21, kCapPerfmon = 38, kCapBpf = 39;
  const std::uint64_t caps = effective_capabilities();
  auto has = [caps](int cap) { return (caps >> cap) & 1u; };
  // CAP_SYS_ADMIN covers both on kernels without the split capabilities.
  return has(kCapSysAdmin) || (has(kCapBpf) && has(kCapPerfmon));
}

}  // namespace

std::span<const ProbeTracepoint> probe_tracepoints() {
  return kTracepoints;
}

bool ProbeAvailability::has(std::string_view tracepoint_name) const {
  for (const auto& tp : tracepoints)
    if (tp.name == tracepoint_name) return tp.present;
  return false;
}

ProbeAvailability check_probe_availability() {
  ProbeAvailability a;
  a.privileged = privileged();
  if (!a.privileged) {
    // Verified on the project's kernel (6.x): a binary given these two file capabilities loads
    // the probe for an ordinary user (libbpf needs no RLIMIT_MEMLOCK there: memory is charged
    // to the cgroup).
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    a.reasons.push_back(
        "needs root or CAP_BPF+CAP_PERFMON: run as root, or once: sudo setcap "
        "cap_bpf,cap_perfmon+ep " +
        (ec ? std::string("<this program>") : self.string()));
  }
  a.btf = access(kVmlinuxBtf, R_OK) == 0;
  if (!a.btf) a.reasons.push_back("kernel has no BTF (/sys/kernel/btf/vmlinux)");
#if IOSCOPE_PROBE_BUILT
  a.built = true;
  if (!a.btf) return a;
  struct btf* vmlinux = btf__load_vmlinux_btf();
  if (!vmlinux) {
    a.btf = false;
    a.reasons.push_back("kernel BTF (/sys/kernel/btf/vmlinux) could not be read");
    return a;
  }
  auto in_btf = [vmlinux](const char* name) {
    return btf__find_by_name_kind(vmlinux, (std::string("btf_trace_") + name).c_str(),
                                  BTF_KIND_TYPEDEF) > 0;
  };
  for (const auto& tp : kTracepoints) {
    TracepointStatus s{tp.group, tp.name, in_btf(tp.name), {}};
    if (!s.present && tp.alternative && in_btf(tp.alternative)) {
      s.name = tp.alternative;
      s.present = true;
    }
    if (!s.present) {
      s.reason = std::string("tracepoint ") + tp.group + ":" + tp.name +
                 " missing from the kernel's BTF: " + tp.without;
      a.reasons.push_back(s.reason);
    }
    a.tracepoints.push_back(std::move(s));
  }
  btf__free(vmlinux);
#else
  a.reasons.push_back(std::string("the probe was not built: ") + IOSCOPE_PROBE_NOT_BUILT_REASON);
#endif
  return a;
}

}  // namespace ioscope
