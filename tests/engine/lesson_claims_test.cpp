// What lessons 01-03 tell the learner they will see, checked on a real run of each lesson's own
// scenario (tests/lesson_scenarios.hpp; the ui test checks the lesson files name the same one).
// Lessons 08-10: lesson_claims_late_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../lesson_scenarios.hpp"
#include "models/io_uring.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

Scenario scenario_of(const test::LessonScenarioSpec& spec) {
  return test::scenario(spec.models, spec.clients, spec.messages, spec.size, spec.interval_ns);
}

using test::data_reads;

std::int64_t total_bytes(const test::LessonScenarioSpec& spec) {
  return static_cast<std::int64_t>(spec.clients) * spec.messages *
         static_cast<std::int64_t>(spec.size);
}

// --- Lesson 1: Stevens' figure 6.6, drawn from a race of the five models ---------------------

// Lesson 1 runs each model of its race with the lesson's workload (at the test interval).
std::vector<std::string> lesson01_models() {
  return test::split_commas(test::kLesson01.models);
}

test::TracedRun run_lesson01_model(const std::string& model, bool tiny_rcvbuf) {
  const auto& spec = test::kLesson01;
  Scenario s = test::scenario(model.c_str(), spec.clients, spec.messages, spec.size,
                              test::kRaceTestInterval);
  s.bugs.tiny_rcvbuf = tiny_rcvbuf;
  return test::run_traced(s);
}

// What the kernel copied on the process's behalf (io_uring): per fd, the i-th KernelReady, copy
// span and completion belong together.
struct KernelCopy {
  TraceEvent ready;
  TraceEvent copy_begin;
  TraceEvent copy_end;
  TraceEvent completion;
};

std::vector<KernelCopy> kernel_copies(const test::TracedRun& run) {
  const auto rs = test::receives(run);
  auto done = test::completions(run);
  std::map<int, std::size_t> per_fd;
  for (const auto& r : rs) ++per_fd[r.ready.fd];
  for (const auto& [fd, n] : per_fd) EXPECT_EQ(done[fd].size(), n) << "fd " << fd;
  std::map<int, std::size_t> seen;
  std::vector<KernelCopy> out;
  for (const auto& r : rs) {
    const std::size_t k = seen[r.ready.fd]++;
    if (k < done[r.ready.fd].size())
      out.push_back({r.ready, r.copy_begin, r.copy_end, done[r.ready.fd][k]});
  }
  return out;
}

bool io_uring_missing(const std::string& model) {
  return model == "io_uring" && io_uring_unavailable_reason().has_value();
}

bool is_readiness_call(Sys sys) {
  return sys == Sys::select || sys == Sys::pselect6 || sys == Sys::poll || sys == Sys::epoll_wait ||
         sys == Sys::io_uring_enter;
}

std::int64_t time_in(const test::TracedRun& run, Sys sys) {
  std::int64_t total = 0;
  for (const auto& c : test::calls(run, sys)) total += c.end.t_ns - c.begin.t_ns;
  return total;
}

// Each test of lesson 1 runs once per model of its race, as a test of its own named after the
// model ("LessonClaims/Lesson01.<claim>/sigio"): the models are run one after the other anyway,
// a failure names its model, and the sigio runs carry "sigio" in their names, which the tsan
// preset's filter leaves out for the reason the README gives (ThreadSanitizer holds
// asynchronous signals back until the thread enters one of its interceptors, and can lose them,
// so a signal-driven server stalls for reasons that are TSan's, not the model's).
class Lesson01 : public ::testing::TestWithParam<std::string> {};

