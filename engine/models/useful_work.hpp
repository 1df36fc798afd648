// The "other work" a process can do while it is not stuck in a call: a fixed unit of
// computation, counted, so runs can compare what each model got done while it waited.
#pragma once

#include <cstdint>

#include "trace/trace_hub.hpp"

namespace ioscope {

class UsefulWork {
 public:
  explicit UsefulWork(TraceWriter& w) : w_(w) {}
  ~UsefulWork() { flush(); }

  // Does one unit (a few microseconds of arithmetic) and counts it.
  void one_unit();
  // Records the units done since the last flush as one Work span. Call before a traced syscall
  // so the timeline shows work and calls in order.
  void flush();

 private:
  TraceWriter& w_;
  std::int64_t batch_begin_ = 0;
  std::int64_t units_ = 0;
  std::uint64_t sink_ = 0x9e3779b97f4a7c15ull;
};

}  // namespace ioscope
