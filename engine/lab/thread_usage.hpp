// What the server's threads cost: CPU time and context switches.
//
// How it covers every server thread, including the blocking model's per-connection threads
// that come and go during a run: getrusage(RUSAGE_SELF) sums every thread of the process, the
// finished ones included, and getrusage(RUSAGE_THREAD) gives the calling thread alone. A run's
// factory drives the load on the calling thread while only server threads run beside it, so
//   server = delta(process) - delta(factory thread).
// Anything else busy in the process during the run would be counted too; the compare driver
// and its tests keep the process otherwise quiet (no trace consumer thread).
#pragma once

#include <cstdint>

namespace ioscope {

struct ThreadUsage {
  std::int64_t cpu_ns = 0;                // user + system
  std::int64_t voluntary_switches = 0;    // gave up the CPU: blocked in a call
  std::int64_t involuntary_switches = 0;  // preempted
  std::int64_t ctx_switches() const { return voluntary_switches + involuntary_switches; }

  ThreadUsage operator-(const ThreadUsage& o) const {
    return {cpu_ns - o.cpu_ns, voluntary_switches - o.voluntary_switches,
            involuntary_switches - o.involuntary_switches};
  }
};

ThreadUsage usage_of_process();
ThreadUsage usage_of_this_thread();

// Samples at construction; others_since() is what every other thread of the process used since.
class OtherThreadsMeter {
 public:
  // The order of the reads matters: this thread may be preempted between two of them. Process
  // first at the start and last at the end, a switch of this thread between the reads is counted
  // in the process's total but not in this thread's: the others get one too many, never one too
  // few (never a negative count).
  OtherThreadsMeter() : process_(usage_of_process()), self_(usage_of_this_thread()) {}
  ThreadUsage others_since() const {
    const ThreadUsage mine = usage_of_this_thread() - self_;
    const ThreadUsage all = usage_of_process() - process_;
    return all - mine;
  }

 private:
  ThreadUsage process_, self_;
};

}  // namespace ioscope
