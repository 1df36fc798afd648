// File > Save recording and File > Open recording as a teacher meets them: a real run saved in
// one window comes back in another (and in a fresh process) with every event, the same picture,
// its notes, its selection, and its lesson's verdict; the window says it is a recording; a bad
// file is refused by name and the run shown stays.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <utility>
#include <vector>

#include "../test_scenario.hpp"
#include "../without_io_uring.hpp"
#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "lessons/lesson_pane.hpp"
#include "record/machine_info.hpp"
#include "record/recording_format.hpp"
#include "record/recording_writer.hpp"
#include "timeline/timeline_widget.hpp"
#include "trace/trace_sinks.hpp"
#include "window/main_window.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {
namespace {

const QSize kWindow(1366, 768);

QString temp_file(const char* stem) {
  return QDir::temp().filePath(QStringLiteral("ioscope-rec-%1-%2.ioscope")
                                   .arg(QString::fromLatin1(stem))
                                   .arg(QCoreApplication::applicationPid()));
}

struct Removed {
  explicit Removed(QString p) : path(std::move(p)) { QFile::remove(path); }
  ~Removed() { QFile::remove(path); }
  QString path;
};

void show_at_size(MainWindow& w) {
  w.setLessonsVisible(false);
  w.resize(kWindow);
  w.show();
  QCoreApplication::processEvents();
}

// A finished epoll run in w, its first data call selected and a note pinned on it.
void run_in(MainWindow& w) {
  w.scenarioPanel()->setScenario(test::scenario("epoll", 2, 12, 128, 2'000'000));
  show_at_size(w);
  QSignalSpy done(w.controller(), &RunController::finished);
  ASSERT_TRUE(w.startRun());
  ASSERT_TRUE(done.wait(30'000));
  ASSERT_TRUE(w.controller()->summary().ok()) << w.controller()->summary().error;
  w.selectFirstDataCall();
  const TraceDocument& doc = w.controller()->document();
  w.timeline()->pinNote((doc.first_time() + doc.last_time()) / 2,
                        QStringLiteral("here the buyer sleeps"));
  QCoreApplication::processEvents();
}

// Opens path in w and waits until every event is in (a long recording loads in slices).
bool open_whole(MainWindow& w, const QString& path) {
  if (!w.openRecording(path)) return false;
  for (int i = 0; i < 6000 && w.controller()->loading(); ++i) QTest::qWait(5);
  return !w.controller()->loading();
}

bool same_event(const TraceEvent& a, const TraceEvent& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;  // 40 bytes, no padding (trace_event.hpp)
}

TEST(RecordingWindow, ARunSavedAndOpenedInAnotherWindowIsTheSameRun) {
  const Removed file(temp_file("same"));
  MainWindow a;
  run_in(a);
  ASSERT_TRUE(a.saveRecording(file.path)) << a.recordingError().toStdString();
  EXPECT_FALSE(a.recordingBar()->isVisible()) << "a run made here is not a recording";

  MainWindow b;
  show_at_size(b);
  ASSERT_TRUE(open_whole(b, file.path)) << b.recordingError().toStdString();
  QCoreApplication::processEvents();

  const TraceDocument& da = a.controller()->document();
  const TraceDocument& db = b.controller()->document();
  ASSERT_EQ(da.size(), db.size());
  ASSERT_GT(da.size(), 0u);
  for (std::uint32_t i = 0; i < da.size(); ++i)
    ASSERT_TRUE(same_event(da.event(i), db.event(i))) << "event " << i;
  for (std::size_t r = 0; r < da.size(); ++r) ASSERT_EQ(da.by_time(r), db.by_time(r)) << r;

  const RunSummary& sa = a.controller()->summary();
  const RunSummary& sb = b.controller()->summary();
  EXPECT_EQ(sb.scenario.model, "epoll");
  EXPECT_EQ(sb.messages_verified, sa.messages_verified);
  EXPECT_EQ(sb.counters.syscalls, sa.counters.syscalls);
  EXPECT_EQ(sb.counters.eagain, sa.counters.eagain);
  EXPECT_EQ(sb.latency.p50, sa.latency.p50);
  EXPECT_EQ(sb.latency.p99, sa.latency.p99);
  EXPECT_EQ(b.scenarioPanel()->scenario().messages, 12) << "Run makes the recorded run again";

  ASSERT_EQ(b.timeline()->notes().size(), 1);
  EXPECT_EQ(b.timeline()->notes()[0].t, a.timeline()->notes()[0].t);
  EXPECT_EQ(b.timeline()->notes()[0].text, QStringLiteral("here the buyer sleeps"));
  EXPECT_EQ(b.timeline()->selectedEvent(), a.timeline()->selectedEvent());
  ASSERT_TRUE(b.timeline()->selectedEvent().has_value());

  // The window says what it shows: a recording, of which file, from which machine.
  EXPECT_TRUE(b.windowTitle().contains(QStringLiteral("recording")))
      << b.windowTitle().toStdString();
  EXPECT_TRUE(b.recordingBar()->isVisible());
  const QString bar = b.recordingBar()->text();
  EXPECT_TRUE(bar.contains(QFileInfo(file.path).fileName())) << bar.toStdString();
  EXPECT_TRUE(bar.contains(QString::fromStdString(record::this_machine().hostname)))
      << bar.toStdString();
  const QString details = b.recordingBar()->toolTip();
  EXPECT_TRUE(details.contains(QString::fromStdString(record::this_machine().kernel)))
      << details.toStdString();

  // The picture: the same time span, the same state, pixel for pixel.
  const QImage pa = a.timeline()->renderToImage(QSize(1200, 500));
  const QImage pb = b.timeline()->renderToImage(QSize(1200, 500));
  EXPECT_TRUE(pa == pb) << "the recording draws another picture than its run";
}

TEST(RecordingWindow, TheMomentTheTeacherZoomedToComesBack) {
  const Removed file(temp_file("zoom"));
  MainWindow a;
  run_in(a);
  a.timeline()->zoomIn();
  a.timeline()->zoomIn();
  ASSERT_FALSE(a.timeline()->isFitted());
  ASSERT_TRUE(a.saveRecording(file.path));
  MainWindow b;
  show_at_size(b);
  ASSERT_TRUE(open_whole(b, file.path));
  EXPECT_FALSE(b.timeline()->isFitted());
  EXPECT_EQ(b.timeline()->axis().origin(), a.timeline()->axis().origin());
  EXPECT_EQ(b.timeline()->axis().ns_per_px(), a.timeline()->axis().ns_per_px());
  // (Rendered at one size: the recording's bar leaves the timeline a little less height.)
  EXPECT_TRUE(a.timeline()->renderToImage(QSize(1200, 500)) ==
              b.timeline()->renderToImage(QSize(1200, 500)));
}

TEST(RecordingWindow, AFreshProcessDrawsTheRecordingPixelForPixel) {
  const Removed file(temp_file("fresh"));
  const QString png = QDir::temp().filePath(
      QStringLiteral("ioscope-rec-fresh-%1.png").arg(QCoreApplication::applicationPid()));
  const Removed png_gone(png);
  {
    MainWindow a;
    run_in(a);
    ASSERT_TRUE(a.saveRecording(file.path));
  }
  MainWindow here;
  show_at_size(here);
  ASSERT_TRUE(open_whole(here, file.path));
  QCoreApplication::processEvents();
  const QImage mine = here.timeline()->grab().toImage();

  QProcess p;
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--open"), file.path, QStringLiteral("--screenshot"), png,
           QStringLiteral("--screenshot-of"), QStringLiteral("timeline"), QStringLiteral("--size"),
           QStringLiteral("1366x768"), QStringLiteral("--lang"), QStringLiteral("en")});
  ASSERT_TRUE(p.waitForFinished(60'000));
  ASSERT_EQ(p.exitCode(), 0) << p.readAllStandardError().toStdString();
  const QImage theirs(png);
  ASSERT_FALSE(theirs.isNull());
  ASSERT_EQ(theirs.size(), mine.size());
  EXPECT_TRUE(theirs.convertToFormat(QImage::Format_RGB32) ==
              mine.convertToFormat(QImage::Format_RGB32))
      << "a fresh process draws the recording differently";
}

TEST(RecordingWindow, ALessonsRunComesBackWithItsPredictionAndVerdict) {
  const Removed file(temp_file("lesson"));
  const QString id = QStringLiteral("02-blocking");  // a lesson of the timeline view
  QString verdict;
  {
    MainWindow a;
    a.resize(kWindow);
    a.show();
    ASSERT_TRUE(a.openLesson(id));
    a.lessonPane()->setChoice(1);
    QSignalSpy finished(&a, &MainWindow::lessonRunFinished);
    ASSERT_TRUE(a.runLesson());
    ASSERT_TRUE(finished.wait(60'000));
    verdict = a.lessonPane()->verdictText();
    ASSERT_FALSE(verdict.isEmpty());
    ASSERT_TRUE(a.saveRecording(file.path));
  }
  LessonProgress::clear(id);
  MainWindow b;
  b.resize(kWindow);
  b.show();
  ASSERT_TRUE(open_whole(b, file.path)) << b.recordingError().toStdString();
  EXPECT_EQ(b.lessonPane()->currentId(), id);
  EXPECT_EQ(b.lessonPane()->choice(), 1);
  EXPECT_TRUE(b.lessonPane()->hasVerdict());
  EXPECT_EQ(b.lessonPane()->verdictText(), verdict);
  EXPECT_FALSE(LessonProgress::wasRun(id)) << "someone else's answer counted as this learner's";
  EXPECT_TRUE(b.lessonDock()->isVisible());
}

TEST(RecordingWindow, ARaceLessonComesBackAsTheRaceWithItsVerdict) {
  const Removed file(temp_file("race"));
  const QString id = QStringLiteral("01-two-phases");  // a lesson of the race view
  QString verdict;
  std::vector<std::pair<QString, std::vector<TraceEvent>>> runs;
  QImage picture;
  {
    MainWindow a;
    a.resize(kWindow);
    a.show();
    ASSERT_TRUE(a.openLesson(id));
    a.lessonPane()->setChoice(0);
    QSignalSpy finished(&a, &MainWindow::lessonRunFinished);
    ASSERT_TRUE(a.runLesson());
    ASSERT_TRUE(finished.wait(120'000));
    ASSERT_EQ(a.currentView(), MainWindow::View::Race);
    verdict = a.lessonPane()->verdictText();
    for (const auto& [model, doc] : a.raceView()->documents()) {
      std::vector<TraceEvent> events;
      for (std::uint32_t i = 0; i < doc->size(); ++i) events.push_back(doc->event(i));
      runs.emplace_back(model, std::move(events));
    }
    ASSERT_GE(runs.size(), 2u);
    picture = a.raceView()->timeline()->renderToImage(QSize(1200, 600));
    ASSERT_TRUE(a.saveRecording(file.path)) << a.recordingError().toStdString();
  }
  LessonProgress::clear(id);
  MainWindow b;
  b.resize(kWindow);
  b.show();
  ASSERT_TRUE(b.openLesson(id));
  QCoreApplication::processEvents();
  const int panel_height = b.scenarioPanel()->height();
  const int race_height = b.raceView()->height();
  ASSERT_TRUE(open_whole(b, file.path)) << b.recordingError().toStdString();
  EXPECT_EQ(b.currentView(), MainWindow::View::Race);
  const auto docs = b.raceView()->documents();
  ASSERT_EQ(docs.size(), runs.size());
  for (std::size_t r = 0; r < runs.size(); ++r) {
    EXPECT_EQ(docs[r].first, runs[r].first);
    ASSERT_EQ(docs[r].second->size(), runs[r].second.size()) << runs[r].first.toStdString();
    for (std::uint32_t i = 0; i < runs[r].second.size(); ++i)
      ASSERT_TRUE(same_event(docs[r].second->event(i), runs[r].second[i])) << r << " " << i;
  }
  EXPECT_EQ(b.lessonPane()->verdictText(), verdict);
  EXPECT_FALSE(LessonProgress::wasRun(id));
  EXPECT_TRUE(b.raceView()->timeline()->renderToImage(QSize(1200, 600)) == picture)
      << "the race draws another picture than it did";
  EXPECT_TRUE(b.recordingBar()->toolTip().contains(QStringLiteral("A race of")));
  EXPECT_FALSE(b.raceView()->running());
  // The bar sits beside the view tabs: the controls and the views keep their height
  // (1366x768, the lesson pane open).
  QCoreApplication::processEvents();
  EXPECT_EQ(b.size(), kWindow);
  EXPECT_EQ(b.scenarioPanel()->height(), panel_height);
  EXPECT_EQ(b.raceView()->height(), race_height);
  EXPECT_TRUE(b.recordingBar()->isVisible());
}

TEST(RecordingWindow, AChromeJsonTraceIoscopeWroteOpensWithEveryEvent) {
  const QString json = QDir::temp().filePath(
      QStringLiteral("ioscope-rec-trace-%1.json").arg(QCoreApplication::applicationPid()));
  const Removed gone(json);
  MainWindow a;
  run_in(a);
  const TraceDocument& da = a.controller()->document();
  std::vector<TraceEvent> events;
  for (std::uint32_t i = 0; i < da.size(); ++i) events.push_back(da.event(i));
  {
    std::ofstream out(json.toStdString());
    TraceMeta meta;
    meta.model = "epoll";
    write_chrome_json(events, meta, out);
  }
  MainWindow b;
  show_at_size(b);
  ASSERT_TRUE(open_whole(b, json)) << b.recordingError().toStdString();
  const TraceDocument& db = b.controller()->document();
  ASSERT_EQ(db.size(), events.size());
  for (std::uint32_t i = 0; i < db.size(); ++i)
    ASSERT_TRUE(same_event(db.event(i), events[i])) << i;
  EXPECT_EQ(b.controller()->summary().scenario.model, "epoll");
  EXPECT_EQ(b.controller()->summary().messages_verified, 24u);  // 2 clients x 12
  EXPECT_TRUE(b.recordingBar()->isVisible());
  EXPECT_TRUE(b.recordingBar()->text().contains(QStringLiteral("Chrome JSON")));
  // A JSON trace keeps the events only: compared without a's note and selection.
  a.timeline()->clearNotes();
  a.timeline()->clearSelection();
  EXPECT_TRUE(a.timeline()->renderToImage(QSize(1200, 500)) ==
              b.timeline()->renderToImage(QSize(1200, 500)))
      << "the trace draws another picture than its run";

  // Another tool's Chrome trace: refused, saying what it lacks; the trace shown stays.
  {
    std::ofstream out(json.toStdString(), std::ios::trunc);
    out << R"({"traceEvents":[{"name":"x","ph":"X","ts":1,"dur":2,"pid":1,"tid":1}]})";
  }
  EXPECT_FALSE(b.openRecording(json));
  EXPECT_TRUE(b.recordingError().contains(QStringLiteral("not one ioscope wrote")))
      << b.recordingError().toStdString();
  EXPECT_EQ(b.controller()->document().size(), events.size());
}

// On a machine that refuses io_uring, a lesson that runs it shows the run it ships instead,
// recorded on a reference machine, and its verdict says so and why; the app does not fail.
TEST(RecordingWindow, ALessonThisMachineCannotRunShowsItsOwnRecordingAndSaysWhy) {
  for (const char* lesson : {"08-io-uring", "10-reactor-proactor"}) {  // a timeline, a race
    const QString png = QDir::temp().filePath(QStringLiteral("ioscope-rec-fallback-%1-%2.png")
                                                  .arg(QString::fromLatin1(lesson))
                                                  .arg(QCoreApplication::applicationPid()));
    const Removed gone(png);
    const test::Child c = test::run_without_io_uring(
        IOSCOPE_GUI_PATH, {"--lesson", lesson, "--lang", "en", "--screenshot", png.toStdString(),
                           "--size", "1366x768"});
    ASSERT_EQ(c.exit_code, 0) << lesson << ": " << c.out;
    EXPECT_NE(c.out.find("This machine cannot make this run"), std::string::npos)
        << lesson << ": " << c.out;
    EXPECT_NE(c.out.find("io_uring_setup failed"), std::string::npos) << lesson << ": " << c.out;
    EXPECT_NE(c.out.find("the run recorded for the lesson"), std::string::npos) << c.out;
    EXPECT_NE(c.out.find("\u2713"), std::string::npos)
        << "no claim held on the recording: " << c.out;
    EXPECT_FALSE(QImage(png).isNull());
  }
}

TEST(RecordingWindow, ABadFileIsNamedAndTheRunShownStays) {
  const Removed good(temp_file("good"));
  const Removed bad(temp_file("bad"));
  MainWindow w;
  run_in(w);
  ASSERT_TRUE(w.saveRecording(good.path));
  const std::size_t events = w.controller()->document().size();

  QFile in(good.path);
  ASSERT_TRUE(in.open(QIODevice::ReadOnly));
  const QByteArray whole = in.readAll();
  const QByteArray garbage("this is not a recording at all, just some text\n");
  for (const QByteArray& bytes : {QByteArray(), garbage, whole.left(whole.size() / 2)}) {
    QFile out(bad.path);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(bytes);
    out.close();
    EXPECT_FALSE(w.openRecording(bad.path)) << bytes.size();
    EXPECT_TRUE(w.recordingError().contains(bad.path)) << w.recordingError().toStdString();
    EXPECT_EQ(w.controller()->document().size(), events) << "the run shown was lost";
    EXPECT_FALSE(w.recordingBar()->isVisible());
  }
  EXPECT_FALSE(w.openRecording(QStringLiteral("/nonexistent/run.ioscope")));
  EXPECT_TRUE(w.recordingError().contains(QStringLiteral("/nonexistent/run.ioscope")));
  EXPECT_EQ(w.controller()->document().size(), events);
}

// A real run's events repeated, each copy later by the run's length, until n: a recording of
// several blocks (record::kMaxEventsPerBlock events each).
std::vector<TraceEvent> repeated_run(MainWindow& w, std::size_t n) {
  const TraceDocument& doc = w.controller()->document();
  const std::int64_t period = doc.last_time() - doc.first_time() + 1'000'000;
  std::vector<TraceEvent> out;
  for (std::int64_t copy = 0; out.size() < n; ++copy)
    for (std::uint32_t i = 0; i < doc.size() && out.size() < n; ++i) {
      TraceEvent e = doc.event(i);
      e.t_ns += copy * period;
      if (e.kind == EventKind::ClientSend) e.value += copy * period;
      out.push_back(e);
    }
  return out;
}

TEST(RecordingWindow, ALongRecordingLoadsInSlicesAndADamagedBlockKeepsWhatCameBefore) {
  const Removed file(temp_file("long"));
  MainWindow a;
  run_in(a);
  const std::size_t block = record::kMaxEventsPerBlock;
  const std::vector<TraceEvent> events = repeated_run(a, 3 * block + 100);
  record::RecordingMeta meta = record::new_recording_meta();
  meta.runs.push_back(record::recorded_run(a.controller()->summary(), 0, events.size()));
  ASSERT_FALSE(record::save_recording(file.path.toStdString(), meta, events));

  MainWindow whole;
  show_at_size(whole);
  ASSERT_TRUE(whole.openRecording(file.path));
  EXPECT_GE(whole.controller()->document().size(), std::min<std::size_t>(block, events.size()))
      << "the first frame waits for more than the first block";
  for (int i = 0; i < 6000 && whole.controller()->loading(); ++i) QTest::qWait(5);
  ASSERT_FALSE(whole.controller()->loading());
  EXPECT_EQ(whole.controller()->document().size(), events.size());
  EXPECT_TRUE(whole.recordingError().isEmpty()) << whole.recordingError().toStdString();

  // A flipped byte near the end: the last block is damaged, the three before it are shown.
  QFile f(file.path);
  ASSERT_TRUE(f.open(QIODevice::ReadWrite));
  const qint64 at = f.size() - 40;
  f.seek(at);
  char c = 0;
  ASSERT_TRUE(f.getChar(&c));
  f.seek(at);
  f.putChar(static_cast<char>(c ^ 0x5a));
  f.close();
  MainWindow damaged;
  show_at_size(damaged);
  ASSERT_TRUE(damaged.openRecording(file.path)) << damaged.recordingError().toStdString();
  for (int i = 0; i < 6000 && damaged.controller()->loading(); ++i) QTest::qWait(5);
  ASSERT_FALSE(damaged.controller()->loading());
  EXPECT_EQ(damaged.controller()->document().size(), 3 * block);
  EXPECT_TRUE(damaged.recordingError().contains(QStringLiteral("damaged")))
      << damaged.recordingError().toStdString();
  EXPECT_FALSE(damaged.scenarioPanel()->stopButton()->isEnabled());
}

TEST(RecordingWindow, StopWhileARecordingLoadsKeepsWhatIsIn) {
  const Removed file(temp_file("stop"));
  MainWindow a;
  run_in(a);
  const std::vector<TraceEvent> events = repeated_run(a, 4 * record::kMaxEventsPerBlock);
  record::RecordingMeta meta = record::new_recording_meta();
  meta.runs.push_back(record::recorded_run(a.controller()->summary(), 0, events.size()));
  ASSERT_FALSE(record::save_recording(file.path.toStdString(), meta, events));
  MainWindow w;
  show_at_size(w);
  ASSERT_TRUE(w.openRecording(file.path));
  const bool was_loading = w.controller()->loading();
  w.stopRun();
  for (int i = 0; i < 6000 && w.controller()->loading(); ++i) QTest::qWait(5);
  ASSERT_FALSE(w.controller()->loading());
  const TraceDocument& doc = w.controller()->document();
  ASSERT_LE(doc.size(), events.size());
  if (was_loading) {
    EXPECT_LT(doc.size(), events.size()) << "Stop did not stop the loading";
  }
  for (std::uint32_t i = 0; i < doc.size(); ++i)
    ASSERT_TRUE(same_event(doc.event(i), events[i])) << "not the recording's first events: " << i;
  EXPECT_TRUE(w.scenarioPanel()->runButton()->isEnabled()) << "the window is stuck loading";
}

TEST(RecordingWindow, SavingNamesTheFileDotIoscopeAndSaysWhyItCannot) {
  const QString stem = QDir::temp().filePath(
      QStringLiteral("ioscope-rec-stem-%1").arg(QCoreApplication::applicationPid()));
  const Removed file(stem + QStringLiteral(".ioscope"));
  MainWindow w;
  EXPECT_FALSE(w.saveRecording(file.path)) << "nothing has run yet";
  EXPECT_FALSE(w.recordingError().isEmpty());
  run_in(w);
  ASSERT_TRUE(w.saveRecording(stem));
  EXPECT_TRUE(QFile::exists(file.path));
  EXPECT_FALSE(w.saveRecording(QStringLiteral("/nonexistent-dir/x.ioscope")));
  EXPECT_TRUE(w.recordingError().contains(QStringLiteral("nonexistent-dir")))
      << w.recordingError().toStdString();

  QSignalSpy done(w.controller(), &RunController::finished);
  ASSERT_TRUE(w.startRun());
  EXPECT_FALSE(w.saveRecording(file.path)) << "a live run saved half-way";
  w.stopRun();
  ASSERT_TRUE(done.wait(30'000));
}

TEST(RecordingWindow, ANewRunEndsTheRecordingsBarAndTitle) {
  const Removed file(temp_file("bar"));
  MainWindow w;
  run_in(w);
  const QString title = w.windowTitle();
  ASSERT_TRUE(w.saveRecording(file.path));
  ASSERT_TRUE(open_whole(w, file.path));
  EXPECT_TRUE(w.recordingBar()->isVisible());
  EXPECT_NE(w.windowTitle(), title);
  QSignalSpy done(w.controller(), &RunController::finished);
  ASSERT_TRUE(w.startRun());
  EXPECT_FALSE(w.recordingBar()->isVisible());
  EXPECT_EQ(w.windowTitle(), title);
  ASSERT_TRUE(done.wait(30'000));
  EXPECT_FALSE(w.recordingBar()->isVisible());
  EXPECT_TRUE(w.timeline()->notes().isEmpty()) << "the recording's notes stayed on a new run";
}

TEST(RecordingWindow, TheAppSaysWhichRecordingItCannotOpen) {
  QProcess p;
  p.start(QStringLiteral(IOSCOPE_GUI_PATH),
          {QStringLiteral("--open"), QStringLiteral("/nonexistent/x.ioscope"),
           QStringLiteral("--screenshot"), QDir::temp().filePath(QStringLiteral("never.png"))});
  ASSERT_TRUE(p.waitForFinished(30'000));
  EXPECT_EQ(p.exitCode(), 1);
  EXPECT_TRUE(p.readAllStandardError().contains("/nonexistent/x.ioscope"));
  QProcess two;
  two.start(QStringLiteral(IOSCOPE_GUI_PATH),
            {QStringLiteral("a.ioscope"), QStringLiteral("b.ioscope")});
  ASSERT_TRUE(two.waitForFinished(30'000));
  EXPECT_EQ(two.exitCode(), 2);
  EXPECT_TRUE(two.readAllStandardError().contains("one recording at a time"));
}

}  // namespace
}  // namespace ioscope::ui
