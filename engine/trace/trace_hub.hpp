// Where a run's producer threads get their rings and where the consumer drains them all.
// Each producer thread owns a TraceWriter; the hub keeps the rings alive until it is destroyed,
// so a consumer may drain after the producers have gone.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "trace/clock.hpp"
#include "trace/trace_event.hpp"
#include "trace/trace_ring.hpp"

namespace ioscope {

// Counts kept beside the ring, so the summary is exact even when events are dropped.
struct TraceCounters {
  std::array<std::uint64_t, kSysCount> syscalls{};
  std::uint64_t eagain = 0;
  std::uint64_t notifications = 0;
  std::uint64_t work_units = 0;
  std::uint64_t kernel_stamped = 0;
  std::uint64_t kernel_inferred = 0;
  std::uint64_t events = 0;

  TraceCounters& operator+=(const TraceCounters& other);
};

class TraceHub;

// A time argument meaning "read the clock now": read only if the event is recorded, so a server
// whose tracing is off pays no clock read per call.
inline constexpr std::int64_t kClockNow = std::numeric_limits<std::int64_t>::min();

// The producer side: one per thread, used only by that thread.
class TraceWriter {
 public:
  TraceWriter(TraceHub* hub, TraceRing* ring, Lane lane, std::uint16_t track, bool enabled = true)
      : hub_(hub), ring_(ring), lane_(lane), track_(track), enabled_(enabled) {}
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  void record(TraceEvent event) {
    if (!enabled_) return;  // tracing switched off: only the counters below the events remain
    // Kernel events keep their lane; the factory's writer speaks for every client, so the
    // caller names the track; a buyer thread's track is its own.
    if (event.lane != Lane::Shopkeeper) {
      event.lane = lane_;
      if (lane_ == Lane::Buyer) event.track = track_;
    }
    ++counters_.events;
    ring_->push(event);
  }

  // For sources that name the lane and track themselves (the kernel probe, imported logs):
  // the event is kept exactly as given.
  void record_as_is(const TraceEvent& event) {
    if (!enabled_) return;
    ++counters_.events;
    ring_->push(event);
  }

  // Convenience for the common shapes.
  void syscall_begin(Sys sys, int fd, std::int64_t t = kClockNow);
  void syscall_end(Sys sys, int fd, long result, int err, std::int64_t t = kClockNow,
                   std::uint8_t flags = 0);
  void notify(Sys sys, long ready, std::int64_t aux = 0, std::uint8_t flags = 0,
              std::int64_t t = kClockNow);
  void work(std::int64_t units, std::int64_t begin, std::int64_t end);
  // A readiness call looked at `examined` descriptors and found `ready` of them ready.
  void scan(Sys sys, std::int64_t examined, std::int64_t ready, std::int64_t t = kClockNow);
  // An error no syscall's end could carry (EMFILE for a descriptor select cannot hold, a failed
  // completion).
  void error(int fd, int err, std::uint32_t conn, std::int64_t t = kClockNow);

  TraceCounters& counters() { return counters_; }
  // Off, nothing asks the kernel for what only events would carry (receive stamps).
  bool enabled() const { return enabled_; }
  Lane lane() const { return lane_; }
  std::uint16_t track() const { return track_; }

 private:
  TraceHub* hub_;
  TraceRing* ring_;
  Lane lane_;
  std::uint16_t track_;
  bool enabled_;
  TraceCounters counters_;
};

class TraceHub {
 public:
  explicit TraceHub(std::size_t ring_capacity = 1 << 16) : ring_capacity_(ring_capacity) {}

  // Off: writers made from now on record no events (the counters still count), so a benchmark
  // can measure what tracing costs. Set before the run starts.
  void set_enabled(bool on) { enabled_ = on; }
  bool enabled() const { return enabled_; }

  // Any thread: makes a writer for the calling thread. Allocates; call at thread start.
  // register_thread: the calling thread is the one whose events the writer records (role_of);
  // false for a writer handed to a thread that speaks for others (the probe's).
  std::unique_ptr<TraceWriter> make_writer(Lane lane, std::uint16_t track,
                                           bool register_thread = true);

  // Which lane and track the thread with this kernel thread id writes to, if it made a writer
  // here: how events measured outside the process's own calls (the kernel probe) find the row
  // of the thread they happened on. Any thread.
  struct ThreadRole {
    Lane lane = Lane::Buyer;
    std::uint16_t track = 0;
  };
  std::optional<ThreadRole> role_of(int tid) const;
  // Called (on the registering thread, outside the hub's lock) for every thread that makes a
  // writer from now on: the kernel probe learns which threads are the factory's. Set it before
  // the threads start; not while writers are being made.
  void on_register(std::function<void(int tid, ThreadRole role)> listener) {
    listener_ = std::move(listener);
  }

  // Consumer thread: moves every pending event into out (unordered across rings).
  std::size_t drain(std::vector<TraceEvent>& out);

  std::uint64_t dropped() const;
  // Rings held: one per live writer, plus those of finished writers not drained yet.
  std::size_t ring_count() const;
  // Counters of writers that have been destroyed (their threads finished).
  TraceCounters counters() const;

 private:
  friend class TraceWriter;
  void retire(const TraceCounters& counters, TraceRing* ring);

  std::size_t ring_capacity_;
  bool enabled_ = true;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<TraceRing>> rings_;
  std::unordered_map<int, ThreadRole> roles_;  // by kernel thread id
  std::function<void(int, ThreadRole)> listener_;
  TraceCounters retired_;
  std::uint64_t retired_dropped_ = 0;  // dropped by rings already freed
};

}  // namespace ioscope
