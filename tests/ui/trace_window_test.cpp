// File > Trace a program, driven as a user would: a Python select server written for a course,
// started and traced by the app under load, drawn on the timeline as it runs, its model named
// when the trace ends. Needs the kernel probe (root, BTF): the suite's name says so, so that a
// skip where the probe must run (CI) fails.
#include <gtest/gtest.h>

#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "bridge/run_controller.hpp"
#include "net/socket_ops.hpp"
#include "probe/probe_availability.hpp"
#include "timeline/timeline_flow.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"
#include "window/trace_dialog.hpp"

namespace ioscope::ui {
namespace {

std::uint16_t free_port() {
  Fd fd(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len) != 0)
    return 0;
  return ntohs(a.sin_port);
}

TEST(TraceProbeWindow, APythonSelectServerIsDrawnLiveAndNamedSelect) {
  const ProbeAvailability a = check_probe_availability();
  if (!a.can_run()) GTEST_SKIP() << "kernel probe unavailable: " << a.reasons.front();
  const std::uint16_t port = free_port();
  ASSERT_NE(port, 0);
  // Clients that keep coming while the trace runs: connect, echo a few, leave.
  std::atomic<bool> stop_load{false};
  std::atomic<int> echoed{0};
  std::thread load([&] {
    while (!stop_load) {
      auto fd = connect_loopback(port);
      if (!fd.ok()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      for (int i = 0; i < 5 && !stop_load; ++i) {
        const char m[] = "knife";
        if (::send(fd->get(), m, sizeof m, MSG_NOSIGNAL) != sizeof m) break;
        char back[sizeof m];
        if (::recv(fd->get(), back, sizeof back, MSG_WAITALL) != sizeof back) break;
        ++echoed;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  });
  MainWindow w;
  w.show();
  ForeignTarget target;
  target.argv = {"python3", std::string(IOSCOPE_FOREIGN_SERVERS) + "/select_server.py",
                 std::to_string(port)};
  ASSERT_TRUE(w.startTrace(target));
  EXPECT_TRUE(w.controller()->running());
  // Drawn live: events arrive while the program still runs.
  QTRY_VERIFY_WITH_TIMEOUT(echoed.load() > 10 && w.controller()->document().size() > 20, 20'000);
  EXPECT_TRUE(w.controller()->running());
  QSignalSpy done(w.controller(), &RunController::finished);
  w.stopRun();
  ASSERT_TRUE(done.count() > 0 || done.wait(10'000));
  stop_load = true;
  load.join();

  const auto& trace = w.controller()->traceResult();
  ASSERT_TRUE(trace.has_value());
  ASSERT_TRUE(trace->ok()) << trace->error;
  EXPECT_EQ(trace->verdict.model, "select") << trace->verdict.evidence;
  EXPECT_STREQ(trace->stopped_with, "SIGINT");
  // The waits are on the timeline under their own name, and the verdict is written above it.
  bool saw_select = false;
  const TraceDocument& doc = w.controller()->document();
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const TraceEvent& e = doc.event(static_cast<std::uint32_t>(i));
    saw_select = saw_select || (e.kind == EventKind::SyscallBegin &&
                                (e.sys == Sys::pselect6 || e.sys == Sys::select));
  }
  EXPECT_TRUE(saw_select);
  // The kernel's side, measured: the clients drawn as factories, their data seen arriving in the
  // kernel, and messages followed from a client's send to the call of the server that read it.
  std::size_t peers = 0, sends = 0, followed = 0;
  for (const Track& t : doc.tracks()) {
    if (t.id.lane != Lane::Factory) continue;
    ++peers;
    for (std::size_t k = 0; k < t.marks.size(); ++k) {
      if (t.marks[k].kind != EventKind::ClientSend) continue;
      ++sends;
      const FlowLink link = resolveFlow(doc, t.marks[k]);
      if (link.ready && link.taker) ++followed;
    }
  }
  EXPECT_GE(peers, 1u);
  EXPECT_GT(sends, 0u);
  EXPECT_GT(followed, 0u) << sends << " sends, none followed to the server's read";
  ASSERT_TRUE(trace->kernel.data_queued > 0 && trace->kernel.copies > 0);
  EXPECT_TRUE(w.timeline()->banner().contains(QStringLiteral("select")))
      << w.timeline()->banner().toStdString();
  EXPECT_TRUE(w.timeline()->banner().contains(QStringLiteral("select_server.py")));
}

TEST(TraceProbeWindow, ACommandThatDoesNotExistSaysSoAndTheWindowGoesOn) {
  const ProbeAvailability a = check_probe_availability();
  if (!a.can_run()) GTEST_SKIP() << "kernel probe unavailable: " << a.reasons.front();
  MainWindow w;
  ForeignTarget target;
  target.argv = {"no-such-program-ioscope"};
  ASSERT_TRUE(w.startTrace(target));
  QSignalSpy done(w.controller(), &RunController::finished);
  ASSERT_TRUE(done.count() > 0 || done.wait(10'000));
  ASSERT_TRUE(w.controller()->traceResult().has_value());
  EXPECT_NE(w.controller()->traceResult()->error.find("command not found"), std::string::npos);
  EXPECT_FALSE(w.controller()->running());
  EXPECT_TRUE(w.startRun()) << "the window must go on after a failed trace";
  w.stopRun();
  QSignalSpy again(w.controller(), &RunController::finished);
  ASSERT_TRUE(again.count() > 0 || again.wait(10'000));
}

}  // namespace
}  // namespace ioscope::ui

namespace ioscope::ui {
namespace {

// The dialog: a typed command is split as a shell would split it; a picked process is traced
// by pid; Trace stays off until one of them is given.
TEST(TraceDialog, ACommandIsSplitAndAPickedProcessIsTracedByPid) {
  TraceDialog d;
  EXPECT_FALSE(d.target().argv.size() || d.target().pid) << "nothing given yet";
  d.commandEdit()->setText(QStringLiteral("python3 'my server.py' 9000"));
  const ForeignTarget t = d.target();
  ASSERT_EQ(t.argv.size(), 3u);
  EXPECT_EQ(t.argv[1], "my server.py");
  EXPECT_EQ(t.pid, 0);
  d.commandEdit()->setText(QStringLiteral("sh -c \"echo \\\"hi\\\"\" a\\ b"));
  const ForeignTarget quoted = d.target();
  ASSERT_EQ(quoted.argv.size(), 4u);
  EXPECT_EQ(quoted.argv[2], "echo \"hi\"");
  EXPECT_EQ(quoted.argv[3], "a b");

  auto listener = listen_loopback(0);  // this process now has a TCP socket: it is listed
  ASSERT_TRUE(listener.ok());
  d.refreshProcesses();
  d.commandEdit()->clear();
  QListWidgetItem* mine = nullptr;
  for (int i = 0; i < d.processList()->count(); ++i)
    if (d.processList()->item(i)->data(Qt::UserRole).toInt() == ::getpid())
      mine = d.processList()->item(i);
  ASSERT_NE(mine, nullptr) << "a process listening on TCP is not offered";
  EXPECT_TRUE(mine->text().contains(QString::number(listener->port))) << mine->text().toStdString();
  mine->setSelected(true);
  EXPECT_EQ(d.target().pid, ::getpid());
  EXPECT_TRUE(d.target().argv.empty());
}

}  // namespace
}  // namespace ioscope::ui
