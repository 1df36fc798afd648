// Main window: presenter mode (large type for a projector, the keyboard-only keys, full screen).
#include "window/main_window.hpp"
#include "window/speaker_notes.hpp"

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
#include "scan/scan_view.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {

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
  // QStatusBar sets its height from its labels only when it is shown or its messages change, not
  // when their type grows: shown again, it makes room for the new size (else the line is cut).
  if (statusBar()->isVisible()) {
    statusBar()->hide();
    statusBar()->show();
  }
  presenter_keys_->setEnabled(on);
  timeline_->setPresenterSheet(on);
  // The teacher's notes on a second screen, if there is one; never on the projector.
  if (on) {
    updateSpeakerNotes();
    notes_->place(screen());
  } else {
    notes_->hide();
  }
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

void MainWindow::presenterStep(bool forward) {
  if (script_.empty()) return;
  if (!(forward ? script_.next() : script_.previous())) {
    if (forward) lessons_->next();  // past the last step: the next lesson, from its idea
    return;
  }
  applyPresenterStep();
}

void MainWindow::applyPresenterStep() {
  const Lesson* lesson = lessons_->currentLesson();
  if (lesson == nullptr) return;
  QString say = script_.title();
  switch (script_.current()) {
    case PresenterStep::Idea:
      lessons_->showStep(PresenterStep::Idea);
      break;
    case PresenterStep::Predict: {
      lessons_->showStep(PresenterStep::Predict);
      // A show of hands before anything runs: the room commits to an answer.
      QStringList letters;
      for (int i = 0; i < lesson->predict.choices.size(); ++i)
        letters << QString(QLatin1Char(static_cast<char>('A' + i)));
      say = tr("%1 — hands up: %2?").arg(say, letters.join(QStringLiteral(", ")));
      break;
    }
    case PresenterStep::Run:
      runLesson();
      break;
    case PresenterStep::Verdict:
      if (lesson_run_) {
        say = tr("%1 — the run is still going: the verdict comes when it ends").arg(say);
        break;
      }
      if (!lesson_has_run_) runLesson();  // nothing ran yet: the verdict needs its run
      lessons_->showStep(PresenterStep::Verdict);
      break;
    case PresenterStep::Figure:
      setView(View::Figure);
      break;
  }
  status_->setText(say);
  updateSpeakerNotes();
}

void MainWindow::updateSpeakerNotes() {
  const Lesson* lesson = lessons_->currentLesson();
  notes_->update(lesson ? lesson->title : QString(), script_);
}

void MainWindow::bindPresenterKeys() {
  PresenterKeys* k = presenter_keys_;
  k->bind(Qt::Key_Space, [this] { presenterSpace(); });
  k->bind(Qt::Key_R, [this] { runLesson(); });
  k->bind(Qt::Key_N, [this] { presenterStep(true); });
  k->bind(Qt::Key_Return, [this] { presenterStep(true); });
  k->bind(Qt::Key_Enter, [this] { presenterStep(true); });
  k->bind(Qt::Key_Backspace, [this] { presenterStep(false); });
  k->bind(Qt::Key_P, [this] { timeline_->promptNote(); });
  k->bind(Qt::Key_Right, [this] { timeline_->stepNext(); });
  k->bind(Qt::Key_Left, [this] { timeline_->stepPrevious(); });
  k->bind(Qt::Key_Home, [this] { timeline_->jumpToStart(); });
  k->bind(Qt::Key_End, [this] { timeline_->jumpToEnd(); });
  k->bind(Qt::Key_Down, [this] { lessons_->scrollText(1); });
  k->bind(Qt::Key_Up, [this] { lessons_->scrollText(-1); });
  k->bind(Qt::Key_PageDown, [this] { lessons_->next(); });
  k->bind(Qt::Key_PageUp, [this] { lessons_->previous(); });
  k->bind(Qt::Key_F11, [this] { isFullScreen() ? showNormal() : showFullScreen(); });
  // The timeline's keys, wherever the focus is: a presenter never clicks into the timeline.
  k->bind(Qt::Key_Question,
          [this] { timeline_->setCheatSheetVisible(!timeline_->cheatSheetVisible()); });
  k->bind(Qt::Key_Plus, [this] { timeline_->zoomIn(); });
  k->bind(Qt::Key_Equal, [this] { timeline_->zoomIn(); });
  k->bind(Qt::Key_Minus, [this] { timeline_->zoomOut(); });
  k->bind(Qt::Key_F, [this] { timeline_->fit(); });
  k->bind(Qt::Key_0, [this] { timeline_->fit(); });
  // Esc closes the key sheet first; only then does it leave presenter mode.
  k->bind(Qt::Key_Escape, [this] {
    if (timeline_->cheatSheetVisible())
      timeline_->setCheatSheetVisible(false);
    else
      setPresenterMode(false);
  });
  for (int i = 0; i < 4; ++i) {
    k->bind(Qt::Key_A + i, [this, i] { lessons_->setChoice(i); });
    k->bind(Qt::Key_1 + i, [this, i] { lessons_->setChoice(i); });
  }
}

}  // namespace ioscope::ui
