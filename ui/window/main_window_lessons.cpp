// Main window: the lesson pane's wiring (open a lesson, apply its scenario, run it, show the
// verdict, a lessons folder). Presenter mode is in main_window_presenter.cpp, the language switch
// in main_window_language.cpp.
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
#include <utility>

#include "bridge/run_controller.hpp"
#include "latency/latency_view.hpp"
#include "lessons/app_language.hpp"
#include "lessons/lesson_checks.hpp"
#include "lessons/lesson_pane.hpp"
#include "lessons/presenter_keys.hpp"
#include "lessons/run_facts.hpp"
#include "model/engine_text.hpp"
#include "models/model.hpp"
#include "register/registration_view.hpp"
#include "scan/scan_controller.hpp"
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
    case LessonView::Register:
      return MainWindow::View::Register;
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
  experiment_.clear();
  // What the timeline still shows is not this lesson's run until Run makes one.
  if (controller_->document().size() > 0 && !controller_->running())
    timeline_->setBanner(tr("Previous run (%1), not this lesson's: press Run")
                             .arg(QString::fromStdString(controller_->summary().scenario.model)));
  applyLessonScenario();
  if (const Lesson* l = lessons_->currentLesson()) {
    status_->setText(tr("Lesson: %1. Predict, then run it.").arg(l->title));
    script_.reset(*l);
    updateSpeakerNotes();
  }
}

const LessonScenario* MainWindow::activeLessonScenario() const {
  const Lesson* l = lessons_->currentLesson();
  if (!l) return nullptr;
  if (const LessonExperiment* x = l->experiment(experiment_)) return &x->scenario;
  return &l->scenario;
}

const QList<LessonCheck>* MainWindow::activeLessonChecks() const {
  const Lesson* l = lessons_->currentLesson();
  if (!l) return nullptr;
  if (const LessonExperiment* x = l->experiment(experiment_)) return &x->checks;
  return &l->checks;
}

void MainWindow::applyLessonScenario() {
  const LessonScenario* active = activeLessonScenario();
  if (!active || active->models.isEmpty()) return;
  const LessonScenario& ls = *active;
  Scenario s;
  s.model = ls.models.first().toStdString();
  s.clients = ls.clients;
  s.messages = ls.messages;
  s.size = ls.size;
  s.interval_ns = ls.interval_ns;
  // The lesson's mistakes as the learner has them ticked; the ones it does not offer are off.
  // An experiment runs with its own, as its block says: it answers one claim.
  const Bugs ticked = lessons_->bugs();
  s.bugs = experiment_.isEmpty() ? ticked : ls.bugs;
  panel_->setScenario(s);
  // The panel shows the run's mistakes; the pane keeps the ones ticked for the lesson's own run.
  if (!experiment_.isEmpty()) lessons_->syncBugs(ticked);
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
    case View::Register: {
      // The register block: fds are the N to register, messages the timed repeats.
      RegistrationParams p;
      if (!ls.fds.isEmpty()) p.fds = std::vector<int>(ls.fds.begin(), ls.fds.end());
      p.repeats = std::clamp(ls.messages, 1, kMaxRegistrationRepeats);
      register_->setParams(p);
      break;
    }
    case View::Timeline:
    case View::Figure:
      break;
  }
  setView(lesson_view_);
}

bool MainWindow::runLesson() {
  if (!lessons_->currentLesson() || lesson_run_ || anythingRunning()) return false;
  experiment_.clear();
  if (startLessonRun()) return true;
  // This machine cannot make the lesson's run (io_uring disabled, a model refused): the run the
  // lesson ships, recorded on a reference machine, instead, and the verdict says so and why.
  return runLessonRecording(lesson_start_error_.isEmpty() ? status_->text() : lesson_start_error_);
}

bool MainWindow::runExperiment(const QString& name) {
  const Lesson* l = lessons_->currentLesson();
  if (!l || !l->experiment(name) || lesson_run_ || anythingRunning()) return false;
  experiment_ = name;
  if (startLessonRun()) return true;
  experiment_.clear();
  return false;
}

bool MainWindow::startLessonRun() {
  lesson_start_error_.clear();
  applyLessonScenario();
  bool started = false;
  switch (lesson_view_) {
    case View::Timeline: {
      if (refuseUnavailableLessonModel()) break;
      started = startRun();
      if (!started) lesson_start_error_ = controller_->error();
      break;
    }
    case View::Race:
      if (refuseUnavailableLessonModel()) break;
      started = race_->start();
      if (!started) status_->setText(lesson_start_error_ = race_->message());
      break;
    case View::Scan:
      started = scan_->start();
      if (!started) status_->setText(scan_->message());
      break;
    case View::Latency:
      started = latency_->run();
      if (!started) status_->setText(latency_->statusText());
      break;
    case View::Register:
      started = register_->start();
      if (!started) status_->setText(register_->message());
      break;
    case View::Figure:
      break;
  }
  if (!started) return false;
  lesson_run_ = true;
  lessons_->setRunning(true);
  return true;
}

