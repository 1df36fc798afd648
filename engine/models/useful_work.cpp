#include "models/useful_work.hpp"

namespace ioscope {

void UsefulWork::one_unit() {
  if (units_ == 0) batch_begin_ = now_ns();
  std::uint64_t x = sink_;
  for (int i = 0; i < 4096; ++i) {  // xorshift: cheap, not optimised away, a few microseconds
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  sink_ = x;
  ++units_;
  // Long batches are cut so a live view sees work as it happens.
  if (now_ns() - batch_begin_ > 2'000'000) flush();
}

void UsefulWork::flush() {
  if (units_ == 0) return;
  w_.work(units_, batch_begin_, now_ns());
  units_ = 0;
}

}  // namespace ioscope
