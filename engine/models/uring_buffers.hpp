// io_uring's provided buffers: a ring of equal buffers handed to the kernel once. A multishot
// receive takes the next free one when data arrives, and its completion says which (the buffer
// id); the buffer is the server's until it gives it back, after the echo is out. Idle
// connections therefore hold no buffer at all: memory follows the data in flight, not the
// number of connections.
#pragma once

#include <liburing.h>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "net/result.hpp"

namespace ioscope {

class ProvidedBuffers {
 public:
  static constexpr std::uint16_t kGroup = 0;  // the buffer group a receive names

  ProvidedBuffers() = default;
  ProvidedBuffers(const ProvidedBuffers&) = delete;
  ProvidedBuffers& operator=(const ProvidedBuffers&) = delete;
  // Frees the memory: only once the ring is torn down (or never started), as the kernel may
  // write into any buffer it still holds.
  ~ProvidedBuffers();

  // Registers `count` (a power of two) buffers of `size` bytes with the ring.
  std::optional<Error> register_with(io_uring& ring, unsigned count, std::size_t size);
  // The kernel may still write into the buffers (its operations were not all drained): they
  // are left allocated for good rather than freed under it.
  void abandon() { abandoned_ = true; }

  unsigned char* buffer(unsigned id) const { return data_ + static_cast<std::size_t>(id) * size_; }
  std::size_t size() const { return size_; }
  // Hands buffer id back to the kernel for the next arrival.
  void give_back(unsigned id);

 private:
  io_uring_buf_ring* ring_ = nullptr;
  std::size_t ring_bytes_ = 0;
  unsigned char* data_ = nullptr;
  std::size_t data_bytes_ = 0;
  std::size_t size_ = 0;
  unsigned count_ = 0;
  bool abandoned_ = false;
};

}  // namespace ioscope
