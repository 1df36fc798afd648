// A real run on 127.0.0.1, saved and opened again: the same events in the order they were
// drained, and the summary counted again from them equal to the one the run made.
#include <gtest/gtest.h>

#include "record/replayed_summary.hpp"
#include "recording_test_support.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

// What a run of scenario leaves, saved and loaded again.
struct SavedRun {
  test::TracedRun run;
  record::Recording back;
};

SavedRun save_and_load(const Scenario& scenario, const char* stem) {
  SavedRun out;
  out.run = test::run_traced(scenario);
  EXPECT_TRUE(out.run.summary.ok()) << out.run.summary.error;
  test::TempFile f(stem);
  record::RecordingMeta meta = record::new_recording_meta();
  meta.runs.push_back(record::recorded_run(out.run.summary, 0, out.run.arrival.size()));
  const auto err = record::save_recording(f.path(), meta, out.run.arrival);
  EXPECT_FALSE(err) << err->message;
  auto back = record::load_recording(f.path());
  EXPECT_TRUE(back.ok()) << back.error().message;
  if (back.ok()) out.back = std::move(*back);
  return out;
}

void expect_same_summary(const RunSummary& want, const RunSummary& got) {
  EXPECT_EQ(got.scenario.model, want.scenario.model);
  EXPECT_EQ(got.scenario.clients, want.scenario.clients);
  EXPECT_EQ(got.scenario.messages, want.scenario.messages);
  EXPECT_EQ(got.scenario.size, want.scenario.size);
  EXPECT_EQ(got.scenario.interval_ns, want.scenario.interval_ns);
  EXPECT_EQ(got.scenario.bugs, want.scenario.bugs);
  EXPECT_EQ(got.scenario.idle, want.scenario.idle);
  EXPECT_EQ(got.port, want.port);
  EXPECT_EQ(got.bytes_sent, want.bytes_sent);
  EXPECT_EQ(got.bytes_verified, want.bytes_verified);
  EXPECT_EQ(got.messages_verified, want.messages_verified);
  EXPECT_EQ(got.counters.syscalls, want.counters.syscalls);
  EXPECT_EQ(got.counters.eagain, want.counters.eagain);
  EXPECT_EQ(got.counters.notifications, want.counters.notifications);
  EXPECT_EQ(got.counters.work_units, want.counters.work_units);
  EXPECT_EQ(got.counters.kernel_stamped, want.counters.kernel_stamped);
  EXPECT_EQ(got.counters.kernel_inferred, want.counters.kernel_inferred);
  EXPECT_EQ(got.counters.events, want.counters.events);
  EXPECT_EQ(got.latency.p50, want.latency.p50);
  EXPECT_EQ(got.latency.p99, want.latency.p99);
  EXPECT_EQ(got.latency.max, want.latency.max);
  EXPECT_EQ(got.latency.count, want.latency.count);
  EXPECT_EQ(got.latencies_ns, want.latencies_ns);
  EXPECT_EQ(got.duration_ns, want.duration_ns);
  EXPECT_EQ(got.server_usage.cpu_ns, want.server_usage.cpu_ns);
  EXPECT_EQ(got.probe.measured, want.probe.measured);
  EXPECT_EQ(got.kernel_ready_source(), want.kernel_ready_source());
  EXPECT_EQ(got.ok(), want.ok());
}

TEST(RecordingRealRun, AnEpollRunSavedAndOpenedHasTheSameEventsInTheSameOrder) {
  const SavedRun r = save_and_load(test::scenario("epoll", 4, 200, 512, 500'000), "epoll-run");
  ASSERT_GT(r.run.arrival.size(), 4u * 200u);
  test::expect_same_events(r.run.arrival, r.back.events);
  ASSERT_EQ(r.back.meta.runs.size(), 1u);
  EXPECT_EQ(r.back.meta.models(), std::vector<std::string>{"epoll"});
}

TEST(RecordingRealRun, TheSummaryCountedFromTheRecordedEventsIsTheRunsOwn) {
  for (const char* model : {"blocking", "nonblocking", "select", "io_uring"}) {
    SCOPED_TRACE(model);
    const SavedRun r = save_and_load(test::scenario(model, 3, 60, 256, 1'000'000), model);
    ASSERT_EQ(r.run.summary.dropped, 0u);
    ASSERT_EQ(r.back.meta.runs.size(), 1u);
    const record::RecordedRun& recorded = r.back.meta.runs[0];
    const RunSummary replayed =
        record::replayed_summary(recorded, record::events_of(recorded, r.back.events));
    expect_same_summary(r.run.summary, replayed);
  }
}

TEST(RecordingRealRun, ARunWithTheKernelProbeKeepsTheProbesEventsAndStatus) {
  // Auto: measured where the machine allows it (CI runs as root), inferred elsewhere; either
  // way the recording says which, and its events come back as they were.
  Scenario s = test::scenario("epoll", 2, 50, 512, 1'000'000);
  s.probe = ProbeMode::Auto;
  const SavedRun r = save_and_load(s, "probe-run");
  test::expect_same_events(r.run.arrival, r.back.events);
  ASSERT_EQ(r.back.meta.runs.size(), 1u);
  const ProbeReport& probe = r.back.meta.runs[0].summary.probe;
  EXPECT_EQ(probe.measured, r.run.summary.probe.measured);
  EXPECT_EQ(probe.why_not, r.run.summary.probe.why_not);
  EXPECT_EQ(probe.attached, r.run.summary.probe.attached);
  std::size_t from_probe = 0;
  for (const TraceEvent& e : r.back.events) from_probe += source_of(e) == Source::Probe;
  if (probe.measured) {
    EXPECT_GT(from_probe, 0u);
  }
  const RunSummary replayed = record::replayed_summary(r.back.meta.runs[0], r.back.events);
  expect_same_summary(r.run.summary, replayed);
}

}  // namespace
}  // namespace ioscope
