// A long run's bounded footprint: past the fold limit, calls that came back EAGAIN are counted
// instead of kept (the calls that moved data, their copies and everything else still are), past
// the keep limit nothing more is kept, and the document's memory stops growing however long the
// run goes on. Checked on a synthetic non-blocking loop with small limits, and on a real
// non-blocking run's events folded and unfolded side by side.
#include <gtest/gtest.h>

#include <cerrno>

#include "../test_run.hpp"
#include "../test_scenario.hpp"
#include "model/trace_document.hpp"

namespace ioscope::ui {
namespace {

TraceEvent call(std::int64_t t, EventKind kind, std::int64_t value = 0, std::uint16_t err = 0) {
  return {.t_ns = t, .value = value, .fd = 5, .err = err, .kind = kind, .sys = Sys::recvmsg};
}

// One turn of a non-blocking loop: a recvmsg that finds nothing, or (every tenth turn) one that
// copies 64 bytes; a factory send now and then.
void loop_turn(std::vector<TraceEvent>& out, std::int64_t& t, std::uint64_t turn) {
  if (turn % 10 == 9) {
    out.push_back(call(t++, EventKind::SyscallBegin));
    TraceEvent copy = call(t++, EventKind::CopyBegin);
    out.push_back(copy);
    copy.kind = EventKind::CopyEnd;
    copy.value = 64;
    copy.t_ns = t++;
    out.push_back(copy);
    out.push_back(call(t++, EventKind::SyscallEnd, 64));
    TraceEvent send{.t_ns = t++, .kind = EventKind::ClientSend, .lane = Lane::Factory};
    out.push_back(send);
    return;
  }
  out.push_back(call(t++, EventKind::SyscallBegin));
  out.push_back(call(t++, EventKind::SyscallEnd, -1, EAGAIN));
}

std::size_t data_calls(const TraceDocument& doc) {
  std::size_t n = 0;
  for (const Track& t : doc.tracks())
    for (const Span& s : t.spans)
      if (s.kind == SpanKind::Syscall && !s.open && s.end_event != s.event &&
          doc.event(s.end_event).value > 0)
        ++n;
  return n;
}

TEST(TraceFold, ALongLoopKeepsWhatMovedDataCountsTheRestAndStopsGrowing) {
  TraceDocument doc;
  doc.setFoldLimits({.fold_from = 1000, .keep_at_most = 5000});
  std::int64_t t = 1;
  std::uint64_t turns = 0, eagain = 0, data = 0;
  std::size_t bytes_at_cap = 0;
  std::size_t data_kept_at_cap = 0;
  for (int batch = 0; batch < 2000; ++batch) {
    std::vector<TraceEvent> events;
    for (int i = 0; i < 100; ++i, ++turns) {
      loop_turn(events, t, turns);
      (turns % 10 == 9 ? data : eagain) += 1;
    }
    doc.append(events);
    if (bytes_at_cap == 0 && doc.fold_report().not_kept > 0) {
      bytes_at_cap = doc.memory_bytes();
      data_kept_at_cap = data_calls(doc);
    }
  }
  const FoldReport& r = doc.fold_report();
  ASSERT_GT(bytes_at_cap, 0u) << "200,000 turns must reach the keep limit";
  EXPECT_LE(doc.size(), 5000u);
  EXPECT_EQ(doc.memory_bytes(), bytes_at_cap) << "the memory grew past the keep limit";
  // Every EAGAIN is still counted on its thread's row, kept or not.
  const Track* buyer = doc.find_track({Lane::Buyer, 0});
  ASSERT_NE(buyer, nullptr);
  EXPECT_EQ(buyer->eagain, eagain);
  EXPECT_GT(r.eagain_folded, 0u);
  EXPECT_GT(r.not_kept, 0u);
  EXPECT_GT(r.folding_since, 0);
  EXPECT_GT(r.kept_until, r.folding_since);
  // Between the limits only data calls were added: the kept EAGAIN calls all began before the
  // folding did, and the data calls kept are more than the fold limit alone would hold.
  for (const Span& s : buyer->spans) {
    if (s.end_event != s.event && doc.event(s.end_event).err == EAGAIN) {
      EXPECT_LT(s.t0, r.folding_since);
    }
  }
  EXPECT_GT(data_kept_at_cap, 1000u / 6 * 2) << "the data calls were not kept while folding";
  EXPECT_EQ(data_calls(doc), data_kept_at_cap);
  EXPECT_LT(data_kept_at_cap, data);
}

TEST(TraceFold, ACallStillOpenWhenTheRunEndsIsShownCutOff) {
  TraceDocument doc;
  doc.setFoldLimits({.fold_from = 0, .keep_at_most = 100});
  doc.append({call(10, EventKind::SyscallBegin), call(20, EventKind::SyscallEnd, -1, EAGAIN),
              call(30, EventKind::SyscallBegin)});
  EXPECT_EQ(doc.size(), 0u) << "the open call is held until its end says what it did";
  doc.close_open_spans(50);
  ASSERT_EQ(doc.size(), 1u);
  const Track* buyer = doc.find_track({Lane::Buyer, 0});
  ASSERT_NE(buyer, nullptr);
  ASSERT_EQ(buyer->spans.size(), 1u);
  EXPECT_EQ(buyer->spans[0].t0, 30);
  EXPECT_EQ(buyer->spans[0].t1, 50);
  EXPECT_TRUE(buyer->spans[0].flags & kSpanUnfinished);
  EXPECT_EQ(buyer->eagain, 1u);
}

TEST(TraceFold, BelowTheLimitNothingIsFolded) {
  TraceDocument doc;
  std::vector<TraceEvent> events;
  std::int64_t t = 1;
  for (std::uint64_t i = 0; i < 5000; ++i) loop_turn(events, t, i);
  doc.append(events);
  EXPECT_EQ(doc.size(), events.size());
  EXPECT_FALSE(doc.fold_report().any());
}

// A real non-blocking run (its EAGAIN loop spinning between messages), its events taken whole
// and folded from the first quarter on: the folded trace keeps every call that moved data and every
// copy, and counts the same EAGAIN calls per thread, in less memory.
TEST(TraceFold, ARealNonBlockingRunFoldedKeepsEveryCallThatMovedData) {
  const test::DrainedRun run =
      test::run_and_drain(test::scenario("nonblocking", 2, 20, 64, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  const std::vector<TraceEvent>& events = run.events;
  ASSERT_GT(events.size(), 400u);

  TraceDocument whole, folded;
  folded.setFoldLimits({.fold_from = events.size() / 4, .keep_at_most = 100'000'000});
  for (std::size_t i = 0; i < events.size(); i += 997) {  // batches as the window drains them
    const std::vector<TraceEvent> batch(
        events.begin() + static_cast<std::ptrdiff_t>(i),
        events.begin() + static_cast<std::ptrdiff_t>(std::min(events.size(), i + 997)));
    whole.append(batch);
    folded.append(batch);
  }
  whole.close_open_spans(whole.last_time());
  folded.close_open_spans(folded.last_time());
  EXPECT_GT(folded.fold_report().eagain_folded, 0u);
  EXPECT_LT(folded.size(), whole.size());
  EXPECT_LT(folded.memory_bytes(), whole.memory_bytes());
  EXPECT_EQ(data_calls(folded), data_calls(whole));
  EXPECT_GT(data_calls(whole), 0u);
  ASSERT_EQ(folded.tracks().size(), whole.tracks().size());
  for (std::size_t i = 0; i < whole.tracks().size(); ++i) {
    EXPECT_EQ(folded.tracks()[i].eagain, whole.tracks()[i].eagain);
    EXPECT_EQ(folded.tracks()[i].copies.size(), whole.tracks()[i].copies.size());
    EXPECT_EQ(folded.tracks()[i].marks.size(), whole.tracks()[i].marks.size());
  }
}

}  // namespace
}  // namespace ioscope::ui
