#include "lab/scan_experiment.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <sys/select.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <limits>
#include <memory>

#include "lab/experiment_run.hpp"
#include "lab/scan_pool.hpp"
#include "lab/scan_waiters.hpp"

namespace ioscope {

namespace {

// Beyond this, sockets cost more memory than a teaching run should take.
constexpr std::int64_t kFdCap = 1'000'000;

// The descriptors open in this process right now (without the one used to list them).
std::vector<int> open_fds() {
  std::vector<int> fds;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return fds;
  const int own = ::dirfd(dir);
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const int fd = std::atoi(e->d_name);
    if (fd != own) fds.push_back(fd);
  }
  ::closedir(dir);
  return fds;
}

std::int64_t nr_open() {
  std::ifstream in("/proc/sys/fs/nr_open");
  std::int64_t v = 0;
  if (in >> v && v > 0) return v;
  return kFdCap;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::string quoted(std::string_view s) {
  std::string q;
  q.reserve(s.size() + 2);
  q += '\'';
  q.append(s);
  q += '\'';
  return q;
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    items.push_back(
        trim(text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) return items;
    start = comma + 1;
  }
}

// Select's wall, known before any socket is opened: the kernel hands out the lowest free
// numbers, so N new descriptors stay below FD_SETSIZE exactly when N fit in the numbers below
// it that are still free.
std::optional<std::string> select_predicted_skip(int n) {
  const auto fds = open_fds();
  const auto below = std::count_if(fds.begin(), fds.end(), [](int fd) { return fd < FD_SETSIZE; });
  if (below + n <= FD_SETSIZE) return std::nullopt;
  return fd_setsize_reason() + ", and " + std::to_string(n) + " descriptors (with the " +
         std::to_string(below) + " already open below it) need numbers up to at least " +
         std::to_string(below + n - 1) + "; use poll or epoll";
}

struct Measured {
  std::vector<std::int64_t> ns;
  std::vector<int> scanned, ready;
};

// The rounds, after libevent's bench: each active socket holds one byte; the waiter must find
// them all (usually in one call: every byte is sent before the call begins); each is read, and
// the chain passes it on to the next active socket for the next round. Only the waiting calls
// of the timed rounds are recorded. Returns an error "cancelled" when stop is requested.
Result<Measured> measure(ScanWaiter& waiter, ScanPool& pool, int rounds, const StopSignal& stop) {
  Measured m;
  m.ns.reserve(static_cast<std::size_t>(rounds));
  const int k = pool.active_count();
  if (auto err = pool.prime()) return *err;
  std::vector<int> ready;
  ready.reserve(static_cast<std::size_t>(k));
  const int total = kScanWarmupRounds + rounds;
  for (int r = 0; r < total; ++r) {
    int found = 0;
    // A byte the kernel is still delivering (rare on loopback) shows up in a second call.
    for (int call = 0; found < k; ++call) {
      if (stop.requested()) return Error{"cancelled"};
      if (call > k + 16)
        return Error{"the waiter keeps returning without finding every active descriptor (" +
                     std::to_string(found) + " of " + std::to_string(k) + ")"};
      ready.clear();
      auto w = waiter.wait(ready);
      if (!w) return w.error();
      for (int fd : ready)
        if (auto err = pool.take(fd)) return *err;
      found += static_cast<int>(ready.size());
      if (r >= kScanWarmupRounds) {
        m.ns.push_back(w->ns);
        m.scanned.push_back(w->scanned);
        m.ready.push_back(w->ready);
      }
    }
    if (r + 1 < total)
      if (auto err = pool.pass_on()) return *err;  // the last round leaves the pool empty
  }
  return m;
}

void fill(ScanResult& r, const Measured& m) {
  r.calls = static_cast<int>(m.ns.size());
  r.ns_per_call = spread_of(m.ns);
  r.scanned = median_of(m.scanned);
  r.ready = median_of(m.ready);
}

}  // namespace

NsSpread spread_of(const std::vector<std::int64_t>& ns) {
  if (ns.empty()) return {};
  return {median_of(ns), *std::min_element(ns.begin(), ns.end()),
          *std::max_element(ns.begin(), ns.end())};
}

std::string_view mechanism_id(ScanMechanism m) {
  switch (m) {
    case ScanMechanism::Select:
      return "select";
    case ScanMechanism::Poll:
      return "poll";
    case ScanMechanism::Epoll:
      return "epoll";
    case ScanMechanism::IoUring:
      return "io_uring";
  }
  return "?";
}

std::optional<ScanMechanism> find_mechanism(std::string_view id) {
  for (ScanMechanism m : kAllScanMechanisms)
    if (mechanism_id(m) == id) return m;
  return std::nullopt;
}

std::string mechanism_ids_joined() {
  std::string out;
  for (ScanMechanism m : kAllScanMechanisms) {
    if (!out.empty()) out += ", ";
    out += mechanism_id(m);
  }
  return out;
}

Result<FdCeiling> raise_fd_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
    return Error{"cannot read RLIMIT_NOFILE: " + errno_text(errno)};
  FdCeiling c;
  c.soft_before =
      lim.rlim_cur == RLIM_INFINITY ? nr_open() : static_cast<std::int64_t>(lim.rlim_cur);
  if (lim.rlim_cur != lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  // An "unlimited" hard limit still stops at fs.nr_open, the most one process may hold.
  c.hard = lim.rlim_max == RLIM_INFINITY ? nr_open() : static_cast<std::int64_t>(lim.rlim_max);
  c.soft = lim.rlim_cur == RLIM_INFINITY ? nr_open() : static_cast<std::int64_t>(lim.rlim_cur);
  c.open = static_cast<int>(open_fds().size());
  const std::int64_t room = std::min(c.soft, kFdCap) - c.open - c.headroom;
  c.max_fds = static_cast<int>(std::max<std::int64_t>(room, 0));
  c.why = "RLIMIT_NOFILE " +
          std::string(c.soft == c.hard ? "hard limit " : "soft limit (could not be raised) ") +
          std::to_string(c.soft);
  if (c.soft_before != c.soft)
    c.why += " (soft limit raised from " + std::to_string(c.soft_before) + ")";
  if (c.soft > kFdCap) c.why += ", capped by ioscope at " + std::to_string(kFdCap);
  c.why += ", minus " + std::to_string(c.open) + " descriptors already open, minus " +
           std::to_string(c.headroom) +
           " kept free for the rest of the process = " + std::to_string(c.max_fds);
  return c;
}

std::vector<int> default_fd_sweep(int max_fds) {
  std::vector<int> sweep;
  for (long long decade = 10; decade <= max_fds; decade *= 10) {
    sweep.push_back(static_cast<int>(decade));
    if (decade * 3 <= max_fds) sweep.push_back(static_cast<int>(decade * 3));
  }
  // The ceiling itself, to two significant digits, when it is well past the last point.
  long long top = max_fds;
  long long scale = 1;
  while (top >= 100) {
    top /= 10;
    scale *= 10;
  }
  top *= scale;
  if (sweep.empty() ? top >= 1 : top > sweep.back() * 5 / 4) sweep.push_back(static_cast<int>(top));
  return sweep;
}

Result<std::vector<ScanMechanism>> parse_mechanisms(std::string_view text) {
  if (trim(text).empty())
    return Error{"no mechanism given; list them separated by commas, like select,poll,epoll"};
  std::vector<ScanMechanism> out;
  for (const std::string& item : split_commas(text)) {
    if (item.empty())
      return Error{quoted(text) +
                   " has an empty name; list mechanisms separated by commas, like "
                   "select,poll,epoll"};
    auto m = find_mechanism(item);
    if (!m)
      return Error{"unknown mechanism '" + item + "' (choose from " + mechanism_ids_joined() + ")"};
    out.push_back(*m);
  }
  return out;
}

Result<std::vector<int>> parse_fd_counts(std::string_view text) {
  if (trim(text).empty())
    return Error{
        "no descriptor count given; use whole numbers separated by commas, like "
        "10,100,1000"};
  std::vector<int> out;
  for (const std::string& item : split_commas(text)) {
    const bool digits =
        !item.empty() && item.size() <= 9 &&
        std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits)
      return Error{quoted(item) + " in " + quoted(text) +
                   " is not a descriptor count; use whole numbers separated by commas, like "
                   "10,100,1000"};
    out.push_back(std::stoi(item));
  }
  return out;
}

