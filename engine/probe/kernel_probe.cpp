#include "probe/kernel_probe.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <span>
#include <thread>

#if IOSCOPE_PROBE_BUILT
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "probe.skel.h"
#include "probe/drain_pace.hpp"
#include "probe/percpu_reader.hpp"
#include "probe/waking_fold.hpp"
#endif

namespace ioscope {

const char* probe_kind_name(ProbeKind kind) {
  switch (kind) {
    case ProbeKind::SkDataReady:
      return "sk_data_ready";
    case ProbeKind::CopyBegin:
      return "copy_begin";
    case ProbeKind::RecvReturn:
      return "recv_return";
    case ProbeKind::Wakeup:
      return "wakeup";
    case ProbeKind::SwitchIn:
      return "switch_in";
    case ProbeKind::SwitchOut:
      return "switch_out";
    case ProbeKind::SyscallEnter:
      return "syscall_enter";
    case ProbeKind::SyscallExit:
      return "syscall_exit";
    case ProbeKind::UringSubmit:
      return "uring_submit";
    case ProbeKind::UringAsync:
      return "uring_async";
    case ProbeKind::UringTaskAdd:
      return "uring_task_add";
    case ProbeKind::UringPollArm:
      return "uring_poll_arm";
    case ProbeKind::UringComplete:
      return "uring_complete";
    case ProbeKind::Waking:
      return "waking";
    case ProbeKind::WakeupSpan:
      return "wakeup_span";
    case ProbeKind::CopySpan:
      return "copy_span";
  }
  return "unknown";
}

ProbeAvailability KernelProbe::check() {
  return check_probe_availability();
}

#if IOSCOPE_PROBE_BUILT

namespace {

// The rings' total size (every CPU's together): a run's few records per message need little,
// tracing another program records every syscall.
constexpr std::size_t kCompactRingBytes = 1u << 20;
constexpr std::size_t kFullRingBytes = 8u << 20;
constexpr std::size_t kFewestSlotsPerCpu = 1024;

// A power of two: the kernel side picks a slot with a mask (probe.bpf.c, emit).
unsigned slot_shift_for(std::size_t ring_bytes, std::size_t cpus) {
  const std::size_t wanted = std::max(
      kFewestSlotsPerCpu, ring_bytes / IOSCOPE_PROBE_SLOT_SIZE / std::max<std::size_t>(cpus, 1));
  unsigned shift = 0;
  while ((std::size_t{2} << shift) <= wanted) ++shift;
  return shift;
}

// An mmapped array map, unmapped with the probe.
struct Mapping {
  void* address = MAP_FAILED;
  std::size_t bytes = 0;
  bool map(const bpf_map* m, int protection) {
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    bytes =
        (bpf_map__value_size(m) * std::size_t{bpf_map__max_entries(m)} + page - 1) / page * page;
    address = ::mmap(nullptr, bytes, protection, MAP_SHARED, bpf_map__fd(m), 0);
    return address != MAP_FAILED;
  }
  void unmap() {
    if (address != MAP_FAILED) ::munmap(address, bytes);
    address = MAP_FAILED;
  }
  template <class T>
  std::span<T> as(std::size_t count) const {
    return {static_cast<T*>(address), count};
  }
};

// libbpf logs through one process-wide callback. While a probe loads, its messages go into a
// string for the error message instead of stderr; the mutex also serialises concurrent loads.
std::mutex g_libbpf_log_mutex;
std::string* g_libbpf_log = nullptr;

int capture_libbpf_print(enum libbpf_print_level level, const char* format, va_list args) {
  if (level == LIBBPF_DEBUG || !g_libbpf_log) return 0;
  char line[1024];
  const int n = std::vsnprintf(line, sizeof line, format, args);
  if (n > 0) g_libbpf_log->append(line);
  return 0;
}

class LibbpfLogCapture {
 public:
  explicit LibbpfLogCapture(std::string& into) : lock_(g_libbpf_log_mutex) {
    g_libbpf_log = &into;
    previous_ = libbpf_set_print(capture_libbpf_print);
  }
  ~LibbpfLogCapture() {
    libbpf_set_print(previous_);
    g_libbpf_log = nullptr;
  }
  LibbpfLogCapture(const LibbpfLogCapture&) = delete;
  LibbpfLogCapture& operator=(const LibbpfLogCapture&) = delete;

