#include "model/trace_document.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <numeric>
#include <random>

#include "timeline/synthetic_trace.hpp"

namespace ioscope::ui {
namespace {

TraceEvent ev(std::int64_t t, EventKind kind, Sys sys = Sys::none, std::int64_t value = 0,
              std::uint16_t err = 0) {
  return {.t_ns = t, .value = value, .fd = 5, .err = err, .kind = kind, .sys = sys};
}

TEST(TraceDocument, PairsCallsIntoSpansAndCountsEagain) {
  TraceDocument doc;
  doc.append({ev(10, EventKind::SyscallBegin, Sys::recvmsg),
              ev(20, EventKind::SyscallEnd, Sys::recvmsg, -1, EAGAIN),
              ev(30, EventKind::SyscallBegin, Sys::recvmsg)});
  const Track* buyer = doc.find_track({Lane::Buyer, 0});
  ASSERT_NE(buyer, nullptr);
  ASSERT_EQ(buyer->spans.size(), 2u);
  EXPECT_FALSE(buyer->spans[0].open);
  EXPECT_EQ(buyer->spans[0].t1, 20);
  EXPECT_TRUE(buyer->spans[1].open);
  EXPECT_EQ(buyer->eagain, 1u);
  doc.append({ev(90, EventKind::SyscallEnd, Sys::recvmsg, 64)});
  EXPECT_FALSE(buyer->spans[1].open);
  EXPECT_EQ(buyer->spans[1].t1, 90);
}

TEST(TraceDocument, LateEventsAreMergedIntoTimeOrderAndReportWhereRowsChanged) {
  TraceDocument doc;
  EXPECT_EQ(doc.append({ev(10, EventKind::Notify), ev(30, EventKind::Notify)}), 0u);
  TraceEvent ready = ev(20, EventKind::KernelReady);
  ready.lane = Lane::Shopkeeper;
  EXPECT_EQ(doc.append({ev(40, EventKind::Notify), ready}), 1u);
  ASSERT_EQ(doc.size(), 4u);
  std::int64_t last = 0;
  for (std::size_t r = 0; r < doc.size(); ++r) {
    EXPECT_GE(doc.event(doc.by_time(r)).t_ns, last);
    last = doc.event(doc.by_time(r)).t_ns;
  }
  EXPECT_EQ(doc.row_of(3), 1);  // the kernel-ready event (arrival index 3) shows at row 1
  EXPECT_NE(doc.find_track({Lane::Shopkeeper, 0}), nullptr);
}

TEST(TraceDocument, BinarySearchFindsTheFirstVisibleSpan) {
  std::vector<Span> spans;
  for (int i = 0; i < 100; ++i) {
    Span s;
    s.t0 = i * 10;
    s.t1 = i * 10 + 5;
    spans.push_back(s);
  }
  EXPECT_EQ(first_span_at_or_after(spans, 0), 0u);
  EXPECT_EQ(first_span_at_or_after(spans, 504), 50u);  // [500,505] still visible at 504
  EXPECT_EQ(first_span_at_or_after(spans, 506), 51u);
  EXPECT_EQ(first_span_at_or_after(spans, 5000), 100u);
}

TEST(TraceDocument, CloseOpenSpansMarksThemUnfinished) {
  TraceDocument doc;
  doc.append({ev(10, EventKind::SyscallBegin, Sys::recvmsg)});
  doc.close_open_spans(50);
  const Span& s = doc.find_track({Lane::Buyer, 0})->spans[0];
  EXPECT_FALSE(s.open);
  EXPECT_EQ(s.t1, 50);
  EXPECT_TRUE(s.flags & kSpanUnfinished);
}

}  // namespace
}  // namespace ioscope::ui

