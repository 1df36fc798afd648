// The select-vs-epoll scan experiment, after libevent's classic benchmark (test/bench.c).
//
// A teacher has N students and wants to know whose homework is done. With select and poll the
// teacher asks every student in turn, every time, however few are done; with epoll the
// students who are done raise their hands, and the teacher looks only at those. This
// experiment measures that with the machine's own numbers: N descriptors are watched, k of
// them (the active ones) receive one byte per round, and only the waiting call
// (select, poll, epoll_wait, io_uring's wait for poll completions) is timed. epoll's
// registration (epoll_ctl, once per descriptor) is timed apart, because a long-lived server
// pays it once and a wait many times.
//
// Every result says how many descriptors the kernel examined per call (`scanned`) and how many
// came back ready (`ready`): the cost of select and poll follows the first, epoll's the second.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/result.hpp"
#include "net/stop_signal.hpp"

namespace ioscope {

enum class ScanMechanism { Select, Poll, Epoll, IoUring };

inline constexpr ScanMechanism kAllScanMechanisms[] = {
    ScanMechanism::Select, ScanMechanism::Poll, ScanMechanism::Epoll, ScanMechanism::IoUring};

// "select", "poll", "epoll", "io_uring": the ids the CLI and the JSON use.
std::string_view mechanism_id(ScanMechanism m);
std::optional<ScanMechanism> find_mechanism(std::string_view id);
// "select, poll, epoll, io_uring"
std::string mechanism_ids_joined();

inline constexpr int kMaxScanRounds = 10'000;
inline constexpr int kMaxScanFdCounts = 64;  // entries in one sweep
// Each active descriptor is a UDP socket bound to its own port on 127.0.0.1, so k is bounded
// by the ephemeral port range (28232 ports by default), shared with everything else running.
inline constexpr int kMaxScanActive = 10'000;
// Descriptors kept free below the hard limit for the rest of the process: the epoll or
// io_uring instance the experiment itself opens, and whatever else the app opens meanwhile.
inline constexpr int kFdHeadroom = 64;

struct ScanParams {
  std::vector<ScanMechanism> mechanisms = {ScanMechanism::Select, ScanMechanism::Poll,
                                           ScanMechanism::Epoll};
  std::vector<int> fds = {10, 100, 1000, 10000};  // N: descriptors watched, one sweep point each
  int active = 1;           // k: descriptors that receive a byte every round (k <= N)
  bool all_active = false;  // the reverse case: k = N at every point, `active` is ignored
  int rounds = 25;          // timed waiting calls per (mechanism, N)
};

inline constexpr int kScanWarmupRounds = 2;  // untimed rounds first: caches and allocator warm

// How many descriptors this process can watch at most, and why.
struct FdCeiling {
  std::int64_t soft_before = 0;  // RLIMIT_NOFILE soft limit before raising it
  std::int64_t soft = 0;         // the soft limit now (raised to the hard limit)
  std::int64_t hard = 0;         // RLIMIT_NOFILE hard limit (an unprivileged process stops here)
  int open = 0;                  // descriptors already open when we looked
  int headroom = kFdHeadroom;
  int max_fds = 0;  // the largest N: hard - open - headroom
  std::string why;  // the sentence that says so, with the numbers
};

// Raises this process's RLIMIT_NOFILE soft limit to the hard limit (as servers do at start)
// and works out the ceiling. The raised limit is kept for the life of the process: lowering it
// again would break any descriptor another thread opened above the old limit meanwhile, and
// the limit only bounds us, it costs nothing. Any thread.
Result<FdCeiling> raise_fd_limit();

// A log-scale sweep from 10 up to the ceiling: 10, 30, 100, 300, ... and the ceiling itself
// rounded down to two significant digits.
std::vector<int> default_fd_sweep(int max_fds);

// "select,poll,epoll" -> mechanisms; "10,100,1000" -> counts. Errors name the bad item.
Result<std::vector<ScanMechanism>> parse_mechanisms(std::string_view text);
Result<std::vector<int>> parse_fd_counts(std::string_view text);

// Names the first thing wrong with the parameters on a machine with this ceiling, or nothing.
std::optional<Error> validate(const ScanParams& p, const FdCeiling& ceiling);

struct NsSpread {
  std::int64_t median = 0, min = 0, max = 0;
};
// Median, min and max of timed repeats ({} when there are none).
NsSpread spread_of(const std::vector<std::int64_t>& ns);

// The median (of two middle values, the one between them); T{} when v is empty.
template <typename T>
T median_of(std::vector<T> v) {
  if (v.empty()) return T{};
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  if (v.size() % 2 == 1) return *mid;
  const T upper = *mid;
  const T lower = *std::max_element(v.begin(), mid);
  return lower + (upper - lower) / 2;
}

// A registration step, timed apart from the waits: epoll_ctl(EPOLL_CTL_ADD) or io_uring's
// multishot IORING_OP_POLL_ADD, once per descriptor.
struct ScanRegistration {
  std::string call;  // "epoll_ctl" or "IORING_OP_POLL_ADD"
  int fds = 0;
  std::int64_t total_ns = 0;
  std::int64_t per_fd_ns = 0;
};

// One (mechanism, N) point of the sweep.
struct ScanResult {
  ScanMechanism mechanism = ScanMechanism::Select;
  int fds = 0;     // N: descriptors watched
  int active = 0;  // k: descriptors made ready every round
  int rounds = 0;
  bool skipped = false;
  std::string reason;  // why it was skipped; empty otherwise

  int calls = 0;  // waiting calls timed: one per round, plus any that found only part of a round
  NsSpread ns_per_call;
  int scanned = 0;  // descriptors the kernel examined per call (median over the calls)
  int ready = 0;    // descriptors returned ready per call (median over the calls)
  int max_fd = -1;  // the highest descriptor watched (select's nfds is max_fd + 1)
  std::optional<ScanRegistration> registration;  // epoll and io_uring only
};

struct ScanReport {
  ScanParams params;
  FdCeiling ceiling;
  std::vector<ScanResult> results;  // in sweep order: for each N, each mechanism
  bool cancelled = false;
  std::string error;  // empty on success

  bool ok() const { return error.empty() && !cancelled; }
};

// Runs the sweep on the calling thread. For each N it opens the descriptors once, measures each
// mechanism in turn on them, closes them, and hands every result to on_result (same thread) as
// soon as it is known, so a view can fill in live. Returns promptly once stop is requested
// (checked between calls; a wait never blocks because its data is already sent), with every
// descriptor it opened closed. Invalid parameters come back as the report's error.
ScanReport run_scan(const ScanParams& params, const StopSignal& stop,
                    const std::function<void(const ScanResult&)>& on_result = {});

}  // namespace ioscope
