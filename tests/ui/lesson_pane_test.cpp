// The Lessons pane in the real main window: the shipped lessons listed, a lesson's text and
// scenario (bugs too) loaded, the prediction asked before a real run and judged after it, progress
// kept across windows, next/previous, and a picked folder whose malformed lesson is named by
// file and line while the good ones load.
#include <gtest/gtest.h>

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include "bridge/run_controller.hpp"
#include "figure/stevens_figure.hpp"
#include "lessons/lesson_pane.hpp"
#include "lessons/run_facts.hpp"
#include "model/trace_document.hpp"
#include "register/registration_view.hpp"
#include "window/main_window.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {
namespace {

// A lesson that runs in a blink: epoll, 2 clients x 3 messages, 2 ms apart.
QByteArray fastLesson(const char* title, const char* extra_scenario = "", const char* checks = "") {
  return QByteArray("# ") + title +
         "\n\nA fast lesson for tests.\n\n```scenario\nmodels: epoll\nclients: 2\nmessages: 3\n"
         "size: 64\ninterval: 2ms\nview: timeline\n" +
         extra_scenario +
         "```\n\n```predict\nquestion: Will any read return data?\nA: Yes, every message is "
         "read\nB: No, none\nanswer: A\n```\n" +
         checks;
}

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

class LessonPaneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    QSettings s;
    s.remove(QStringLiteral("lessons"));
    s.remove(QStringLiteral("presenter"));
    writeFile(dir_.filePath(QStringLiteral("90-fast.en.md")), fastLesson("Fast lesson"));
    writeFile(dir_.filePath(QStringLiteral("91-mistakes.en.md")),
              fastLesson("Mistakes lesson", "bugs: tiny-rcvbuf\ntoggles: high-fd\n"));
    writeFile(dir_.filePath(QStringLiteral("92-checked.en.md")),
              fastLesson("Checked lesson", "toggles: tiny-rcvbuf\n",
                         "\n```checks\nserving_threads == 1: One thread serves both.\n"
                         "echoed == clients*messages: Every message comes back.\n"
                         "eagain > 1000000: An impossible claim.\n```\n"));
  }
  void TearDown() override {
    QSettings s;
    s.remove(QStringLiteral("lessons"));
    s.remove(QStringLiteral("presenter"));
  }
  QTemporaryDir dir_;
};

bool runAndWait(MainWindow& w) {
  QSignalSpy done(&w, &MainWindow::lessonRunFinished);
  QTest::mouseClick(w.lessonPane()->runButton(), Qt::LeftButton);
  return done.count() > 0 || done.wait(30'000);
}

TEST_F(LessonPaneTest, ListsTheShippedLessons) {
  MainWindow w;
  LessonPane* pane = w.lessonPane();
  const QStringList ids = pane->lessonIds();
  for (const char* id : {"01-two-phases", "02-blocking", "03-nonblocking"})
    EXPECT_TRUE(ids.contains(QLatin1String(id))) << id;
  EXPECT_EQ(pane->list()->count(), ids.size());
  EXPECT_TRUE(pane->list()->item(0)->text().contains(QStringLiteral("Two phases")))
      << pane->list()->item(0)->text().toStdString();
}

TEST_F(LessonPaneTest, OpeningALessonShowsItsTextAndLoadsItsScenario) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("03-nonblocking")));
  LessonPane* pane = w.lessonPane();
  EXPECT_TRUE(pane->textBrowser()->toPlainText().contains(QStringLiteral("O_NONBLOCK")));
  const Scenario s = w.scenarioPanel()->scenario();
  EXPECT_EQ(s.model, "nonblocking");
  EXPECT_EQ(s.clients, 2);
  EXPECT_EQ(s.messages, 4);
  EXPECT_EQ(s.size, 64u);
  EXPECT_EQ(s.interval_ns, 1'000'000'000);
  EXPECT_FALSE(s.bugs.any());
  EXPECT_EQ(w.currentView(), MainWindow::View::Timeline);
  // The prediction is asked before any run; no verdict yet.
  EXPECT_TRUE(pane->predictBox()->isVisible());
  EXPECT_TRUE(pane->questionLabel()->text().contains(QStringLiteral("recvmsg")));
  for (int i = 0; i < 4; ++i) ASSERT_NE(pane->choiceButton(i), nullptr) << i;
  EXPECT_EQ(pane->choiceButton(4), nullptr);
  EXPECT_FALSE(pane->hasVerdict());
  // Readable: at least 14 px.
  EXPECT_GE(pane->textPixelSize(), 14);
}

