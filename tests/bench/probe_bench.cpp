// What the kernel probe costs, in one run:
//  - BM_ProbeEchoRoundTrip/1 vs /0: the traced epoll echo (echo_loop.hpp) with the probe attached
//    to this process, as a run attaches it (compact records, every record translated into
//    trace events), and without; /2: attached, filtering for another process. Target: round
//    trips with the probe >= 0.9 of without. The machine's speed drifts between runs: compare
//    medians of interleaved repetitions (--benchmark_enable_random_interleaving).
//  - BM_ProbeDrain/1 vs /0: a burst of receive calls that find nothing (EAGAIN), each one
//    two kernel records (sys_enter, sys_exit: the probe in its full-record mode), with the probe
//    and without. With it, the records
//    per second delivered (counter "records_per_s", target >= 500,000 with "dropped" = 0) and,
//    from the two timings, what one kernel event costs the traced thread (ns per record).
// Where the probe cannot run (not root, no BTF), the probe cases say why and are skipped.
#include <benchmark/benchmark.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <optional>

#include "echo_loop.hpp"
#include "probe/kernel_probe.hpp"
#include "probe/probe_events.hpp"

namespace ioscope {
namespace {

// The probe attached to this process for the lifetime of the object, as Run::execute attaches
// it: its records become trace events through a ProbeTranslator.
class AttachedProbe {
 public:
  // compact: the records a run asks for (KernelProbe::Options::compact); else one record per
  // tracepoint hit, syscalls included (what tracing another program will ask for).
  explicit AttachedProbe(bool compact = true)
      : compact_(compact),
        writer_(hub_.make_writer(Lane::Shopkeeper, 0, false)),
        translator_(hub_, *writer_) {}
  // target: the process to filter for (this one by default).
  std::optional<std::string> start(pid_t target = ::getpid()) {
    const ProbeAvailability a = KernelProbe::check();
    if (!a.can_run()) return a.reasons.empty() ? "the probe cannot run" : a.reasons.front();
    KernelProbe::Options o;
    o.emit_syscalls = true;  // as Run::execute asks
    o.syscalls_naming_sockets_only = compact_;
    o.sched_wakeup_records = false;
    o.compact = compact_;
    o.consumer = [this](std::span<const ProbeRecord> records) {
      translator_.consume(records);
      delivered_.fetch_add(records.size(), std::memory_order_relaxed);
      for (const ProbeRecord& r : records)
        if (r.kind < by_kind_.size()) by_kind_[r.kind].fetch_add(1, std::memory_order_relaxed);
      std::vector<TraceEvent> sink;
      hub_.drain(sink);  // the app's consumer: keeps the trace rings from filling
    };
    if (auto error = probe_.start(target, std::move(o))) return error->message;
    return std::nullopt;
  }
  void stop() { probe_.stop(); }
  // The calling thread plays the factory (the echo's client): quiet, as a run's factory is.
  void quiet_this_thread() { probe_.quiet_thread(static_cast<pid_t>(::gettid())); }
  std::uint64_t delivered() const { return delivered_.load(); }
  std::uint64_t dropped() const { return probe_.dropped(); }
  // Records of each kind per item (round trip), as counters: where the probe's cost comes from.
  void count_kinds(benchmark::State& state) const {
    const double items = std::max<double>(1, static_cast<double>(state.iterations()));
    for (std::uint32_t k = 0; k < by_kind_.size(); ++k)
      if (const auto n = by_kind_[k].load())
        state.counters[probe_kind_name(static_cast<ProbeKind>(k))] = static_cast<double>(n) / items;
  }

 private:
  bool compact_;
  TraceHub hub_;
  std::unique_ptr<TraceWriter> writer_;
  ProbeTranslator translator_;
  KernelProbe probe_;
  std::atomic<std::uint64_t> delivered_{0};
  std::array<std::atomic<std::uint64_t>, 32> by_kind_{};
};

// Arg 1: the probe attached to this process; 2: attached but filtering for another process
// (init), so its programs run on every event and record nothing: what the filter alone costs;
// 0: no probe.
void BM_ProbeEchoRoundTrip(benchmark::State& state) {
  const bool with_probe = state.range(0) != 0;
  AttachedProbe probe;
  if (with_probe) {
    if (auto why = probe.start(state.range(0) == 2 ? 1 : ::getpid())) {
      state.SkipWithError(("kernel probe: " + *why).c_str());
      return;
    }
    probe.quiet_this_thread();
  }
  bench::epoll_echo_round_trips(state, /*traced=*/true);
  probe.stop();
  if (with_probe) {
    state.counters["probe_records"] = static_cast<double>(probe.delivered());
    state.counters["probe_dropped"] = static_cast<double>(probe.dropped());
    probe.count_kinds(state);
  }
  state.SetLabel(state.range(0) == 2 ? "probe filtering for another process"
                 : with_probe        ? "probe on"
                                     : "probe off");
}

BENCHMARK(BM_ProbeEchoRoundTrip)->Arg(1)->Arg(2)->Arg(0)->UseRealTime()->MinTime(1.0);

void BM_ProbeDrain(benchmark::State& state) {
  const bool with_probe = state.range(0) != 0;
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) != 0) {
    state.SkipWithError("socketpair failed");
    return;
  }
  AttachedProbe probe(/*compact=*/false);  // a record for every syscall enter and exit
  if (with_probe) {
    if (auto why = probe.start()) {
      state.SkipWithError(("kernel probe: " + *why).c_str());
      ::close(sv[0]);
      ::close(sv[1]);
      return;
    }
  }
  const std::uint64_t before = probe.delivered();
  char byte;
  std::int64_t calls = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    benchmark::DoNotOptimize(::recv(sv[0], &byte, 1, MSG_DONTWAIT));
    ++calls;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  probe.stop();  // delivers what is left in the ring
  state.SetItemsProcessed(calls);
  if (with_probe) {
    const double records = static_cast<double>(probe.delivered() - before);
    state.counters["records"] = records;
    state.counters["records_per_s"] = records / seconds;
    state.counters["dropped"] = static_cast<double>(probe.dropped());
  }
  state.SetLabel(with_probe ? "probe on: 2 records per call" : "probe off");
  ::close(sv[0]);
  ::close(sv[1]);
}

BENCHMARK(BM_ProbeDrain)->Arg(1)->Arg(0)->UseRealTime()->MinTime(1.0);

}  // namespace
}  // namespace ioscope
