#include "trace/trace_hub.hpp"

#include <unistd.h>

#include <cerrno>

namespace ioscope {

TraceCounters& TraceCounters::operator+=(const TraceCounters& other) {
  for (std::size_t i = 0; i < syscalls.size(); ++i) syscalls[i] += other.syscalls[i];
  eagain += other.eagain;
  notifications += other.notifications;
  work_units += other.work_units;
  kernel_stamped += other.kernel_stamped;
  kernel_inferred += other.kernel_inferred;
  events += other.events;
  return *this;
}

TraceWriter::~TraceWriter() {
  hub_->retire(counters_, ring_);
}

namespace {
std::int64_t at(std::int64_t t) {
  return t == kClockNow ? now_ns() : t;
}
}  // namespace

void TraceWriter::syscall_begin(Sys sys, int fd, std::int64_t t) {
  ++counters_.syscalls[static_cast<std::size_t>(sys)];
  if (!enabled_) return;
  record({.t_ns = at(t), .fd = fd, .kind = EventKind::SyscallBegin, .sys = sys});
}

void TraceWriter::syscall_end(Sys sys, int fd, long result, int err, std::int64_t t,
                              std::uint8_t flags) {
  if (result < 0 && (err == EAGAIN || err == EWOULDBLOCK)) ++counters_.eagain;
  if (!enabled_) return;
  record({.t_ns = at(t),
          .value = result,
          .fd = fd,
          .err = result < 0 ? static_cast<std::uint16_t>(err) : std::uint16_t{0},
          .kind = EventKind::SyscallEnd,
          .sys = sys,
          .flags = flags});
}

void TraceWriter::notify(Sys sys, long ready, std::int64_t aux, std::uint8_t flags,
                         std::int64_t t) {
  ++counters_.notifications;
  if (!enabled_) return;
  record({.t_ns = at(t),
          .value = ready,
          .aux = aux,
          .kind = EventKind::Notify,
          .sys = sys,
          .flags = flags});
}

void TraceWriter::work(std::int64_t units, std::int64_t begin, std::int64_t end) {
  counters_.work_units += static_cast<std::uint64_t>(units);
  record({.t_ns = begin, .value = units, .aux = end - begin, .kind = EventKind::Work});
}

void TraceWriter::scan(Sys sys, std::int64_t examined, std::int64_t ready, std::int64_t t) {
  if (!enabled_) return;
  record({.t_ns = at(t), .value = ready, .aux = examined, .kind = EventKind::Scan, .sys = sys});
}

void TraceWriter::error(int fd, int err, std::uint32_t conn, std::int64_t t) {
  if (!enabled_) return;
  record({.t_ns = at(t),
          .fd = fd,
          .err = static_cast<std::uint16_t>(err),
          .kind = EventKind::Error,
          .conn = conn});
}

std::unique_ptr<TraceWriter> TraceHub::make_writer(Lane lane, std::uint16_t track,
                                                   bool register_thread) {
  auto ring = std::make_unique<TraceRing>(ring_capacity_);
  TraceRing* raw = ring.get();
  {
    std::lock_guard lock(mutex_);
    rings_.push_back(std::move(ring));
    if (register_thread) roles_[static_cast<int>(::gettid())] = ThreadRole{lane, track};
  }
  if (register_thread && listener_)
    listener_(static_cast<int>(::gettid()), ThreadRole{lane, track});
  return std::make_unique<TraceWriter>(this, raw, lane, track, enabled_);
}

std::optional<TraceHub::ThreadRole> TraceHub::role_of(int tid) const {
  std::lock_guard lock(mutex_);
  const auto it = roles_.find(tid);
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

std::size_t TraceHub::drain(std::vector<TraceEvent>& out) {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  // A retired ring, drained after it was seen retired, holds nothing more: it goes, so a
  // server that makes a thread per connection holds rings only for the threads alive.
  std::erase_if(rings_, [&](const std::unique_ptr<TraceRing>& ring) {
    const bool done = ring->retired();
    n += ring->drain(out);
    if (done) retired_dropped_ += ring->dropped();
    return done;
  });
  return n;
}

std::uint64_t TraceHub::dropped() const {
  std::lock_guard lock(mutex_);
  std::uint64_t n = retired_dropped_;
  for (const auto& ring : rings_) n += ring->dropped();
  return n;
}

std::size_t TraceHub::ring_count() const {
  std::lock_guard lock(mutex_);
  return rings_.size();
}

TraceCounters TraceHub::counters() const {
  std::lock_guard lock(mutex_);
  return retired_;
}

void TraceHub::retire(const TraceCounters& counters, TraceRing* ring) {
  std::lock_guard lock(mutex_);
  retired_ += counters;
  ring->retire();
}

}  // namespace ioscope
