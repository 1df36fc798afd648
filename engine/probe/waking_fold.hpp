// Compact records' wake-ups come in two pieces: sched_waking's record from the waker's CPU (who
// woke the thread, and when) and a WAKEUP_SPAN with a = b = 0 from the CPU the thread is put
// back on (probe.bpf.c). Keeping the first in the woken thread's kernel state would cost a cache
// line moved between the CPUs twice per wake-up; here the two are joined in user space, and the
// records downstream see one span as before.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "probe/probe_record.h"

namespace ioscope {

class WakingFold {
 public:
  // In a batch in time order: removes every WAKING record and fills each WAKEUP_SPAN from the
  // thread's latest waking (kept across batches: a span may come a drain later). A span whose
  // waking never came (lost to a full ring) is removed too: half a wake-up is not drawn.
  void apply(std::vector<ioscope_probe_record>& batch);
  void clear() { latest_.clear(); }

 private:
  std::unordered_map<std::uint32_t, ioscope_probe_record> latest_;  // by woken tid
};

}  // namespace ioscope