TEST_F(LessonPaneTest, TheLessonsBugsAreOnAndItsTogglesOffered) {
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("91-mistakes")));
  LessonPane* pane = w.lessonPane();
  EXPECT_TRUE(w.scenarioPanel()->scenario().bugs.tiny_rcvbuf);
  EXPECT_FALSE(w.scenarioPanel()->scenario().bugs.high_fd);
  // Offered: tiny-rcvbuf (on) and high-fd (off); the other two are not shown.
  EXPECT_TRUE(pane->bugBox(3)->isVisible());
  EXPECT_TRUE(pane->bugBox(3)->isChecked());
  EXPECT_TRUE(pane->bugBox(1)->isVisible());
  EXPECT_FALSE(pane->bugBox(1)->isChecked());
  EXPECT_FALSE(pane->bugBox(0)->isVisible());
  EXPECT_FALSE(pane->bugBox(2)->isVisible());
  QTest::mouseClick(pane->bugBox(1), Qt::LeftButton, {}, QPoint(8, pane->bugBox(1)->height() / 2));
  EXPECT_TRUE(w.scenarioPanel()->scenario().bugs.high_fd);
  pane->bugBox(3)->setChecked(false);
  EXPECT_FALSE(w.scenarioPanel()->scenario().bugs.tiny_rcvbuf);
  // And back from the panel's menu to the pane.
  w.scenarioPanel()->bugAction(3)->setChecked(true);
  EXPECT_TRUE(pane->bugBox(3)->isChecked());
  // Another lesson without bugs switches them off.
  ASSERT_TRUE(w.openLesson(QStringLiteral("90-fast")));
  EXPECT_FALSE(w.scenarioPanel()->scenario().bugs.any());
  EXPECT_FALSE(pane->bugBox(1)->isVisible());
}

TEST_F(LessonPaneTest, ARightPredictionIsConfirmedByARealRun) {
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("90-fast")));
  LessonPane* pane = w.lessonPane();
  // The choices are new widgets: they show once the event loop has run.
  ASSERT_TRUE(QTest::qWaitFor([&] { return pane->choiceButton(0)->isVisible(); }, 2000));
  QTest::mouseClick(pane->choiceButton(0), Qt::LeftButton);
  EXPECT_EQ(pane->choice(), 0);
  ASSERT_TRUE(runAndWait(w));
  ASSERT_TRUE(pane->hasVerdict());
  const QString v = pane->verdictText();
  EXPECT_TRUE(v.contains(QStringLiteral("was right"))) << v.toStdString();
  // The facts come from the trace: the 6 messages were read in one or more reads with data.
  const RunFacts facts = RunFacts::of(w.controller()->document());
  EXPECT_GE(facts.data_reads, 1);
  EXPECT_GE(facts.readiness_calls, 1);
  EXPECT_TRUE(v.contains(
      QStringLiteral("got data (phase 2, the knife handed over): %1").arg(facts.data_reads)))
      << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("6 of 6 messages echoed"))) << v.toStdString();
  EXPECT_TRUE(LessonProgress::wasRun(QStringLiteral("90-fast")));
  EXPECT_TRUE(LessonProgress::answeredRight(QStringLiteral("90-fast")));
}

