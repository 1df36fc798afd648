#include "trace/trace_ring.hpp"

#include <gtest/gtest.h>

#include <thread>

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

}  // namespace
}  // namespace ioscope
