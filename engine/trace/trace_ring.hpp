// A bounded single-producer/single-consumer ring of TraceEvents. The producer never blocks and
// never allocates: when the ring is full the event is counted as dropped and forgotten.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "trace/trace_event.hpp"

namespace ioscope {

class TraceRing {
 public:
  // capacity is rounded up to a power of two.
  explicit TraceRing(std::size_t capacity);
  TraceRing(const TraceRing&) = delete;
  TraceRing& operator=(const TraceRing&) = delete;

  // Producer thread only.
  bool push(const TraceEvent& event) {
    const std::uint64_t head = head_.load(std::memory_order_relaxed);
    if (head - cached_tail_ >= capacity_) {
      cached_tail_ = tail_.load(std::memory_order_acquire);
      if (head - cached_tail_ >= capacity_) {
        dropped_.store(dropped_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        return false;
      }
    }
    slots_[head & mask_] = event;
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  // Consumer thread only: appends everything available to out, returns how many.
  std::size_t drain(std::vector<TraceEvent>& out, std::size_t max = SIZE_MAX);

  std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }
  std::size_t capacity() const { return capacity_; }

  // The producer is done for good (its thread's writer was destroyed): once drained, the ring
  // can go. Producer: after its last push. Consumer: before the drain that empties it.
  void retire() { retired_.store(true, std::memory_order_release); }
  bool retired() const { return retired_.load(std::memory_order_acquire); }

 private:
  // Raw storage: slots are written before they are read, and a page the producer never reaches
  // is never touched. A thread that records a few events (a blocking model's connection) then
  // costs a page or two of memory, not the whole ring's 2.5 MiB.
  struct FreeSlots {
    void operator()(TraceEvent* p) const { std::free(p); }
  };
  std::size_t capacity_;
  std::size_t mask_;
  std::unique_ptr<TraceEvent[], FreeSlots> slots_;
  std::atomic<bool> retired_{false};
  alignas(64) std::atomic<std::uint64_t> head_{0};  // written by the producer
  std::uint64_t cached_tail_ = 0;                   // producer's last view of tail_
  std::atomic<std::uint64_t> dropped_{0};
  alignas(64) std::atomic<std::uint64_t> tail_{0};  // written by the consumer
};

}  // namespace ioscope
