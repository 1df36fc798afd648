// The classroom side of the main window: the lesson pane (open, run, verdict, lessons folder),
// presenter mode and its keys, and switching the interface language.
#include "window/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>

#include "bridge/run_controller.hpp"
#include "latency/latency_view.hpp"
#include "lessons/app_language.hpp"
#include "lessons/lesson_pane.hpp"
#include "lessons/presenter_keys.hpp"
#include "lessons/run_facts.hpp"
#include "model/engine_text.hpp"
#include "scan/scan_view.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {

namespace {

MainWindow::View view_of(LessonView v) {
  switch (v) {
    case LessonView::Race:
      return MainWindow::View::Race;
    case LessonView::Scan:
      return MainWindow::View::Scan;
    case LessonView::Latency:
      return MainWindow::View::Latency;
    case LessonView::Timeline:
      break;
  }
  return MainWindow::View::Timeline;
}

}  // namespace

bool MainWindow::openLesson(const QString& id) {
  return lessons_->openLesson(id);
}

void MainWindow::onLessonOpened(const QString&) {
  lesson_has_run_ = false;
  applyLessonScenario();
  if (const Lesson* l = lessons_->currentLesson())
    status_->setText(tr("Lesson: %1. Predict, then run it.").arg(l->title));
}

void MainWindow::applyLessonScenario() {
  const Lesson* l = lessons_->currentLesson();
  if (!l || l->scenario.models.isEmpty()) return;
  const LessonScenario& ls = l->scenario;
  Scenario s;
  s.model = ls.models.first().toStdString();
  s.clients = ls.clients;
  s.messages = ls.messages;
  s.size = ls.size;
  s.interval_ns = ls.interval_ns;
  // The lesson's mistakes as the learner has them ticked; the ones it does not offer are off.
  s.bugs = lessons_->bugs();
  panel_->setScenario(s);
  lesson_view_ = view_of(ls.view);
  switch (lesson_view_) {
    case View::Race:
      race_->setModels(ls.models);
      break;
    case View::Scan:
      // A scan lesson reads its block as the experiment's: fds is the sweep (the classroom shows
      // the largest), clients is k (descriptors made ready per call), messages the timed calls.
      if (!ls.fds.isEmpty()) {
        scan_->setSweep(std::vector<int>(ls.fds.begin(), ls.fds.end()));
        scan_->setStudents(std::min(1000, *std::max_element(ls.fds.begin(), ls.fds.end())));
      }
      scan_->setActive(ls.clients);
      scan_->setRounds(ls.messages);
      break;
    case View::Latency: {
      latency_->setModels(ls.models);
      const double per_s = ls.interval_ns > 0 ? 1e9 / static_cast<double>(ls.interval_ns) : 1000;
      const int rate = std::max(1, static_cast<int>(per_s * ls.clients));
      const auto ms = static_cast<std::int64_t>(ls.messages) * ls.interval_ns / 1'000'000;
      latency_->setWorkload(ls.clients, rate,
                            static_cast<int>(std::clamp<std::int64_t>(ms, 200, 5000)),
                            static_cast<int>(ls.size));
      break;
    }
    case View::Timeline:
      break;
  }
  setView(lesson_view_);
}

bool MainWindow::runLesson() {
  const Lesson* l = lessons_->currentLesson();
  if (!l || lesson_run_ || controller_->running() || race_->running() || scan_->running() ||
      latency_->isRunning())
    return false;
  applyLessonScenario();
  bool started = false;
  switch (lesson_view_) {
    case View::Timeline:
      started = startRun();
      break;
    case View::Race:
      started = race_->start();
      if (!started) status_->setText(race_->message());
      break;
    case View::Scan:
      started = scan_->start();
      if (!started) status_->setText(scan_->message());
      break;
    case View::Latency:
      started = latency_->run();
      if (!started) status_->setText(latency_->statusText());
      break;
  }
  if (!started) return false;
  lesson_run_ = true;
  lessons_->setRunning(true);
  return true;
}

