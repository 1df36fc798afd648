// What lessons 04-07 tell the learner they will see, checked on a real run of each lesson's own
// scenario (tests/lesson_scenarios.hpp; the ui test checks the lesson files name the same one).
// Counts and order only: nothing here depends on how fast the machine is.
#include <gtest/gtest.h>
#include <sys/select.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../lesson_scenarios.hpp"
#include "lab/scan_experiment.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

// Lessons 4, 5 and 7 run at human speed (a knife a second) so a class can watch; their claims
// hold at any interval long enough for each knife to arrive on its own (one readiness
// notification, one edge, one signal per knife), so the tests run the same shape with the
// factory sending every 50 ms. That is still far longer than one round of any of these servers,
// even on a busy machine, and keeps the runs short (lesson 5's stalled run still waits the
// factory's 2 s before it gives up).
constexpr std::int64_t kTestInterval = 50'000'000;

Scenario scenario_of(const test::LessonScenarioSpec& spec, const char* model,
                     std::int64_t interval_ns) {
  Scenario s = test::scenario(model, spec.clients, spec.messages, spec.size, interval_ns);
  s.bugs = parse_bugs(spec.bugs).value();
  return s;
}

std::uint64_t total_bytes(const test::LessonScenarioSpec& spec) {
  return static_cast<std::uint64_t>(spec.clients) * static_cast<std::uint64_t>(spec.messages) *
         spec.size;
}

std::uint64_t total_messages(const test::LessonScenarioSpec& spec) {
  return static_cast<std::uint64_t>(spec.clients) * static_cast<std::uint64_t>(spec.messages);
}

std::uint64_t syscalls(const test::TracedRun& run, Sys sys) {
  return run.summary.counters.syscalls[static_cast<std::size_t>(sys)];
}

using test::bytes_in;
using test::data_reads;

std::vector<TraceEvent> buyer_in_order(const test::TracedRun& run) {
  std::vector<TraceEvent> out;
  for (const auto& e : run.arrival)
    if (e.lane == Lane::Buyer) out.push_back(e);
  return out;
}

bool is_end(const TraceEvent& e, Sys sys) {
  return e.lane == Lane::Buyer && e.kind == EventKind::SyscallEnd && e.sys == sys;
}

// --- Lesson 4: select ---------------------------------------------------------------------------

// One thread serves both factories; it waits in pselect6 (phase 1), and every call makes the
// kernel examine nfds = highest descriptor + 1 numbers, more than it watches; the recvmsg that
// follows a notification finds its data already in the kernel.
TEST(LessonClaims, Lesson04OneThreadWaitsInSelectWhichScansUpToTheHighestDescriptor) {
  const auto& spec = test::kLesson04;
  const auto run = test::run_traced(scenario_of(spec, spec.models, kTestInterval));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, total_bytes(spec));

  // One buyer row, serving both connections.
  std::set<std::uint32_t> conns;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    EXPECT_EQ(e.track, 0) << "a second buyer thread";
    if (e.kind == EventKind::CopyEnd) conns.insert(e.conn);
  }
  EXPECT_EQ(conns.size(), static_cast<std::size_t>(spec.clients));
  EXPECT_EQ(syscalls(run, Sys::select), 0u) << "glibc's select is traced as the kernel's pselect6";
  EXPECT_GT(syscalls(run, Sys::pselect6), 0u);

  // Every scan: nfds, at least one past the highest descriptor watched, more than the number
  // watched (0, 1 and 2 are walked too), and within the fd_set.
  test::expect_select_scans_walk_to_the_highest(run, spec.clients);

  // Each read with data follows a notification from the wait since the last one, and does not
  // wait itself: its data was in the kernel when it began. Phase 1 was spent in pselect6: for
  // most reads, the wait that announced the data began before the data reached the kernel -
  // counting the reads whose thread was back from its previous call before the data arrived
  // (run_helpers' recv_waits: a thread still busy, or run late by a loaded machine, cannot be
  // waiting in select yet).
  bool notified = false;
  for (const auto& e : buyer_in_order(run)) {
    if (is_end(e, Sys::pselect6)) notified = false;
    if (e.kind == EventKind::Notify && e.sys == Sys::pselect6) notified = true;
    if (is_end(e, Sys::recvmsg) && e.value > 0) {
      EXPECT_TRUE(notified) << "a read with data that no select call announced";
    }
  }
  const auto reads = data_reads(run);
  EXPECT_EQ(bytes_in(reads), total_bytes(spec));
  int stamped = 0;
  for (const auto& r : reads) {
    if ((r.ready.flags & flag::kInferred) != 0) continue;
    ++stamped;
    EXPECT_EQ(r.copy_begin.flags & flag::kWaited, 0) << "a recvmsg waited for its data";
    EXPECT_LE(r.ready.t_ns, r.call.begin.t_ns) << "the data came after the read began";
  }
  if (stamped == 0) GTEST_SKIP() << "this kernel does not stamp received data (SO_TIMESTAMPING)";
  const test::RecvWaits w = test::recv_waits(run, Sys::pselect6);
  ASSERT_GT(w.counted, 0);
  EXPECT_GT(w.waited * 2, w.counted)
      << "only " << w.waited << " of " << w.counted << " knives arrived during a select";
}