std::optional<Error> validate(const ScanParams& p, const FdCeiling& ceiling) {
  if (p.mechanisms.empty())
    return Error{"choose at least one mechanism (" + mechanism_ids_joined() + ")"};
  for (std::size_t i = 0; i < p.mechanisms.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (p.mechanisms[i] == p.mechanisms[j])
        return Error{"mechanism '" + std::string(mechanism_id(p.mechanisms[i])) +
                     "' is listed twice"};
  if (p.fds.empty()) return Error{"choose at least one descriptor count"};
  if (p.fds.size() > static_cast<std::size_t>(kMaxScanFdCounts))
    return Error{"a sweep has at most " + std::to_string(kMaxScanFdCounts) +
                 " descriptor counts, not " + std::to_string(p.fds.size())};
  for (std::size_t i = 0; i < p.fds.size(); ++i) {
    const int n = p.fds[i];
    if (n < 1) return Error{"a descriptor count must be at least 1, not " + std::to_string(n)};
    if (n > ceiling.max_fds)
      return Error{std::to_string(n) + " descriptors is over this machine's ceiling of " +
                   std::to_string(ceiling.max_fds) + " (" + ceiling.why + ")"};
    for (std::size_t j = 0; j < i; ++j)
      if (p.fds[j] == n) return Error{"descriptor count " + std::to_string(n) + " is listed twice"};
  }
  if (p.rounds < 1 || p.rounds > kMaxScanRounds)
    return Error{"rounds must be between 1 and " + std::to_string(kMaxScanRounds) + ", not " +
                 std::to_string(p.rounds)};
  const int largest = *std::max_element(p.fds.begin(), p.fds.end());
  if (p.all_active) {
    if (largest > kMaxScanActive)
      return Error{
          "with every descriptor active, N can be at most " + std::to_string(kMaxScanActive) +
          " (each active descriptor needs its own loopback port), not " + std::to_string(largest)};
    return std::nullopt;
  }
  if (p.active < 1)
    return Error{"active must be at least 1 (some descriptor has to become ready), not " +
                 std::to_string(p.active)};
  if (p.active > kMaxScanActive)
    return Error{"active can be at most " + std::to_string(kMaxScanActive) +
                 " (each active descriptor needs its own loopback port), not " +
                 std::to_string(p.active)};
  const int smallest = *std::min_element(p.fds.begin(), p.fds.end());
  if (p.active > smallest)
    return Error{"active (" + std::to_string(p.active) +
                 ") cannot exceed the descriptors watched (" + std::to_string(smallest) +
                 "): the active ones are some of the N"};
  return std::nullopt;
}

ScanReport run_scan(const ScanParams& params, const StopSignal& stop,
                    const std::function<void(const ScanResult&)>& on_result) {
  ScanReport report;
  ExperimentRun<ScanReport, ScanResult> out(report, stop, on_result);
  if (!out.start(params)) return report;

  for (const int n : params.fds) {
    if (stop.requested()) {
      report.cancelled = true;
      return report;
    }
    const int k = params.all_active ? n : params.active;
    std::vector<ScanResult> point;
    bool any_runs = false;
    for (ScanMechanism m : params.mechanisms) {
      ScanResult r;
      r.mechanism = m;
      r.fds = n;
      r.active = k;
      r.rounds = params.rounds;
      std::optional<std::string> why;
      if (m == ScanMechanism::Select) why = select_predicted_skip(n);
      if (m == ScanMechanism::IoUring) why = uring_scan_unavailable_reason();
      if (why) {
        r.skipped = true;
        r.reason = *why;
      }
      any_runs = any_runs || !r.skipped;
      point.push_back(std::move(r));
    }
    if (!any_runs) {
      for (auto& r : point) out.emit(std::move(r));
      continue;
    }
    auto pool = ScanPool::open(n, k, stop);
    if (!pool) return out.fail(pool.error());
    for (auto& r : point) {
      r.max_fd = pool->max_fd();
      if (!r.skipped) {
        if (auto why = scan_skip_reason(r.mechanism, *pool)) {
          r.skipped = true;
          r.reason = *why;
        }
      }
      if (!r.skipped) {
        auto waiter = make_scan_waiter(r.mechanism, *pool);
        if (!waiter) return out.fail(waiter.error());
        auto measured = measure(**waiter, *pool, params.rounds, stop);
        if (!measured) return out.fail(measured.error());
        fill(r, *measured);
        r.registration = (*waiter)->registration();
      }
      out.emit(std::move(r));
    }
  }
  return report;
}

}  // namespace ioscope
