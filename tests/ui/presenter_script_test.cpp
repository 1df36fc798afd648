// A lesson presented step by step from the keyboard alone: the ```notes block of a lesson file,
// the script's steps, and a real window driven through a whole lesson with N (the idea, the
// prediction with its show of hands, the run, the verdict, figure 6.6), the teacher's notes kept
// off the projector.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "lessons/lesson_pane.hpp"
#include "lessons/lesson_parser.hpp"
#include "lessons/presenter_script.hpp"
#include "window/main_window.hpp"
#include "window/speaker_notes.hpp"

namespace ioscope::ui {
namespace {

QByteArray lessonWith(const char* scenario_extra, const char* notes,
                      const char* view = "timeline") {
  QByteArray text =
      "# Stepped lesson\n\nThe idea.\n\n```scenario\nmodels: blocking\nclients: 1\nmessages: 2\n"
      "size: 64\ninterval: 2ms\nview: ";
  text += view;
  text += "\n";
  text += scenario_extra;
  text += "```\n\n```predict\nquestion: Q?\nA: a\nB: b\nC: c\nanswer: A\n```\n";
  text += notes;
  return text;
}

TEST(PresenterNotes, EachStepsNoteIsReadWithItsContinuationLines) {
  const auto r = parse_lesson(lessonWith("",
                                         "```notes\nidea: Start with the shop.\n"
                                         "  Mention the factory.\n\n"
                                         "predict: Wait for every hand.\n"
                                         "verdict: The copy is phase 2.\n```\n"),
                              QStringLiteral("90-x.en.md"));
  ASSERT_TRUE(std::holds_alternative<Lesson>(r)) << std::get<LessonError>(r).text().toStdString();
  const Lesson& l = std::get<Lesson>(r);
  EXPECT_EQ(l.notes[0], QStringLiteral("Start with the shop. Mention the factory."));
  EXPECT_EQ(l.notes[1], QStringLiteral("Wait for every hand."));
  EXPECT_TRUE(l.notes[2].isEmpty());
  EXPECT_EQ(l.notes[3], QStringLiteral("The copy is phase 2."));
  EXPECT_FALSE(l.markdown.contains(QStringLiteral("Wait for every hand")))
      << "notes are the teacher's, not the room's";
}

TEST(PresenterNotes, BadNotesNameTheirLine) {
  struct Case {
    const char* notes;
    int line;
    const char* says;
  };
  // The notes block opens on line 21 of lessonWith("").
  const Case cases[] = {
      {"```notes\nSay this first.\n```\n", 22, "say which step"},
      {"```notes\nrun: one\nrun: two\n```\n", 23, "a second note for 'run'"},
      {"```notes\nfigure: the figure\n```\n", 22, "figure: yes"},
      {"```notes\nidea: x\n", 21, "never closed"},
  };
  for (const Case& c : cases) {
    const auto r = parse_lesson(lessonWith("", c.notes), QStringLiteral("90-x.en.md"));
    ASSERT_TRUE(std::holds_alternative<LessonError>(r)) << c.notes;
    const LessonError& e = std::get<LessonError>(r);
    EXPECT_EQ(e.line, c.line) << c.notes << " -> " << e.text().toStdString();
    EXPECT_TRUE(e.message.contains(QLatin1String(c.says))) << e.text().toStdString();
  }
}

TEST(PresenterScriptSteps, FourStepsAndTheFigureWhereTheLessonHasOne) {
  Lesson plain, race;
  race.scenario.figure = true;
  race.notes[4] = QStringLiteral("Point at the blocking row.");
  EXPECT_EQ(PresenterScript::stepsOf(plain).size(), 4);
  ASSERT_EQ(PresenterScript::stepsOf(race).size(), 5);
  PresenterScript s;
  s.reset(race);
  EXPECT_EQ(s.current(), PresenterStep::Idea);
  EXPECT_FALSE(s.previous());
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(s.next());
  EXPECT_EQ(s.current(), PresenterStep::Figure);
  EXPECT_EQ(s.note(), QStringLiteral("Point at the blocking row."));
  EXPECT_EQ(s.title(), QStringLiteral("Step 5 of 5: figure 6.6"));
  EXPECT_FALSE(s.next());
  EXPECT_TRUE(s.previous());
  EXPECT_EQ(s.current(), PresenterStep::Verdict);
}

class PresenterScriptWindow : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    QSettings().remove(QStringLiteral("lessons"));
    QSettings().remove(QStringLiteral("presenter"));
    write(QStringLiteral("95-stepped.en.md"),
          lessonWith("",
                     "```notes\nidea: Ask who has queued in a shop.\n"
                     "predict: Count the hands for A.\n"
                     "run: Watch the buyer's bar.\n"
                     "verdict: Phase 2 is the copy.\n```\n"));
    write(QStringLiteral("96-raced.en.md"),
          lessonWith("figure: yes\n", "```notes\nfigure: The blocking row.\n```\n", "race")
              .replace("models: blocking", "models: blocking, epoll"));
  }
  void TearDown() override {
    QSettings().remove(QStringLiteral("lessons"));
    QSettings().remove(QStringLiteral("presenter"));
  }
  void write(const QString& name, const QByteArray& text) {
    QFile f(dir_.filePath(name));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
  }
  // A key as the teacher presses it: to whatever has the focus.
  static void press(MainWindow& w, int key) {
    QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : &w;
    QTest::keyClick(target, static_cast<Qt::Key>(key));
  }
  static QString status(MainWindow& w) {
    QString all;
    for (QLabel* l : w.statusBar()->findChildren<QLabel*>()) all += l->text() + QLatin1Char('\n');
    return all;
  }
  QTemporaryDir dir_;
};