// The high-fd toggle: with the server's descriptors numbered from 1024 up, select refuses at
// once, naming FD_SETSIZE, before accepting a single connection; poll and epoll serve the same
// high descriptors.
TEST(LessonClaims, Lesson04HighFdSelectRefusesNamingFdSetsizeWherePollAndEpollServe) {
  const auto& spec = test::kLesson04;
  ASSERT_TRUE(parse_bugs(spec.toggles).value().high_fd);
  Scenario s = scenario_of(spec, spec.models, kTestInterval);
  s.bugs.high_fd = true;
  const auto sel = test::run_traced(s);
  if (sel.summary.error.find("RLIMIT_NOFILE allows only") != std::string::npos)
    GTEST_SKIP() << sel.summary.error;
  ASSERT_FALSE(sel.summary.ok());
  EXPECT_NE(sel.summary.error.find("select cannot watch fd"), std::string::npos)
      << sel.summary.error;
  EXPECT_NE(sel.summary.error.find("FD_SETSIZE"), std::string::npos) << sel.summary.error;
  EXPECT_NE(sel.summary.error.find("use poll or epoll"), std::string::npos) << sel.summary.error;
  EXPECT_TRUE(
      test::select_events(sel, [](const TraceEvent& e) { return e.kind == EventKind::Accept; })
          .empty())
      << "select accepted a connection";

  for (const char* model : {"poll", "epoll"}) {
    SCOPED_TRACE(model);
    s.model = model;
    const auto run = test::run_traced(s);
    ASSERT_TRUE(run.summary.ok()) << run.summary.error;
    EXPECT_EQ(run.summary.bytes_verified, total_bytes(spec));
    const auto accepts =
        test::select_events(run, [](const TraceEvent& e) { return e.kind == EventKind::Accept; });
    EXPECT_EQ(accepts.size(), static_cast<std::size_t>(spec.clients));
    for (const auto& a : accepts) EXPECT_GE(a.fd, FD_SETSIZE);
  }
}

// --- Lesson 5: poll, then epoll -------------------------------------------------------------

// Every epoll_wait examined exactly the descriptors it returned: the ready list, nothing else.
void expect_epoll_examines_only_the_ready(const test::TracedRun& run) {
  int scans = 0;
  for (const auto& e : run.events) {
    if (e.kind != EventKind::Scan) continue;
    EXPECT_EQ(e.sys, Sys::epoll_wait);
    EXPECT_EQ(e.aux, e.value) << "epoll_wait examined more than it returned";
    ++scans;
  }
  EXPECT_GT(scans, 0);
}