 private:
  std::lock_guard<std::mutex> lock_;
  libbpf_print_fn_t previous_ = nullptr;
};

// libbpf is quiet unless a load is being captured: its default prints warnings to stderr.
const bool g_libbpf_quiet = [] {
  libbpf_set_print(capture_libbpf_print);
  return true;
}();

// Which BPF program serves which tracepoint (the names in probe_availability.cpp).
bpf_program* program_for(probe* skel, std::string_view tracepoint) {
  struct Entry {
    std::string_view name;
    bpf_program* (*prog)(probe*);
  };
  static constexpr Entry kPrograms[] = {
      {"sk_data_ready", [](probe* s) { return s->progs.on_sk_data_ready; }},
      {"skb_copy_datagram_iovec", [](probe* s) { return s->progs.on_skb_copy; }},
      {"sock_recv_length", [](probe* s) { return s->progs.on_sock_recv_length; }},
      {"sched_waking", [](probe* s) { return s->progs.on_sched_waking; }},
      {"sched_wakeup", [](probe* s) { return s->progs.on_sched_wakeup; }},
      {"sched_wakeup_new", [](probe* s) { return s->progs.on_sched_wakeup_new; }},
      {"sched_switch", [](probe* s) { return s->progs.on_sched_switch; }},
      {"sys_enter", [](probe* s) { return s->progs.on_sys_enter; }},
      {"sys_exit", [](probe* s) { return s->progs.on_sys_exit; }},
      {"inet_sock_set_state", [](probe* s) { return s->progs.on_inet_sock_set_state; }},
      {"io_uring_submit_req", [](probe* s) { return s->progs.on_uring_submit; }},
      {"io_uring_submit_sqe", [](probe* s) { return s->progs.on_uring_submit_sqe; }},
      {"io_uring_queue_async_work", [](probe* s) { return s->progs.on_uring_async; }},
      {"io_uring_task_add", [](probe* s) { return s->progs.on_uring_task_add; }},
      {"io_uring_poll_arm", [](probe* s) { return s->progs.on_uring_poll_arm; }},
      {"io_uring_complete", [](probe* s) { return s->progs.on_uring_complete; }},
  };
  for (const auto& e : kPrograms)
    if (e.name == tracepoint) return e.prog(skel);
  return nullptr;
}

// A program attached costs every hit of its tracepoint on the machine, even when it returns at
// once: only those whose records or state the options need.
bool wanted_program(const KernelProbe::Options& options, const ProbeAvailability& availability,
                    std::string_view name) {
  if (name == "sched_wakeup" || name == "sched_wakeup_new") return options.sched_wakeup_records;
  // Compact mode watches accepted connections from their birth (its listening ports) and ends
  // a receive at sock_recv_length: it needs no program on every syscall's return.
  if (name == "inet_sock_set_state") return options.compact;
  if (name == "sys_exit") return !(options.compact && availability.has("inet_sock_set_state"));
  return true;
}

std::uint64_t sum_percpu(const bpf_map* map, std::uint32_t key, std::vector<std::uint64_t>& buf) {
  if (bpf_map__lookup_elem(map, &key, sizeof key, buf.data(), buf.size() * sizeof buf[0], 0) != 0)
    return 0;
  std::uint64_t sum = 0;
  for (auto v : buf) sum += v;
  return sum;
}

}  // namespace

struct KernelProbe::Impl {
  probe* skel = nullptr;
  Mapping slots_memory;
  Mapping cursors_memory;
  PerCpuReader reader;
  WakingFold wakings;
  std::thread thread;
  std::atomic<bool> stopping{false};
  Options options;
  std::vector<ProbeRecord> batch;
  std::vector<std::string> attached;
  // Totals kept at stop so they stay readable after the maps are gone.
  std::map<int, std::uint64_t> final_counts;
  std::uint64_t final_dropped = 0;
  std::uint64_t final_missed = 0;

  void deliver() {
    if (options.compact) wakings.apply(batch);
    if (batch.empty()) return;
    if (options.consumer) options.consumer(std::span<const ProbeRecord>(batch));
    batch.clear();
  }