TEST_F(PresenterScriptWindow, AWholeLessonFromTheKeyboardWithNotesKeptOffTheProjector) {
  MainWindow w;
  w.resize(1366, 768);
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("95-stepped")));
  w.setPresenterMode(true, false);
  // One screen (the projector): the notes are never shown there.
  ASSERT_EQ(QGuiApplication::screens().size(), 1);
  EXPECT_TRUE(w.speakerNotes()->isHidden());
  EXPECT_EQ(SpeakerNotes::screenFor(QGuiApplication::screens(), w.screen()), nullptr);
  EXPECT_EQ(w.presenterScript().current(), PresenterStep::Idea);
  EXPECT_TRUE(w.speakerNotes()->text().contains(QStringLiteral("Ask who has queued")));

  press(w, Qt::Key_N);  // the prediction: a show of hands
  EXPECT_EQ(w.presenterScript().current(), PresenterStep::Predict);
  EXPECT_TRUE(status(w).contains(QStringLiteral("hands up: A, B, C?"))) << status(w).toStdString();
  EXPECT_FALSE(w.lessonRunning()) << "nothing runs before the room has predicted";
  EXPECT_TRUE(w.speakerNotes()->text().contains(QStringLiteral("Count the hands")));
  press(w, Qt::Key_A);  // the room's answer

  QSignalSpy finished(&w, &MainWindow::lessonRunFinished);
  press(w, Qt::Key_Return);  // the run
  EXPECT_EQ(w.presenterScript().current(), PresenterStep::Run);
  EXPECT_TRUE(w.lessonRunning() || finished.count() > 0);
  // The verdict asked for too early says so and waits.
  if (w.lessonRunning()) {
    press(w, Qt::Key_N);
    EXPECT_EQ(w.presenterScript().current(), PresenterStep::Verdict);
    EXPECT_TRUE(status(w).contains(QStringLiteral("still going")) || !w.lessonRunning());
    press(w, Qt::Key_Backspace);
    EXPECT_EQ(w.presenterScript().current(), PresenterStep::Run);
  }
  ASSERT_TRUE(finished.count() > 0 || finished.wait(30'000));
  press(w, Qt::Key_N);  // the verdict
  EXPECT_EQ(w.presenterScript().current(), PresenterStep::Verdict);
  EXPECT_TRUE(w.lessonPane()->hasVerdict());
  EXPECT_TRUE(w.speakerNotes()->text().contains(QStringLiteral("Phase 2 is the copy")));
  EXPECT_TRUE(w.speakerNotes()->text().contains(QStringLiteral("the next lesson")));

  press(w, Qt::Key_N);  // past the last step: the next lesson, from its idea
  EXPECT_EQ(w.lessonPane()->currentId(), QStringLiteral("96-raced"));
  EXPECT_EQ(w.presenterScript().current(), PresenterStep::Idea);
  EXPECT_EQ(w.presenterScript().count(), 5);
}

TEST_F(PresenterScriptWindow, ARaceLessonEndsOnFigure66) {
  MainWindow w;
  w.resize(1366, 768);
  w.show();
  w.openLessonsFolder(dir_.path());
  ASSERT_TRUE(w.openLesson(QStringLiteral("96-raced")));
  w.setPresenterMode(true, false);
  press(w, Qt::Key_N);
  QSignalSpy finished(&w, &MainWindow::lessonRunFinished);
  press(w, Qt::Key_N);  // run
  ASSERT_TRUE(finished.count() > 0 || finished.wait(60'000));
  press(w, Qt::Key_N);  // verdict
  press(w, Qt::Key_N);  // figure
  EXPECT_EQ(w.presenterScript().current(), PresenterStep::Figure);
  EXPECT_EQ(w.currentView(), MainWindow::View::Figure);
  EXPECT_TRUE(w.speakerNotes()->text().contains(QStringLiteral("The blocking row.")));
}

}  // namespace
}  // namespace ioscope::ui