// As the lesson loads (et-no-drain on): one 16-byte read per edge and no read until EAGAIN; the
// buyer falls behind, the first knife of a factory comes back (if at all) only once its fourth
// has arrived, and the run ends with messages that never came back, their bytes still unread.
TEST(LessonClaims, Lesson05EdgeTriggeredWithoutDrainingStallsWithMessagesThatNeverComeBack) {
  const auto& spec = test::kLesson05;
  ASSERT_TRUE(parse_bugs(spec.bugs).value().et_no_drain);
  const auto run = test::run_traced(scenario_of(spec, spec.models, kTestInterval));
  ASSERT_FALSE(run.summary.cancelled);
  EXPECT_NE(run.summary.error.find("never came back"), std::string::npos) << run.summary.error;
  EXPECT_NE(run.summary.error.find("et-no-drain"), std::string::npos) << run.summary.error;
  EXPECT_GT(run.summary.messages_missing, 0u);
  EXPECT_LE(run.summary.messages_verified, static_cast<std::uint64_t>(spec.clients))
      << "at most the first knife of each factory";
  EXPECT_EQ(run.summary.messages_verified + run.summary.messages_missing, total_messages(spec));

  // One short read per connection per wake-up; the bytes read fall short of those sent.
  std::uint64_t bytes_read = 0;
  std::map<int, int> reads_this_round;
  for (const auto& e : buyer_in_order(run)) {
    if (is_end(e, Sys::epoll_wait)) reads_this_round.clear();
    if (!is_end(e, Sys::recvmsg)) continue;
    EXPECT_EQ(++reads_this_round[e.fd], 1) << "fd " << e.fd << " was read twice for one edge";
    if (e.value > 0) {
      EXPECT_LE(e.value, static_cast<std::int64_t>(kEtNoDrainReadBytes));
      bytes_read += static_cast<std::uint64_t>(e.value);
    }
  }
  EXPECT_GT(bytes_read, 0u);
  EXPECT_LT(bytes_read, total_bytes(spec)) << "the rest stays in the kernel";

  // A factory's first echo comes back only after its last knife was sent.
  std::map<std::uint16_t, int> sends;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Factory) continue;
    if (e.kind == EventKind::ClientSend) ++sends[e.track];
    if (e.kind == EventKind::ClientRecv) {
      EXPECT_EQ(sends[e.track], spec.messages) << "client " << e.track << " got an echo early";
    }
  }
  expect_epoll_examines_only_the_ready(run);
}

// Unticked: the same run reads each notified connection until EAGAIN, and every knife comes
// back.
TEST(LessonClaims, Lesson05DrainingUntilEagainBringsEveryMessageBack) {
  const auto& spec = test::kLesson05;
  Scenario s = scenario_of(spec, spec.models, kTestInterval);
  s.bugs.et_no_drain = false;
  const auto run = test::run_traced(s);
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, total_bytes(spec));
  EXPECT_EQ(run.summary.messages_verified, total_messages(spec));

  // Per wake-up, the last read of each connection read was the "not yet" (or the end).
  std::map<int, TraceEvent> last_read;
  int drained = 0, data = 0;
  auto check_round = [&] {
    for (const auto& [fd, e] : last_read) {
      EXPECT_TRUE(e.value == 0 || (e.value < 0 && e.err == EAGAIN))
          << "fd " << fd << " was left with data unread after an edge";
      ++drained;
    }
    last_read.clear();
  };
  for (const auto& e : buyer_in_order(run)) {
    if (is_end(e, Sys::epoll_wait)) check_round();
    if (!is_end(e, Sys::recvmsg)) continue;
    last_read[e.fd] = e;
    if (e.value > 0) ++data;
  }
  check_round();
  EXPECT_GE(drained, data);
  expect_epoll_examines_only_the_ready(run);
}

