// Presenter mode: large type, keyboard only (Space runs, PgUp/PgDn change lesson, arrows step,
// Esc leaves), remembered per machine. And the language chosen in the app: the visible strings
// switch to Chinese and back at once, and the choice is kept.
#include <gtest/gtest.h>

#include <QAbstractScrollArea>
#include <QApplication>
#include <QDockWidget>
#include <QFontMetricsF>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

#include <memory>

#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "events/event_table_model.hpp"
#include "lessons/app_language.hpp"
#include "lessons/lesson_pane.hpp"
#include "timeline/synthetic_trace.hpp"
#include "timeline/timeline_painter.hpp"
#include "timeline/timeline_rows.hpp"
#include "timeline/timeline_text.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"
#include "zh_test_support.hpp"

namespace ioscope::ui {
namespace {

// Every lane's name and subtitle, at the timeline's font, fits the gutter the painter uses
// (paintGutter: pictogram and margins left of the text, a margin right of it).
void expectLaneTitlesFit(const TimelineWidget& timeline, const TraceDocument& doc) {
  const TimelineMetrics m = timeline.metrics();
  const TimelineFonts fonts = TimelineFonts::from(timeline.font());
  const QFontMetricsF lane_fm(fonts.lane), small_fm(fonts.small);
  for (const TimelineLook look : {TimelineLook::Analogy, TimelineLook::Syscall}) {
    const double left = look == TimelineLook::Analogy ? m.px(12) + m.px(36) : m.px(10);
    const double avail = m.gutter - left - m.px(6);
    const LaneLayout layout = LaneLayout::build({{&doc, QString()}}, 800, m);
    int buyers = 0;
    for (const LaneRow& r : layout.rows()) buyers += r.kind == RowKind::Buyer ? 1 : 0;
    for (const LaneRow& r : layout.rows()) {
      const QString name = TimelineText::laneName(r, look, buyers);
      const QString sub = TimelineText::laneSubtitle(r, look, &doc);
      EXPECT_LE(lane_fm.horizontalAdvance(name), avail) << name.toStdString();
      EXPECT_LE(small_fm.horizontalAdvance(sub), avail) << sub.toStdString();
    }
  }
}

// Adjacent ruler labels, as paintRuler draws them (left-aligned 4 px right of their tick),
// stay apart at every zoom from nanoseconds to seconds, near the start and far from it.
void expectRulerLabelsApart(const TimelineWidget& timeline) {
  const TimelineFonts fonts = TimelineFonts::from(timeline.font());
  const QFontMetricsF fm(fonts.caption);
  const int width = timeline.plotRect().width();
  ASSERT_GT(width, 100);
  for (const double ns_per_px : {0.05, 0.7, 3.0, 40.0, 650.0, 5e3, 7e4, 1e6, 5e6, 3e7}) {
    for (const double origin_px : {-20.0, 0.0, 12345.0, 9.87e6}) {
      const TimeAxis axis(static_cast<std::int64_t>(origin_px * ns_per_px), ns_per_px);
      const double gap = TimelinePainter::tickGap(axis, width, fonts.caption, fonts.scale);
      const std::int64_t step = TimeAxis::nice_step(gap * ns_per_px);
      double last_right = -1e9;
      QString last;
      for (const auto& tick : axis.ticks(width, 0, gap)) {
        if (!tick.major) continue;
        const QString label = TimelinePainter::rulerLabel(tick.t, step);
        const double x = tick.x + 4 * fonts.scale;
        EXPECT_GT(x, last_right + 8) << last.toStdString() << " | " << label.toStdString() << " at "
                                     << ns_per_px << " ns/px";
        last_right = x + fm.horizontalAdvance(label);
        last = label;
      }
    }
  }
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

// The timeline's keys and the key sheet, from wherever the focus is; Esc closes the sheet before
// it leaves presenter mode; a field that takes text keeps its keys.
TEST_F(PresenterTest, TimelineKeysAndTheSheetWorkFromAnyFocusAndEscClosesTheSheetFirst) {
  MainWindow w;
  w.resize(1366, 768);
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("02-blocking")));
  w.setPresenterMode(true, false);
  for (QWidget* focus : {static_cast<QWidget*>(w.lessonPane()->textBrowser()),
                         static_cast<QWidget*>(w.timeline()), static_cast<QWidget*>(&w)}) {
    SCOPED_TRACE(focus->metaObject()->className());
    focus->setFocus();
    QTest::keyClick(focus, Qt::Key_Question, Qt::ShiftModifier);
    EXPECT_TRUE(w.timeline()->cheatSheetVisible());
    QTest::keyClick(focus, Qt::Key_Escape);
    EXPECT_FALSE(w.timeline()->cheatSheetVisible());
    EXPECT_TRUE(w.presenterMode()) << "Esc closed the sheet and also left presenter mode";
  }
  // The sheet lists the presenter's keys, not the timeline's mouse gestures.
  EXPECT_TRUE(w.timeline()->presenterSheet());

