#include "run_helpers.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

namespace ioscope::test {

namespace {
// Sanitizer runtimes start a helper thread of their own with the process's first thread; start
// it now, so thread counts taken before and after a run compare like with like.
const bool runtime_threads_started = [] {
  std::thread([] {}).join();
  return true;
}();
}  // namespace

TracedRun run_traced(const Scenario& s) {
  TracedRun out;
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
  out.arrival = out.events;
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
  return out;
}

Scenario scenario(const char* model, int clients, int messages, std::size_t size,
                  std::int64_t interval_ns) {
  Scenario s;
  s.model = model;
  s.clients = clients;
  s.messages = messages;
  s.size = size;
  s.interval_ns = interval_ns;
  return s;
}

std::vector<TraceEvent> select_events(const TracedRun& run,
                                      const std::function<bool(const TraceEvent&)>& pred) {
  std::vector<TraceEvent> out;
  for (const auto& e : run.events)
    if (pred(e)) out.push_back(e);
  return out;
}

std::vector<Call> calls(const TracedRun& run, Sys sys) {
  // Events of one track are emitted in program order, so begin/end pair up per track. Sorting by
  // time is stable, and a call's end is never stamped before its begin.
  std::map<std::uint16_t, TraceEvent> open;
  std::vector<Call> out;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer || e.sys != sys) continue;
    if (e.kind == EventKind::SyscallBegin) open[e.track] = e;
    if (e.kind == EventKind::SyscallEnd) {
      auto it = open.find(e.track);
      if (it != open.end()) {
        out.push_back({it->second, e});
        open.erase(it);
      }
    }
  }
  return out;
}

static int count_entries(const char* dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

int open_fd_count() { return count_entries("/proc/self/fd"); }
int thread_count() { return count_entries("/proc/self/task"); }

}  // namespace ioscope::test
