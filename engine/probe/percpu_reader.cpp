#include "probe/percpu_reader.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>

namespace ioscope {

PerCpuReader::PerCpuReader(std::span<ioscope_probe_slot> slots,
                           std::span<ioscope_probe_cursor> cursors, std::size_t slots_per_cpu)
    : slots_(slots), cursors_(cursors), slots_per_cpu_(slots_per_cpu) {
  assert(slots_per_cpu != 0 && (slots_per_cpu & (slots_per_cpu - 1)) == 0);
  assert(slots.size() >= cursors.size() * slots_per_cpu);
}

std::size_t PerCpuReader::drain(std::vector<ioscope_probe_record>& out) {
  const std::size_t first = out.size();
  const std::size_t mask = slots_per_cpu_ - 1;
  for (std::size_t cpu = 0; cpu < cursors_.size(); ++cpu) {
    std::atomic_ref<__u64> consumed(cursors_[cpu].consumed);
    __u64 position = consumed.load(std::memory_order_relaxed);  // only this side writes it
    const __u64 start = position;
    ioscope_probe_slot* ring = slots_.data() + cpu * slots_per_cpu_;
    // At most a ring's worth: the kernel side cannot get further ahead than that.
    for (std::size_t n = 0; n < slots_per_cpu_; ++n) {
      ioscope_probe_slot& slot = ring[position & mask];
      if (std::atomic_ref<__u64>(slot.seq).load(std::memory_order_acquire) != position + 1) break;
      out.push_back(slot.record);
      ++position;
    }
    // After the copies: the kernel side may write these slots again once it sees this.
    if (position != start) consumed.store(position, std::memory_order_release);
  }
  // Each CPU's run is in order already; merging them is a stable sort of the new tail.
  std::stable_sort(
      out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
      [](const ioscope_probe_record& a, const ioscope_probe_record& b) { return a.t_ns < b.t_ns; });
  return out.size() - first;
}

}  // namespace ioscope
