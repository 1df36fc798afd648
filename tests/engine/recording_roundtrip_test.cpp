// A recording gives back exactly what was saved: every field of every kind of event, in order,
// across blocks, and every field of the metadata.
#include <gtest/gtest.h>

#include <span>
#include <sstream>

#include "record/event_codec.hpp"
#include "record/machine_info.hpp"
#include "record/recording_format.hpp"
#include "record/run_json.hpp"
#include "recording_test_support.hpp"

namespace ioscope {
namespace {

using record::RecordingMeta;

TEST(RecordingRoundTrip, EveryFieldOfEveryKindOfEventComesBackExactly) {
  const std::vector<TraceEvent> events = test::every_kind_of_event();
  test::TempFile f("every-kind");
  ASSERT_FALSE(record::save_recording(f.path(), test::small_meta(events.size()), events));
  auto back = record::load_recording(f.path());
  ASSERT_TRUE(back.ok()) << back.error().message;
  test::expect_same_events(events, back->events);
  // The sources and marks survive as the flags they live in.
  int probe = 0, imported = 0, inferred = 0;
  for (const TraceEvent& e : back->events) {
    probe += source_of(e) == Source::Probe;
    imported += source_of(e) == Source::Imported;
    inferred += (e.flags & flag::kInferred) != 0;
  }
  EXPECT_GT(probe, 0);
  EXPECT_GT(imported, 0);
  EXPECT_GT(inferred, 0);
}

TEST(RecordingRoundTrip, TheCodecAloneIsLosslessAndUsesUpItsBytesExactly) {
  const std::vector<TraceEvent> events = test::every_kind_of_event();
  std::vector<unsigned char> bytes;
  record::encode_events(events, bytes);
  EXPECT_LE(bytes.size(), record::max_raw_block_bytes(events.size()));
  EXPECT_GE(bytes.size(), record::min_raw_block_bytes(events.size()));
  std::vector<TraceEvent> back;
  EXPECT_FALSE(record::decode_events(bytes, events.size(), back));
  test::expect_same_events(events, back);

  bytes.push_back(0);
  back.clear();
  const auto extra = record::decode_events(bytes, events.size(), back);
  ASSERT_TRUE(extra);
  EXPECT_EQ(*extra, "there are bytes after the last column");
}

TEST(RecordingRoundTrip, ManyBlocksAppendedInOddPiecesKeepTheirOrder) {
  // Three full blocks and a part, appended in pieces that straddle the block boundaries.
  const std::vector<TraceEvent> events = test::many_events(3 * record::kMaxEventsPerBlock + 1234);
  test::TempFile f("many-blocks");
  auto writer = record::RecordingWriter::create(f.path());
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  ASSERT_FALSE(writer->begin(test::small_meta(events.size())));
  const std::span<const TraceEvent> all(events);
  for (std::size_t at = 0, piece = 1; at < all.size(); at += piece, piece = piece * 3 + 7) {
    piece = std::min(piece, all.size() - at);
    ASSERT_FALSE(writer->append(all.subspan(at, piece)));
  }
  ASSERT_FALSE(writer->finish());
  EXPECT_EQ(writer->events_written(), events.size());

  auto reader = record::RecordingReader::open(f.path());
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(reader->block_count(), 4u);
  EXPECT_EQ(reader->event_count(), events.size());
  std::vector<TraceEvent> back;
  ASSERT_FALSE(reader->read_rest(back));
  test::expect_same_events(events, back);
}

TEST(RecordingRoundTrip, ARecordingWithoutEventsOpensEmpty) {
  test::TempFile f("empty");
  ASSERT_FALSE(record::save_recording(f.path(), test::small_meta(0), {}));
  auto back = record::load_recording(f.path());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->events.empty());
  ASSERT_EQ(back->meta.runs.size(), 1u);
}

RecordingMeta every_field_set() {
  RecordingMeta m;
  m.ioscope_version = "9.8.7";
  m.created_unix_ns = 1'700'000'000'123'456'789;
  m.machine = {"classroom-3", "6.1.0-18-amd64", "x86_64", "AMD Ryzen 7 5800X 8-Core", 16, "tsc"};
  record::RecordedRun a;
  RunSummary& s = a.summary;
  s.scenario.model = "epoll-et";
  s.scenario.clients = 7;
  s.scenario.messages = 321;
  s.scenario.size = 4096;
  s.scenario.interval_ns = 1'500'000;
  s.scenario.stall_ns = 20'000'000;
  s.scenario.stall_after_ns = 5'000'000;
  s.scenario.bugs.et_no_drain = true;
  s.scenario.bugs.tiny_rcvbuf = true;
  s.scenario.probe = ProbeMode::On;
  s.scenario.idle = IdleMode::Sleep;
  s.port = 41234;
  s.bytes_sent = 123456789012;
  s.bytes_verified = 123456789000;
  s.messages_verified = 2240;
  s.messages_missing = 7;
  s.counters.syscalls[static_cast<std::size_t>(Sys::epoll_wait)] = 99;
  s.counters.syscalls[static_cast<std::size_t>(Sys::recvmsg)] = 1000;
  s.counters.eagain = 5;
  s.counters.notifications = 98;
  s.counters.work_units = 77;
  s.counters.kernel_stamped = 11;
  s.counters.kernel_inferred = 3;
  s.counters.events = 12345;
  s.dropped = 2;
  s.latency = {1000, 99000, 123000, 2240};
  s.server_usage = {987654321, 4321, 12};
  s.probe.measured = true;
  s.probe.counts.data_queued = 1;
  s.probe.counts.wakeups = 2;
  s.probe.counts.copies = 3;
  s.probe.counts.copies_outside_a_receive = 4;
  s.probe.counts.copies_on_io_worker = 5;
  s.probe.counts.uring_armed = 6;
  s.probe.counts.uring_task_work = 7;
  s.probe.counts.uring_worker = 8;
  s.probe.counts.uring_completions = 9;
  s.probe.counts.records = 10;
  s.probe.counts.unmatched = 11;
  s.probe.counts.peers = 12;
  s.probe.syscalls = {{"recvfrom", 40}, {"epoll_wait", 41}};
  s.probe.dropped = 13;
  s.probe.syscalls_missed = 14;
  s.probe.attached = {"sock:sk_data_ready", "sched:sched_switch"};
  s.duration_ns = 765432100;
  s.cancelled = true;
  s.error = "the epoll-et server failed: \"quoted\", non-ASCII: 等待";
  a.first_event = 3;
  a.event_count = 5;
  record::RecordedRun b = a;
  b.summary.scenario.model = "select";
  b.summary.probe = ProbeReport{};
  b.summary.probe.why_not = "needs root";
  b.first_event = 8;
  b.event_count = 2;
  m.runs = {a, b};
  m.lesson_id = "05-epoll";
  m.prediction = 2;
  m.prediction_text = "only the ready ones";
  m.annotations = {{123, Lane::Shopkeeper, 0, "the knife arrives", 0},
                   {456, std::nullopt, 0, "here: 等待", 1},
                   {-5, Lane::Factory, 65535, "", 1}};
  m.extra = {{"view", {{"zoom", 2.5}, {"look", "syscalls"}}}, {"selected", {1, 2, 3}}};
  return m;
}

TEST(RecordingRoundTrip, EveryFieldOfTheMetadataComesBack) {
  const RecordingMeta m = every_field_set();
  test::TempFile f("meta");
  ASSERT_FALSE(record::save_recording(f.path(), m, test::many_events(10)));
  auto back = record::load_recording(f.path());
  ASSERT_TRUE(back.ok()) << back.error().message;
  const RecordingMeta& r = back->meta;
  EXPECT_EQ(r.ioscope_version, m.ioscope_version);
  EXPECT_EQ(r.created_unix_ns, m.created_unix_ns);
  EXPECT_EQ(r.machine, m.machine);
  ASSERT_EQ(r.runs.size(), 2u);
  const RunSummary& s = r.runs[0].summary;
  const RunSummary& w = m.runs[0].summary;
  EXPECT_EQ(s.scenario.model, "epoll-et");
  EXPECT_EQ(s.scenario.clients, 7);
  EXPECT_EQ(s.scenario.messages, 321);
  EXPECT_EQ(s.scenario.size, 4096u);
  EXPECT_EQ(s.scenario.interval_ns, 1'500'000);
  EXPECT_EQ(s.scenario.stall_ns, 20'000'000);
  EXPECT_EQ(s.scenario.stall_after_ns, 5'000'000);
  EXPECT_EQ(s.scenario.bugs, w.scenario.bugs);
  EXPECT_EQ(s.scenario.probe, ProbeMode::On);
  EXPECT_EQ(s.scenario.idle, IdleMode::Sleep);
  EXPECT_EQ(s.port, 41234);
  EXPECT_EQ(s.bytes_sent, w.bytes_sent);
  EXPECT_EQ(s.bytes_verified, w.bytes_verified);
  EXPECT_EQ(s.messages_verified, w.messages_verified);
  EXPECT_EQ(s.messages_missing, w.messages_missing);
  EXPECT_EQ(s.counters.syscalls, w.counters.syscalls);
  EXPECT_EQ(s.counters.eagain, 5u);
  EXPECT_EQ(s.counters.notifications, 98u);
  EXPECT_EQ(s.counters.work_units, 77u);
  EXPECT_EQ(s.counters.kernel_stamped, 11u);
  EXPECT_EQ(s.counters.kernel_inferred, 3u);
  EXPECT_EQ(s.counters.events, 12345u);
  EXPECT_EQ(s.dropped, 2u);
  EXPECT_EQ(s.latency.p50, 1000);
  EXPECT_EQ(s.latency.p99, 99000);
  EXPECT_EQ(s.latency.max, 123000);
  EXPECT_EQ(s.latency.count, 2240u);
  EXPECT_EQ(s.server_usage.cpu_ns, 987654321);
  EXPECT_EQ(s.server_usage.voluntary_switches, 4321);
  EXPECT_EQ(s.server_usage.involuntary_switches, 12);
  EXPECT_TRUE(s.probe.measured);
  EXPECT_EQ(s.probe.counts.data_queued, 1u);
  EXPECT_EQ(s.probe.counts.uring_completions, 9u);
  EXPECT_EQ(s.probe.counts.peers, 12u);
  EXPECT_EQ(s.probe.syscalls, w.probe.syscalls);
  EXPECT_EQ(s.probe.dropped, 13u);
  EXPECT_EQ(s.probe.syscalls_missed, 14u);
  EXPECT_EQ(s.probe.attached, w.probe.attached);
  EXPECT_EQ(s.duration_ns, 765432100);
  EXPECT_TRUE(s.cancelled);
  EXPECT_EQ(s.error, w.error);
  EXPECT_EQ(r.runs[0].first_event, 3u);
  EXPECT_EQ(r.runs[0].event_count, 5u);
  EXPECT_EQ(r.runs[1].summary.scenario.model, "select");
  EXPECT_FALSE(r.runs[1].summary.probe.measured);
  EXPECT_EQ(r.runs[1].summary.probe.why_not, "needs root");
  EXPECT_EQ(r.runs[1].first_event, 8u);
  EXPECT_EQ(r.models(), (std::vector<std::string>{"epoll-et", "select"}));
  EXPECT_EQ(r.lesson_id, "05-epoll");
  EXPECT_EQ(r.prediction, 2);
  EXPECT_EQ(r.prediction_text, "only the ready ones");
  EXPECT_EQ(r.annotations, m.annotations);
  EXPECT_EQ(r.extra, m.extra);
  // And nothing else was lost or changed on the way: the same text once more.
  EXPECT_EQ(record::meta_to_json(r), record::meta_to_json(m));
}

TEST(RecordingRoundTrip, MetadataFromANewerVersionKeepsWhatThisOneKnows) {
  // Keys this version does not know are skipped, bug names too; missing keys keep defaults.
  auto m = record::meta_from_json(
      R"({"future_key": [1, 2], "runs": [{"first_event": 0, "event_count": 1,
          "scenario": {"model": "poll", "bugs": "tiny-rcvbuf,some-future-bug"},
          "result": {"port": 5, "new_counter": 3}}], "extra": {"gui": true}})",
      1);
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->runs.size(), 1u);
  EXPECT_EQ(m->runs[0].summary.scenario.model, "poll");
  EXPECT_TRUE(m->runs[0].summary.scenario.bugs.tiny_rcvbuf);
  EXPECT_EQ(m->runs[0].summary.scenario.clients, Scenario{}.clients);
  EXPECT_EQ(m->runs[0].summary.port, 5);
  EXPECT_EQ(m->extra["gui"], true);
}

