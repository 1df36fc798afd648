#include "run_helpers.hpp"

#include "../test_run.hpp"

#include <gtest/gtest.h>

#include <sys/select.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

namespace ioscope::test {

namespace {
// Sanitizer runtimes start a helper thread of their own with the process's first thread; start
// it now, so thread counts taken before and after a run compare like with like.
const bool runtime_threads_started = [] {
  std::thread([] {}).join();
  return true;
}();
}  // namespace

TracedRun run_traced(const Scenario& s) {
  TracedRun out;
  test::DrainedRun drained = test::run_and_drain(s);
  out.summary = std::move(drained.summary);
  out.events = std::move(drained.events);
  out.arrival = out.events;
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
  return out;
}

std::vector<TraceEvent> select_events(const TracedRun& run,
                                      const std::function<bool(const TraceEvent&)>& pred) {
  std::vector<TraceEvent> out;
  for (const auto& e : run.events)
    if (pred(e)) out.push_back(e);
  return out;
}

std::vector<Call> calls(const TracedRun& run, Sys sys) {
  // Events of one track are emitted in program order, so begin/end pair up per track. Sorting by
  // time is stable, and a call's end is never stamped before its begin.
  std::map<std::uint16_t, TraceEvent> open;
  std::vector<Call> out;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer || e.sys != sys) continue;
    if (e.kind == EventKind::SyscallBegin) open[e.track] = e;
    if (e.kind == EventKind::SyscallEnd) {
      auto it = open.find(e.track);
      if (it != open.end()) {
        out.push_back({it->second, e});
        open.erase(it);
      }
    }
  }
  return out;
}

std::vector<Receive> receives(const TracedRun& run) {
  std::map<int, std::vector<Call>> own;
  for (const auto& c : calls(run, Sys::recvmsg))
    if (c.end.value > 0) own[c.end.fd].push_back(c);
  std::map<int, std::vector<TraceEvent>> ready, begin, end;
  std::set<int> fds;
  for (const auto& [fd, list] : own) fds.insert(fd);
  for (const auto& e : run.arrival) {
    if (e.kind == EventKind::KernelReady) {
      ready[e.fd].push_back(e);
      fds.insert(e.fd);
    }
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::CopyBegin) begin[e.fd].push_back(e);
    if (e.kind == EventKind::CopyEnd) end[e.fd].push_back(e);
  }
  std::vector<Receive> out;
  for (const int fd : fds) {
    const auto& list = ready[fd];
    EXPECT_EQ(begin[fd].size(), list.size()) << "fd " << fd;
    EXPECT_EQ(end[fd].size(), list.size()) << "fd " << fd;
    const auto& calls_on_fd = own[fd];
    if (!calls_on_fd.empty()) {
      EXPECT_EQ(calls_on_fd.size(), list.size()) << "fd " << fd;
    }
    const std::size_t n = std::min({list.size(), begin[fd].size(), end[fd].size()});
    for (std::size_t i = 0; i < n; ++i) {
      Receive r{list[i], begin[fd][i], end[fd][i], std::nullopt};
      if (i < calls_on_fd.size()) r.call = calls_on_fd[i];
      out.push_back(r);
    }
  }
  return out;
}

RecvWaits recv_waits(const TracedRun& run, Sys wait_sys) {
  struct Wait {
    std::int64_t began = 0;       // the wait call's begin
    std::int64_t free_since = 0;  // when the track's call before it ended
  };
  // (track, begin time) of each recvmsg -> the wait that covered it.
  std::map<std::pair<std::uint16_t, std::int64_t>, Wait> wait_of_read;
  std::map<std::uint16_t, std::int64_t> last_end;
  std::map<std::uint16_t, Wait> last_wait;
  for (const auto& e : run.arrival) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::SyscallBegin && e.sys == wait_sys) {
      const auto it = last_end.find(e.track);
      if (it != last_end.end())
        last_wait[e.track] = {e.t_ns, it->second};
      else
        last_wait.erase(e.track);
    }
    if (e.kind == EventKind::SyscallBegin && e.sys == Sys::recvmsg) {
      const auto it = last_wait.find(e.track);
      if (it != last_wait.end()) wait_of_read[{e.track, e.t_ns}] = it->second;
    }
    if (e.kind == EventKind::SyscallEnd) last_end[e.track] = e.t_ns;
  }
  RecvWaits w;
  for (const auto& r : data_reads(run)) {
    if ((r.ready.flags & flag::kInferred) != 0) continue;
    const auto it = wait_of_read.find({r.call.begin.track, r.call.begin.t_ns});
    if (it == wait_of_read.end() || it->second.free_since >= r.ready.t_ns) continue;
    ++w.counted;
    if (it->second.began < r.ready.t_ns) ++w.waited;
  }
  return w;
}