namespace ioscope::ui {
namespace {

// The document before compact storage, kept as the reference: whole spans in vectors, paired
// the same way (the last open call with this syscall, the last open copy with this fd).
struct ReferenceTrack {
  TrackId id;
  std::vector<Span> spans, copies;
  std::vector<Mark> marks;
  std::uint64_t eagain = 0;
};

struct Reference {
  std::vector<TraceEvent> events;
  std::vector<ReferenceTrack> tracks;

  ReferenceTrack& track(TrackId id) {
    for (auto& t : tracks)
      if (t.id == id) return t;
    tracks.push_back({id, {}, {}, {}, 0});
    return tracks.back();
  }
  template <typename T, typename Key>
  static void insertSorted(std::vector<T>& v, T item, Key key) {
    auto it = v.end();
    while (it != v.begin() && key(*(it - 1)) > key(item)) --it;
    v.insert(it, item);
  }
  void add(const TraceEvent& e) {
    const auto index = static_cast<std::uint32_t>(events.size());
    events.push_back(e);
    ReferenceTrack& t = track({e.lane, e.track});
    auto t0 = [](const Span& s) { return s.t0; };
    switch (e.kind) {
      case EventKind::SyscallBegin:
      case EventKind::CopyBegin: {
        Span s;
        s.t0 = s.t1 = e.t_ns;
        s.event = s.end_event = index;
        const bool call = e.kind == EventKind::SyscallBegin;
        s.kind = call ? SpanKind::Syscall : SpanKind::Copy;
        if (call)
          s.sys = e.sys;
        else
          s.flags = e.flags;
        s.open = true;
        insertSorted(call ? t.spans : t.copies, s, t0);
        break;
      }
      case EventKind::SyscallEnd:
      case EventKind::CopyEnd: {
        const bool call = e.kind == EventKind::SyscallEnd;
        auto& v = call ? t.spans : t.copies;
        for (auto it = v.rbegin(); it != v.rend(); ++it) {
          const bool match = call ? (it->kind == SpanKind::Syscall && it->sys == e.sys)
                                  : events[it->event].fd == e.fd;
          if (it->open && match) {
            it->open = false;
            it->t1 = std::max(e.t_ns, it->t0);
            it->end_event = index;
            if (call && e.value < 0 && e.err == EAGAIN) ++t.eagain;
            break;
          }
        }
        break;
      }
      case EventKind::Work: {
        Span s;
        s.t0 = e.t_ns;
        s.t1 = e.t_ns + std::max<std::int64_t>(e.aux, 0);
        s.event = s.end_event = index;
        s.kind = SpanKind::Work;
        insertSorted(t.spans, s, t0);
        break;
      }
      default:
        insertSorted(t.marks, Mark{e.t_ns, index, e.kind}, [](const Mark& m) { return m.t; });
        break;
    }
  }
};

void expectSameSpans(const SpanList& got, const std::vector<Span>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Span g = got[i];
    const Span& w = want[i];
    EXPECT_EQ(g.t0, w.t0) << i;
    EXPECT_EQ(g.t1, w.t1) << i;
    EXPECT_EQ(g.event, w.event) << i;
    EXPECT_EQ(g.end_event, w.end_event) << i;
    EXPECT_EQ(g.kind, w.kind) << i;
    EXPECT_EQ(g.sys, w.sys) << i;
    EXPECT_EQ(g.flags, w.flags) << i;
    EXPECT_EQ(g.open, w.open) << i;
  }
}

// Calls, copies, work and marks on three tracks, shuffled within and across batches the way
// rings drained one after another deliver them (each track in order, tracks interleaved late).
TEST(TraceDocument, OutOfOrderBatchesGiveTimeOrderedRowsAndPairedSpans) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    // Per track, a time-ordered stream; then batches take a random prefix of each stream.
    std::vector<std::vector<TraceEvent>> streams(3);
    for (int k = 0; k < 3; ++k) {
      std::int64_t t = 1000 + static_cast<std::int64_t>(rng() % 50);
      const auto lane = k == 2 ? Lane::Shopkeeper : Lane::Buyer;
      for (int n = 0; n < 150; ++n) {
        t += static_cast<std::int64_t>(rng() % 20);  // equal times happen
        TraceEvent e = ev(t, EventKind::Notify);
        e.lane = lane;
        e.track = static_cast<std::uint16_t>(k);
        e.fd = 3 + static_cast<int>(rng() % 2);
        const unsigned pick = rng() % 6;
        if (lane == Lane::Shopkeeper || pick == 0) {
          e.kind = lane == Lane::Shopkeeper ? EventKind::KernelReady : EventKind::Notify;
        } else if (pick == 1) {
          e.kind = EventKind::Work;
          e.aux = static_cast<std::int64_t>(rng() % 5);
        } else if (pick == 2 || pick == 3) {
          e.kind = (n % 2) ? EventKind::SyscallEnd : EventKind::SyscallBegin;
          e.sys = (rng() % 3) ? Sys::recvmsg : Sys::epoll_wait;
          e.value = (rng() % 2) ? -1 : 64;
          e.err = e.value < 0 ? EAGAIN : 0;
        } else {
          e.kind = (n % 2) ? EventKind::CopyEnd : EventKind::CopyBegin;
          e.flags = (rng() % 2) ? flag::kWaited : 0;
        }
        streams[static_cast<std::size_t>(k)].push_back(e);
      }
    }
    TraceDocument doc;
    Reference ref;
    std::vector<std::size_t> next(3, 0);
    bool left = true;
    while (left) {
      std::vector<TraceEvent> batch;
      left = false;
      for (std::size_t k = 0; k < 3; ++k) {
        const std::size_t take = std::min<std::size_t>(rng() % 40, streams[k].size() - next[k]);
        batch.insert(batch.end(), streams[k].begin() + static_cast<long>(next[k]),
                     streams[k].begin() + static_cast<long>(next[k] + take));
        next[k] += take;
        left = left || next[k] < streams[k].size();
      }
      // Time order by (time, arrival) before and after: the first row that changed.
      std::vector<std::uint32_t> before(ref.events.size());
      std::iota(before.begin(), before.end(), 0u);
      auto by_key = [&](std::uint32_t a, std::uint32_t b) {
        return ref.events[a].t_ns < ref.events[b].t_ns ||
               (ref.events[a].t_ns == ref.events[b].t_ns && a < b);
      };
      std::sort(before.begin(), before.end(), by_key);
      for (const auto& e : batch) ref.add(e);
      std::vector<std::uint32_t> rows(ref.events.size());
      std::iota(rows.begin(), rows.end(), 0u);
      std::sort(rows.begin(), rows.end(), by_key);
      std::size_t changed = 0;
      while (changed < before.size() && before[changed] == rows[changed]) ++changed;
      ASSERT_EQ(doc.append(batch), changed) << "round " << round;
      ASSERT_EQ(doc.size(), rows.size());
      for (std::size_t r = 0; r < rows.size(); ++r) {
        ASSERT_EQ(doc.by_time(r), rows[r]) << "round " << round << " row " << r;
        ASSERT_EQ(doc.row_of(rows[r]), static_cast<long>(r));
      }
    }
    EXPECT_GT(doc.late_count(), 0u);
    ASSERT_EQ(doc.tracks().size(), ref.tracks.size());
    for (const auto& want : ref.tracks) {
      const Track* got = doc.find_track(want.id);
      ASSERT_NE(got, nullptr);
      expectSameSpans(got->spans, want.spans);
      expectSameSpans(got->copies, want.copies);
      ASSERT_EQ(got->marks.size(), want.marks.size());
      for (std::size_t i = 0; i < want.marks.size(); ++i) {
        EXPECT_EQ(got->marks[i].event, want.marks[i].event);
        EXPECT_EQ(got->marks[i].t, want.marks[i].t);
        EXPECT_EQ(got->marks[i].kind, want.marks[i].kind);
      }
      EXPECT_EQ(got->eagain, want.eagain);
    }
  }
}

