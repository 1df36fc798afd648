// The main window end to end: real runs of every model, one selection shared by the views,
// Stop that really stops, and --screenshot.
#include <gtest/gtest.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include "../test_process.hpp"
#include "../test_scenario.hpp"
#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "inspector/inspector_widget.hpp"
#include "models/model.hpp"
#include "record/recording_reader.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {
namespace {

bool wait_finished(RunController* c, int ms) {
  QSignalSpy spy(c, &RunController::finished);
  return spy.count() > 0 || spy.wait(ms);
}

// Qt starts threads and opens descriptors of its own the first time a window is shown (fonts,
// the event dispatcher, the thread pool); count ours only after that.
void warm_up_qt() {
  MainWindow w;
  w.show();
  QCoreApplication::processEvents();
  QTest::qWait(50);
}

Scenario quick(const std::string& model) {
  return test::scenario(model.c_str(), 2, 5, 64, 2'000'000);
}

class WindowRunsModel : public ::testing::TestWithParam<std::string> {};

TEST_P(WindowRunsModel, EndToEndWithItsEventsInTheViews) {
  const ModelInfo* info = find_model(GetParam());
  if (info->unavailable && info->unavailable()) GTEST_SKIP() << *info->unavailable();
  MainWindow w;
  w.scenarioPanel()->setScenario(quick(GetParam()));
  w.show();
  ASSERT_TRUE(w.startRun());
  EXPECT_FALSE(w.scenarioPanel()->runButton()->isEnabled());
  ASSERT_TRUE(wait_finished(w.controller(), 20'000));
  const RunSummary& s = w.controller()->summary();
  EXPECT_TRUE(s.ok()) << s.error;
  EXPECT_EQ(s.messages_verified, 10u);
  EXPECT_GT(w.controller()->document().size(), 20u);
  EXPECT_EQ(w.eventList()->model()->rowCount(),
            static_cast<int>(w.controller()->document().size()));
  EXPECT_TRUE(w.scenarioPanel()->runButton()->isEnabled());
  // The picture is not blank where the buyer lane is.
  const QImage img = w.timeline()->grab().toImage();
  int painted = 0;
  const QRgb bg = img.pixel(img.width() - 2, img.height() - 2);
  for (int y = 0; y < img.height(); y += 3)
    for (int x = 200; x < img.width(); x += 3) painted += img.pixel(x, y) != bg;
  EXPECT_GT(painted, 500);
}

INSTANTIATE_TEST_SUITE_P(AllModels, WindowRunsModel,
                         ::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                           "epoll-et", "sigio", "io_uring"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string n = p.param;
                           for (auto& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(MainWindow, SelectingInTheEventListSelectsOnTheTimelineAndFillsTheInspector) {
  MainWindow w;
  w.scenarioPanel()->setScenario(quick("epoll"));
  w.show();
  ASSERT_TRUE(w.startRun());
  ASSERT_TRUE(wait_finished(w.controller(), 20'000));
  const TraceDocument& doc = w.controller()->document();
  // Pick the first data-returning recvmsg end, by row.
  int row = -1;
  for (std::size_t r = 0; r < doc.size() && row < 0; ++r) {
    const TraceEvent& e = doc.event(doc.by_time(r));
    if (e.kind == EventKind::SyscallEnd && e.sys == Sys::recvmsg && e.value > 0)
      row = static_cast<int>(r);
  }
  ASSERT_GE(row, 0);
  QTableView* view = w.eventList()->view();
  const QModelIndex index = view->model()->index(row, 2);
  view->setCurrentIndex(index);
  view->selectionModel()->select(index,
                                 QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  const quint32 arrival = doc.by_time(static_cast<std::size_t>(row));
  EXPECT_EQ(w.inspector()->currentEvent(), arrival);
  EXPECT_TRUE(w.inspector()->titleText().contains(QStringLiteral("recvmsg")))
      << w.inspector()->titleText().toStdString();
  ASSERT_TRUE(w.timeline()->selectedEvent().has_value());
  EXPECT_EQ(*w.timeline()->selectedEvent(), arrival);
}

// A long run folded (here after a few hundred events, where a class would reach millions): the
// status line says how many calls were counted instead of drawn, and from when.
TEST(MainWindow, ALongRunSaysWhatItFolded) {
  MainWindow w;
  w.controller()->setFoldLimits({.fold_from = 300, .keep_at_most = 100'000'000});
  Scenario s = quick("nonblocking");
  s.messages = 20;
  s.interval_ns = 2'000'000;
  w.scenarioPanel()->setScenario(s);
  w.show();
  ASSERT_TRUE(w.startRun());
  ASSERT_TRUE(wait_finished(w.controller(), 20'000));
  const FoldReport& fold = w.controller()->document().fold_report();
  ASSERT_GT(fold.eagain_folded, 0u);
  auto* count = w.findChild<QLabel*>(QStringLiteral("eventCount"));
  ASSERT_NE(count, nullptr);
  EXPECT_TRUE(count->text().contains(
      QStringLiteral("long run: %1 EAGAIN calls counted, not drawn").arg(fold.eagain_folded)))
      << count->text().toStdString();
  EXPECT_TRUE(count->toolTip().contains(QStringLiteral("memory stays bounded")))
      << count->toolTip().toStdString();

  // The next run is short: nothing folded, nothing said.
  w.controller()->setFoldLimits({});
  ASSERT_TRUE(w.startRun());
  ASSERT_TRUE(wait_finished(w.controller(), 20'000));
  EXPECT_FALSE(count->text().contains(QStringLiteral("long run"))) << count->text().toStdString();
}

TEST(MainWindow, TimelineSelectionSelectsTheRowAndFillsTheInspector) {
  MainWindow w;
  w.scenarioPanel()->setScenario(quick("poll"));
  w.show();
  ASSERT_TRUE(w.startRun());
  ASSERT_TRUE(wait_finished(w.controller(), 20'000));
  w.timeline()->jumpToStart();
  w.timeline()->stepNext();
  w.timeline()->stepNext();
  ASSERT_TRUE(w.timeline()->selectedEvent().has_value());
  const quint32 picked = *w.timeline()->selectedEvent();
  EXPECT_EQ(w.eventList()->selectedEvent(), picked);
  EXPECT_EQ(w.inspector()->currentEvent(), picked);
}

TEST(MainWindow, StopDuringABlockingRunReturnsPromptlyAndLeavesNothing) {
  warm_up_qt();
  const int fds_before = test::open_fd_count();
  const int threads_before = test::count_entries("/proc/self/task");
  {
    MainWindow w;
    Scenario s = quick("blocking");
    s.interval_ns = 5'000'000'000;  // every buyer thread sits in recvmsg
    w.scenarioPanel()->setScenario(s);
    w.show();
    ASSERT_TRUE(w.startRun());
    QTest::qWait(300);
    ASSERT_TRUE(w.controller()->running());
    QElapsedTimer t;
    t.start();
    QTest::mouseClick(w.scenarioPanel()->stopButton(), Qt::LeftButton);
    ASSERT_TRUE(wait_finished(w.controller(), 5'000));
    EXPECT_LT(t.elapsed(), 2'000);
    EXPECT_TRUE(w.controller()->summary().cancelled);
    EXPECT_FALSE(w.controller()->running());
  }
  QCoreApplication::processEvents();
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::count_entries("/proc/self/task"), threads_before);
}

TEST(MainWindow, ClosingTheWindowMidRunStopsTheEngine) {
  warm_up_qt();
  const int threads_before = test::count_entries("/proc/self/task");
  {
    MainWindow w;
    Scenario s = quick("select");
    s.interval_ns = 5'000'000'000;
    w.scenarioPanel()->setScenario(s);
    w.show();
    ASSERT_TRUE(w.startRun());
    QTest::qWait(100);
    w.close();
  }
  EXPECT_EQ(test::count_entries("/proc/self/task"), threads_before);
}

TEST(MainWindow, RaceStacksTheModelsOnOneAxis) {
  MainWindow w;
  w.scenarioPanel()->setScenario(quick("epoll"));
  w.show();
  w.setView(MainWindow::View::Race);
  w.raceView()->setModels({QStringLiteral("blocking"), QStringLiteral("epoll")});
  QSignalSpy done(w.raceView(), &RaceView::finished);
  ASSERT_TRUE(w.raceView()->start());
  ASSERT_TRUE(done.wait(20'000));
  EXPECT_EQ(w.raceView()->timeline()->runs().size(), 2);
}

// Never two experiments at once: a race started while a run is live cancels the run cleanly,
// and a run started while the race is live cancels the race.
TEST(MainWindow, StartingASecondExperimentCancelsTheFirstCleanly) {
  warm_up_qt();
  MainWindow w;
  Scenario s = quick("select");
  s.interval_ns = 5'000'000'000;  // the run would go on for a long time
  w.scenarioPanel()->setScenario(s);
  w.show();
  ASSERT_TRUE(w.startRun());
  w.raceView()->setModels({QStringLiteral("blocking"), QStringLiteral("epoll")});
  ASSERT_TRUE(w.raceView()->start());
  ASSERT_TRUE(wait_finished(w.controller(), 5'000)) << "the run went on beside the race";
  EXPECT_TRUE(w.controller()->summary().cancelled);
  EXPECT_TRUE(w.raceView()->running());

  QSignalSpy race_done(w.raceView(), &RaceView::finished);
  ASSERT_TRUE(w.startRun());
  EXPECT_TRUE(race_done.count() > 0 || race_done.wait(5'000)) << "the race went on beside the run";
  EXPECT_FALSE(w.raceView()->running());
  EXPECT_TRUE(w.controller()->running());
  w.stopRun();
  ASSERT_TRUE(wait_finished(w.controller(), 5'000));
  EXPECT_FALSE(w.anythingRunning());
}

// Opening another lesson does not pass the previous run off as this lesson's: the timeline
// says whose it is until Run makes a new one.
TEST(MainWindow, ANewLessonLabelsThePreviousRunUntilItsOwnStarts) {
  warm_up_qt();
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("02-blocking")));
  EXPECT_TRUE(w.timeline()->banner().isEmpty()) << "nothing ran yet: nothing to label";
  ASSERT_TRUE(w.runLesson());
  QTRY_VERIFY_WITH_TIMEOUT(w.controller()->document().size() > 10, 10'000);
  w.stopRun();
  ASSERT_TRUE(wait_finished(w.controller(), 5'000));
  EXPECT_TRUE(w.timeline()->banner().isEmpty()) << "the run shown is this lesson's";

  ASSERT_TRUE(w.openLesson(QStringLiteral("03-nonblocking")));
  EXPECT_TRUE(w.timeline()->banner().contains(QStringLiteral("Previous run")))
      << w.timeline()->banner().toStdString();
  EXPECT_TRUE(w.timeline()->banner().contains(QStringLiteral("blocking")));
  ASSERT_TRUE(w.runLesson());
  EXPECT_TRUE(w.timeline()->banner().isEmpty());
  w.stopRun();
  ASSERT_TRUE(wait_finished(w.controller(), 5'000));
}

TEST(MainWindow, RaceRefusesASingleModel) {
  MainWindow w;
  w.raceView()->setModels({QStringLiteral("epoll")});
  EXPECT_FALSE(w.raceView()->start());
  EXPECT_TRUE(w.raceView()->message().contains(QStringLiteral("2")));
}

// The app started as a process draws with Qt's offscreen platform (no display here).
void drawOffscreen(QProcess& p) {
  auto env = QProcessEnvironment::systemEnvironment();
  env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
  p.setProcessEnvironment(env);
}

TEST(Screenshot, WritesAPngOfTheFinishedRun) {
  const QString path =
      QStringLiteral("/tmp/ioscope-ui-test-%1.png").arg(QCoreApplication::applicationPid());
  QProcess p;
  drawOffscreen(p);
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--screenshot"), path, QStringLiteral("--model"), QStringLiteral("epoll"),
           QStringLiteral("--interval"), QStringLiteral("5ms"), QStringLiteral("--messages"),
           QStringLiteral("3"), QStringLiteral("--size"), QStringLiteral("1366x768")});
  ASSERT_TRUE(p.waitForFinished(60'000));
  EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  QImage img(path);
  ASSERT_FALSE(img.isNull());
  EXPECT_EQ(img.size(), QSize(1366, 768));
  QFile::remove(path);
}

// `--model io_uring+multishot`: an io_uring variant, as the model list offers it, is the run.
TEST(Screenshot, AnIoUringVariantGivenAsTheModelIsWhatRuns) {
  if (auto why = find_model("io_uring")->unavailable()) GTEST_SKIP() << *why;
  const QString stem =
      QStringLiteral("/tmp/ioscope-ui-variant-%1").arg(QCoreApplication::applicationPid());
  QProcess p;
  drawOffscreen(p);
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--screenshot"), stem + QStringLiteral(".png"), QStringLiteral("--model"),
           QStringLiteral("io_uring+multishot"), QStringLiteral("--interval"),
           QStringLiteral("5ms"), QStringLiteral("--messages"), QStringLiteral("3"),
           QStringLiteral("--save-recording"), stem + QStringLiteral(".ioscope")});
  ASSERT_TRUE(p.waitForFinished(60'000));
  ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  auto recording = record::load_recording((stem + QStringLiteral(".ioscope")).toStdString());
  ASSERT_TRUE(recording.ok()) << recording.error().message;
  ASSERT_EQ(recording->meta.runs.size(), 1u);
  const Scenario& ran = recording->meta.runs[0].summary.scenario;
  EXPECT_EQ(ran.model, "io_uring");
  EXPECT_TRUE(ran.uring.multishot);
  EXPECT_FALSE(ran.uring.defer_taskrun);
  QFile::remove(stem + QStringLiteral(".png"));
  QFile::remove(stem + QStringLiteral(".ioscope"));
}

TEST(Screenshot, ALessonOpenAndItsRunFinished) {
  const QString path =
      QStringLiteral("/tmp/ioscope-ui-lesson-%1.png").arg(QCoreApplication::applicationPid());
  QProcess p;
  drawOffscreen(p);
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--screenshot"), path, QStringLiteral("--lesson"),
           QStringLiteral("01-two-phases"), QStringLiteral("--lang"), QStringLiteral("zh_CN"),
           QStringLiteral("--presenter"), QStringLiteral("--size"), QStringLiteral("1920x1080")});
  ASSERT_TRUE(p.waitForFinished(90'000));
  EXPECT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  QImage img(path);
  ASSERT_FALSE(img.isNull());
  EXPECT_EQ(img.size(), QSize(1920, 1080));
  QFile::remove(path);
}

TEST(Screenshot, AnUnknownLessonExits2NamingTheKnownOnes) {
  QProcess p;
  drawOffscreen(p);
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png"), QStringLiteral("--lesson"),
           QStringLiteral("99-nosuch")});
  ASSERT_TRUE(p.waitForFinished(30'000));
  EXPECT_EQ(p.exitCode(), 2);
  const QByteArray err = p.readAllStandardError();
  EXPECT_TRUE(err.contains("unknown lesson '99-nosuch'")) << err.toStdString();
  EXPECT_TRUE(err.contains("01-two-phases")) << err.toStdString();
}

TEST(Screenshot, RefusesBadFlagsWithOneLine) {
  QProcess p;
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png"), QStringLiteral("--model"),
           QStringLiteral("nosuch")});
  ASSERT_TRUE(p.waitForFinished(30'000));
  EXPECT_EQ(p.exitCode(), 2);
  EXPECT_TRUE(p.readAllStandardError().contains("unknown model 'nosuch'"));
  // The latency view takes io_uring's variants; a feature it does not know, or on another model,
  // is refused by name.
  for (const auto& [models, why] :
       {std::pair{"epoll,io_uring+turbo", "unknown io_uring feature 'turbo'"},
        std::pair{"epoll+multishot", "only io_uring takes features"}}) {
    QProcess q;
    q.start(QStringLiteral(IOSCOPE_GUI_PATH),
            {QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png"), QStringLiteral("--view"),
             QStringLiteral("latency"), QStringLiteral("--models"), QString::fromLatin1(models)});
    ASSERT_TRUE(q.waitForFinished(30'000));
    EXPECT_EQ(q.exitCode(), 2) << models;
    const QByteArray err = q.readAllStandardError();
    EXPECT_TRUE(err.contains(why)) << err.toStdString();
  }
  for (const char* bad : {"abc", "0", "-3"}) {
    QProcess q;
    q.start(QStringLiteral(IOSCOPE_GUI_PATH),
            {QStringLiteral("--screenshot"), QStringLiteral("/tmp/x.png"),
             QStringLiteral("--trace-pid"), QString::fromLatin1(bad)});
    ASSERT_TRUE(q.waitForFinished(30'000));
    EXPECT_EQ(q.exitCode(), 2) << bad;
    const QByteArray err = q.readAllStandardError();
    EXPECT_TRUE(err.contains("--trace-pid")) << err.toStdString();
  }
}

}  // namespace
}  // namespace ioscope::ui

namespace ioscope::ui {
namespace {

// io_uring's variants are in the model picker, right under io_uring: one runs for real from the
// window (a standing multishot receive), the status line names it, and it is remembered.
TEST(MainWindow, RunsAnIoUringVariantPickedFromTheModelListAndRemembersIt) {
  if (auto why = find_model("io_uring")->unavailable()) GTEST_SKIP() << *why;
  {
    MainWindow w;
    auto* picker = w.scenarioPanel()->findChild<QComboBox*>(QStringLiteral("modelPicker"));
    ASSERT_NE(picker, nullptr);
    const int plain = picker->findData(QStringLiteral("io_uring"), Qt::UserRole);
    const int multishot = picker->findData(QStringLiteral("io_uring+multishot"), Qt::UserRole);
    ASSERT_GE(plain, 0);
    EXPECT_EQ(multishot, plain + 1);
    EXPECT_GE(picker->findData(QStringLiteral("io_uring+multishot+defer-taskrun"), Qt::UserRole),
              0);
    w.scenarioPanel()->setScenario(quick("epoll"));
    picker->setCurrentIndex(multishot);
    const Scenario asked = w.scenarioPanel()->scenario();
    EXPECT_EQ(asked.model, "io_uring");
    EXPECT_TRUE(asked.uring.multishot);
    EXPECT_FALSE(asked.uring.defer_taskrun);
    w.show();
    ASSERT_TRUE(w.startRun());
    ASSERT_TRUE(wait_finished(w.controller(), 20'000));
    const RunSummary& s = w.controller()->summary();
    ASSERT_TRUE(s.ok()) << s.error;
    EXPECT_TRUE(s.scenario.uring.multishot);
    EXPECT_EQ(s.messages_verified, 10u);
    const auto* status = w.findChild<QLabel*>(QStringLiteral("statusText"));
    ASSERT_NE(status, nullptr);
    EXPECT_TRUE(status->text().startsWith(QStringLiteral("io_uring+multishot:")))
        << status->text().toStdString();
    w.close();  // saves
  }
  MainWindow again;
  again.restoreState();
  const Scenario back = again.scenarioPanel()->scenario();
  EXPECT_EQ(back.model, "io_uring");
  EXPECT_TRUE(back.uring.multishot);
  // And back to a plain model, the features go with the choice.
  Scenario plain = quick("poll");
  again.scenarioPanel()->setScenario(plain);
  EXPECT_EQ(again.scenarioPanel()->scenario().model, "poll");
  EXPECT_FALSE(again.scenarioPanel()->scenario().uring.any());
}

TEST(MainWindow, RemembersTheLastScenarioAndLook) {
  Scenario s;
  s.model = "poll";
  s.clients = 3;
  s.messages = 7;
  s.size = 100;
  s.interval_ns = 3'000'000;
  {
    MainWindow w;
    w.scenarioPanel()->setScenario(s);
    w.setAnalogyLook(false);
    w.close();  // saves
  }
  MainWindow again;
  again.restoreState();
  const Scenario back = again.scenarioPanel()->scenario();
  EXPECT_EQ(back.model, "poll");
  EXPECT_EQ(back.clients, 3);
  EXPECT_EQ(back.messages, 7);
  EXPECT_EQ(back.size, 100u);
  EXPECT_EQ(back.interval_ns, 3'000'000);
  EXPECT_EQ(again.timeline()->look(), TimelineLook::Syscall);
}

}  // namespace
}  // namespace ioscope::ui
