// What tracing costs the program it traces. The engine's promise is tens of nanoseconds per event
// (targets: <= 25 ns to stamp and record one event, >= 20 M events/s from a producer thread to
// a consumer thread). Every benchmark reports the events the ring dropped: a full ring forgets an
// event cheaply, so a run with drops would flatter the numbers; they must read 0.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "trace/clock.hpp"
#include "trace/trace_hub.hpp"
#include "trace/trace_ring.hpp"

namespace ioscope {
namespace {

constexpr std::size_t kRing = 1 << 16;  // TraceHub's default ring

TraceEvent sample_event(std::int64_t t) {
  TraceEvent e;
  e.t_ns = t;
  e.kind = EventKind::SyscallEnd;
  e.sys = Sys::recvmsg;
  e.fd = 7;
  e.value = 64;
  return e;
}

// Records through TraceWriter::record as the engine does; the ring is emptied outside the timed
// region every half ring, so it never fills and every event takes the full path.
template <bool kReadClock>
void record_events(benchmark::State& state) {
  TraceHub hub(kRing);
  auto writer = hub.make_writer(Lane::Buyer, 0);
  std::vector<TraceEvent> sink;
  sink.reserve(kRing);
  std::int64_t fake_clock = 0;
  std::size_t since_drain = 0;
  for (auto _ : state) {
    writer->record(sample_event(kReadClock ? now_ns() : ++fake_clock));
    if (++since_drain == kRing / 2) {
      state.PauseTiming();
      sink.clear();
      hub.drain(sink);
      since_drain = 0;
      state.ResumeTiming();
    }
  }
  state.counters["dropped"] = static_cast<double>(hub.dropped());
  state.counters["per_event"] =
      benchmark::Counter(static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(state.iterations());
}

void BM_RecordEvent(benchmark::State& state) {
  record_events<true>(state);
}
void BM_RecordEventNoClock(benchmark::State& state) {
  record_events<false>(state);
}

// The clock read alone, to see how much of BM_RecordEvent is the clock.
void BM_NowNs(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(now_ns());
  state.SetItemsProcessed(state.iterations());
}

// A producer thread pushes N events while this thread drains them as they come, as the UI's
// timer does (only faster). The producer retries when the ring is full instead of dropping, so
// the rate is of events actually delivered. Arg: ring capacity.
void BM_RingThroughput(benchmark::State& state) {
  constexpr std::int64_t kEvents = 4'000'000;
  TraceRing ring(static_cast<std::size_t>(state.range(0)));
  std::vector<TraceEvent> batch;
  batch.reserve(ring.capacity());
  bool in_order = true;
  for (auto _ : state) {
    std::thread producer([&] {
      for (std::int64_t i = 0; i < kEvents; ++i) {
        const TraceEvent e = sample_event(i);
        // Full: let the consumer have the core (on a busy 2-core machine it may share ours).
        while (!ring.push(e)) std::this_thread::yield();
      }
    });
    std::int64_t expected = 0;
    while (expected < kEvents) {
      batch.clear();
      if (ring.drain(batch) == 0) std::this_thread::yield();
      for (const auto& e : batch) in_order &= e.t_ns == expected++;
    }
    producer.join();
  }
  if (!in_order) state.SkipWithError("the consumer saw events out of order");
  // Pushes the ring refused because it was full (it counts them as dropped): here the producer
  // retried them, so every event was delivered, but a traced program would have lost them.
  state.counters["full_retries"] = static_cast<double>(ring.dropped());
  state.SetItemsProcessed(state.iterations() * kEvents);
}

BENCHMARK(BM_RecordEvent);
BENCHMARK(BM_RecordEventNoClock);
BENCHMARK(BM_NowNs);
BENCHMARK(BM_RingThroughput)
    ->Arg(1 << 12)
    ->Arg(1 << 16)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ioscope