  // Zoom from the lesson text: the timeline's span shrinks, then fit restores it.
  w.lessonPane()->textBrowser()->setFocus();
  const double before = w.timeline()->axis().ns_per_px();
  QTest::keyClick(w.lessonPane()->textBrowser(), Qt::Key_Plus);
  EXPECT_LT(w.timeline()->axis().ns_per_px(), before);
  QTest::keyClick(w.lessonPane()->textBrowser(), Qt::Key_F);
  QTest::keyClick(w.lessonPane()->textBrowser(), Qt::Key_Escape);
  EXPECT_FALSE(w.presenterMode());
  EXPECT_FALSE(w.timeline()->presenterSheet());
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

// The run and the lesson's verdict on it survive a language switch: the same trace, the verdict
// given again in the new language.
TEST_F(PresenterTest, LanguageSwitchKeepsTheRunAndGivesTheVerdictAgain) {
  AppLanguage::apply(QStringLiteral("en"));
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("02-blocking")));
  w.lessonPane()->setChoice(0);
  QSignalSpy done(&w, &MainWindow::lessonRunFinished);
  ASSERT_TRUE(w.runLesson());
  // A short look is enough: the run is stopped, and what it recorded is what must survive.
  QTRY_VERIFY_WITH_TIMEOUT(w.controller()->document().size() > 20, 10'000);
  w.stopRun();
  ASSERT_TRUE(done.count() > 0 || done.wait(10'000));
  ASSERT_TRUE(w.lessonPane()->hasVerdict());
  const std::size_t events = w.controller()->document().size();
  const QString english = w.lessonPane()->verdictText();
  EXPECT_FALSE(hasHan(english));

  std::unique_ptr<MainWindow> zh(w.switchLanguage(QStringLiteral("zh_CN")));
  ASSERT_NE(zh.get(), &w);
  EXPECT_EQ(zh->controller()->document().size(), events) << "the run was discarded";
  EXPECT_EQ(w.controller()->document().size(), 0u);
  EXPECT_TRUE(zh->controller()->summary().cancelled);
  ASSERT_TRUE(zh->lessonPane()->hasVerdict()) << "the verdict was discarded";
  EXPECT_TRUE(hasHan(zh->lessonPane()->verdictText()))
      << zh->lessonPane()->verdictText().toStdString();
  ASSERT_EQ(zh->timeline()->runs().size(), 1);
  EXPECT_EQ(zh->timeline()->runs().front().doc, &zh->controller()->document());
  EXPECT_EQ(zh->eventList()->model()->rowCount(), static_cast<int>(events));
}

TEST_F(PresenterTest, TimelineGutterRulerAndRowsFollowTheLargeType) {
  SyntheticTraceSpec spec;
  spec.events = 200;
  spec.clients = 8;
  TraceDocument doc;
  doc.append(syntheticTrace(spec));
  MainWindow w;
  w.resize(1920, 1080);
  w.show();
  // The normal size is what it always was.
  const TimelineMetrics normal = w.timeline()->metrics();
  EXPECT_EQ(normal.scale, 1.0);
  EXPECT_EQ(normal.gutter, TimelinePainter::kGutterWidth);
  EXPECT_EQ(normal.ruler, TimelinePainter::kRulerHeight);
  expectLaneTitlesFit(*w.timeline(), doc);

  // Two models raced: the race gets the presenter's full size (five shrink: see the next test).
  w.raceView()->setModels({QStringLiteral("blocking"), QStringLiteral("epoll")});
  w.setPresenterMode(true, false);
  for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
    AppLanguage::apply(lang);
    SCOPED_TRACE(lang.toStdString());
    for (const TimelineWidget* t : {w.timeline(), w.raceView()->timeline()}) {
      const TimelineMetrics m = t->metrics();
      EXPECT_GT(m.scale, 1.8);
      EXPECT_GT(m.gutter, TimelinePainter::kGutterWidth);  // "Shopkeeper" at 30 px needs more
      EXPECT_GE(m.ruler, QFontMetricsF(TimelineFonts::from(t->font()).caption).height() + 10);
      expectLaneTitlesFit(*t, doc);
      expectRulerLabelsApart(*t);
      // Rows grow with the type: a buyer row holds its name, its subtitle and its captions.
      const LaneLayout layout = LaneLayout::build({{&doc, QString()}}, 0, m);
      EXPECT_GE(layout.rows().front().height, LaneLayout::kBuyerHeight * m.scale * 0.85);
    }
  }
  AppLanguage::apply(QStringLiteral("en"));
  // The race follows presenter mode, at the same size as the timeline.
  EXPECT_EQ(w.raceView()->timeline()->font(), w.timeline()->font());

  w.setPresenterMode(false, false);
  for (const TimelineWidget* t : {w.timeline(), w.raceView()->timeline()}) {
    EXPECT_EQ(t->metrics().scale, 1.0);
    EXPECT_EQ(t->metrics().gutter, TimelinePainter::kGutterWidth);
  }
}

// Figure 6.6 needs all five models on the screen: the more models are stacked, the smaller the
// race's type, but never smaller than the normal size.
TEST_F(PresenterTest, RaceOfFiveModelsShrinksItsTypeToKeepEveryModelOnScreen) {
  MainWindow w;
  w.resize(1920, 1080);
  w.show();
  const double normal = w.raceView()->timeline()->font().pointSizeF();
  w.raceView()->setModels({QStringLiteral("blocking"), QStringLiteral("nonblocking"),
                           QStringLiteral("select"), QStringLiteral("sigio"),
                           QStringLiteral("io_uring")});
  w.setPresenterMode(true, false);
  const double race = w.raceView()->timeline()->font().pointSizeF();
  EXPECT_FALSE(w.raceView()->findChild<QPushButton*>()->isVisibleTo(w.raceView()))
      << "keyboard only";
  EXPECT_LT(race, w.timeline()->font().pointSizeF());
  EXPECT_GE(race, normal);
  w.raceView()->setModels({QStringLiteral("blocking"), QStringLiteral("epoll")});
  EXPECT_EQ(w.raceView()->timeline()->font(), w.timeline()->font());
  w.setPresenterMode(false, false);
  EXPECT_EQ(w.raceView()->timeline()->font().pointSizeF(), normal);
  EXPECT_TRUE(w.raceView()->findChild<QPushButton*>()->isVisibleTo(w.raceView()));
}

// Classroom projectors are often 1366x768: presenter mode, with the lesson beside any view, must
// not need a wider window (wide views scroll sideways instead).
TEST_F(PresenterTest, FitsA1366By768ProjectorInEveryView) {
  MainWindow w;
  w.show();
  ASSERT_TRUE(w.openLesson(QStringLiteral("06-select-vs-epoll")));
  w.setPresenterMode(true, false);
  for (const auto view : {MainWindow::View::Timeline, MainWindow::View::Race,
                          MainWindow::View::Scan, MainWindow::View::Latency}) {
    w.setView(view);
    QApplication::processEvents();
    EXPECT_LE(w.minimumSizeHint().width(), 1366) << static_cast<int>(view);
    EXPECT_LE(w.minimumSizeHint().height(), 768) << static_cast<int>(view);
  }
  w.setPresenterMode(false, false);
}

// Inside a scroll area a widget may be larger than what shows: that is what the scroll bar is
// for. Anywhere else a visible widget must lie inside the window and get at least the size it
// needs, or part of it (its text) is cut off.
bool insideScrollArea(const QWidget* w) {
  for (const QWidget* p = w->parentWidget(); p; p = p->parentWidget())
    if (qobject_cast<const QAbstractScrollArea*>(p)) return true;
  return false;
}

void expectNothingCut(const MainWindow& w, const std::string& where) {
  const QRect window = w.rect();
  for (const QWidget* c : w.findChildren<QWidget*>()) {
    if (!c->isVisible() || c->isWindow() || insideScrollArea(c)) continue;
    // Qt's own parts (a spin box's editor, a dock's title buttons) size themselves by design.
    if (c->objectName().startsWith(QLatin1String("qt_"))) continue;
    if (c->width() <= 0 || c->height() <= 0) continue;  // nothing shown, nothing to cut
    const QRect r(c->mapTo(&w, QPoint(0, 0)), c->size());
    const QLabel* label = qobject_cast<const QLabel*>(c);
    const std::string name =
        where + " " + c->metaObject()->className() + " '" + c->objectName().toStdString() +
        "' of " + (c->parentWidget() ? c->parentWidget()->metaObject()->className() : "none") +
        " at " + std::to_string(r.x()) + "," + std::to_string(r.y()) + " " +
        std::to_string(r.width()) + "x" + std::to_string(r.height()) +
        (label ? " \"" + label->text().left(40).toStdString() + "\"" : "");
    EXPECT_TRUE(window.contains(r)) << name << " lies outside the window";
    // A view that only fits by scrolling sideways is cut on a projector: nobody scrolls there.
    // (Tables and text scroll by nature; a view laid out in a scroll area should not have to.)
    if (auto* area = qobject_cast<const QScrollArea*>(c)) {
      EXPECT_FALSE(area->horizontalScrollBar()->isVisible()) << name << " scrolls sideways";
    }
    const QSize need = c->minimumSizeHint();
    if (need.isValid() && !qobject_cast<const QAbstractScrollArea*>(c)) {
      EXPECT_GE(c->width(), need.width()) << name << " squeezed in width";
      EXPECT_GE(c->height(), need.height()) << name << " squeezed in height";
    }
  }
}

// A projector of 1366x768 or 1280x720, the lesson pane open, in both languages, presenter mode
// or not: every view fits, nothing is cut.
TEST_F(PresenterTest, EveryViewFitsSmallProjectorsWithTheLessonPaneInBothLanguages) {
  for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
    AppLanguage::apply(lang);
    for (const QSize size : {QSize(1366, 768), QSize(1280, 720)}) {
      for (const bool presenter : {false, true}) {
        MainWindow w;
        w.resize(size);
        w.show();
        ASSERT_TRUE(w.openLesson(QStringLiteral("06-select-vs-epoll")));
        w.setLessonsVisible(true);
        if (presenter) w.setPresenterMode(true, false);
        for (const auto view :
             {MainWindow::View::Timeline, MainWindow::View::Race, MainWindow::View::Scan,
              MainWindow::View::Latency, MainWindow::View::Figure, MainWindow::View::Register}) {
          w.setView(view);
          w.resize(size);
          QTest::qWait(20);  // the layout passes a frame would run
          const std::string where = lang.toStdString() + " " + std::to_string(size.width()) + "x" +
                                    std::to_string(size.height()) +
                                    (presenter ? " presenter" : "") + " view " +
                                    std::to_string(static_cast<int>(view));
          EXPECT_EQ(w.size(), size) << where << ": the window needs " << w.minimumSizeHint().width()
                                    << "x" << w.minimumSizeHint().height();
          expectNothingCut(w, where);
        }
        if (presenter) w.setPresenterMode(false, false);
      }
    }
  }
  AppLanguage::apply(QStringLiteral("en"));
}

TEST_F(PresenterTest, RulerLabelsStayApartAtTheNormalSize) {
  MainWindow w;
  w.resize(1366, 768);
  w.show();
  expectRulerLabelsApart(*w.timeline());
}

}  // namespace
}  // namespace ioscope::ui