void MainWindow::finishLessonRun() {
  lesson_run_ = false;
  lesson_has_run_ = true;
  lessons_->setRunning(false);
  switch (lesson_view_) {
    case View::Timeline: {
      const RunFacts facts = RunFacts::of(controller_->document());
      const RunSummary& s = controller_->summary();
      const auto expected = static_cast<std::uint64_t>(s.scenario.clients) *
                            static_cast<std::uint64_t>(s.scenario.messages);
      QString extra;
      if (!s.error.empty())
        extra = tr("The run failed: %1").arg(engineText(s.error));
      else if (s.cancelled)
        extra = tr("The run was stopped before the end.");
      else
        extra = tr("%1 of %2 messages echoed and verified").arg(s.messages_verified).arg(expected);
      QStringList lines{extra};
      if (s.dropped > 0)
        lines << tr("The trace is incomplete (%1 events dropped): these counts are lower bounds.")
                     .arg(s.dropped);
      lessons_->showResult(&facts, lines);
      selectFirstDataCall();
      break;
    }
    case View::Race: {
      QStringList per_model;
      for (const TimelineRun& run : race_->timeline()->runs())
        if (run.doc)
          per_model << run.title + QStringLiteral(": ") +
                           RunFactsText::brief(RunFacts::of(*run.doc));
      lessons_->showResult(nullptr, per_model);
      break;
    }
    case View::Scan:
      lessons_->showResult(nullptr, {scan_->message()});
      break;
    case View::Latency:
      lessons_->showResult(nullptr, {latency_->statusText()});
      break;
  }
  emit lessonRunFinished();
}

int MainWindow::openLessonsFolder(const QString& folder) {
  lesson_folder_ = folder;
  const int loaded = lessons_->loadFolder(folder);
  const QStringList errors = lessons_->errorTexts();
  status_->setText(
      errors.isEmpty()
          ? tr("%n lesson file(s) loaded from %1.", nullptr, loaded).arg(folder)
          : tr("%n lesson file(s) loaded; %1 could not be (see the Lessons pane).", nullptr, loaded)
                .arg(errors.size()));
  lesson_dock_->show();
  return loaded;
}

void MainWindow::setLessonsVisible(bool visible) {
  lesson_dock_->setVisible(visible);
}

void MainWindow::showEvent(QShowEvent* event) {
  QMainWindow::showEvent(event);
  if (sized_dock_ || presenter_) return;
  sized_dock_ = true;
  // A quarter of the window beside the views: wider on a big screen, never under 300 px.
  resizeDocks({lesson_dock_}, {std::clamp(width() / 4, 300, 560)}, Qt::Horizontal);
}

// ---- Presenter mode ------------------------------------------------------------------------

int MainWindow::presenterPixelSize() {
  return std::clamp(QSettings().value(QStringLiteral("presenter/pixelSize"), 30).toInt(), 28, 72);
}

void MainWindow::setPresenterMode(bool on, bool fullscreen) {
  if (on == presenter_) {
    if (on && fullscreen && !isFullScreen()) showFullScreen();
    return;
  }
  presenter_ = on;
  presenter_action_->setChecked(on);
  const int px = presenterPixelSize();
  static const QString kBig = QStringLiteral("font-size: %1px;");
  if (on) {
    was_fullscreen_ = isFullScreen();
    dock_was_visible_ = !lesson_dock_->isHidden();
    timeline_font_ = timeline_->font();
    menuBar()->hide();
    look_bar_->hide();
    panel_->hide();
    timeline_split_->widget(1)->hide();
    tabs_->tabBar()->hide();
    lesson_dock_->setTitleBarWidget(new QWidget(lesson_dock_));
    lesson_dock_->show();
    // The timeline draws its captions and lane names from its font (points).
    QFont big = timeline_font_;
    big.setPointSizeF(px * 72.0 / std::max(1, logicalDpiY()));
    // The timeline's gutter, ruler and rows grow with its font; the race's stacked ones too.
    timeline_->setFont(big);
    race_->setTimelineFont(big);
    race_->setControlsVisible(false);
    // The legend is a key, not a caption: a little smaller, so it keeps to two or three rows.
    QFont key = big;
    key.setPointSizeF(big.pointSizeF() * 0.8);
    legend_->setFont(key);
    statusBar()->setStyleSheet(kBig.arg(px * 4 / 5));
    lessons_->setPresenter(true, px);
    if (fullscreen) showFullScreen();
    resizeDocks({lesson_dock_}, {width() * 2 / 5}, Qt::Horizontal);
    // Full screen arrives later on some platforms: size the dock again then.
    QTimer::singleShot(0, this, [this] {
      if (presenter_) resizeDocks({lesson_dock_}, {width() * 2 / 5}, Qt::Horizontal);
    });
  } else {
    menuBar()->show();
    look_bar_->show();
    panel_->show();
    timeline_split_->widget(1)->show();
    tabs_->tabBar()->show();
    QWidget* title = lesson_dock_->titleBarWidget();
    lesson_dock_->setTitleBarWidget(nullptr);
    delete title;
    lesson_dock_->setVisible(dock_was_visible_);
    timeline_->setFont(timeline_font_);
    race_->setTimelineFont(timeline_font_);
    race_->setControlsVisible(true);
    legend_->setFont(timeline_font_);
    statusBar()->setStyleSheet(QString());
    lessons_->setPresenter(false);
    if (!was_fullscreen_ && isFullScreen()) showNormal();
    resizeDocks({lesson_dock_}, {std::clamp(width() / 4, 300, 560)}, Qt::Horizontal);
  }
  presenter_keys_->setEnabled(on);
  QSettings().setValue(QStringLiteral("presenter/on"), on);
}

