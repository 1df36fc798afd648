#include "models/uring_buffers.hpp"

#include <sys/mman.h>

#include <cerrno>

#include "net/result.hpp"

namespace ioscope {

ProvidedBuffers::~ProvidedBuffers() {
  if (abandoned_) return;
  if (ring_ != nullptr) ::munmap(ring_, ring_bytes_);
  if (data_ != nullptr) ::munmap(data_, data_bytes_);
}

std::optional<Error> ProvidedBuffers::register_with(io_uring& ring, unsigned count,
                                                    std::size_t size) {
  // The ring of buffer descriptors is shared with the kernel and must be page-aligned: mmap
  // gives both that and memory that costs nothing until it is touched.
  ring_bytes_ = sizeof(io_uring_buf) * count;
  void* r =
      ::mmap(nullptr, ring_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (r == MAP_FAILED) return Error{"cannot map io_uring's buffer ring: " + errno_text(errno)};
  ring_ = static_cast<io_uring_buf_ring*>(r);
  data_bytes_ = static_cast<std::size_t>(count) * size;
  void* d =
      ::mmap(nullptr, data_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (d == MAP_FAILED) return Error{"cannot map io_uring's receive buffers: " + errno_text(errno)};
  data_ = static_cast<unsigned char*>(d);
  size_ = size;
  count_ = count;

  io_uring_buf_reg reg{};
  reg.ring_addr = reinterpret_cast<std::uint64_t>(ring_);
  reg.ring_entries = count;
  reg.bgid = kGroup;
  if (const int rc = io_uring_register_buf_ring(&ring, &reg, 0); rc < 0)
    return Error{
        "the kernel refused io_uring's provided buffer ring (IORING_REGISTER_PBUF_RING, "
        "Linux 5.19 or later): " +
        errno_text(-rc)};
  io_uring_buf_ring_init(ring_);
  const int mask = io_uring_buf_ring_mask(count);
  for (unsigned id = 0; id < count; ++id)
    io_uring_buf_ring_add(ring_, buffer(id), static_cast<unsigned>(size_),
                          static_cast<unsigned short>(id), mask, static_cast<int>(id));
  io_uring_buf_ring_advance(ring_, static_cast<int>(count));
  return std::nullopt;
}

void ProvidedBuffers::give_back(unsigned id) {
  io_uring_buf_ring_add(ring_, buffer(id), static_cast<unsigned>(size_),
                        static_cast<unsigned short>(id), io_uring_buf_ring_mask(count_), 0);
  io_uring_buf_ring_advance(ring_, 1);
}

}  // namespace ioscope
