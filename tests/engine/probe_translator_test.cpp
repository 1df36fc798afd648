// The probe translator on records shaped as the kernel sends them, for a traced program (rows
// by the caller's choice, peers drawn as factories). Real probe runs are in tests/probe and
// tests/cli; this pins what the translator makes of each record, FINs and unnamed sockets
// included, without needing root.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "probe/probe_events.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {
namespace {

constexpr std::uint32_t kTarget = 4000;    // the traced process
constexpr std::uint32_t kPeerTgid = 5000;  // its client, whose send queues the data
constexpr std::int64_t kRead = 0, kAccept4 = 288;

ProbeRecord record(ProbeKind kind, std::uint64_t t, std::uint32_t tid, std::uint32_t tgid) {
  ProbeRecord r{};
  r.t_ns = t;
  r.kind = static_cast<std::uint32_t>(kind);
  r.tid = tid;
  r.tgid = tgid;
  return r;
}

ProbeRecord accepted(std::uint64_t t, std::uint32_t tid, std::uint64_t sock, int fd) {
  ProbeRecord r = record(ProbeKind::SyscallExit, t, tid, kTarget);
  r.a = kAccept4;
  r.b = fd;
  r.sock = sock;
  return r;
}

ProbeRecord queued(std::uint64_t t, std::uint64_t sock, std::int64_t bytes, std::uint32_t port,
                   bool fin = false) {
  ProbeRecord r = record(ProbeKind::SkDataReady, t, kPeerTgid + 1, kPeerTgid);
  r.sock = sock;
  r.a = bytes;
  r.b = 6;
  r.extra = port;
  if (fin) r.flags |= IOSCOPE_PF_PEER_CLOSED;
  return r;
}

class TracedProgram : public ::testing::Test {
 protected:
  // Every thread of the target a buyer row, in the order asked; others none.
  ProbeTranslator::RowOf rows() {
    return [this](const ProbeRecord& r) -> std::optional<TraceHub::ThreadRole> {
      if (r.tgid != kTarget) return std::nullopt;
      auto it = std::find(tids_.begin(), tids_.end(), r.tid);
      if (it == tids_.end()) it = tids_.insert(tids_.end(), r.tid);
      return TraceHub::ThreadRole{Lane::Buyer, static_cast<std::uint16_t>(it - tids_.begin())};
    };
  }
  std::vector<TraceEvent> drain() {
    std::vector<TraceEvent> out;
    hub_.drain(out);
    std::sort(out.begin(), out.end(),
              [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
    return out;
  }
  static std::vector<TraceEvent> of(const std::vector<TraceEvent>& v, EventKind kind) {
    std::vector<TraceEvent> out;
    std::copy_if(v.begin(), v.end(), std::back_inserter(out),
                 [kind](const TraceEvent& e) { return e.kind == kind; });
    return out;
  }

  TraceHub hub_;
  std::unique_ptr<TraceWriter> writer_ = hub_.make_writer(Lane::Shopkeeper, 0, false);
  std::vector<std::uint32_t> tids_;
};

TEST_F(TracedProgram, EachPeerIsAFactoryAndEachOfItsSendsIsDrawnWhenItsDataWasQueued) {
  ProbeTranslator t(rows(), *writer_, /*peers_as_factories=*/true);
  const std::vector<ProbeRecord> records = {
      accepted(100, kTarget, 0xA, 5), accepted(110, kTarget, 0xB, 6), queued(200, 0xA, 16, 50001),
      queued(210, 0xB, 16, 50002),    queued(300, 0xA, 16, 50001),
  };
  t.consume(records);
  t.finish();
  const auto events = drain();
  const auto sends = of(events, EventKind::ClientSend);
  const auto arrivals = of(events, EventKind::DataQueued);
  ASSERT_EQ(sends.size(), 3u);
  ASSERT_EQ(arrivals.size(), 3u);
  EXPECT_EQ(t.counts().peers, 2u);
  EXPECT_EQ(t.counts().data_queued, 3u);
  for (std::size_t i = 0; i < sends.size(); ++i) {
    // The send and its arrival: one moment (sk_data_ready runs in the sender's send), one
    // connection, one message number.
    EXPECT_EQ(sends[i].lane, Lane::Factory);
    EXPECT_EQ(sends[i].t_ns, arrivals[i].t_ns);
    EXPECT_EQ(sends[i].conn, arrivals[i].conn);
    EXPECT_EQ(sends[i].aux, arrivals[i].aux);
    EXPECT_EQ(source_of(sends[i]), Source::Probe);
  }
  // A row per peer, in the order they first sent; message numbers count per peer.
  EXPECT_EQ(sends[0].track, 0);
  EXPECT_EQ(sends[1].track, 1);
  EXPECT_EQ(sends[2].track, 0);
  EXPECT_EQ(sends[2].aux, 1);
  EXPECT_EQ(arrivals[0].fd, 5);
  EXPECT_EQ(arrivals[1].fd, 6);
}

TEST_F(TracedProgram, APeersCloseIsNotASend) {
  ProbeTranslator t(rows(), *writer_, true);
  const std::vector<ProbeRecord> records = {
      accepted(100, kTarget, 0xA, 5),
      accepted(110, kTarget, 0xB, 6),
      queued(200, 0xA, 16, 50001),
      queued(300, 0xA, 0, 50001, /*fin=*/true),
      queued(400, 0xB, 8, 50002, /*fin=*/true),  // data and FIN unread together: still a close
  };
  t.consume(records);
  const auto events = drain();
  EXPECT_EQ(of(events, EventKind::ClientSend).size(), 1u);
  EXPECT_EQ(t.counts().peers, 1u);
  EXPECT_EQ(of(events, EventKind::DataQueued).size(), 3u);  // the kernel's side keeps them all
}

TEST_F(TracedProgram, DataQueuedBeforeTheSocketIsNamedWaitsForItsNameAndKeepsItsTime) {
  ProbeTranslator t(rows(), *writer_, true);
  // Attached to a running server: the data came first, the read that names the socket later.
  ProbeRecord read = record(ProbeKind::SyscallEnter, 500, kTarget + 1, kTarget);
  read.a = kRead;
  read.b = 9;
  read.sock = 0xC;
  const std::vector<ProbeRecord> records = {queued(200, 0xC, 32, 50003), read};
  t.consume(records);
  const auto events = drain();
  const auto arrivals = of(events, EventKind::DataQueued);
  ASSERT_EQ(arrivals.size(), 1u);
  EXPECT_EQ(arrivals[0].t_ns, 200);
  EXPECT_EQ(arrivals[0].fd, 9);
  EXPECT_EQ(of(events, EventKind::ClientSend).size(), 1u);
}

TEST_F(TracedProgram, WakeUpsAndCopiesAreDrawnOnTheThreadsRowTheCallerChose) {
  ProbeTranslator t(rows(), *writer_, true);
  const std::uint32_t first = kTarget, second = kTarget + 7;
  std::vector<ProbeRecord> records;
  // The first thread shows up first (an accept); the second sleeps in a read, is woken by the
  // peer's data, and copies it.
  records.push_back(accepted(100, first, 0xA, 5));
  ProbeRecord read = record(ProbeKind::SyscallEnter, 150, second, kTarget);
  read.a = kRead;
  read.b = 5;
  read.sock = 0xA;
  records.push_back(read);
  ProbeRecord out = record(ProbeKind::SwitchOut, 160, second, kTarget);
  out.a = 1;  // asleep
  records.push_back(out);
  records.push_back(queued(200, 0xA, 16, 50001));
  ProbeRecord waking = record(ProbeKind::Waking, 201, second, kTarget);
  waking.a = kPeerTgid + 1;
  records.push_back(waking);
  records.push_back(record(ProbeKind::SwitchIn, 230, second, kTarget));
  ProbeRecord copy = record(ProbeKind::CopyBegin, 240, second, kTarget);
  copy.sock = 0xA;
  records.push_back(copy);
  ProbeRecord ret = record(ProbeKind::RecvReturn, 250, second, kTarget);
  ret.a = 16;
  ret.sock = 0xA;
  records.push_back(ret);
  t.consume(records);
  const auto events = drain();
  const auto wakeups = of(events, EventKind::Wakeup);
  const auto copies = of(events, EventKind::KernelCopy);
  ASSERT_EQ(wakeups.size(), 1u);
  ASSERT_EQ(copies.size(), 1u);
  EXPECT_EQ(wakeups[0].track, 1);  // the second thread's row
  EXPECT_EQ(wakeups[0].aux, 29);   // sched_waking to back on a CPU
  EXPECT_EQ(wakeups[0].value, kPeerTgid + 1);
  EXPECT_EQ(copies[0].track, 1);
  EXPECT_EQ(copies[0].value, 16);
  EXPECT_EQ(copies[0].fd, 5);
}

TEST_F(TracedProgram, ARunDrawsNoPeers) {
  // A run of ioscope's own models has its factory: the translator adds none.
  ProbeTranslator t(rows(), *writer_, /*peers_as_factories=*/false);
  const std::vector<ProbeRecord> records = {accepted(100, kTarget, 0xA, 5),
                                            queued(200, 0xA, 16, 50001)};
  t.consume(records);
  const auto events = drain();
  EXPECT_TRUE(of(events, EventKind::ClientSend).empty());
  ASSERT_EQ(of(events, EventKind::DataQueued).size(), 1u);
  EXPECT_EQ(of(events, EventKind::DataQueued)[0].conn, 0u);
  EXPECT_EQ(t.counts().peers, 0u);
}

}  // namespace
}  // namespace ioscope
