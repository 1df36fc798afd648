#include "trace/trace_ring.hpp"

#include "../test_process.hpp"
#include "trace/trace_hub.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <memory>
#include <thread>
#include <vector>

namespace ioscope {
namespace {

TEST(TraceRing, KeepsOrderAndCountsWhatItDropsWhenFull) {
  TraceRing ring(4);
  for (int i = 0; i < 6; ++i) {
    TraceEvent e;
    e.t_ns = i;
    ring.push(e);
  }
  EXPECT_EQ(ring.dropped(), 2u);
  std::vector<TraceEvent> out;
  EXPECT_EQ(ring.drain(out), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out[static_cast<std::size_t>(i)].t_ns, i);
}

TEST(TraceRing, ConsumerOnAnotherThreadSeesEveryEventInOrder) {
  TraceRing ring(1024);
  constexpr int kCount = 200'000;
  std::thread producer([&] {
    for (int i = 0; i < kCount; ++i) {
      TraceEvent e;
      e.t_ns = i;
      while (!ring.push(e)) std::this_thread::yield();
    }
  });
  std::vector<TraceEvent> out;
  while (out.size() < static_cast<std::size_t>(kCount)) ring.drain(out);
  producer.join();
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(out[static_cast<std::size_t>(i)].t_ns, i);
}

// A thread per connection makes a writer per thread: the hub holds a ring only while its
// thread lives (and until what it recorded is drained), every event still arrives, and the
// drops of a freed ring are still counted.
TEST(TraceHub, AFinishedThreadsRingIsFreedOnceDrainedAndNothingIsLost) {
  TraceHub hub(4);
  std::vector<TraceEvent> out;
  constexpr int kThreads = 300;
  for (int i = 0; i < kThreads; ++i) {
    std::thread([&hub, i] {
      auto w = hub.make_writer(Lane::Buyer, static_cast<std::uint16_t>(i % 100));
      for (int k = 0; k < 6; ++k) w->syscall_begin(Sys::recvmsg, 5, i * 10 + k);  // 2 dropped
    }).join();
    if (i % 50 == 10) hub.drain(out);  // the last 39 threads are not drained yet
  }
  auto live = hub.make_writer(Lane::Buyer, 0);
  live->syscall_begin(Sys::recvmsg, 5, 1);
  EXPECT_GT(hub.ring_count(), 1u) << "rings of threads that ended since the last drain";
  hub.drain(out);
  EXPECT_EQ(hub.ring_count(), 1u) << "only the live writer's ring is left";
  EXPECT_EQ(out.size(), static_cast<std::size_t>(kThreads) * 4 + 1);
  EXPECT_EQ(hub.dropped(), static_cast<std::uint64_t>(kThreads) * 2);
  live->syscall_begin(Sys::recvmsg, 5, 2);
  hub.drain(out);
  EXPECT_EQ(hub.ring_count(), 1u) << "a live writer's ring stays";
}

// A hub drains ring after ring into one vector (TraceHub::drain). The vector grows by doubling:
// an exact reserve per ring reallocated, and copied, the whole vector once per ring; with the
// blocking model's 10,000 threads one drain took seconds and held the lock every ending thread
// waits for.
TEST(TraceRing, DrainingRingAfterRingIntoOneVectorGrowsItByDoubling) {
  constexpr int kRings = 2000;
  std::vector<std::unique_ptr<TraceRing>> rings;
  for (int i = 0; i < kRings; ++i) {
    rings.push_back(std::make_unique<TraceRing>(4));
    TraceEvent e;
    e.t_ns = i;
    rings.back()->push(e);
  }
  std::vector<TraceEvent> out;
  int reallocations = 0;
  for (auto& ring : rings) {
    const std::size_t capacity = out.capacity();
    ASSERT_EQ(ring->drain(out), 1u);
    if (out.capacity() != capacity) ++reallocations;
  }
  ASSERT_EQ(out.size(), static_cast<std::size_t>(kRings));
  for (int i = 0; i < kRings; ++i) EXPECT_EQ(out[static_cast<std::size_t>(i)].t_ns, i);
  EXPECT_LE(reallocations, 16) << "the vector was copied once per ring, not grown by doubling";
}

// A ring costs the memory its producer touches, not its capacity: a million-slot ring that
// holds a handful of events adds far less than its 40 MB to the process's RSS.
// A call's time defaults to "now", read when the event is recorded: a writer whose tracing is
// off records nothing (and so reads no clock) but still counts what the summary reports.
TEST(TraceHub, TheDefaultTimeIsReadWhenRecordedAndUntracedWritersStillCount) {
  for (const bool on : {true, false}) {
    TraceHub hub;
    hub.set_enabled(on);
    auto w = hub.make_writer(Lane::Buyer, 0);
    const std::int64_t before = now_ns();
    w->syscall_begin(Sys::recvmsg, 5);
    w->syscall_end(Sys::recvmsg, 5, -1, EAGAIN);
    w->notify(Sys::epoll_wait, 1);
    w->scan(Sys::epoll_wait, 1, 1);
    w->error(5, ECONNRESET, 0);
    w->syscall_begin(Sys::sendto, 5, 42);  // an explicit time is kept as given
    const std::int64_t after = now_ns();
    EXPECT_EQ(w->counters().syscalls[static_cast<std::size_t>(Sys::recvmsg)], 1u) << on;
    EXPECT_EQ(w->counters().syscalls[static_cast<std::size_t>(Sys::sendto)], 1u) << on;
    EXPECT_EQ(w->counters().eagain, 1u) << on;
    EXPECT_EQ(w->counters().notifications, 1u) << on;
    std::vector<TraceEvent> out;
    hub.drain(out);
    if (!on) {
      EXPECT_TRUE(out.empty());
      continue;
    }
    ASSERT_EQ(out.size(), 6u);
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
      EXPECT_GE(out[i].t_ns, before) << i;
      EXPECT_LE(out[i].t_ns, after) << i;
    }
    EXPECT_EQ(out.back().t_ns, 42);
  }
}

TEST(TraceRing, AnUnusedRingCostsNoMemory) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer's allocator writes shadow memory for every allocation";
#endif
  const long before = test::rss_kib();
  std::vector<std::unique_ptr<TraceRing>> rings;
  for (int i = 0; i < 8; ++i) {
    rings.push_back(std::make_unique<TraceRing>(1 << 20));
    rings.back()->push(TraceEvent{});
  }
  const long grown = test::rss_kib() - before;
  EXPECT_LT(grown, 8 * 1024) << "8 rings of 40 MB each grew RSS by " << grown << " KiB";
}

}  // namespace
}  // namespace ioscope
