// Reads the probe's per-CPU rings (probe_record.h: ioscope_probe_slot, ioscope_probe_cursor)
// from memory the kernel writes, with no system call: the rings are mmapped array maps, and a
// call made here would count among the traced process's own.
//
// Each CPU's records are in the order its programs reserved them; a drain merges the CPUs by
// time. A record whose program is still writing it (its seq not yet the expected one) stops
// that CPU's read until the next drain, so a record can come one drain after a later one from
// another CPU: by less than a program's run, the same as the BPF ring buffer's commit order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "probe/probe_record.h"

namespace ioscope {

static_assert(sizeof(ioscope_probe_slot) == IOSCOPE_PROBE_SLOT_SIZE);
static_assert(sizeof(ioscope_probe_cursor) == IOSCOPE_PROBE_CURSOR_SIZE);

class PerCpuReader {
 public:
  PerCpuReader() = default;
  // slots: every CPU's ring, CPU c's at [c * slots_per_cpu, (c + 1) * slots_per_cpu);
  // cursors: one per CPU. slots_per_cpu is a power of two.
  PerCpuReader(std::span<ioscope_probe_slot> slots, std::span<ioscope_probe_cursor> cursors,
               std::size_t slots_per_cpu);

  // Appends every record committed since the last drain, in time order, and tells the kernel
  // side their slots are free. Returns how many.
  std::size_t drain(std::vector<ioscope_probe_record>& out);

  std::size_t slots_per_cpu() const { return slots_per_cpu_; }

 private:
  std::span<ioscope_probe_slot> slots_;
  std::span<ioscope_probe_cursor> cursors_;
  std::size_t slots_per_cpu_ = 0;
};

}  // namespace ioscope