void MainWindow::presenterSpace() {
  if (controller_->running()) return stopRun();
  if (race_->running()) return race_->stop();
  if (scan_->running()) return scan_->stop();
  if (latency_->isRunning()) return latency_->stop();
  // After the lesson's run: Space replays it (and pauses the replay).
  if (lesson_has_run_ && lesson_view_ == View::Timeline && controller_->document().size() > 0) {
    if (!timeline_->hasPlayhead()) timeline_->jumpToStart();
    timeline_->togglePlay();
    return;
  }
  runLesson();
}

void MainWindow::bindPresenterKeys() {
  PresenterKeys* k = presenter_keys_;
  k->bind(Qt::Key_Space, [this] { presenterSpace(); });
  k->bind(Qt::Key_R, [this] { runLesson(); });
  k->bind(Qt::Key_Right, [this] { timeline_->stepNext(); });
  k->bind(Qt::Key_Left, [this] { timeline_->stepPrevious(); });
  k->bind(Qt::Key_Home, [this] { timeline_->jumpToStart(); });
  k->bind(Qt::Key_End, [this] { timeline_->jumpToEnd(); });
  k->bind(Qt::Key_Down, [this] { lessons_->scrollText(1); });
  k->bind(Qt::Key_Up, [this] { lessons_->scrollText(-1); });
  k->bind(Qt::Key_PageDown, [this] { lessons_->next(); });
  k->bind(Qt::Key_PageUp, [this] { lessons_->previous(); });
  k->bind(Qt::Key_F11, [this] { isFullScreen() ? showNormal() : showFullScreen(); });
  k->bind(Qt::Key_Escape, [this] { setPresenterMode(false); });
  for (int i = 0; i < 4; ++i) {
    k->bind(Qt::Key_A + i, [this, i] { lessons_->setChoice(i); });
    k->bind(Qt::Key_1 + i, [this, i] { lessons_->setChoice(i); });
  }
}

// ---- Language ------------------------------------------------------------------------------

MainWindow* MainWindow::switchLanguage(const QString& lang) {
  if (!AppLanguage::supported().contains(lang)) return this;
  if (lang == AppLanguage::current()) {
    for (QAction* a : languages_->actions()) a->setChecked(a->data().toString() == lang);
    return this;
  }
  controller_->stop();
  race_->stop();
  scan_->stop();
  latency_->stop();
  AppLanguage::apply(lang);
  AppLanguage::save(lang);
  saveSettings();
  const View view = currentView();
  const int choice = lessons_->choice();
  const bool visible = isVisible();
  auto* next = new MainWindow;
  if (testAttribute(Qt::WA_DeleteOnClose)) next->setAttribute(Qt::WA_DeleteOnClose);
  next->restoreState();
  next->setView(view);
  if (choice >= 0) next->lessons_->setChoice(choice);
  if (visible && !next->isVisible()) next->show();
  emit replaced(next);
  if (visible) close();
  return next;
}

}  // namespace ioscope::ui