TEST_F(LessonPaneTest, AWrongPredictionIsCorrected) {
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("90-fast")));
  LessonPane* pane = w.lessonPane();
  ASSERT_TRUE(QTest::qWaitFor([&] { return pane->choiceButton(1)->isVisible(); }, 2000));
  QTest::mouseClick(pane->choiceButton(1), Qt::LeftButton);
  EXPECT_EQ(pane->choice(), 1);
  ASSERT_TRUE(runAndWait(w));
  const QString v = pane->verdictText();
  EXPECT_TRUE(v.contains(QStringLiteral("was B; the run says A"))) << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("every message is read"))) << v.toStdString();
  EXPECT_TRUE(LessonProgress::wasRun(QStringLiteral("90-fast")));
  EXPECT_FALSE(LessonProgress::answeredRight(QStringLiteral("90-fast")));
}

TEST_F(LessonPaneTest, ProgressIsKeptForANewWindow) {
  {
    MainWindow w;
    w.show();
    w.openLessonsFolder(dir_.path());
    ASSERT_TRUE(w.openLesson(QStringLiteral("90-fast")));
    w.lessonPane()->setChoice(0);
    ASSERT_TRUE(runAndWait(w));
    w.close();
  }
  MainWindow again;
  again.restoreState();  // the folder and the open lesson come back
  LessonPane* pane = again.lessonPane();
  EXPECT_EQ(pane->currentId(), QStringLiteral("90-fast"));
  const int row = static_cast<int>(pane->lessonIds().indexOf(QStringLiteral("90-fast")));
  ASSERT_GE(row, 0);
  EXPECT_TRUE(pane->list()->item(row)->text().startsWith(QStringLiteral("✓")))
      << pane->list()->item(row)->text().toStdString();
  const int first = static_cast<int>(pane->lessonIds().indexOf(QStringLiteral("01-two-phases")));
  EXPECT_TRUE(pane->list()->item(first)->text().startsWith(QStringLiteral("○")));
  QSettings().remove(QStringLiteral("lessons"));
}

TEST_F(LessonPaneTest, NextAndPrevious) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("01-two-phases")));
  LessonPane* pane = w.lessonPane();
  EXPECT_FALSE(pane->previousButton()->isEnabled());
  QTest::mouseClick(pane->nextButton(), Qt::LeftButton);
  EXPECT_EQ(pane->currentId(), QStringLiteral("02-blocking"));
  EXPECT_EQ(w.scenarioPanel()->scenario().model, "blocking");
  QTest::mouseClick(pane->nextButton(), Qt::LeftButton);
  EXPECT_EQ(pane->currentId(), QStringLiteral("03-nonblocking"));
  EXPECT_EQ(w.scenarioPanel()->scenario().model, "nonblocking");
  QTest::mouseClick(pane->previousButton(), Qt::LeftButton);
  EXPECT_EQ(pane->currentId(), QStringLiteral("02-blocking"));
  // Clicking in the list opens too.
  pane->list()->setCurrentRow(0);
  EXPECT_EQ(pane->currentId(), QStringLiteral("01-two-phases"));
}

TEST_F(LessonPaneTest, AMalformedLessonInAPickedFolderIsNamedWhileTheOthersLoad) {
  writeFile(dir_.filePath(QStringLiteral("92-broken.en.md")),
            "# Broken\n\n```scenario\nmodels: epol\nclients: 2\nmessages: 3\nsize: 64\n"
            "interval: 2ms\nview: timeline\n```\n\n```predict\nquestion: Q?\nA: a\nB: b\n"
            "answer: A\n```\n");
  MainWindow w;
  w.show();
  const int loaded = w.openLessonsFolder(dir_.path());
  EXPECT_EQ(loaded, 3);  // 90-fast, 91-mistakes, 92-checked
  LessonPane* pane = w.lessonPane();
  ASSERT_EQ(pane->errorTexts().size(), 1);
  EXPECT_TRUE(pane->errorTexts().first().contains(QStringLiteral("92-broken.en.md:4:")))
      << pane->errorTexts().first().toStdString();
  EXPECT_TRUE(pane->errorsLabel()->isVisible());
  EXPECT_TRUE(pane->errorsLabel()->text().contains(QStringLiteral("92-broken.en.md:4:")));
  EXPECT_TRUE(pane->hasLesson(QStringLiteral("90-fast")));
  EXPECT_TRUE(pane->hasLesson(QStringLiteral("91-mistakes")));
  EXPECT_TRUE(pane->hasLesson(QStringLiteral("01-two-phases")));
  EXPECT_FALSE(pane->hasLesson(QStringLiteral("92-broken")));
  QSettings().remove(QStringLiteral("lessons"));
}