std::map<int, std::vector<TraceEvent>> completions(const TracedRun& run) {
  std::map<int, std::vector<TraceEvent>> out;
  for (const auto& e : run.arrival)
    if (e.lane == Lane::Buyer && e.kind == EventKind::Notify && e.sys == Sys::io_uring_enter)
      out[static_cast<int>(e.aux)].push_back(e);
  return out;
}

std::vector<DataRead> data_reads(const TracedRun& run) {
  std::vector<DataRead> out;
  for (const auto& r : receives(run))
    if (r.call) out.push_back({*r.call, r.ready, r.copy_begin, r.copy_end});
  std::sort(out.begin(), out.end(), [](const DataRead& a, const DataRead& b) {
    return a.call.begin.t_ns < b.call.begin.t_ns;
  });
  return out;
}

HerdCount count_herd(const TracedRun& run) {
  HerdCount h;
  int listen_fd = -1;  // what every accept4 is called on
  for (const auto& e : run.arrival)
    if (e.kind == EventKind::SyscallBegin && e.sys == Sys::accept4) listen_fd = e.fd;
  std::map<std::uint16_t, bool> woke;  // track -> its last wait returned, no accept4 yet
  for (const auto& e : run.arrival) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::Notify && e.sys == Sys::epoll_wait) woke[e.track] = true;
    if (e.kind == EventKind::SyscallBegin && e.sys == Sys::epoll_ctl && e.fd == listen_fd)
      h.watching_tracks.insert(e.track);
    if (e.kind == EventKind::SyscallBegin && e.sys == Sys::accept4 && woke[e.track]) {
      ++h.listener_wakeups;
      woke[e.track] = false;
    }
    if (e.lane == Lane::Buyer && e.kind == EventKind::SyscallEnd && e.sys == Sys::accept4) {
      if (e.value >= 0) ++h.accepted;
      if (e.value < 0 && e.err == EAGAIN) ++h.came_up_empty;
    }
  }
  return h;
}

std::uint64_t bytes_in(const std::vector<DataRead>& reads) {
  std::uint64_t bytes = 0;
  for (const auto& r : reads) bytes += static_cast<std::uint64_t>(r.call.end.value);
  return bytes;
}

void expect_select_scans_walk_to_the_highest(const TracedRun& run, int clients) {
  int listen_fd = -1;
  for (const auto& c : calls(run, Sys::accept4)) listen_fd = c.begin.fd;
  ASSERT_GE(listen_fd, 0);
  std::set<int> open;  // connections the server watches, as the trace tells it
  int scans = 0;
  bool saw_all = false;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::Accept) open.insert(e.fd);
    if (e.kind == EventKind::Close) open.erase(e.fd);
    if (e.kind != EventKind::Scan) continue;
    ++scans;
    EXPECT_EQ(e.sys, Sys::pselect6);
    const int highest = std::max(listen_fd, open.empty() ? -1 : *open.rbegin());
    const auto watched = static_cast<std::int64_t>(open.size()) + 2;  // + listener, stop signal
    EXPECT_GE(e.aux, highest + 1);
    EXPECT_GT(e.aux, watched) << "select examined only what it watched";
    EXPECT_LE(e.aux, FD_SETSIZE);
    EXPECT_LE(e.value, e.aux);
    if (static_cast<int>(open.size()) == clients) saw_all = true;
  }
  EXPECT_GT(scans, 0);
  EXPECT_TRUE(saw_all) << "no select call watched all " << clients << " connections at once";
}

