// What recordings cost: saving N events, opening one as far as its first block (what a view needs
// to draw its first frame) and opening it whole; bytes_per_event is the file's size over N.
// The events are a real classroom run's (epoll, 4 clients x 200 messages of 512 B every 1 ms,
// the kernel probe where the machine allows it), repeated with shifted times up to N; the
// classroom run alone is BM_RecordingClassroomRun. Targets: 10 M saved in <= 3 s, first block
// in <= 2 s, <= 12 B/event. The file goes to the temp folder (through the page cache: no fsync).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "../test_run.hpp"
#include "lab/run.hpp"
#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"
#include "recorded_events.hpp"

namespace ioscope {
namespace {

// The events as drained, the order a recording keeps.
const test::DrainedRun& classroom_run() {
  static const test::DrainedRun run = [] {
    Scenario s;
    s.model = "epoll";
    s.clients = 4;
    s.messages = 200;
    s.size = 512;
    s.interval_ns = 1'000'000;
    s.probe = ProbeMode::Auto;
    return test::run_and_drain(s);
  }();
  return run;
}

// The classroom run repeated until n events, each copy later by the run's length and a
// millisecond; a ClientSend's intended time moves with it. Exact copies flatter zstd (it finds
// them within its window); with jitter each event of a copy also moves by up to a microsecond,
// so no copy repeats the one before.
const std::vector<TraceEvent>& events_of_size(std::size_t n, bool jitter) {
  static std::map<std::pair<std::size_t, bool>, std::vector<TraceEvent>> made;
  auto& out = made[{n, jitter}];
  if (!out.empty()) return out;
  const std::vector<TraceEvent>& one = classroom_run().events;
  std::int64_t lo = one.front().t_ns, hi = lo;
  for (const TraceEvent& e : one) {
    lo = std::min(lo, e.t_ns);
    hi = std::max(hi, e.t_ns);
  }
  const std::int64_t period = hi - lo + 1'000'000;
  std::mt19937_64 rng(42);
  out.reserve(n);
  for (std::int64_t copy = 0; out.size() < n; ++copy)
    for (std::size_t i = 0; i < one.size() && out.size() < n; ++i) {
      TraceEvent e = one[i];
      e.t_ns += copy * period;
      if (e.kind == EventKind::ClientSend) e.value += copy * period;
      if (jitter && copy > 0) e.t_ns += static_cast<std::int64_t>(rng() % 1000);
      out.push_back(e);
    }
  return out;
}

record::RecordingMeta meta_for(std::size_t n) {
  record::RecordingMeta m = record::new_recording_meta();
  m.runs.push_back(record::recorded_run(classroom_run().summary, 0, n));
  return m;
}

std::string bench_path(const std::string& what) {
  return (std::filesystem::temp_directory_path() /
          ("ioscope-bench-" + std::to_string(::getpid()) + "-" + what + ".ioscope"))
      .string();
}

std::string name_of(std::size_t n, bool jitter) {
  return std::to_string(n) + (jitter ? "-jitter" : "");
}

}  // namespace

// A saved file of n events, made once and removed at exit.
const std::string& saved_file(std::size_t n, bool jitter) {
  static std::map<std::pair<std::size_t, bool>, std::string> files;
  static const struct Cleanup {
    ~Cleanup() {
      for (const auto& [key, path] : files) std::filesystem::remove(path);
    }
  } cleanup;
  auto& path = files[{n, jitter}];
  if (path.empty()) {
    path = bench_path(name_of(n, jitter));
    if (auto err = record::save_recording(path, meta_for(n), events_of_size(n, jitter)))
      std::fprintf(stderr, "%s\n", err->message.c_str());
  }
  return path;
}

namespace {

void report(benchmark::State& state, std::size_t n, const std::string& path) {
  const double bytes = static_cast<double>(std::filesystem::file_size(path));
  state.counters["bytes_per_event"] = bytes / static_cast<double>(n);
  state.counters["events_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.SetLabel(classroom_run().summary.probe.measured ? "probe measured" : "probe off");
}

void BM_RecordingSave(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool jitter = state.range(1) != 0;
  const std::vector<TraceEvent>& events = events_of_size(n, jitter);
  const record::RecordingMeta meta = meta_for(n);
  const std::string path = bench_path(name_of(n, jitter) + "-save");
  for (auto _ : state) {
    if (auto err = record::save_recording(path, meta, events))
      state.SkipWithError(err->message.c_str());
  }
  report(state, n, path);
  std::filesystem::remove(path);
}

void BM_RecordingOpenFirstBlock(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string& path = saved_file(n, state.range(1) != 0);
  std::vector<TraceEvent> first;
  for (auto _ : state) {
    first.clear();
    auto reader = record::RecordingReader::open(path);
    if (!reader) {
      state.SkipWithError(reader.error().message.c_str());
      break;
    }
    auto got = reader->next_block(first);
    if (!got) state.SkipWithError(got.error().message.c_str());
    benchmark::DoNotOptimize(first.data());
  }
  report(state, n, path);
}

void BM_RecordingOpenAll(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string& path = saved_file(n, state.range(1) != 0);
  for (auto _ : state) {
    auto r = record::load_recording(path);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    if (r->events.size() != n) state.SkipWithError("wrong number of events");
    benchmark::DoNotOptimize(r->events.data());
  }
  report(state, n, path);
}

// The classroom run alone, as `ioscope-cli run --record` saves it: its bytes per event are the
// honest figure (the repetitions above compress a little better: zstd finds the copies).
void BM_RecordingClassroomRun(benchmark::State& state) {
  const std::vector<TraceEvent>& events = classroom_run().events;
  const record::RecordingMeta meta = meta_for(events.size());
  const std::string path = bench_path("classroom");
  for (auto _ : state) {
    if (auto err = record::save_recording(path, meta, events))
      state.SkipWithError(err->message.c_str());
  }
  report(state, events.size(), path);
  state.counters["events"] = static_cast<double>(events.size());
  std::filesystem::remove(path);
}

// {events, jitter}: the smoke test (CMakeLists.txt) runs the 100 000 cases.
void sizes(benchmark::internal::Benchmark* b) {
  b->Args({100'000, 0})->Args({10'000'000, 0})->Args({10'000'000, 1});
  b->ArgNames({"events", "jitter"})->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_RecordingSave)->Apply(sizes);
BENCHMARK(BM_RecordingOpenFirstBlock)->Apply(sizes);
BENCHMARK(BM_RecordingOpenAll)->Apply(sizes);
BENCHMARK(BM_RecordingClassroomRun)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace ioscope