// The verdict is built from the lesson's checks, each with the run's own number; a claim the run
// contradicts is shown as such, never as true.
TEST_F(LessonPaneTest, TheVerdictChecksEachClaimOnTheRun) {
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("92-checked")));
  ASSERT_TRUE(runAndWait(w));
  const QString v = w.lessonPane()->verdictText();
  EXPECT_TRUE(v.contains(QStringLiteral("claims, checked on this run"))) << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("\u2713 One thread serves both. (1)"))) << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("\u2713 Every message comes back. (6)")))
      << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("\u2717 An impossible claim.")) &&
              v.contains(QStringLiteral("eagain > 1000000 does not hold")))
      << v.toStdString();
  EXPECT_FALSE(v.contains(QStringLiteral("not the lesson's own"))) << v.toStdString();
}

// A mistake switched on after the prediction: the verdict says the run was not the lesson's and
// still checks the claims on the run that was made.
TEST_F(LessonPaneTest, AChangedScenarioIsSaidAndStillChecked) {
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("92-checked")));
  LessonPane* pane = w.lessonPane();
  ASSERT_TRUE(pane->bugBox(3)->isVisible());
  pane->bugBox(3)->setChecked(true);  // tiny-rcvbuf
  ASSERT_TRUE(runAndWait(w));
  const QString v = pane->verdictText();
  EXPECT_TRUE(v.contains(QStringLiteral("not the lesson's own"))) << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("tiny-rcvbuf"))) << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("Every message comes back"))) << v.toStdString();
}

// A mistake toggled after a verdict, in the pane or in the scenario panel: the verdict spoke of
// the run before, so it is never left showing; a note says to run again, and the next run's
// verdict is about the run with the mistake.
TEST_F(LessonPaneTest, AVerdictNeverOutlivesAChangeOfMistakes) {
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("92-checked")));
  LessonPane* pane = w.lessonPane();
  ASSERT_TRUE(runAndWait(w));
  ASSERT_TRUE(pane->verdictText().contains(QStringLiteral("claims, checked on this run")));
  pane->bugBox(3)->setChecked(true);  // in the pane
  EXPECT_FALSE(pane->verdictText().contains(QStringLiteral("claims, checked")))
      << pane->verdictText().toStdString();
  EXPECT_TRUE(pane->verdictText().contains(QStringLiteral("Run the lesson again")));
  ASSERT_TRUE(runAndWait(w));
  EXPECT_TRUE(pane->verdictText().contains(QStringLiteral("tiny-rcvbuf")))
      << pane->verdictText().toStdString();
  Bugs off;  // in the scenario panel: the pane follows, and so does the verdict
  w.scenarioPanel()->setBugs(off);
  EXPECT_FALSE(pane->bugBox(3)->isChecked());
  EXPECT_TRUE(pane->verdictText().contains(QStringLiteral("Run the lesson again")))
      << pane->verdictText().toStdString();
}

