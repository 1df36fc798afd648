// The verdict's rules on programs whose calls are written out here: what makes a thread each
// model, which evidence wins, when a program is mixed, and when it has no model at all. (The
// verdict on real servers, traced live and from strace logs, is tests/cli/cli_trace_test.cpp.)
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <cerrno>

#include "foreign/model_verdict.hpp"

namespace {

using ioscope::CallKind;
using ioscope::ModelVerdict;
using ioscope::name_model;
using ioscope::ObservedCall;
using ioscope::ObservedProgram;

ObservedCall call(int tid, CallKind kind, std::int64_t ret = 0) {
  ObservedCall c;
  c.tid = tid;
  c.kind = kind;
  c.ret = ret;
  c.on_socket = true;
  return c;
}

ObservedCall epoll_add(int tid, std::uint64_t events) {
  ObservedCall c = call(tid, CallKind::EpollCtl);
  c.op = 1;  // EPOLL_CTL_ADD
  c.arg = events;
  return c;
}

void repeat(ObservedProgram& p, int n, const ObservedCall& c) {
  for (int i = 0; i < n; ++i) p.calls.push_back(c);
}

TEST(ModelVerdict, ThreadsThatOnlyReadAreBlockingOneThreadEach) {
  ObservedProgram p;
  p.calls.push_back(call(1, CallKind::Accept, 5));
  p.calls.push_back(call(1, CallKind::Accept, 6));
  repeat(p, 10, call(2, CallKind::Receive, 64));
  repeat(p, 10, call(3, CallKind::Receive, 64));
  const ModelVerdict v = name_model(p);
  EXPECT_EQ(v.model, "blocking");
  EXPECT_EQ(v.counts.io_threads, 2);
  EXPECT_EQ(v.counts.accepts, 2);
  EXPECT_DOUBLE_EQ(v.confidence, 1.0);
  EXPECT_NE(v.evidence.find("2 threads"), std::string::npos) << v.evidence;
}

TEST(ModelVerdict, EagainWithNoWaitingCallIsNonBlockingPolling) {
  ObservedProgram p;
  repeat(p, 50, call(1, CallKind::Receive, -EAGAIN));
  repeat(p, 5, call(1, CallKind::Receive, 64));
  const ModelVerdict v = name_model(p);
  EXPECT_EQ(v.model, "nonblocking");
  EXPECT_NE(v.evidence.find("50 of 55"), std::string::npos) << v.evidence;
}

TEST(ModelVerdict, TheWaitingCallNamesTheMultiplexer) {
  for (const auto& [kind, model] :
       {std::pair{CallKind::Select, "select"}, std::pair{CallKind::Poll, "poll"},
        std::pair{CallKind::EpollWait, "epoll"}, std::pair{CallKind::UringEnter, "io_uring"}}) {
    ObservedProgram p;
    for (int i = 0; i < 10; ++i) {
      p.calls.push_back(call(1, kind, 1));
      if (kind != CallKind::UringEnter) p.calls.push_back(call(1, CallKind::Receive, 64));
    }
    EXPECT_EQ(name_model(p).model, model) << call_kind_name(kind);
  }
}

TEST(ModelVerdict, EdgeTriggeredWhenMostRegistrationsCarryEpollet) {
  ObservedProgram p;
  p.calls.push_back(epoll_add(1, 0x1));                        // the listener, level-triggered
  p.calls.push_back(epoll_add(1, 0x1 | 0x2000 | (1u << 31)));  // each connection, EPOLLET
  p.calls.push_back(epoll_add(1, 0x1 | 0x2000 | (1u << 31)));
  repeat(p, 10, call(1, CallKind::EpollWait, 1));
  repeat(p, 10, call(1, CallKind::Receive, 64));
  repeat(p, 10, call(1, CallKind::Receive, -EAGAIN));
  ModelVerdict v = name_model(p);
  EXPECT_EQ(v.model, "epoll-et");
  EXPECT_NE(v.evidence.find("2 EPOLLET registrations of 3"), std::string::npos) << v.evidence;

  p.calls.push_back(epoll_add(1, 0x1));
  p.calls.push_back(epoll_add(1, 0x1));
  EXPECT_EQ(name_model(p).model, "epoll") << "level-triggered registrations are the most";
}

TEST(ModelVerdict, AskingForSignalsOutweighsTheReadsItLeadsTo) {
  ObservedProgram p;
  ObservedCall setfl = call(1, CallKind::Fcntl);
  setfl.op = F_SETFL;
  setfl.arg = O_NONBLOCK | O_ASYNC;
  p.calls.push_back(setfl);
  repeat(p, 10, call(1, CallKind::Receive, 64));
  repeat(p, 10, call(1, CallKind::Receive, -EAGAIN));
  EXPECT_EQ(name_model(p).model, "sigio");

  p.calls.front().arg = O_NONBLOCK;  // non-blocking only: no signal was asked for
  EXPECT_EQ(name_model(p).model, "nonblocking");
}

TEST(ModelVerdict, OnlySignalsThatSayADescriptorIsReadyCount) {
  ObservedProgram p;
  ObservedCall child = call(7, CallKind::Signal);
  child.op = SIGCHLD;
  repeat(p, 5, child);
  repeat(p, 10, call(1, CallKind::EpollWait, 1));
  repeat(p, 10, call(1, CallKind::Receive, 64));
  ModelVerdict v = name_model(p);
  EXPECT_EQ(v.counts.signals_seen, 0);
  EXPECT_EQ(v.model, "epoll") << "a parent told of its children is not signal-driven I/O";
  ObservedCall rt = call(1, CallKind::Signal);
  rt.op = 34;  // SIGRTMIN, as F_SETSIG picks
  p.calls.push_back(rt);
  EXPECT_EQ(name_model(p).counts.signals_seen, 1);
}

TEST(ModelVerdict, AnEventLoopBesideBlockingThreadsIsMixedAndSaysWhichParts) {
  ObservedProgram p;
  repeat(p, 30, call(1, CallKind::EpollWait, 1));
  repeat(p, 30, call(1, CallKind::Receive, 64));
  repeat(p, 20, call(2, CallKind::Receive, 64));
  repeat(p, 20, call(3, CallKind::Receive, 64));
  const ModelVerdict v = name_model(p);
  EXPECT_EQ(v.model, "mixed");
  ASSERT_EQ(v.parts.size(), 2u);
  EXPECT_EQ(v.parts[0], "epoll");
  EXPECT_EQ(v.parts[1], "blocking");
  EXPECT_NE(v.evidence.find("blocking (2 threads, 40 calls)"), std::string::npos) << v.evidence;
}

TEST(ModelVerdict, AFewStrayCallsBesideTheLoopDoNotMakeItMixed) {
  ObservedProgram p;
  repeat(p, 100, call(1, CallKind::EpollWait, 1));
  repeat(p, 100, call(1, CallKind::Receive, 64));
  repeat(p, 3, call(2, CallKind::Receive, 64));  // a helper thread reading once in a while
  const ModelVerdict v = name_model(p);
  EXPECT_EQ(v.model, "epoll");
  EXPECT_LT(v.confidence, 1.0);
  EXPECT_GT(v.confidence, 0.9);
}

TEST(ModelVerdict, ACallStillRunningWhenTheTraceStoppedCountsOnlyIfItWaits) {
  ObservedProgram p;
  ObservedCall waiting = call(1, CallKind::EpollWait);
  waiting.returned = false;
  ObservedCall accepting = call(2, CallKind::Accept, 0);
  accepting.returned = false;
  p.calls.push_back(waiting);
  p.calls.push_back(accepting);
  const ModelVerdict v = name_model(p);
  EXPECT_EQ(v.counts.epoll_waits, 1);
  EXPECT_EQ(v.counts.accepts, 0) << "an accept that has not returned accepted nothing";
  EXPECT_LE(v.confidence, 0.5) << "one call is thin evidence";
}

TEST(ModelVerdict, NoSocketIoIsNoModel) {
  ObservedProgram p;
  ObservedCall file_read = call(1, CallKind::Receive, 100);
  file_read.on_socket = false;
  repeat(p, 20, file_read);
  repeat(p, 5, call(1, CallKind::Other));
  const ModelVerdict v = name_model(p);
  EXPECT_EQ(v.model, "none");
  EXPECT_EQ(v.confidence, 0);
  EXPECT_NE(v.evidence.find("25 system calls"), std::string::npos) << v.evidence;
}

}  // namespace
