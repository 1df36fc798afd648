// Presenter mode: large type, keyboard only (Space runs, PgUp/PgDn change lesson, arrows step,
// Esc leaves), remembered per machine. And the language chosen in the app: the visible strings
// switch to Chinese and back at once, and the choice is kept.
#include <gtest/gtest.h>

#include <QDockWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

#include <memory>

#include "bridge/run_controller.hpp"
#include "lessons/app_language.hpp"
#include "lessons/lesson_pane.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {
namespace {

bool hasHan(const QString& s) {
  for (const QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

class PresenterTest : public ::testing::Test {
 protected:
  void SetUp() override { clean(); }
  void TearDown() override {
    AppLanguage::apply(QStringLiteral("en"));
    clean();
  }
  static void clean() {
    QSettings s;
    s.remove(QStringLiteral("presenter"));
    s.remove(QStringLiteral("lessons"));
    s.remove(QStringLiteral("ui/language"));
  }
};

TEST_F(PresenterTest, LargeTypeAndTheControlsOutOfTheWay) {
  MainWindow w;
  w.resize(1920, 1080);
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("01-two-phases")));
  w.setPresenterMode(true, false);
  EXPECT_TRUE(w.presenterMode());
  EXPECT_GE(w.lessonPane()->textPixelSize(), 28);
  // The timeline's captions are drawn from its font: at least 28 px too.
  const QFont tf = w.timeline()->font();
  const double px = tf.pixelSize() > 0 ? tf.pixelSize() : tf.pointSizeF() * w.logicalDpiY() / 72.0;
  EXPECT_GE(px, 27.5);
  EXPECT_FALSE(w.menuBar()->isVisible());
  EXPECT_FALSE(w.scenarioPanel()->isVisible());
  EXPECT_TRUE(w.lessonDock()->isVisible());
  EXPECT_TRUE(QSettings().value(QStringLiteral("presenter/on")).toBool());
  w.setPresenterMode(false);
  EXPECT_LT(w.lessonPane()->textPixelSize(), 28);
  EXPECT_TRUE(w.menuBar()->isVisible());
  EXPECT_TRUE(w.scenarioPanel()->isVisible());
  EXPECT_FALSE(QSettings().value(QStringLiteral("presenter/on")).toBool());
}

TEST_F(PresenterTest, KeysChangeLessonsAndEscLeaves) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("01-two-phases")));
  w.setPresenterMode(true, false);
  // Keys work wherever the focus is, the lesson text included.
  w.lessonPane()->textBrowser()->setFocus();
  QTest::keyClick(w.lessonPane()->textBrowser(), Qt::Key_PageDown);
  EXPECT_EQ(w.lessonPane()->currentId(), QStringLiteral("02-blocking"));
  QTest::keyClick(&w, Qt::Key_PageDown);
  EXPECT_EQ(w.lessonPane()->currentId(), QStringLiteral("03-nonblocking"));
  QTest::keyClick(&w, Qt::Key_PageUp);
  EXPECT_EQ(w.lessonPane()->currentId(), QStringLiteral("02-blocking"));
  QTest::keyClick(&w, Qt::Key_C);
  EXPECT_EQ(w.lessonPane()->choice(), 2);
  QTest::keyClick(&w, Qt::Key_Escape);
  EXPECT_FALSE(w.presenterMode());
  // Out of presenter mode PgDn is the focused widget's again.
  QTest::keyClick(&w, Qt::Key_PageDown);
  EXPECT_EQ(w.lessonPane()->currentId(), QStringLiteral("02-blocking"));
}

TEST_F(PresenterTest, SpaceRunsTheLessonAndSpaceAgainStopsIt) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("02-blocking")));
  w.setPresenterMode(true, false);
  QTest::keyClick(&w, Qt::Key_Space);
  EXPECT_TRUE(w.controller()->running());
  EXPECT_TRUE(w.lessonRunning());
  // Let the run record something to step through before it is stopped.
  QTRY_VERIFY_WITH_TIMEOUT(w.controller()->document().size() > 0, 10'000);
  QSignalSpy done(&w, &MainWindow::lessonRunFinished);
  QTest::keyClick(&w, Qt::Key_Space);
  ASSERT_TRUE(done.count() > 0 || done.wait(10'000));
  EXPECT_FALSE(w.controller()->running());
  // After the run, the arrows step through its trace.
  QTest::keyClick(&w, Qt::Key_Right);
  EXPECT_TRUE(w.timeline()->selectedEvent().has_value());
  w.setPresenterMode(false);
}

TEST_F(PresenterTest, RememberedForTheNextWindow) {
  {
    MainWindow w;
    w.setPresenterMode(true, false);
    w.close();
  }
  MainWindow again;
  again.restoreState();
  EXPECT_TRUE(again.presenterMode());
  again.setPresenterMode(false);
  MainWindow third;
  third.restoreState();
  EXPECT_FALSE(third.presenterMode());
}

TEST_F(PresenterTest, LanguageSwitchesToChineseAndBackAtOnce) {
  AppLanguage::apply(QStringLiteral("en"));
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("03-nonblocking")));
  EXPECT_EQ(w.lessonDock()->windowTitle(), QStringLiteral("Lessons"));
  std::unique_ptr<MainWindow> zh(w.switchLanguage(QStringLiteral("zh_CN")));
  ASSERT_NE(zh.get(), &w);
  EXPECT_FALSE(w.isVisible());
  EXPECT_TRUE(zh->isVisible());
  EXPECT_EQ(AppLanguage::current(), QStringLiteral("zh_CN"));
  EXPECT_EQ(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
  EXPECT_TRUE(hasHan(zh->lessonDock()->windowTitle()))
      << zh->lessonDock()->windowTitle().toStdString();
  EXPECT_EQ(zh->scenarioPanel()->runButton()->text(), QStringLiteral("运行"));
  // The same lesson, now in Chinese.
  EXPECT_EQ(zh->lessonPane()->currentId(), QStringLiteral("03-nonblocking"));
  EXPECT_TRUE(hasHan(zh->lessonPane()->textBrowser()->toPlainText().left(40)));
  EXPECT_TRUE(hasHan(zh->lessonPane()->runButton()->text()));
  std::unique_ptr<MainWindow> en(zh->switchLanguage(QStringLiteral("en")));
  ASSERT_NE(en.get(), zh.get());
  EXPECT_EQ(en->lessonDock()->windowTitle(), QStringLiteral("Lessons"));
  EXPECT_EQ(en->scenarioPanel()->runButton()->text(), QStringLiteral("Run"));
  EXPECT_FALSE(hasHan(en->lessonPane()->textBrowser()->toPlainText().left(40)));
  EXPECT_EQ(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("en"));
  EXPECT_EQ(AppLanguage::preferred(), QStringLiteral("en"));
}

}  // namespace
}  // namespace ioscope::ui
