// What of the kernel probe can run on this machine, and a one-line reason for anything that
// cannot. Asked before starting the probe, so the app can say what degrades to inferred events.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ioscope {

// One tracepoint the probe attaches to; shared with the loader so both name it the same way.
struct ProbeTracepoint {
  const char* group;        // tracepoint group, for messages ("sock")
  const char* name;         // tracepoint name; the kernel's BTF has it as btf_trace_<name>
  const char* alternative;  // an older kernel's name for the same event, or nullptr
  const char* without;      // what is lost, or what falls back, when it is missing
};

std::span<const ProbeTracepoint> probe_tracepoints();

struct TracepointStatus {
  std::string group;     // "sock"
  std::string name;      // "sk_data_ready", or the alternative's name when only that exists
  bool present = false;  // btf_trace_<name> is in the kernel's BTF
  std::string reason;    // empty when present: what is missing and what falls back
};

struct ProbeAvailability {
  bool privileged = false;  // root, or CAP_BPF + CAP_PERFMON
  bool btf = false;         // /sys/kernel/btf/vmlinux readable
  bool built = false;       // the BPF object was compiled into this binary
  std::vector<TracepointStatus> tracepoints;
  std::vector<std::string> reasons;  // one line per missing thing, most important first

  // The probe can load (some tracepoints may still be missing: see tracepoints).
  bool can_run() const { return privileged && btf && built; }
  bool has(std::string_view tracepoint_name) const;
};

// Checks privileges, BTF, the build, and each tracepoint the probe uses.
ProbeAvailability check_probe_availability();

}  // namespace ioscope
