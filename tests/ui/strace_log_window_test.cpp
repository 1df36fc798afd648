// File > Open an strace log: a program's calls from a log it made (no probe, no root), drawn as a
// trace's and its model named; a bad log names its line and leaves the window as it was.
#include <gtest/gtest.h>

#include <QTemporaryDir>

#include <fstream>

#include "bridge/run_controller.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"

namespace ioscope::ui {
namespace {

// Lines of a real strace -f -tt -T -yy log of a Python select.select echo server (ports kept).
const char* kSelectServerLog =
    "5786  18:32:13.531732 listen(3<TCP:[127.0.0.1:35729]>, 128) = 0 <0.000062>\n"
    "5786  18:32:13.535439 accept4(3<TCP:[127.0.0.1:35729]>, {sa_family=AF_INET, "
    "sin_port=htons(35626), sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC) = "
    "4<TCP:[127.0.0.1:35729->127.0.0.1:35626]> <0.008357>\n"
    "5786  18:32:13.546898 pselect6(5, [4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>], NULL, NULL, "
    "NULL, NULL) = 1 (in [4]) <0.000033>\n"
    "5786  18:32:13.546984 recvfrom(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>, \"hello\", 100, 0, "
    "NULL, NULL) = 5 <0.000022>\n"
    "5786  18:32:13.547055 sendto(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>, \"hello\", 5, 0, "
    "NULL, 0) = 5 <0.000039>\n"
    "5786  18:32:13.547200 pselect6(5, [4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>], NULL, NULL, "
    "NULL, NULL) = 1 (in [4]) <0.001033>\n"
    "5786  18:32:13.548300 recvfrom(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>, \"bye\", 100, 0, "
    "NULL, NULL) = 3 <0.000020>\n";

QString write(const QTemporaryDir& dir, const char* name, const char* text) {
  const QString path = dir.filePath(QString::fromLatin1(name));
  std::ofstream(path.toStdString()) << text;
  return path;
}

TEST(StraceLogWindow, ALogIsDrawnAsATraceAndItsModelNamed) {
  QTemporaryDir dir;
  MainWindow w;
  ASSERT_TRUE(w.openStraceLog(write(dir, "select.log", kSelectServerLog)))
      << w.controller()->error().toStdString();
  const auto& trace = w.controller()->traceResult();
  ASSERT_TRUE(trace.has_value());
  EXPECT_EQ(trace->verdict.model, "select") << trace->verdict.evidence;
  EXPECT_FALSE(trace->program.kernel_side);
  const TraceDocument& doc = w.controller()->document();
  int waits = 0, reads = 0;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const TraceEvent& e = doc.event(static_cast<std::uint32_t>(i));
    if (e.kind != EventKind::SyscallEnd) continue;
    waits += e.sys == Sys::pselect6;
    reads += e.sys == Sys::recvfrom && e.value > 0;
    EXPECT_EQ(source_of(e), Source::Imported);
  }
  EXPECT_EQ(waits, 2);
  EXPECT_EQ(reads, 2);
  EXPECT_TRUE(w.timeline()->banner().contains(QStringLiteral("select")));
}

TEST(StraceLogWindow, ABadLogNamesItsLineAndTheWindowKeepsWhatItShowed) {
  QTemporaryDir dir;
  MainWindow w;
  ASSERT_TRUE(w.openStraceLog(write(dir, "select.log", kSelectServerLog)));
  const std::size_t shown = w.controller()->document().size();
  const QString bad = write(dir, "bad.log",
                            "5786  18:32:13.531732 listen(3<TCP:[127.0.0.1:35729]>, 128) = 0 "
                            "<0.000062>\nthis is not what strace writes\n");
  EXPECT_FALSE(w.openStraceLog(bad));
  EXPECT_TRUE(w.controller()->error().contains(QStringLiteral("line 2")))
      << w.controller()->error().toStdString();
  EXPECT_TRUE(w.controller()->error().contains(QStringLiteral("bad.log")));
  EXPECT_EQ(w.controller()->document().size(), shown);
  EXPECT_FALSE(w.openStraceLog(dir.filePath(QStringLiteral("missing.log"))));
  EXPECT_EQ(w.controller()->document().size(), shown);
}

}  // namespace
}  // namespace ioscope::ui