INSTANTIATE_TEST_SUITE_P(LessonClaims, Lesson01, ::testing::ValuesIn(lesson01_models()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// The answer to the lesson's question: in every row, the knife reaches the kernel (its mark)
// before it is copied into the process — even for io_uring, whose buffer was handed over early.
TEST_P(Lesson01, InEveryModelTheDataReachesTheKernelBeforeItIsCopied) {
  const std::string& model = GetParam();
  if (io_uring_missing(model)) return;
  const auto& spec = test::kLesson01;
  const auto run = run_lesson01_model(model, false);
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, static_cast<std::uint64_t>(total_bytes(spec)));
  std::int64_t bytes = 0;
  if (model == "io_uring") {
    const auto copies = kernel_copies(run);
    ASSERT_FALSE(copies.empty());
    for (const auto& k : copies) {
      bytes += k.copy_end.value;
      EXPECT_LE(k.ready.t_ns, k.copy_begin.t_ns) << "copied before the data was in the kernel";
      EXPECT_LE(k.copy_begin.t_ns, k.copy_end.t_ns);
    }
  } else {
    const auto reads = data_reads(run);
    ASSERT_FALSE(reads.empty());
    for (const auto& r : reads) {
      bytes += r.copy_end.value;
      EXPECT_EQ(r.ready.value, r.call.end.value);
      EXPECT_LE(r.ready.t_ns, r.copy_begin.t_ns) << "phase 2 began before phase 1 ended";
      EXPECT_LE(r.copy_begin.t_ns, r.copy_end.t_ns);
    }
  }
  EXPECT_EQ(bytes, total_bytes(spec)) << "every message was read";
  if (run.summary.counters.kernel_stamped == 0) return;  // nothing stamped: no more to see
  for (const auto& e : run.events)
    if (e.kind == EventKind::KernelReady && (e.flags & flag::kInferred))
      ADD_FAILURE() << "a KernelReady the kernel did not stamp, at " << e.t_ns;
}

// The figure's columns, as the lesson walks them: the first four differ in phase 1 and share
// phase 2 (the copy inside the process's own recvmsg); the fifth differs in both.
TEST_P(Lesson01, EachModelSpendsThePhasesAsFigure66Draws) {
  const std::string& model = GetParam();
  if (io_uring_missing(model)) return;
  const auto run = run_lesson01_model(model, false);
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;

  int readiness_calls = 0;
  for (const auto& e : run.events)
    if (e.lane == Lane::Buyer && e.kind == EventKind::SyscallBegin && is_readiness_call(e.sys))
      ++readiness_calls;
  int eagain = 0;
  for (const auto& c : test::calls(run, Sys::recvmsg))
    if (c.end.value < 0 && c.end.err == EAGAIN) ++eagain;

  if (model == "io_uring") {
    // Both phases are the kernel's: no recvmsg at all, and the process is told afterwards.
    EXPECT_TRUE(test::calls(run, Sys::recvmsg).empty()) << "the process called recvmsg";
    const auto copies = kernel_copies(run);
    ASSERT_FALSE(copies.empty());
    for (const auto& k : copies) {
      EXPECT_NE(k.copy_begin.flags & flag::kKernelCopy, 0);
      EXPECT_NE(k.copy_end.flags & flag::kKernelCopy, 0);
      EXPECT_LE(k.ready.t_ns, k.completion.t_ns) << "told before the data was there";
    }
    EXPECT_GT(run.summary.counters.work_units, 0u);
    return;
  }

  // Phase 2 is the same in the other four: the copy, inside the process's own recvmsg.
  const auto reads = data_reads(run);
  ASSERT_FALSE(reads.empty());
  for (const auto& r : reads) {
    EXPECT_GE(r.copy_begin.t_ns, r.call.begin.t_ns);
    EXPECT_EQ(r.copy_end.t_ns, r.call.end.t_ns);
    EXPECT_EQ(r.copy_end.flags & flag::kKernelCopy, 0);
  }

  if (model == "blocking") {
    // Phase 1 inside recvmsg: no readiness call, never "not yet", and the reads began before
    // their data came - those whose thread was back from its echo before the data arrived
    // (run_helpers' recv_waits: a thread still busy, or run late by a loaded machine, cannot
    // be waiting yet; the first read of a connection may beat its new thread to the counter).
    EXPECT_EQ(readiness_calls, 0);
    EXPECT_EQ(eagain, 0);
    if (run.summary.counters.kernel_stamped == 0) return;
    test::RecvWaits w = test::recv_waits(run);
    // A loaded machine (a sanitizer beside stress) can run every thread so late that each read
    // finds its data already there, and none had the chance to wait: run again, slower, until
    // some had (a bounded number of times).
    std::int64_t interval = test::kRaceTestInterval;
    for (int again = 0; w.counted == 0 && again < 4; ++again) {
      interval *= 2;
      const auto slower = test::run_traced(test::scenario("blocking", test::kLesson01.clients,
                                                          test::kLesson01.messages,
                                                          test::kLesson01.size, interval));
      ASSERT_TRUE(slower.summary.ok()) << slower.summary.error;
      w = test::recv_waits(slower);
    }
    ASSERT_GT(w.counted, 0);
    EXPECT_GT(w.waited * 2, w.counted)
        << "only " << w.waited << " of " << w.counted << " reads waited inside recvmsg";
  } else if (model == "nonblocking") {
    // Phase 1 is spent asking: most calls say EAGAIN.
    EXPECT_EQ(readiness_calls, 0);
    EXPECT_GT(eagain, static_cast<int>(reads.size()) * 2);
  } else if (model == "select") {
    // Phase 1 in select (the kernel's pselect6): each read was preceded by select saying
    // something was ready, and the waiting was done there, not in recvmsg: where the kernel
    // stamped the data, it was there before the read began. (Not a comparison of the time in
    // each call: a loaded machine that preempts one recvmsg, or a factory that sends its knives
    // late and back to back so select finds them there, changes those times, not the model.)
    test::expect_told_before_each_read(
        run,
        [](const TraceEvent& e) {
          return e.kind == EventKind::Notify && e.sys == Sys::pselect6 && e.value > 0;
        },
        [](const test::Call& c) { return c.begin.t_ns; }, false);
    EXPECT_GT(time_in(run, Sys::pselect6), 0);
    for (const auto& r : reads) {
      if ((r.ready.flags & flag::kInferred) != 0) continue;
      EXPECT_LE(r.ready.t_ns, r.call.begin.t_ns) << "a read that waited for its data";
      EXPECT_EQ(r.copy_begin.flags & flag::kWaited, 0);
    }
  } else if (model == "sigio") {
    // Phase 1 costs nothing: useful work, and a signal naming the descriptor before a read.
    EXPECT_EQ(readiness_calls, 0);
    EXPECT_GT(run.summary.counters.work_units, 0u);
    test::expect_told_before_each_read(
        run,
        [](const TraceEvent& e) {
          return e.kind == EventKind::Notify && e.sys == Sys::none;  // a signal
        },
        [](const test::Call& c) { return c.end.t_ns; }, true);
  } else {
    ADD_FAILURE() << "lesson 1 runs a model this test does not know";
  }
}

// "Try it": with a 2 KiB SO_RCVBUF the 16 KiB knives no longer fit in the kernel's buffer: each
// reaches the process in several parcels, in every model, each parcel still phase 1 then 2.
TEST_P(Lesson01, TinyRcvbufDeliversEachKnifeInParcels) {
  const std::string& model = GetParam();
  if (io_uring_missing(model)) return;
  const auto& spec = test::kLesson01;
  ASSERT_GE(spec.size, 4u * kTinyRcvbufBytes) << "the lesson's knives must not fit the buffer";
  const auto run = run_lesson01_model(model, true);
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, static_cast<std::uint64_t>(total_bytes(spec)));
  std::vector<TraceEvent> ready;
  for (const auto& e : run.events)
    if (e.kind == EventKind::KernelReady) ready.push_back(e);
  EXPECT_GT(ready.size(), static_cast<std::size_t>(spec.clients * spec.messages))
      << "no knife came in parcels";
  std::int64_t biggest = 0;
  for (const auto& e : ready) biggest = std::max(biggest, e.value);
  EXPECT_LT(biggest, static_cast<std::int64_t>(spec.size)) << "a knife came whole";
  if (model == "io_uring") {
    for (const auto& k : kernel_copies(run)) EXPECT_LE(k.ready.t_ns, k.copy_begin.t_ns);
  } else {
    for (const auto& r : data_reads(run)) EXPECT_LE(r.ready.t_ns, r.copy_begin.t_ns);
  }
}