// The views list a model this machine cannot run but cannot pick it: the lesson's run is refused
// with the reason, instead of running without it (the model that stayed picked, or a race short
// of one).
bool MainWindow::refuseUnavailableLessonModel() {
  const LessonScenario* ls = activeLessonScenario();
  if (!ls) return false;
  const qsizetype count = lesson_view_ == View::Timeline ? 1 : ls->models.size();
  for (qsizetype i = 0; i < std::min(count, ls->models.size()); ++i) {
    if (auto refused = model_cannot_run_here(ls->models[i].toStdString())) {
      lesson_start_error_ = engineText(*refused);
      status_->setText(tr("Cannot run: %1").arg(lesson_start_error_));
      return true;
    }
  }
  return false;
}

// The lesson's checks on the run that was made, and how that run differed from the lesson's.
std::pair<std::vector<CheckOutcome>, QString> MainWindow::checkLessonRun() const {
  const LessonScenario* active = activeLessonScenario();
  const QList<LessonCheck>* checks = activeLessonChecks();
  if (!active || !checks || checks->isEmpty()) return {};
  const LessonScenario& ls = *active;
  const Scenario run = panel_->scenario();
  FactTable facts;
  CheckVariables vars{run.clients, run.messages, 0};
  switch (lesson_view_) {
    case View::Timeline:
      facts[QString::fromStdString(controller_->summary().scenario.model)] =
          RunFacts::of(controller_->document()).named();
      break;
    case View::Race:
      for (const auto& [model, doc] : race_->documents())
        if (doc) facts[model] = RunFacts::of(*doc).named();
      break;
    case View::Scan: {
      const int n = ls.fds.isEmpty() ? 0 : *std::max_element(ls.fds.begin(), ls.fds.end());
      facts = scan_facts(scan_->controller()->results(), n);
      vars = {ls.clients, ls.messages, n};
      break;
    }
    case View::Register: {
      const int n = ls.fds.isEmpty() ? 0 : *std::max_element(ls.fds.begin(), ls.fds.end());
      facts = register_facts(register_->report(), n);
      vars = {ls.clients, ls.messages, n};
      break;
    }
    case View::Latency:
    case View::Figure:
      return {};
  }
  QString differs;
  if (experiment_.isEmpty() && lessons_->bugs() != ls.bugs) {
    const QString now = QString::fromStdString(format_bugs(lessons_->bugs()));
    differs = tr("This run was not the lesson's own: the mistakes switched on were %1 (the lesson "
                 "runs with %2). The claims below are checked on the run you made; one that does "
                 "not hold shows what the change did.")
                  .arg(now.isEmpty() ? tr("none") : now,
                       ls.bugs.any() ? QString::fromStdString(format_bugs(ls.bugs)) : tr("none"));
  }
  return {evaluate_checks(*checks, facts, vars), differs};
}

void MainWindow::finishLessonRun() {
  lesson_run_ = false;
  lesson_has_run_ = true;
  lessons_->setRunning(false);
  const auto [checks, differs] = checkLessonRun();
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
      if (!lesson_note_.isEmpty()) lines.prepend(std::exchange(lesson_note_, {}));
      if (s.dropped > 0)
        lines << tr("The trace is incomplete (%1 events dropped): these counts are lower bounds.")
                     .arg(s.dropped);
      lessons_->showResult(&facts, lines, checks, differs, experiment_);
      timeline_lesson_ = {lessons_->currentId(), experiment_, lessons_->choice()};
      selectFirstDataCall();
      break;
    }
    case View::Race: {
      QStringList per_model;
      if (!lesson_note_.isEmpty()) per_model << std::exchange(lesson_note_, {});
      for (const TimelineRun& run : race_->timeline()->runs())
        if (run.doc)
          per_model << run.title + QStringLiteral(": ") +
                           RunFactsText::brief(RunFacts::of(*run.doc));
      lessons_->showResult(nullptr, per_model, checks, differs, experiment_);
      race_lesson_ = {lessons_->currentId(), experiment_, lessons_->choice()};
      break;
    }
    case View::Scan:
      lessons_->showResult(nullptr, {scan_->message()}, checks, differs, experiment_);
      break;
    case View::Latency:
      lessons_->showResult(nullptr, {latency_->statusText()});
      break;
    case View::Register:
      lessons_->showResult(nullptr, {register_->message()}, checks, differs, experiment_);
      break;
    case View::Figure:
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

}  // namespace ioscope::ui