// A myth answered by a run: the text's "#run-NAME" link runs the experiment's own scenario (not
// the lesson's, nor the mistakes ticked for it), and the verdict checks the experiment's claims,
// without the lesson's question; the lesson's Run then runs the lesson's own scenario again.
TEST_F(LessonPaneTest, AnExperimentLinkRunsItsOwnScenarioAndChecksItsClaims) {
  writeFile(dir_.filePath(QStringLiteral("94-myth.en.md")),
            fastLesson("Myth lesson", "toggles: tiny-rcvbuf\n",
                       "\nThe myth. [Run it](#run-lt) now.\n\n```scenario lt\nmodels: poll\n"
                       "clients: 1\nmessages: 2\nsize: 32\ninterval: 2ms\nview: timeline\n```\n"
                       "```checks lt\nreceive_eagain == 0: poll never hears not yet.\n"
                       "echoed == clients*messages: Both come back.\n```\n"
                       "```checks\nechoed == clients*messages: Every message comes back.\n```\n"));
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("94-myth")));
  LessonPane* pane = w.lessonPane();
  ASSERT_FALSE(pane->textBrowser()->toHtml().contains(QStringLiteral("```")));
  pane->bugBox(3)->setChecked(true);  // ticked for the lesson; the experiment has its own
  QSignalSpy done(&w, &MainWindow::lessonRunFinished);
  emit pane->textBrowser()->anchorClicked(QUrl(QStringLiteral("#run-lt")));  // the learner clicks
  ASSERT_TRUE(done.count() > 0 || done.wait(30'000));
  EXPECT_EQ(w.controller()->summary().scenario.model, "poll");
  EXPECT_EQ(w.controller()->summary().scenario.clients, 1);
  EXPECT_FALSE(w.controller()->summary().scenario.bugs.tiny_rcvbuf);
  const QString v = pane->verdictText();
  EXPECT_TRUE(v.contains(QStringLiteral("experiment \u201clt\u201d"))) << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("\u2713 poll never hears not yet. (0)")))
      << v.toStdString();
  EXPECT_TRUE(v.contains(QStringLiteral("\u2713 Both come back. (2)"))) << v.toStdString();
  EXPECT_FALSE(v.contains(QStringLiteral("Every message comes back"))) << v.toStdString();
  EXPECT_FALSE(v.contains(QStringLiteral("predict"), Qt::CaseInsensitive)) << v.toStdString();
  EXPECT_FALSE(v.contains(QStringLiteral("not the lesson's own"))) << v.toStdString();
  EXPECT_FALSE(pane->predictBox()->isHidden()) << "the lesson's question still waits for its run";
  EXPECT_FALSE(LessonProgress::wasRun(QStringLiteral("94-myth")));
  EXPECT_FALSE(w.runExperiment(QStringLiteral("no-such"))) << "an unknown experiment runs nothing";

  ASSERT_TRUE(runAndWait(w));  // the lesson's own Run: its scenario and its claims
  EXPECT_EQ(w.controller()->summary().scenario.model, "epoll");
  EXPECT_TRUE(w.controller()->summary().scenario.bugs.tiny_rcvbuf);
  const QString lv = pane->verdictText();
  EXPECT_TRUE(lv.contains(QStringLiteral("Every message comes back"))) << lv.toStdString();
  EXPECT_FALSE(lv.contains(QStringLiteral("never hears"))) << lv.toStdString();
}