TEST(TraceDocument, InOrderEventsStoreNoTimeIndex) {
  TraceDocument doc;
  std::vector<TraceEvent> v;
  for (int i = 0; i < 1000; ++i) v.push_back(ev(10 * (i / 2), EventKind::Notify));
  doc.append(v);
  doc.append({ev(5000, EventKind::Notify)});
  EXPECT_EQ(doc.late_count(), 0u);
  for (std::size_t r = 0; r < doc.size(); ++r) ASSERT_EQ(doc.by_time(r), r);
  EXPECT_EQ(doc.row_of(77), 77);
  // One late event: it alone is stored, and rows around it shift.
  EXPECT_EQ(doc.append({ev(15, EventKind::Notify)}), 4u);
  EXPECT_EQ(doc.late_count(), 1u);
  EXPECT_EQ(doc.by_time(4), 1001u);
  EXPECT_EQ(doc.row_of(1001), 4);
  EXPECT_EQ(doc.by_time(5), 4u);
  EXPECT_EQ(doc.by_time(doc.size() - 1), 1000u);
}

TEST(TraceDocument, OpenSpansGrowAcrossBatchesAndCutOnesKeepTheirTime) {
  TraceDocument doc;
  doc.append({ev(10, EventKind::SyscallBegin, Sys::epoll_wait)});
  const Track* buyer = doc.find_track({Lane::Buyer, 0});
  ASSERT_NE(buyer, nullptr);
  EXPECT_TRUE(buyer->spans[0].open);
  EXPECT_EQ(first_span_at_or_after(buyer->spans, 1'000'000), 0u) << "open spans reach to now";
  // A nested recvmsg that begins and ends while epoll_wait is still open.
  doc.append({ev(20, EventKind::SyscallBegin, Sys::recvmsg),
              ev(30, EventKind::SyscallEnd, Sys::recvmsg, 8)});
  EXPECT_TRUE(buyer->spans[0].open);
  EXPECT_FALSE(buyer->spans[1].open);
  EXPECT_EQ(buyer->spans[1].t1, 30);
  doc.close_open_spans(100);
  EXPECT_EQ(buyer->spans[0].t1, 100);
  EXPECT_TRUE(buyer->spans[0].flags & kSpanUnfinished);
  EXPECT_EQ(buyer->spans[0].end_event, buyer->spans[0].event);
  // An end after the cut does not reopen or move it; a later call is cut at the later time.
  doc.append({ev(110, EventKind::SyscallEnd, Sys::epoll_wait, 1),
              ev(120, EventKind::SyscallBegin, Sys::epoll_wait)});
  doc.close_open_spans(200);
  EXPECT_EQ(buyer->spans[0].t1, 100);
  EXPECT_EQ(buyer->spans[2].t1, 200);
  EXPECT_TRUE(buyer->spans[2].flags & kSpanUnfinished);
  EXPECT_FALSE(buyer->spans[1].flags & kSpanUnfinished);
  // The document may move: its spans still read their events.
  TraceDocument moved = std::move(doc);
  EXPECT_EQ(moved.find_track({Lane::Buyer, 0})->spans[1].t1, 30);
}

TEST(TraceDocument, KeepsAtMost48BytesPerEvent) {
  TraceDocument doc;
  const auto all = syntheticTrace({120'000, 1'000'000'000, 4, 1'000'000'000});
  for (std::size_t i = 0; i < all.size(); i += 5000)
    doc.append(
        std::vector<TraceEvent>(all.begin() + static_cast<long>(i),
                                all.begin() + static_cast<long>(std::min(all.size(), i + 5000))));
  const double per_event =
      static_cast<double>(doc.memory_bytes()) / static_cast<double>(doc.size());
  EXPECT_LE(per_event, 48.0);
  EXPECT_GE(per_event, static_cast<double>(sizeof(TraceEvent)))
      << "memory_bytes must count the events";
}

}  // namespace
}  // namespace ioscope::ui
