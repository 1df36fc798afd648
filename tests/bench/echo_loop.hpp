// The closed-loop echo both overhead benchmarks time: the epoll echo server answering one
// client that sends 64 B and waits for the whole echo before the next, so the server is never
// idle and every request costs it a wake-up, a read and a write. Items = round trips.
#pragma once

#include <benchmark/benchmark.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "lab/serve_session.hpp"
#include "net/socket_ops.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope::bench {

// The client's side: 64 B out, the whole echo back, as many times as the state asks.
inline void round_trips(benchmark::State& state, int fd) {
  set_nodelay(fd);
  char out[64] = {};
  char in[64];
  for (auto _ : state) {
    if (::send(fd, out, sizeof out, MSG_NOSIGNAL) != static_cast<long>(sizeof out)) {
      state.SkipWithError("send failed");
      break;
    }
    std::size_t got = 0;
    while (got < sizeof in) {
      const long n = ::recv(fd, in + got, sizeof in - got, 0);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got != sizeof in) {
      state.SkipWithError("the echo did not come back");
      break;
    }
  }
}

// traced: the engine's tracing on (else TraceHub::set_enabled(false)).
inline void epoll_echo_round_trips(benchmark::State& state, bool traced) {
  TraceHub hub;
  hub.set_enabled(traced);
  StopSignal stop;
  std::atomic<std::uint16_t> port{0};
  std::thread server(
      [&] { serve_model("epoll", 0, hub, stop, [&](std::uint16_t p) { port.store(p); }); });
  // The consumer keeps the rings from filling, as the app and the CLI do.
  std::atomic<bool> draining{true};
  std::thread consumer([&] {
    std::vector<TraceEvent> sink;
    while (draining.load()) {
      sink.clear();
      hub.drain(sink);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  while (port.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  {
    auto client = connect_loopback(port.load());
    if (!client) {
      state.SkipWithError(client.error().message.c_str());
    } else {
      round_trips(state, client->get());
      state.SetItemsProcessed(state.iterations());
    }
  }
  stop.request();
  server.join();
  draining.store(false);
  consumer.join();
  state.counters["dropped"] = static_cast<double>(hub.dropped());
}

}  // namespace ioscope::bench