// Lesson 2: one buyer thread per client, and each thread sits inside recvmsg before its data
// reaches the kernel (it waits through phase 1).
TEST(LessonClaims, Lesson02OneThreadPerClientWaitingThroughPhaseOne) {
  const auto& spec = test::kLesson02;
  const auto run = test::run_traced(scenario_of(spec));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  const auto reads = data_reads(run);
  ASSERT_FALSE(reads.empty());

  std::map<std::uint32_t, std::set<std::uint16_t>> tracks_of_conn;
  std::map<std::uint16_t, std::set<std::uint32_t>> conns_of_track;
  for (const auto& r : reads) {
    tracks_of_conn[r.copy_end.conn].insert(r.call.end.track);
    conns_of_track[r.call.end.track].insert(r.copy_end.conn);
  }
  EXPECT_EQ(tracks_of_conn.size(), static_cast<std::size_t>(spec.clients));
  EXPECT_EQ(conns_of_track.size(), static_cast<std::size_t>(spec.clients));
  for (const auto& [conn, tracks] : tracks_of_conn) EXPECT_EQ(tracks.size(), 1u) << conn;
  for (const auto& [track, conns] : conns_of_track) {
    EXPECT_NE(track, 0) << "track 0 is the accept loop";
    EXPECT_EQ(conns.size(), 1u) << "thread " << track;
  }

  if (run.summary.counters.kernel_stamped == 0)
    GTEST_SKIP() << "this kernel does not stamp received data (SO_TIMESTAMPING)";
  for (const auto& r : reads) {
    if ((r.ready.flags & flag::kInferred) != 0) continue;
    if (r.call.begin.t_ns < r.ready.t_ns) {
      EXPECT_NE(r.copy_begin.flags & flag::kWaited, 0);
    }
  }
  // Counted: the reads whose thread was back from its echo before the data arrived (a thread
  // run late by a loaded machine cannot be waiting yet; see run_helpers' recv_waits).
  const test::RecvWaits w = test::recv_waits(run);
  ASSERT_GT(w.counted, 0);
  EXPECT_GT(w.waited * 2, w.counted)
      << "only " << w.waited << " of " << w.counted << " reads waited";
}

