#include "model/trace_document.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace ioscope::ui {
namespace {

TraceEvent ev(std::int64_t t, EventKind kind, Sys sys = Sys::none, std::int64_t value = 0,
              std::uint16_t err = 0) {
  TraceEvent e;
  e.t_ns = t;
  e.kind = kind;
  e.sys = sys;
  e.value = value;
  e.err = err;
  e.fd = 5;
  return e;
}

TEST(TraceDocument, PairsCallsIntoSpansAndCountsEagain) {
  TraceDocument doc;
  doc.append({ev(10, EventKind::SyscallBegin, Sys::recvmsg), ev(20, EventKind::SyscallEnd, Sys::recvmsg, -1, EAGAIN),
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