// The myth "edge-triggered is faster", answered by the lesson's own scenario with the bug
// unticked, once per mode: when each bell brings one knife, level-triggered reads it and is done,
// while edge-triggered must read again to hear "not yet", a receive call per wake-up that
// level-triggered never makes. Same bells, same knives, more system calls.
TEST(LessonClaims, Lesson05EdgeTriggeredIsNotFasterItPaysAnEagainReadLevelTriggeredNeverMakes) {
  const auto& spec = test::kLesson05;
  struct Reads {
    int data = 0, eagain = 0;
  };
  auto reads_of = [&](const char* model) {
    Scenario s = scenario_of(spec, model, kTestInterval);
    s.bugs.et_no_drain = false;
    const auto run = test::run_traced(s);
    EXPECT_TRUE(run.summary.ok()) << model << ": " << run.summary.error;
    EXPECT_EQ(run.summary.messages_verified, total_messages(spec)) << model;
    Reads r;
    for (const auto& e : buyer_in_order(run)) {
      if (!is_end(e, Sys::recvmsg)) continue;
      if (e.value > 0) ++r.data;
      if (e.value < 0 && e.err == EAGAIN) ++r.eagain;
    }
    return r;
  };
  const Reads level = reads_of("epoll");
  const Reads edge = reads_of("epoll-et");
  EXPECT_EQ(level.eagain, 0) << "level-triggered read a descriptor it was not told was ready";
  ASSERT_GT(level.data, 0);
  ASSERT_GT(edge.data, 0);
  // Every wake-up ends its drain with a "not yet"; a wake-up reads at most the knives that came
  // in together, so at least one EAGAIN for every two data reads on this spaced-out scenario.
  EXPECT_GE(2 * edge.eagain, edge.data) << edge.eagain << " EAGAIN for " << edge.data << " reads";
  EXPECT_GT(edge.data + edge.eagain, level.data + level.eagain);
}

// The lesson's second mistake: four buyers, each with its own epoll instance on the one
// listener. A connection wakes more of them than it feeds, and the rest find the door empty.
TEST(LessonClaims, Lesson05ThunderingHerdWakesEveryBuyerForOneCustomer) {
  const auto& spec = test::kLesson05;
  Scenario s = scenario_of(spec, spec.models, kTestInterval);
  s.bugs.et_no_drain = false;
  s.bugs.thundering_herd = true;
  const auto run = test::run_traced(s);
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.messages_verified, total_messages(spec));
  const test::HerdCount h = test::count_herd(run);
  EXPECT_EQ(h.watching_tracks.size(), static_cast<std::size_t>(kHerdWaiters)) << "buyer rows";
  EXPECT_EQ(h.accepted, spec.clients);
  EXPECT_GE(h.came_up_empty, 1) << "every woken buyer found a customer";
  EXPECT_GT(h.listener_wakeups, h.accepted);
}

// --- Lesson 6: select vs epoll, the scan view -------------------------------------------------

// The scan view runs the experiment with the lesson's numbers: k = clients descriptors made
// ready before each of `messages` timed calls, at each N of fds (see kLesson06).
ScanParams scan_params_of(const test::LessonScenarioSpec& spec) {
  ScanParams p;
  p.mechanisms.clear();
  for (const std::string& id : test::split_commas(spec.models)) {
    const auto m = find_mechanism(id);
    EXPECT_TRUE(m.has_value()) << id;
    if (m) p.mechanisms.push_back(*m);
  }
  p.fds.clear();
  for (const std::string& n : test::split_commas(spec.fds)) p.fds.push_back(std::stoi(n));
  p.active = spec.clients;
  p.rounds = spec.messages;
  return p;
}

const ScanResult* result_for(const ScanReport& rep, ScanMechanism m, int n) {
  for (const auto& r : rep.results)
    if (r.mechanism == m && r.fds == n) return &r;
  ADD_FAILURE() << "no result for " << mechanism_id(m) << " at N = " << n;
  return nullptr;
}

// The three mechanisms' results at N descriptors (null where one is missing, which fails the
// test).
struct AtN {
  const ScanResult* sel;
  const ScanResult* pol;
  const ScanResult* ep;
};
AtN at_n(const ScanReport& rep, int n) {
  return {result_for(rep, ScanMechanism::Select, n), result_for(rep, ScanMechanism::Poll, n),
          result_for(rep, ScanMechanism::Epoll, n)};
}