// Lessons 1 and 9 end with figure 6.6: their race, measured, one row per model; the verdict's
// link opens it.
TEST_F(LessonPaneTest, ARaceLessonOffersItsRaceAsFigure66) {
  writeFile(dir_.filePath(QStringLiteral("93-race.en.md")),
            "# Race\n\n```scenario\nmodels: blocking, epoll\nclients: 2\nmessages: 3\n"
            "size: 64\ninterval: 5ms\nview: race\nfigure: yes\n```\n\n```predict\nquestion: "
            "Q?\nA: a\nB: b\nanswer: A\n```\n");
  MainWindow w;
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("93-race")));
  ASSERT_TRUE(runAndWait(w));
  StevensFigure* figure = w.figure();
  ASSERT_EQ(figure->rows().size(), 2u);
  for (const char* model : {"blocking", "epoll"}) {
    const FigureRow* row = figure->row(QString::fromLatin1(model));
    ASSERT_NE(row, nullptr) << model;
    ASSERT_TRUE(row->receive.has_value()) << model << " was not measured";
    EXPECT_GE(row->receive->phase2_ns(), 0) << model;
  }
  LessonPane* pane = w.lessonPane();
  const QString v = pane->verdictText();
  ASSERT_TRUE(v.contains(QStringLiteral("figure 6.6"))) << v.toStdString();
  EXPECT_NE(w.currentView(), MainWindow::View::Figure);
  auto* verdict = pane->findChild<QLabel*>(QStringLiteral("lessonVerdict"));
  ASSERT_NE(verdict, nullptr);
  ASSERT_TRUE(verdict->text().contains(QStringLiteral("href=\"#figure\"")));
  emit verdict->linkActivated(QStringLiteral("#figure"));  // the learner follows the link
  EXPECT_EQ(w.currentView(), MainWindow::View::Figure);
}

// Lesson 11 runs the registration experiment in its own view and checks its claims on it: the
// system calls each way made, every registration effective, the one loop's four kinds of event.
TEST_F(LessonPaneTest, Lesson11MeasuresRegistrationAndChecksItsClaims) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("11-registering-interest")));
  EXPECT_EQ(w.currentView(), MainWindow::View::Register);
  ASSERT_TRUE(runAndWait(w));
  RegistrationView* view = w.registrationView();
  ASSERT_TRUE(view->report().ok()) << view->report().error;
  EXPECT_EQ(view->table()->rowCount(), 6) << "3 sizes x 2 ways";
  EXPECT_GE(view->loopTable()->rowCount(), 4);
  const QString v = w.lessonPane()->verdictText();
  EXPECT_TRUE(
      v.contains(QStringLiteral("\u2713 epoll: epoll_ctl: one system call per descriptor. "
                                "(1000)")))
      << v.toStdString();
  EXPECT_FALSE(v.contains(QStringLiteral("\u2717"))) << v.toStdString();
}

TEST(RunFacts, CountsFromASyntheticTrace) {
  TraceDocument doc;
  std::vector<TraceEvent> events;
  auto ev = [&](EventKind k, Sys sys, std::int64_t value, std::uint16_t err, std::uint8_t flags) {
    TraceEvent e;
    e.t_ns = static_cast<std::int64_t>(events.size()) * 10;
    e.kind = k;
    e.sys = sys;
    e.value = value;
    e.err = err;
    e.flags = flags;
    e.lane = Lane::Buyer;
    events.push_back(e);
  };
  ev(EventKind::SyscallEnd, Sys::recvmsg, -1, EAGAIN, 0);
  ev(EventKind::SyscallEnd, Sys::recvmsg, -1, EAGAIN, 0);
  ev(EventKind::SyscallEnd, Sys::epoll_wait, 1, 0, 0);
  ev(EventKind::Notify, Sys::epoll_wait, 1, 0, 0);
  ev(EventKind::Notify, Sys::epoll_wait, 0, 0, 0);
  ev(EventKind::CopyEnd, Sys::recvmsg, 64, 0, flag::kWaited);
  ev(EventKind::CopyEnd, Sys::recvmsg, 64, 0, 0);
  doc.append(events);
  const RunFacts f = RunFacts::of(doc);
  EXPECT_EQ(f.eagain, 2);
  EXPECT_EQ(f.readiness_calls, 1);
  EXPECT_EQ(f.notifications, 2);
  EXPECT_EQ(f.empty_wakeups, 1);
  EXPECT_EQ(f.data_reads, 2);
  EXPECT_EQ(f.waited_reads, 1);
  EXPECT_EQ(f.buyer_threads, 1);
  EXPECT_TRUE(f.lines().first().endsWith(QStringLiteral(": 2")));
}

}  // namespace
}  // namespace ioscope::ui
