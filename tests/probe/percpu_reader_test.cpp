// The reader of the probe's per-CPU rings (percpu_reader.hpp), on memory laid out as the kernel
// side's maps are, written by this test with the kernel side's protocol: reserve a position on
// the CPU's cursor, write the record, then its seq.
#include "probe/percpu_reader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ioscope {
namespace {

constexpr std::size_t kCpus = 2;
constexpr std::size_t kSlotsPerCpu = 8;

struct Rings {
  std::vector<ioscope_probe_slot> slots = std::vector<ioscope_probe_slot>(kCpus * kSlotsPerCpu);
  std::vector<ioscope_probe_cursor> cursors = std::vector<ioscope_probe_cursor>(kCpus);
  PerCpuReader reader{slots, cursors, kSlotsPerCpu};

  // The kernel side's emit, split so a test can leave a record reserved but not committed.
  __u64 reserve(std::size_t cpu) {
    return std::atomic_ref<__u64>(cursors[cpu].reserved).fetch_add(1, std::memory_order_relaxed);
  }
  bool full(std::size_t cpu) {
    const __u64 consumed =
        std::atomic_ref<__u64>(cursors[cpu].consumed).load(std::memory_order_acquire);
    return cursors[cpu].reserved - consumed >= kSlotsPerCpu - 1;
  }
  void commit(std::size_t cpu, __u64 position, __u64 t_ns, __u32 tid = 0) {
    ioscope_probe_slot& slot = slots[cpu * kSlotsPerCpu + (position & (kSlotsPerCpu - 1))];
    slot.record = {};
    slot.record.t_ns = t_ns;
    slot.record.cpu = static_cast<__u32>(cpu);
    slot.record.tid = tid;
    std::atomic_ref<__u64>(slot.seq).store(position + 1, std::memory_order_release);
  }
  void emit(std::size_t cpu, __u64 t_ns) { commit(cpu, reserve(cpu), t_ns); }

  std::vector<__u64> drain_times() {
    std::vector<ioscope_probe_record> out;
    reader.drain(out);
    std::vector<__u64> times;
    for (const auto& r : out) times.push_back(r.t_ns);
    return times;
  }
};

TEST(PerCpuReader, MergesTheCpusByTime) {
  Rings rings;
  rings.emit(0, 10);
  rings.emit(0, 30);
  rings.emit(1, 20);
  rings.emit(1, 40);
  EXPECT_EQ(rings.drain_times(), (std::vector<__u64>{10, 20, 30, 40}));
  EXPECT_TRUE(rings.drain_times().empty());  // each record once
  EXPECT_EQ(rings.cursors[0].consumed, 2u);
  EXPECT_EQ(rings.cursors[1].consumed, 2u);
}

TEST(PerCpuReader, StopsAtARecordStillBeingWrittenAndReadsItNextTime) {
  Rings rings;
  rings.emit(0, 10);
  const __u64 pending = rings.reserve(0);  // a program between its reserve and its commit
  rings.emit(0, 30);                       // a nested one that finished first
  rings.emit(1, 25);
  EXPECT_EQ(rings.drain_times(), (std::vector<__u64>{10, 25}));
  EXPECT_EQ(rings.cursors[0].consumed, 1u);  // its slot and the one after stay the kernel's
  rings.commit(0, pending, 20);
  EXPECT_EQ(rings.drain_times(), (std::vector<__u64>{20, 30}));
}

TEST(PerCpuReader, GoesRoundTheRingAndNeverRereadsALapOld) {
  Rings rings;
  __u64 t = 0;
  std::vector<__u64> seen;
  for (int lap = 0; lap < 5; ++lap) {
    for (std::size_t i = 0; i < kSlotsPerCpu - 3; ++i) rings.emit(1, ++t);
    for (__u64 time : rings.drain_times()) seen.push_back(time);
  }
  ASSERT_EQ(seen.size(), t);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i + 1);
  // Every slot now holds a record of an earlier lap: none of them is read again.
  EXPECT_TRUE(rings.drain_times().empty());
}

// The kernel side runs on other CPUs while the probe thread drains: every record arrives once,
// each CPU's in the order it was written, and a CPU never overwrites what was not yet read.
TEST(PerCpuReader, EveryRecordArrivesOnceWhileWritersRun) {
  Rings rings;
  constexpr __u64 kPerCpu = 20'000;
  std::atomic<bool> go{false};
  std::vector<std::thread> writers;
  for (std::size_t cpu = 0; cpu < kCpus; ++cpu)
    writers.emplace_back([&rings, &go, cpu] {
      while (!go.load()) std::this_thread::yield();
      for (__u64 i = 1; i <= kPerCpu;) {
        if (rings.full(cpu)) {
          std::this_thread::yield();  // the kernel side would count a drop; this one waits
          continue;
        }
        rings.commit(cpu, rings.reserve(cpu), i * kCpus + cpu, static_cast<__u32>(i));
        ++i;
      }
    });
  go = true;
  std::vector<__u32> next(kCpus, 1);
  std::vector<ioscope_probe_record> out;
  while (next[0] <= kPerCpu || next[1] <= kPerCpu) {
    out.clear();
    rings.reader.drain(out);
    for (const auto& r : out) {
      ASSERT_LT(r.cpu, kCpus);
      ASSERT_EQ(r.tid, next[r.cpu]) << "cpu " << r.cpu;
      ++next[r.cpu];
    }
  }
  for (auto& w : writers) w.join();
  EXPECT_TRUE(rings.drain_times().empty());
}

}  // namespace
}  // namespace ioscope
