#include "probe/waking_fold.hpp"

namespace ioscope {

void WakingFold::apply(std::vector<ioscope_probe_record>& batch) {
  auto kept = batch.begin();
  for (auto& r : batch) {
    if (r.kind == IOSCOPE_PK_WAKING) {
      latest_[r.tid] = r;
      continue;
    }
    if (r.kind == IOSCOPE_PK_WAKEUP_SPAN) {
      const auto waking = latest_.find(r.tid);
      if (waking == latest_.end() || waking->second.t_ns > r.t_ns) continue;
      r.a = static_cast<__s64>(waking->second.t_ns);
      r.b = waking->second.a;  // the waker's tid
      latest_.erase(waking);   // one waking per sleep
    }
    *kept++ = r;
  }
  batch.erase(kept, batch.end());
}

}  // namespace ioscope
