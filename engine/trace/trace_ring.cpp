#include "trace/trace_ring.hpp"

#include <algorithm>
#include <bit>
#include <new>

namespace ioscope {

TraceRing::TraceRing(std::size_t capacity)
    : capacity_(std::bit_ceil(std::max<std::size_t>(capacity, 2))),
      mask_(capacity_ - 1),
      // TraceEvent is an aggregate of scalars (an implicit-lifetime type): a slot comes to life
      // when the producer assigns it.
      slots_(static_cast<TraceEvent*>(std::malloc(capacity_ * sizeof(TraceEvent)))) {
  if (!slots_) throw std::bad_alloc();
}

std::size_t TraceRing::drain(std::vector<TraceEvent>& out, std::size_t max) {
  const std::uint64_t tail = tail_.load(std::memory_order_relaxed);
  const std::uint64_t head = head_.load(std::memory_order_acquire);
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(head - tail, max));
  // Grown by doubling, never to the exact size: a hub drains one ring after another into the
  // same vector, and an exact reserve per ring copied the whole vector once per ring (10,000
  // threads of the blocking model, each with a ring, made one drain take seconds).
  if (out.capacity() < out.size() + n) out.reserve(std::max(out.size() + n, 2 * out.capacity()));
  for (std::size_t i = 0; i < n; ++i) out.push_back(slots_[(tail + i) & mask_]);
  tail_.store(tail + n, std::memory_order_release);
  return n;
}

}  // namespace ioscope