// The predict question's answer, and the two classrooms: at every N, select examines every
// descriptor number up to the highest (at least N), poll exactly N, and epoll_wait only the k
// that are ready; epoll_ctl was called once per descriptor, before the waits.
TEST(LessonClaims, Lesson06SelectAndPollExamineEveryDescriptorEpollOnlyTheReadyOnes) {
  const auto& spec = test::kLesson06;
  const ScanParams p = scan_params_of(spec);
  ASSERT_EQ(p.mechanisms.size(), 3u);
  ASSERT_EQ(p.fds, (std::vector<int>{10, 100, 1000}));
  StopSignal stop;
  const ScanReport rep = run_scan(p, stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  const int k = spec.clients;
  for (const int n : p.fds) {
    SCOPED_TRACE("N = " + std::to_string(n));
    const auto [sel, pol, ep] = at_n(rep, n);
    ASSERT_TRUE(sel && pol && ep);
    ASSERT_FALSE(sel->skipped) << sel->reason;  // 1000 descriptors fit below FD_SETSIZE
    ASSERT_FALSE(pol->skipped) << pol->reason;
    ASSERT_FALSE(ep->skipped) << ep->reason;
    EXPECT_EQ(sel->scanned, sel->max_fd + 1) << "select examines every number below nfds";
    EXPECT_GE(sel->scanned, n);
    EXPECT_LT(sel->max_fd, FD_SETSIZE);
    EXPECT_EQ(pol->scanned, n);
    EXPECT_EQ(ep->scanned, k);
    for (const ScanResult* r : {sel, pol, ep}) {
      EXPECT_EQ(r->ready, k) << mechanism_id(r->mechanism);
      EXPECT_GE(r->calls, spec.messages) << mechanism_id(r->mechanism);
    }
    ASSERT_TRUE(ep->registration.has_value());
    EXPECT_EQ(ep->registration->call, "epoll_ctl");
    EXPECT_EQ(ep->registration->fds, n) << "one epoll_ctl per descriptor, once";
    EXPECT_FALSE(sel->registration.has_value());
    EXPECT_FALSE(pol->registration.has_value());
  }
  // The answer itself: at 1000 descriptors, about 1000 for select, one for epoll_wait.
  const ScanResult* sel = result_for(rep, ScanMechanism::Select, 1000);
  const ScanResult* ep = result_for(rep, ScanMechanism::Epoll, 1000);
  ASSERT_TRUE(sel && ep);
  EXPECT_GE(sel->scanned, 1000);
  EXPECT_EQ(ep->scanned, 1);
}

// "Set Done k equal to Students N": with every descriptor ready on every call, epoll examines
// as many as it returns, all of them, like poll; select's count is the same give or take the
// descriptors the program already held. The case where select is not slower.
TEST(LessonClaims, Lesson06WithEveryDescriptorReadyEpollExaminesAsManyAsPoll) {
  const auto& spec = test::kLesson06;
  ScanParams p = scan_params_of(spec);
  p.fds = {10};
  p.all_active = true;
  StopSignal stop;
  const ScanReport rep = run_scan(p, stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  const auto [sel, pol, ep] = at_n(rep, 10);
  ASSERT_TRUE(sel && pol && ep);
  ASSERT_FALSE(sel->skipped) << sel->reason;
  EXPECT_EQ(ep->ready, 10);
  EXPECT_EQ(ep->scanned, 10);
  EXPECT_EQ(pol->scanned, 10);
  EXPECT_EQ(pol->ready, 10);
  EXPECT_EQ(sel->ready, 10);
  EXPECT_EQ(sel->scanned, sel->max_fd + 1);
}

// "Add 2000 to Sweep N": select is skipped with FD_SETSIZE as the reason; poll and epoll are
// measured, and examine N and k as before.
TEST(LessonClaims, Lesson06SelectStopsAtFdSetsizeWherePollAndEpollCarryOn) {
  const auto& spec = test::kLesson06;
  ScanParams p = scan_params_of(spec);
  p.fds = {2000};
  auto ceiling = raise_fd_limit();
  ASSERT_TRUE(ceiling.ok()) << ceiling.error().message;
  if (ceiling->max_fds < 2000)
    GTEST_SKIP() << "this process may not open 2000 descriptors: " << ceiling->why;
  StopSignal stop;
  const ScanReport rep = run_scan(p, stop);
  ASSERT_TRUE(rep.ok()) << rep.error;
  const auto [sel, pol, ep] = at_n(rep, 2000);
  ASSERT_TRUE(sel && pol && ep);
  EXPECT_TRUE(sel->skipped);
  EXPECT_NE(sel->reason.find("FD_SETSIZE"), std::string::npos) << sel->reason;
  ASSERT_FALSE(pol->skipped) << pol->reason;
  ASSERT_FALSE(ep->skipped) << ep->reason;
  EXPECT_EQ(pol->scanned, 2000);
  EXPECT_GE(pol->max_fd, FD_SETSIZE);
  EXPECT_EQ(ep->scanned, spec.clients);
}

// --- Lesson 7: signal-driven I/O --------------------------------------------------------------

bool is_signal(const TraceEvent& e) {
  return e.lane == Lane::Buyer && e.kind == EventKind::Notify && e.sys == Sys::none;
}

// The whole lesson on its own scenario: the phone number is left with three fcntl calls per
// descriptor; the process never makes a waiting call and works most of the time; a signal that
// names the connection comes after its knife reached the kernel and before the read that takes
// it; that read finds the data already in the kernel (no phase-1 wait inside it); each read
// with data is followed by another read on the same connection (until EAGAIN); no overflow.
// "Sigio" in the name: the tsan preset's filter leaves the sigio tests out, for the reason the
// README gives (ThreadSanitizer holds asynchronous signals back until the thread enters one of
// its interceptors and can lose them, so the server stalls for TSan's reasons, not the model's).
TEST(LessonClaims, Lesson07SigioASignalNamingTheConnectionPrecedesEachReadThatNeverWaits) {
  const auto& spec = test::kLesson07;
  const auto run = test::run_traced(scenario_of(spec, spec.models, kTestInterval));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  EXPECT_EQ(run.summary.bytes_verified, total_bytes(spec));

  // One buyer thread, no readiness call at all, and work meanwhile.
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    EXPECT_EQ(e.track, 0) << "a second buyer thread";
  }
  for (const Sys waiting : {Sys::select, Sys::pselect6, Sys::poll, Sys::epoll_wait,
                            Sys::rt_sigtimedwait, Sys::io_uring_enter})
    EXPECT_EQ(syscalls(run, waiting), 0u) << to_string(waiting);
  // Mostly work: more than half of the buyer's row, from its first call to its last. (Not of
  // the run's duration, which also holds the factory's setup and teardown around the row: on a
  // loaded machine those can take longer than the row itself.)
  std::int64_t worked_ns = 0;
  std::int64_t row_from = INT64_MAX, row_to = INT64_MIN;
  for (const auto& e : run.events) {
    if (e.lane != Lane::Buyer) continue;
    if (e.kind == EventKind::Work) worked_ns += e.aux;
    if (e.kind == EventKind::SyscallBegin) row_from = std::min(row_from, e.t_ns);
    if (e.kind == EventKind::SyscallEnd) row_to = std::max(row_to, e.t_ns);
  }
  EXPECT_GT(run.summary.counters.work_units, 0u);
  ASSERT_LT(row_from, row_to);
  EXPECT_GT(worked_ns * 2, row_to - row_from) << "the buyer's row is mostly other work";

  // Three fcntl calls (F_SETOWN_EX, F_SETSIG, F_SETFL) for the listener and each connection.
  std::map<int, int> fcntl_per_fd;
  for (const auto& c : test::calls(run, Sys::fcntl)) ++fcntl_per_fd[c.begin.fd];
  std::set<int> accepted;
  int listener = -1;
  for (const auto& c : test::calls(run, Sys::accept4)) {
    listener = c.begin.fd;
    if (c.end.value >= 0) accepted.insert(static_cast<int>(c.end.value));
  }
  ASSERT_GE(fcntl_per_fd[listener], 3) << "the listener's phone number";
  ASSERT_EQ(accepted.size(), static_cast<std::size_t>(spec.clients));
  for (const int fd : accepted) EXPECT_EQ(fcntl_per_fd[fd], 3) << "fd " << fd;

  // Every signal names a descriptor of ours (the listener rings for a new connection); none is
  // an overflow at one knife a second.
  const auto signals = test::select_events(run, is_signal);
  ASSERT_FALSE(signals.empty());
  for (const auto& s : signals) {
    EXPECT_EQ(s.flags & flag::kOverflow, 0) << "a signal queue overflow";
    EXPECT_TRUE(s.aux == listener || accepted.count(static_cast<int>(s.aux)) == 1)
        << "a signal for fd " << s.aux;
  }

  // Each read with data: a signal for its connection came between the previous read with data
  // there and this one's return. Owed none: a connection's very first read, made unasked right
  // after accepting it, when its data reached the kernel before the connection's phone number
  // was left (its last fcntl): data that came before O_ASYNC raised no signal. A factory sends
  // its first knife an interval after connecting, usually long after that read - but a loaded
  // machine can accept the connection late, after the knife. Where the kernel stamped the data:
  // the signal came after the knife reached the kernel (give or take the clock conversion), and
  // the data was there when the read began, so the read did not wait.
  std::map<int, std::int64_t> number_left;  // fd -> end of its last fcntl
  for (const auto& c : test::calls(run, Sys::fcntl))
    number_left[c.begin.fd] = std::max(number_left[c.begin.fd], c.end.t_ns);
  const auto reads = data_reads(run);
  EXPECT_EQ(bytes_in(reads), total_bytes(spec));
  constexpr std::int64_t kClockSlack = 1'000'000;
  std::map<int, std::int64_t> previous_begin;
  int signalled = 0, checked = 0, stamped = 0, rang_after_arrival = 0, unasked = 0;
  for (const auto& r : reads) {
    const int fd = r.call.begin.fd;
    const auto prev = previous_begin.find(fd);
    const bool first = prev == previous_begin.end();
    const std::int64_t after = first ? INT64_MIN : prev->second;
    previous_begin[fd] = r.call.begin.t_ns;
    const bool stamped_read = (r.ready.flags & flag::kInferred) == 0;
    if (first && stamped_read && r.ready.t_ns < number_left[fd]) {
      ++unasked;
      continue;
    }
    ++checked;
    for (const auto& s : signals) {
      if (s.t_ns <= after || s.aux != fd) continue;
      if (s.t_ns > r.call.end.t_ns) break;
      ++signalled;
      break;
    }
    if ((r.ready.flags & flag::kInferred) != 0) continue;
    ++stamped;
    EXPECT_EQ(r.copy_begin.flags & flag::kWaited, 0) << "a read on fd " << fd << " waited";
    EXPECT_LE(r.ready.t_ns, r.call.begin.t_ns) << "the data came after the read began";
    for (const auto& s : signals) {
      if (s.aux != fd || s.t_ns < r.ready.t_ns - kClockSlack) continue;
      if (s.t_ns <= r.call.end.t_ns) ++rang_after_arrival;
      break;
    }
  }
  EXPECT_EQ(rang_after_arrival, stamped) << "knives with no phone call between arrival and read";
  EXPECT_EQ(signalled, checked) << "reads with data that no signal announced";
  EXPECT_LE(unasked, spec.clients) << "at most one unasked read per connection";

  // A signal is an edge: after each read with data, the buyer reads that connection again.
  std::map<int, std::vector<std::int64_t>> results;
  for (const auto& c : test::calls(run, Sys::recvmsg)) results[c.begin.fd].push_back(c.end.value);
  int eagain = 0;
  for (const auto& c : test::calls(run, Sys::recvmsg))
    if (c.end.value < 0 && c.end.err == EAGAIN) ++eagain;
  for (const auto& [fd, values] : results) {
    ASSERT_FALSE(values.empty());
    EXPECT_LE(values.back(), 0) << "fd " << fd << ": the last read took data and none followed";
  }
  // Counted against the reads with data this run made, not the knives sent: a server run late
  // (a loaded machine) takes two knives in one read.
  EXPECT_GE(eagain, static_cast<int>(reads.size()) - spec.clients)
      << "each knife's read is followed by a 'not yet'";
}

}  // namespace
}  // namespace ioscope
