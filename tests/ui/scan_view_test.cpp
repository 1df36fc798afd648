// The Scan tab: built, drawn, and driven by real sweeps of the scan experiment.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include "../test_process.hpp"
#include "charts/log_log_chart.hpp"
#include "scan/scan_board.hpp"
#include "scan/scan_controller.hpp"
#include "scan/scan_view.hpp"
#include "window/main_window.hpp"
#include "zh_test_support.hpp"

namespace ioscope::ui {
namespace {

using test::thread_count;

bool run_to_end(ScanView& v, int timeout_ms = 120'000) {
  QSignalSpy done(&v, &ScanView::finished);
  if (!v.start()) return false;
  return done.wait(timeout_ms);
}

TEST(ScanView, BuildsAndRendersOffscreen) {
  ScanView v;
  v.resize(1366, 700);
  v.show();
  QApplication::processEvents();
  const QImage img = v.grab().toImage();
  ASSERT_FALSE(img.isNull());
  QSet<QRgb> colours;
  for (int y = 0; y < img.height(); y += 7)
    for (int x = 0; x < img.width(); x += 7) colours.insert(img.pixel(x, y));
  EXPECT_GT(colours.size(), 5);
  EXPECT_EQ(v.leftBoard()->students(), 50);
  EXPECT_FALSE(v.leftBoard()->measured());
}

TEST(ScanView, RealSmallSweepFillsOnePointPerNInEverySeries) {
  ScanView v;
  v.setStudents(10);
  v.setSweep({10, 100});
  v.setRounds(5);
  ASSERT_TRUE(run_to_end(v)) << v.message().toStdString();
  EXPECT_FALSE(v.running());
  for (ScanMechanism m : {ScanMechanism::Select, ScanMechanism::Poll, ScanMechanism::Epoll}) {
    const int id = v.seriesOf(m);
    ASSERT_GE(id, 0) << mechanism_id(m);
    EXPECT_EQ(v.chart()->pointCount(id), 2) << mechanism_id(m);
  }
  EXPECT_EQ(v.seriesOf(ScanMechanism::IoUring), -1);
  EXPECT_EQ(v.chart()->wallCount(), 1);  // FD_SETSIZE, with the select series
  EXPECT_EQ(v.controller()->results().size(), 6u);
}

TEST(ScanView, PanelsShowTheRealScannedCounts) {
  ScanView v;
  v.setStudents(50);
  v.setActive(1);
  v.setSweep({});
  v.setRounds(5);
  v.setLeftMechanism(ScanMechanism::Poll);
  ASSERT_TRUE(run_to_end(v)) << v.message().toStdString();
  ASSERT_TRUE(v.leftBoard()->measured());
  ASSERT_TRUE(v.rightBoard()->measured());
  EXPECT_EQ(v.leftBoard()->scanned(), 50);  // poll examines every descriptor
  EXPECT_EQ(v.leftBoard()->ready(), 1);
  EXPECT_EQ(v.rightBoard()->scanned(), 1);  // epoll hands back the ready one only
  EXPECT_EQ(v.rightBoard()->ready(), 1);
  EXPECT_TRUE(v.leftText().contains(QStringLiteral("examined: 50 per call")))
      << v.leftText().toStdString();
  EXPECT_TRUE(v.rightText().contains(QStringLiteral("epoll_ctl calls: 50")))
      << v.rightText().toStdString();
  EXPECT_TRUE(v.rightText().contains(QStringLiteral("Examined per call: 1")))
      << v.rightText().toStdString();
  EXPECT_TRUE(v.leftText().contains(QStringLiteral("per call (min"))) << v.leftText().toStdString();
  // select on the left uses its own result, already measured: no rerun needed.
  v.setLeftMechanism(ScanMechanism::Select);
  EXPECT_TRUE(v.leftText().contains(QStringLiteral("fd_set copies in and out")))
      << v.leftText().toStdString();
}

TEST(ScanView, SelectPastFdSetSizeShowsTheSkipReason) {
  ScanView v;
  v.setStudents(10);
  v.setSweep({2000});
  v.setRounds(2);
  ASSERT_TRUE(run_to_end(v)) << v.message().toStdString();
  if (v.controller()->ceiling().max_fds < 2000) GTEST_SKIP() << "RLIMIT_NOFILE too low here";
  EXPECT_TRUE(v.skipText().contains(QStringLiteral("select skipped at N = 2000")))
      << v.skipText().toStdString();
  EXPECT_TRUE(v.skipText().contains(QStringLiteral("1024"))) << v.skipText().toStdString();
  EXPECT_EQ(v.chart()->pointCount(v.seriesOf(ScanMechanism::Select)), 1);
  EXPECT_EQ(v.chart()->pointCount(v.seriesOf(ScanMechanism::Epoll)), 2);
}

// In Chinese the reason is Chinese too, with its numbers (the engine's words are English).
class ScanViewZh : public ZhTranslatorTest {};

TEST_F(ScanViewZh, SelectsSkipReasonIsTranslated) {
  ASSERT_TRUE(loaded_);
  ScanView v;
  v.setStudents(10);
  v.setSweep({2000});
  v.setRounds(2);
  ASSERT_TRUE(run_to_end(v)) << v.message().toStdString();
  if (v.controller()->ceiling().max_fds < 2000) GTEST_SKIP() << "RLIMIT_NOFILE too low here";
  const QString text = v.skipText();
  EXPECT_TRUE(text.contains(QStringLiteral("1024")) && text.contains(QStringLiteral("2000")))
      << text.toStdString();
  EXPECT_FALSE(text.contains(QStringLiteral("fd_set holds"))) << text.toStdString();
  EXPECT_FALSE(text.contains(QStringLiteral("use poll or epoll"))) << text.toStdString();
}

TEST(ScanView, StopMidSweepReturnsPromptlyAndLeaksNoThread) {
  const int threads_before = thread_count();
  ScanView v;
  v.setStudents(10);
  v.setSweep({100, 1000, 3000});
  v.setRounds(2000);
  QSignalSpy added(v.controller(), &ScanController::resultAdded);
  QSignalSpy done(&v, &ScanView::finished);
  ASSERT_TRUE(v.start()) << v.message().toStdString();
  EXPECT_TRUE(v.running());
  ASSERT_TRUE(added.wait(60'000));
  // The chart fills in live: the first result is on it before the sweep ends.
  const ScanResult& first = v.controller()->results().front();
  if (!first.skipped) {
    EXPECT_EQ(v.chart()->pointCount(v.seriesOf(first.mechanism)), 1);
  }
  QElapsedTimer t;
  t.start();
  v.stop();
  EXPECT_LT(t.elapsed(), 2000);
  EXPECT_FALSE(v.running());
  EXPECT_EQ(done.size(), 1);
  const auto kept = v.controller()->results().size();
  QTest::qWait(200);  // anything the stopped sweep posted is dropped
  EXPECT_EQ(v.controller()->results().size(), kept);
  EXPECT_EQ(done.size(), 1);
  EXPECT_EQ(thread_count(), threads_before);
  EXPECT_TRUE(v.message().contains(QStringLiteral("Stopped")));
}

TEST(ScanController, DestructorStopsAndJoinsARunningSweep) {
  const int threads_before = thread_count();
  {
    ScanController c;
    ScanParams p;
    p.fds = {10, 1000, 3000};
    p.rounds = 5000;
    ASSERT_TRUE(c.start(p)) << c.error().toStdString();
  }
  EXPECT_EQ(thread_count(), threads_before);
}

TEST(ScanController, RefusesBadParametersWithAMessage) {
  ScanController c;
  ScanParams p;
  p.fds = {10};
  p.active = 20;  // k > N
  EXPECT_FALSE(c.start(p));
  EXPECT_FALSE(c.error().isEmpty());
  EXPECT_FALSE(c.running());
}

TEST(ScanView, IsATabOfTheMainWindow) {
  MainWindow w;
  w.resize(1366, 768);
  w.show();
  w.setView(MainWindow::View::Scan);
  QApplication::processEvents();
  ASSERT_NE(w.scanView(), nullptr);
  EXPECT_TRUE(w.scanView()->isVisible());
  w.setView(MainWindow::View::Timeline);
  EXPECT_FALSE(w.scanView()->isVisible());
}

#ifdef IOSCOPE_GUI_PATH
TEST(Screenshot, ScanViewRunsTheClassroomSweepThenSavesThePicture) {
  const QString path =
      QStringLiteral("/tmp/ioscope-scan-test-%1.png").arg(QCoreApplication::applicationPid());
  QFile::remove(path);
  QProcess p;
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--screenshot"), path, QStringLiteral("--view"), QStringLiteral("scan"),
           QStringLiteral("--fds"), QStringLiteral("20"), QStringLiteral("--size"),
           QStringLiteral("1366x768")});
  ASSERT_TRUE(p.waitForFinished(120'000));
  EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  QImage img(path);
  ASSERT_FALSE(img.isNull());
  EXPECT_EQ(img.size(), QSize(1366, 768));
  QFile::remove(path);
}

TEST(Screenshot, RefusesABadFdsCount) {
  QProcess p;
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png"), QStringLiteral("--view"),
           QStringLiteral("scan"), QStringLiteral("--fds"), QStringLiteral("0")});
  ASSERT_TRUE(p.waitForFinished(30'000));
  EXPECT_EQ(p.exitCode(), 2);
  EXPECT_TRUE(p.readAllStandardError().contains("--fds"));
}
#endif

}  // namespace
}  // namespace ioscope::ui
