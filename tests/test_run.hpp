// A run made the way the window makes it, for engine and UI tests alike: the engine on its own
// thread, its trace drained every 2 ms while it runs, then once more after it ends.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "lab/run.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope::test {

struct DrainedRun {
  RunSummary summary;
  std::vector<TraceEvent> events;  // in the order they were drained
  std::uint64_t dropped = 0;
};

inline DrainedRun run_and_drain(const Scenario& s) {
  DrainedRun out;
  TraceHub hub;
  Run run(s);
  std::atomic<bool> done{false};
  std::thread engine([&] {
    out.summary = run.execute(hub);
    done.store(true);
  });
  while (!done.load()) {
    hub.drain(out.events);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  engine.join();
  hub.drain(out.events);
  out.dropped = hub.dropped();
  return out;
}

}  // namespace ioscope::test
