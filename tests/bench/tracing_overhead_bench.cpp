// What tracing costs the traced server: the epoll echo server answering one client that sends
// 64 B and waits for the whole echo before the next (closed loop, so the server is never idle
// and every request costs it a wake-up, a read and a write). The same loop runs with tracing on
// and with tracing switched off (TraceHub::set_enabled(false)); compare the round trips per
// second of the two in one run. The target: tracing costs <= 5 % throughput.
#include <benchmark/benchmark.h>

#include "echo_loop.hpp"

namespace ioscope {
namespace {

void BM_EpollEchoRoundTrip(benchmark::State& state) {
  const bool traced = state.range(0) != 0;
  bench::epoll_echo_round_trips(state, traced);
  state.SetLabel(traced ? "traced" : "tracing off");
}

BENCHMARK(BM_EpollEchoRoundTrip)->Arg(1)->Arg(0)->UseRealTime()->MinTime(1.0);

}  // namespace
}  // namespace ioscope