  void run() {
    DrainPace pace;
    pace.longest = options.longest_pause;
    pace.ring_records = reader.slots_per_cpu();  // one CPU may send them all
    skel->bss->ignored_tid = static_cast<__u32>(gettid());
    auto last = std::chrono::steady_clock::now();
    while (!stopping.load(std::memory_order_acquire)) {
      // Paced by a sleep, never a wait on a descriptor: its calls would count among the traced
      // process's own syscalls (and strace's), muddling every epoll run's numbers. The kernel
      // side never wakes a reader (probe.bpf.c, emit).
      const std::size_t drained = reader.drain(batch);
      deliver();
      const auto now = std::chrono::steady_clock::now();
      const auto pause = pace.next(drained, now - last);
      last = now;
      std::this_thread::sleep_for(pause);
    }
    // Detached by now: whatever is in the rings is all there will be.
    reader.drain(batch);
    deliver();
  }

  std::map<int, std::uint64_t> read_counts() const {
    std::map<int, std::uint64_t> counts;
    if (!skel) return final_counts;
    std::vector<std::uint64_t> buf(static_cast<size_t>(libbpf_num_possible_cpus()));
    for (std::uint32_t nr = 0; nr < IOSCOPE_PROBE_MAX_SYSCALL; ++nr)
      if (auto n = sum_percpu(skel->maps.syscall_counts, nr, buf)) counts[static_cast<int>(nr)] = n;
    return counts;
  }

  std::uint64_t read_missed() const {
    if (!skel) return final_missed;
    bpf_prog_info info{};
    __u32 len = sizeof info;
    if (bpf_obj_get_info_by_fd(bpf_program__fd(skel->progs.on_sys_enter), &info, &len) != 0)
      return 0;
    return info.recursion_misses;
  }

  std::uint64_t read_dropped() const {
    if (!skel) return final_dropped;
    std::vector<std::uint64_t> buf(static_cast<size_t>(libbpf_num_possible_cpus()));
    return sum_percpu(skel->maps.drops, 0, buf);
  }

  void teardown() {
    if (skel) probe__detach(skel);
    if (thread.joinable()) {
      stopping.store(true, std::memory_order_release);
      thread.join();
    }
    if (skel) {
      final_counts = read_counts();
      final_dropped = read_dropped();
      final_missed = read_missed();
    }
    reader = {};
    slots_memory.unmap();
    cursors_memory.unmap();
    if (skel) probe__destroy(skel);
    skel = nullptr;
    batch = {};
    wakings.clear();
  }
};

KernelProbe::KernelProbe() : impl_(std::make_unique<Impl>()) {}
KernelProbe::~KernelProbe() {
  stop();
}

std::optional<Error> KernelProbe::start(pid_t tgid, Options options) {
  stop();
  const ProbeAvailability availability = check();
  if (!availability.can_run()) return Error{availability.reasons.front()};
  if (tgid <= 0) return Error{"the probe needs a process id to trace"};

  Impl& d = *impl_;
  d.options = std::move(options);
  d.attached.clear();
  d.final_counts.clear();
  d.final_dropped = 0;
  d.final_missed = 0;
  d.stopping.store(false);

  std::string log;
  auto fail = [&](std::string what) {
    d.teardown();
    while (!log.empty() && log.back() == '\n') log.pop_back();
    if (!log.empty()) what += " (libbpf: " + log + ")";
    return Error{std::move(what)};
  };
  {
    LibbpfLogCapture capture(log);
    d.skel = probe__open();
    if (!d.skel) return fail("could not open the probe's BPF object");
    d.skel->rodata->target_tgid = static_cast<__u32>(tgid);
    d.skel->rodata->emit_syscalls = d.options.emit_syscalls ? 1 : 0;
    d.skel->rodata->syscalls_naming_sockets_only = d.options.syscalls_naming_sockets_only ? 1 : 0;
    d.skel->rodata->emit_sched_wakeup = d.options.sched_wakeup_records ? 1 : 0;
    d.skel->rodata->compact = d.options.compact ? 1 : 0;
    // A run's few records per message: rings small enough to stay in the caches (drain_pace.hpp
    // keeps them drained). Tracing another program records every syscall: room for bursts.
    const int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) return fail("could not count the machine's CPUs for the probe's rings");
    const unsigned shift =
        slot_shift_for(d.options.compact ? kCompactRingBytes : kFullRingBytes, cpus);
    d.skel->rodata->slot_shift = shift;
    if (int err = bpf_map__set_max_entries(d.skel->maps.slots, static_cast<__u32>(cpus) << shift);
        err || (err = bpf_map__set_max_entries(d.skel->maps.cursors, static_cast<__u32>(cpus))))
      return fail("could not size the probe's rings: " + std::string(strerror(-err)));
    // Only programs whose tracepoint this kernel has: the others would fail the whole load.
    for (const auto& tp : probe_tracepoints()) {
      for (const char* name : {tp.name, tp.alternative}) {
        if (!name) continue;
        bpf_program* prog = program_for(d.skel, name);
        const bool present =
            wanted_program(d.options, availability, name) && availability.has(name);
        if (prog) bpf_program__set_autoload(prog, present);
        if (present) d.attached.push_back(std::string(tp.group) + ":" + name);
      }
    }
    if (int err = probe__load(d.skel))
      return fail("could not load the probe into the kernel: " + std::string(strerror(-err)));
    // Before the tracepoints are attached: a connection made meanwhile is already watched.
    for (const std::uint16_t port : d.options.listening_ports) {
      const __u8 one = 1;
      if (int err = bpf_map__update_elem(d.skel->maps.listen_ports, &port, sizeof port, &one,
                                         sizeof one, BPF_ANY))
        return fail("could not tell the probe the listening port " + std::to_string(port) + ": " +
                    strerror(-err));
    }
    if (int err = probe__attach(d.skel))
      return fail("could not attach the probe's tracepoints: " + std::string(strerror(-err)));
    if (!d.slots_memory.map(d.skel->maps.slots, PROT_READ) ||
        !d.cursors_memory.map(d.skel->maps.cursors, PROT_READ | PROT_WRITE))
      return fail("could not map the probe's rings: " + std::string(strerror(errno)));
    const std::size_t per_cpu = std::size_t{1} << shift;
    d.reader = PerCpuReader(
        d.slots_memory.as<ioscope_probe_slot>(static_cast<std::size_t>(cpus) * per_cpu),
        d.cursors_memory.as<ioscope_probe_cursor>(static_cast<std::size_t>(cpus)), per_cpu);
  }
  d.batch.reserve(4096);
  d.thread = std::thread([&d] { d.run(); });
  return std::nullopt;
}

