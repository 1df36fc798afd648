// Main window: switching the interface language, which rebuilds the window in the new language
// with the same view, lesson and scenario.
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
#include "events/event_list_widget.hpp"
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

MainWindow* MainWindow::switchLanguage(const QString& lang) {
  if (!AppLanguage::supported().contains(lang)) return this;
  if (lang == AppLanguage::current()) {
    for (QAction* a : languages_->actions()) a->setChecked(a->data().toString() == lang);
    return this;
  }
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
  // The run stays, and a lesson's verdict on it is given again, in the new language.
  const bool lesson_run = (lesson_run_ || lesson_has_run_) && lesson_view_ == View::Timeline;
  if (lesson_run) {
    next->lesson_run_ = true;
    next->lesson_view_ = View::Timeline;
    next->experiment_ = experiment_;
  }
  next->controller_->adopt(*controller_);
  next->lesson_run_ = false;
  // This window's views looked at the document it gave away: they see an empty one now.
  events_->setDocument(&controller_->document());
  timeline_->documentChanged();
  if (visible && !next->isVisible()) next->show();
  emit replaced(next);
  if (visible) close();
  return next;
}

}  // namespace ioscope::ui