// Lesson 3: most recvmsg calls come back EAGAIN ("not yet"), the process does useful work
// between them, and a recvmsg that does return data still copies it inside the call.
TEST(LessonClaims, Lesson03MostCallsSayNotYetAndWorkHappensBetween) {
  const auto& spec = test::kLesson03;
  const auto run = test::run_traced(test::scenario(spec.models, spec.clients, spec.messages,
                                                   spec.size, test::kLesson03TestInterval));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;

  int eagain = 0;
  int data = 0;
  std::vector<test::Call> data_calls;
  for (const auto& c : test::calls(run, Sys::recvmsg)) {
    if (c.end.value < 0 && c.end.err == EAGAIN) ++eagain;
    if (c.end.value > 0) {
      ++data;
      data_calls.push_back(c);
    }
  }
  ASSERT_GT(data, 0);
  EXPECT_GT(eagain, data * 2) << eagain << " EAGAIN for " << data << " reads with data";
  EXPECT_GT(eagain * 4, (eagain + data) * 3) << "EAGAIN should be most of the calls";

  // Useful work between consecutive reads that returned data, whenever a new round of the loop
  // began between them. Each round asks the door first (accept4) and ends with units of work
  // after its reads, so a round boundary between two reads puts that work between them too.
  // Not a time gap: a thread preempted between two reads of one round leaves a long gap with no
  // work in it (a loaded machine), which says nothing about the loop.
  std::vector<std::int64_t> work;
  std::vector<std::int64_t> round_starts;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::Work && e.value > 0) work.push_back(e.t_ns);
    if (e.kind == EventKind::SyscallBegin && e.sys == Sys::accept4) round_starts.push_back(e.t_ns);
  }
  EXPECT_GT(run.summary.counters.work_units, 0u);
  std::sort(data_calls.begin(), data_calls.end(),
            [](const test::Call& a, const test::Call& b) { return a.end.t_ns < b.end.t_ns; });
  auto any_in = [](const std::vector<std::int64_t>& times, std::int64_t from, std::int64_t to) {
    const auto it = std::upper_bound(times.begin(), times.end(), from);
    return it != times.end() && *it < to;
  };
  int gaps = 0;
  int worked = 0;
  for (std::size_t i = 1; i < data_calls.size(); ++i) {
    const std::int64_t from = data_calls[i - 1].end.t_ns;
    const std::int64_t to = data_calls[i].begin.t_ns;
    if (!any_in(round_starts, from, to)) continue;  // two reads in one round: no work between
    ++gaps;
    if (any_in(work, from, to)) ++worked;
  }
  ASSERT_GT(gaps, 0);
  EXPECT_EQ(worked, gaps) << "no work between " << gaps - worked << " of " << gaps
                          << " pairs of reads in different rounds";

  // Non-blocking is not asynchronous: the copy happens inside the call that returned the data.
  for (const auto& r : data_reads(run)) {
    EXPECT_GE(r.copy_begin.t_ns, r.call.begin.t_ns);
    EXPECT_EQ(r.copy_end.t_ns, r.call.end.t_ns);
    EXPECT_EQ(r.copy_end.flags & flag::kKernelCopy, 0);
  }
}

}  // namespace
}  // namespace ioscope