TEST(RecordingRoundTrip, MachineFieldsComeFromTheRunningMachine) {
  const record::MachineInfo here = record::this_machine();
  EXPECT_FALSE(here.kernel.empty());
  EXPECT_FALSE(here.arch.empty());
  EXPECT_GT(here.cpus, 0);
  std::ifstream cs("/sys/devices/system/clocksource/clocksource0/current_clocksource");
  std::string source;
  if (cs >> source) {
    EXPECT_EQ(here.clock_source, source);
  }
  const RecordingMeta fresh = record::new_recording_meta();
  EXPECT_FALSE(fresh.ioscope_version.empty());
  EXPECT_GT(fresh.created_unix_ns, 1'600'000'000'000'000'000);
}

TEST(RecordingRoundTrip, CpuModelIsFoundInTheCpuinfoOfX86AndArm) {
  EXPECT_EQ(record::cpu_model_in("processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
                                 "model name\t: AMD EPYC 7B13\nflags\t\t: fpu\n"),
            "AMD EPYC 7B13");
  EXPECT_EQ(record::cpu_model_in("processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd0c\n\n"
                                 "Hardware\t: BCM2835\n"),
            "BCM2835");
  EXPECT_EQ(record::cpu_model_in(""), "");
}

}  // namespace
}  // namespace ioscope