void KernelProbe::stop() {
  impl_->teardown();
}
bool KernelProbe::running() const {
  return impl_->skel != nullptr;
}
void KernelProbe::quiet_thread(pid_t tid) {
  if (!impl_->skel) return;
  const __u32 key = static_cast<__u32>(tid);
  const __u8 one = 1;
  bpf_map__update_elem(impl_->skel->maps.quiet_tids, &key, sizeof key, &one, sizeof one, BPF_ANY);
  // Each thread's answer is cached in the kernel until this changes (task_is_quiet): after the
  // update, so a thread that sees the new generation also sees the new entry.
  __atomic_fetch_add(&impl_->skel->bss->quiet_generation, 1u, __ATOMIC_RELEASE);
}
std::map<int, std::uint64_t> KernelProbe::syscall_counts() const {
  return impl_->read_counts();
}
std::uint64_t KernelProbe::dropped() const {
  return impl_->read_dropped();
}
std::uint64_t KernelProbe::syscall_hits_missed() const {
  return impl_->read_missed();
}
std::vector<std::string> KernelProbe::attached() const {
  return impl_->attached;
}

#else  // !IOSCOPE_PROBE_BUILT

struct KernelProbe::Impl {};

KernelProbe::KernelProbe() : impl_(std::make_unique<Impl>()) {}
KernelProbe::~KernelProbe() = default;

std::optional<Error> KernelProbe::start(pid_t, Options) {
  return Error{std::string("the probe was not built: ") + IOSCOPE_PROBE_NOT_BUILT_REASON};
}
void KernelProbe::stop() {}
bool KernelProbe::running() const {
  return false;
}
void KernelProbe::quiet_thread(pid_t) {}
std::map<int, std::uint64_t> KernelProbe::syscall_counts() const {
  return {};
}
std::uint64_t KernelProbe::dropped() const {
  return 0;
}
std::uint64_t KernelProbe::syscall_hits_missed() const {
  return 0;
}
std::vector<std::string> KernelProbe::attached() const {
  return {};
}

#endif

}  // namespace ioscope