void expect_told_before_each_read(const TracedRun& run,
                                  const std::function<bool(const TraceEvent&)>& told,
                                  const std::function<std::int64_t(const Call&)>& limit,
                                  bool first_is_free) {
  const std::vector<TraceEvent> tellers = select_events(run, told);
  std::map<int, std::int64_t> previous;  // fd -> begin of its last data read
  std::vector<Call> reads;
  for (const auto& c : calls(run, Sys::recvmsg))
    if (c.end.value > 0) reads.push_back(c);
  std::sort(reads.begin(), reads.end(),
            [](const Call& a, const Call& b) { return a.begin.t_ns < b.begin.t_ns; });
  ASSERT_FALSE(reads.empty());
  for (const auto& r : reads) {
    const int fd = r.end.fd;
    const auto prev = previous.find(fd);
    const bool first = prev == previous.end();
    const std::int64_t from = first ? INT64_MIN : prev->second;
    previous[fd] = r.begin.t_ns;
    if (first && first_is_free) continue;
    const std::int64_t to = limit(r);
    const bool found = std::any_of(tellers.begin(), tellers.end(), [&](const TraceEvent& e) {
      return e.t_ns > from && e.t_ns <= to;
    });
    EXPECT_TRUE(found) << "a read on fd " << fd << " nobody said was ready";
  }
}

bool drain_until(TraceHub& hub, std::vector<TraceEvent>& events,
                 const std::function<bool()>& reached, std::chrono::milliseconds limit) {
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < limit) {
    hub.drain(events);
    if (reached()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

BackgroundRun::BackgroundRun(const Scenario& scenario) : run_(scenario) {
  engine_ = std::thread([this] {
    summary_ = run_.execute(hub_);
    done_.store(true);
  });
}

BackgroundRun::~BackgroundRun() {
  run_.cancel();
  if (engine_.joinable()) engine_.join();
}

bool BackgroundRun::drain_until(const std::function<bool()>& reached,
                                std::chrono::milliseconds limit) {
  bool got_there = false;
  test::drain_until(
      hub_, events_,
      [&] {
        got_there = reached();
        return got_there || done_.load();
      },
      limit);
  return got_there;
}

bool BackgroundRun::wait_for_end(std::chrono::milliseconds limit) {
  const auto ended = [this] { return done_.load(); };
  if (!test::drain_until(hub_, events_, ended, limit)) return false;
  if (engine_.joinable()) engine_.join();
  hub_.drain(events_);
  return true;
}

void expect_prompt_cancel(BackgroundRun& run) {
  const auto cancelled_at = std::chrono::steady_clock::now();
  run.cancel();
  const bool ended = run.wait_for_end();
  EXPECT_TRUE(ended) << "the run did not stop within 5 s of cancel()";
  if (!ended) return;  // no summary yet; the run's destructor waits for it
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, std::chrono::seconds(2));
  EXPECT_TRUE(run.summary().cancelled);
  EXPECT_TRUE(run.summary().error.empty()) << run.summary().error;
}

void expect_clean_cancel_mid_run(const char* model) {
  SCOPED_TRACE(model);
  const int fds_before = open_fd_count();
  const int threads_before = thread_count();
  {
    BackgroundRun run(scenario(model, 4, 100, 64, 50'000'000));
    // Mid-run: every client connected and its first echo back.
    std::set<std::uint32_t> echoed;
    std::size_t seen = 0;
    run.drain_until([&] {
      for (; seen < run.events().size(); ++seen) {
        const TraceEvent& e = run.events()[seen];
        if (e.kind == EventKind::ClientRecv) echoed.insert(e.conn);
      }
      return echoed.size() == 4;
    });
    EXPECT_EQ(echoed.size(), 4u);
    expect_prompt_cancel(run);
  }
  EXPECT_EQ(open_fd_count(), fds_before);
  EXPECT_EQ(thread_count(), threads_before);
}

ServerSetup::ServerSetup() {
  if (listener.ok()) ctx.listen_fd = listener->fd.get();
  ctx.hub = &hub;
  ctx.stop = &stop;
  ctx.clock = &clock;
}

}  // namespace ioscope::test
