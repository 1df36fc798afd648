#include "window/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "figure/stevens_figure.hpp"
#include "inspector/inspector_widget.hpp"
#include "lab/compare.hpp"
#include "latency/latency_view.hpp"
#include "lessons/app_language.hpp"
#include "lessons/lesson_pane.hpp"
#include "lessons/presenter_keys.hpp"
#include "model/engine_text.hpp"
#include "model/readable_duration.hpp"
#include "register/registration_view.hpp"
#include "scan/scan_view.hpp"
#include "timeline/time_axis.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"
#include "window/speaker_notes.hpp"
#include "window/trace_dialog.hpp"
#include "window/verdict_text.hpp"

namespace ioscope::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(defaultTitle());
  setWindowIcon(QIcon(QStringLiteral(":/assets/ioscope.svg")));
  controller_ = new RunController(this);

  auto* central = new QWidget(this);
  auto* column = new QVBoxLayout(central);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(0);
  panel_ = new ScenarioPanel(central);
  column->addWidget(panel_);
  tabs_ = new QTabWidget(central);
  tabs_->setDocumentMode(true);
  column->addWidget(tabs_, 1);
  // Shown while the views show a recording instead of a run made here: beside the view tabs,
  // where it takes no height from the views (a projector's 768 lines have none to spare).
  recording_bar_ = new QLabel(tabs_);
  recording_bar_->setObjectName(QStringLiteral("recordingBar"));
  recording_bar_->setContentsMargins(8, 2, 8, 2);
  recording_bar_->setStyleSheet(
      QStringLiteral("QLabel#recordingBar { background: #fff4d6; color: #3d2c00; "
                     "border: 1px solid #d9b44a; border-radius: 3px; }"));
  recording_bar_->hide();
  tabs_->setCornerWidget(recording_bar_, Qt::TopRightCorner);

  // Timeline tab: the picture on top, the event list and the inspector below it.
  auto* split = new QSplitter(Qt::Vertical, tabs_);
  timeline_split_ = split;
  split->setObjectName(QStringLiteral("timelineSplit"));
  auto* picture = new QWidget(split);
  auto* picture_column = new QVBoxLayout(picture);
  picture_column->setContentsMargins(0, 0, 0, 0);
  picture_column->setSpacing(0);
  timeline_ = new TimelineWidget(picture);
  timeline_->setDocument(&controller_->document());
  legend_ = new TimelineLegend(picture);
  picture_column->addWidget(timeline_, 1);
  picture_column->addWidget(legend_);
  auto* bottom = new QSplitter(Qt::Horizontal, split);
  events_ = new EventListWidget(bottom);
  events_->setDocument(&controller_->document());
  // The inspector scrolls rather than forcing the window taller than a 768-line screen.
  auto* inspector_scroll = new QScrollArea(bottom);
  inspector_scroll->setWidgetResizable(true);
  inspector_scroll->setFrameShape(QFrame::NoFrame);
  inspector_ = new InspectorWidget(inspector_scroll);
  inspector_->setDocument(&controller_->document());
  inspector_scroll->setWidget(inspector_);
  bottom->addWidget(events_);
  bottom->addWidget(inspector_scroll);
  bottom->setStretchFactor(0, 3);
  bottom->setStretchFactor(1, 2);
  split->addWidget(picture);
  split->addWidget(bottom);
  // The picture is what the room looks at: it gets most of the height.
  split->setStretchFactor(0, 7);
  split->setStretchFactor(1, 3);
  split->setSizes({700, 300});
  tabs_->addTab(split, tr("Timeline"));

  race_ = new RaceView(tabs_);
  race_->setScenarioProvider([this] { return panel_->scenario(); });
  tabs_->addTab(race_, tr("Race"));
  // The scan and latency views have wide control rows: they scroll sideways rather than make the
  // window wider than a 1366-pixel projector (presenter mode puts the lesson beside them).
  auto scrolled = [this](QWidget* view) {
    auto* area = new QScrollArea(tabs_);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setWidget(view);
    return area;
  };
  scan_ = new ScanView;
  tabs_->addTab(scrolled(scan_), tr("Scan"));
  latency_ = new LatencyView;
  tabs_->addTab(scrolled(latency_), tr("Latency"));
  figure_ = new StevensFigure;
  figure_->setFigurePointSize(13);  // a figure for the room: read from the back row
  tabs_->addTab(scrolled(figure_), tr("Figure 6.6"));
  register_ = new RegistrationView;
  tabs_->addTab(register_, tr("Register"));
  setCentralWidget(central);

  // Lessons: a dock beside the views, so the text and the run are seen together.
  lessons_ = new LessonPane(this);
  lessons_->setLanguage(AppLanguage::current());
  lesson_dock_ = new QDockWidget(tr("Lessons"), this);
  lesson_dock_->setObjectName(QStringLiteral("lessonDock"));
  lesson_dock_->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
  lesson_dock_->setWidget(lessons_);
  addDockWidget(Qt::LeftDockWidgetArea, lesson_dock_);
  resizeDocks({lesson_dock_}, {440}, Qt::Horizontal);
  presenter_keys_ = new PresenterKeys(this);
  notes_ = new SpeakerNotes(this);
  bindPresenterKeys();

  status_ = new QLabel(tr("Pick a model and press Run."), this);
  status_->setObjectName(QStringLiteral("statusText"));
  dropped_ = new QLabel(this);
  dropped_->setObjectName(QStringLiteral("eventCount"));
  statusBar()->addWidget(status_, 1);
  statusBar()->addPermanentWidget(dropped_);

  live_tick_ = new QTimer(this);
  live_tick_->setInterval(33);
  connect(live_tick_, &QTimer::timeout, this, [this] {
    timeline_->setNow(controller_->now_ns());
    updateStatus();
  });

  buildMenus();

  connect(panel_, &ScenarioPanel::runRequested, this, &MainWindow::startRun);
  connect(panel_, &ScenarioPanel::stopRequested, this, &MainWindow::stopRun);
  connect(controller_, &RunController::eventsAdded, this, &MainWindow::onEventsAdded);
  connect(controller_, &RunController::finished, this, &MainWindow::onFinished);
  connect(lessons_, &LessonPane::lessonOpened, this, &MainWindow::onLessonOpened);
  connect(lessons_, &LessonPane::runRequested, this, &MainWindow::runLesson);
  connect(lessons_, &LessonPane::experimentRequested, this, &MainWindow::runExperiment);
  connect(lessons_, &LessonPane::figureRequested, this, [this] { setView(View::Figure); });
  connect(lessons_, &LessonPane::bugsChanged, this, [this](const Bugs& pane) {
    // Only the mistakes the lesson offers follow the pane; the others stay as the panel has them.
    const Bugs offered = lessons_->offeredBugs();
    Bugs b = panel_->bugs();
    if (offered.et_no_drain) b.et_no_drain = pane.et_no_drain;
    if (offered.high_fd) b.high_fd = pane.high_fd;
    if (offered.thundering_herd) b.thundering_herd = pane.thundering_herd;
    if (offered.tiny_rcvbuf) b.tiny_rcvbuf = pane.tiny_rcvbuf;
    panel_->setBugs(b);
  });
  connect(panel_, &ScenarioPanel::bugsChanged, lessons_, &LessonPane::syncBugs);
  // One experiment at a time: the machine's two cores are what every measurement shares, so a
  // second one started anywhere cancels the first (each stop is the view's own clean cancel).
  connect(controller_, &RunController::started, this, [this] { stopAllBut(controller_); });
  // Notes pinned on a run stay with it: a new run starts without them.
  connect(controller_, &RunController::started, timeline_, &TimelineWidget::clearNotes);
  // A run, trace or log that is not a lesson's is not saved as one; a recording's bar goes.
  connect(controller_, &RunController::started, this, [this] {
    if (!lesson_run_ || lesson_view_ != View::Timeline) timeline_lesson_ = {};
    onSomethingStarted();
  });
  connect(race_, &RaceView::started, this, [this] {
    if (!lesson_run_ || lesson_view_ != View::Race) race_lesson_ = {};
    onSomethingStarted();
  });
  connect(race_, &RaceView::started, this, [this] { stopAllBut(race_); });
  connect(scan_, &ScanView::started, this, [this] {
    stopAllBut(scan_);
    onSomethingStarted();
  });
  connect(latency_, &LatencyView::started, this, [this] {
    stopAllBut(latency_);
    onSomethingStarted();
  });
  connect(register_, &RegistrationView::started, this, [this] {
    stopAllBut(register_);
    onSomethingStarted();
  });
  connect(race_, &RaceView::finished, this, [this] {
    // Every race is also Stevens' figure 6.6, measured: one row per model that ran.
    figure_->setModels(race_->models());
    for (const auto& [model, doc] : race_->documents())
      if (doc) figure_->setRun(model, *doc);
    if (lesson_run_ && lesson_view_ == View::Race) finishLessonRun();
  });
  connect(register_, &RegistrationView::finished, this, [this] {
    if (lesson_run_ && lesson_view_ == View::Register) finishLessonRun();
  });
  connect(scan_, &ScanView::finished, this, [this] {
    if (lesson_run_ && lesson_view_ == View::Scan) finishLessonRun();
  });
  connect(latency_, &LatencyView::finished, this, [this] {
    if (lesson_run_ && lesson_view_ == View::Latency) finishLessonRun();
  });
  connect(timeline_, &TimelineWidget::eventSelected, this, [this](quint32 index) {
    events_->selectEvent(index);
    inspector_->showEvent(index);
  });
  connect(events_, &EventListWidget::eventSelected, this, [this](quint32 index) {
    timeline_->setSelectedEvent(index);
    inspector_->showEvent(index);
  });
  resize(1366, 768);
}

MainWindow::~MainWindow() = default;

QString MainWindow::defaultTitle() {
  return tr("ioscope — the five I/O models, run for real");
}

void MainWindow::buildMenus() {
  auto* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Open recording…"), QKeySequence::Open, this,
                  &MainWindow::promptOpenRecording);
  file->addAction(tr("&Save recording…"), QKeySequence::Save, this,
                  &MainWindow::promptSaveRecording);
  file->addSeparator();
  file->addAction(tr("Open an &strace log…"), this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open an strace log (strace -f -tt -T -yy -o LOG)"), QString(),
        tr("strace logs (*.log *.txt *.strace);;All files (*)"));
    if (!path.isEmpty()) openStraceLog(path);
  });
  file->addAction(tr("&Trace a program…"), this, [this] {
    TraceDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    startTrace(dialog.target(), dialog.durationSeconds());
  });
  file->addAction(tr("Open &lessons folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                  [this] {
                    const QString dir = QFileDialog::getExistingDirectory(
                        this, tr("Open a folder of lessons (*.md)"), lesson_folder_);
                    if (!dir.isEmpty()) openLessonsFolder(dir);
                  });
  auto* run_menu = menuBar()->addMenu(tr("&Run"));
  auto* run = run_menu->addAction(tr("&Run"), this, &MainWindow::startRun);
  run->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  auto* stop = run_menu->addAction(tr("&Stop"), this, &MainWindow::stopRun);
  stop->setShortcut(QKeySequence(Qt::Key_Escape));
  run_menu->addSeparator();
  run_menu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  auto* view = menuBar()->addMenu(tr("&View"));
  auto* looks = new QActionGroup(this);
  analogy_ = view->addAction(tr("&Analogy: buyer, shopkeeper, factory"));
  analogy_->setCheckable(true);
  analogy_->setChecked(true);
  analogy_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
  syscall_ = view->addAction(tr("&Syscalls: recvmsg, epoll_wait, EAGAIN"));
  syscall_->setCheckable(true);
  syscall_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
  // The corner buttons say it in one word (a 1280-pixel projector has no room for more); the
  // menu and the tooltip keep the whole sentence.
  analogy_->setIconText(tr("Analogy"));
  analogy_->setToolTip(tr("Analogy: buyer, shopkeeper, factory (Ctrl+1)"));
  syscall_->setIconText(tr("Syscalls"));
  syscall_->setToolTip(tr("Syscalls: recvmsg, epoll_wait, EAGAIN (Ctrl+2)"));
  looks->addAction(analogy_);
  looks->addAction(syscall_);
  connect(analogy_, &QAction::toggled, this, &MainWindow::setAnalogyLook);
  view->addSeparator();
  follow_ = view->addAction(tr("&Follow live"));
  follow_->setCheckable(true);
  follow_->setChecked(true);
  connect(follow_, &QAction::toggled, timeline_, &TimelineWidget::setFollowLive);
  connect(timeline_, &TimelineWidget::followLiveChanged, follow_, &QAction::setChecked);
  view->addAction(tr("&Fit the whole run"), QKeySequence(Qt::CTRL | Qt::Key_0), timeline_,
                  &TimelineWidget::fit);
  view->addAction(tr("&Zoom to the wake-up and copy the kernel measured"),
                  QKeySequence(Qt::CTRL | Qt::Key_K), this, [this] {
                    setView(View::Timeline);
                    if (!zoomToMeasured())
                      status_->setText(
                          tr("Nothing in this run was measured in the kernel: tick Kernel probe "
                             "(it needs root or CAP_BPF+CAP_PERFMON) and run again."));
                  });
  view->addSeparator();
  view->addAction(tr("&Timeline"), this, [this] { setView(View::Timeline); });
  view->addAction(tr("R&ace"), this, [this] { setView(View::Race); });
  view->addAction(tr("&Scan"), this, [this] { setView(View::Scan); });
  view->addAction(tr("&Latency"), this, [this] { setView(View::Latency); });
  view->addAction(tr("&Figure 6.6 (the last race, measured)"), this,
                  [this] { setView(View::Figure); });
  view->addAction(tr("&Register (epoll_ctl vs a batch)"), this,
                  [this] { setView(View::Register); });

  view->addSeparator();
  auto* show_lessons = lesson_dock_->toggleViewAction();
  show_lessons->setText(tr("L&essons pane"));
  show_lessons->setShortcut(QKeySequence(Qt::Key_F9));
  view->addAction(show_lessons);
  presenter_action_ = view->addAction(tr("&Presenter mode (full screen, large type)"));
  presenter_action_->setCheckable(true);
  presenter_action_->setShortcut(QKeySequence(Qt::Key_F5));
  connect(presenter_action_, &QAction::triggered, this, [this](bool on) { setPresenterMode(on); });
  addAction(presenter_action_);  // F5 works with the menu bar hidden too

  auto* lessons = menuBar()->addMenu(tr("Lesso&ns"));
  lessons->addAction(tr("&Run the lesson"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), this,
                     &MainWindow::runLesson);
  lessons->addAction(tr("&Previous lesson"), QKeySequence(Qt::CTRL | Qt::Key_PageUp), lessons_,
                     &LessonPane::previous);
  lessons->addAction(tr("&Next lesson"), QKeySequence(Qt::CTRL | Qt::Key_PageDown), lessons_,
                     &LessonPane::next);
  lessons->addSeparator();
  lessons->addAction(presenter_action_);

  // The menu keeps the other language's word beside its own, and each language is named in
  // itself, so anyone can find theirs.
  auto* language = menuBar()->addMenu(tr("&Language / 语言"));
  language->setObjectName(QStringLiteral("languageMenu"));
  languages_ = new QActionGroup(this);
  for (const QString& lang : AppLanguage::supported()) {
    QAction* a = language->addAction(AppLanguage::nativeName(lang));
    a->setCheckable(true);
    a->setData(lang);
    a->setChecked(lang == AppLanguage::current());
    languages_->addAction(a);
    connect(a, &QAction::triggered, this, [this, lang] {
      // Queued: this window may be replaced, and must not be deleted inside its own menu.
      QMetaObject::invokeMethod(
          this, [this, lang] { switchLanguage(lang); }, Qt::QueuedConnection);
    });
  }

  // The look switch sits in the menu bar's corner: a row of its own would cost the timeline
  // height that a 768-line screen with the Lessons pane open does not have.
  auto* bar = new QWidget(menuBar());
  look_bar_ = bar;
  bar->setObjectName(QStringLiteral("lookBar"));
  auto* bar_row = new QHBoxLayout(bar);
  bar_row->setContentsMargins(0, 0, 4, 0);
  bar_row->setSpacing(2);
  bar_row->addWidget(new QLabel(tr("  Look: "), bar));
  for (QAction* a : {analogy_, syscall_, follow_}) {
    if (a == follow_) bar_row->addSpacing(10);
    auto* b = new QToolButton(bar);
    b->setDefaultAction(a);
    b->setAutoRaise(true);
    bar_row->addWidget(b);
  }
  menuBar()->setCornerWidget(bar, Qt::TopRightCorner);
  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts on the timeline (?)"), this, [this] {
    setView(View::Timeline);
    timeline_->setCheatSheetVisible(!timeline_->cheatSheetVisible());
  });
}

void MainWindow::setView(View view) {
  switch (view) {
    case View::Timeline:
      tabs_->setCurrentIndex(0);
      break;
    case View::Race:
      tabs_->setCurrentIndex(1);
      break;
    case View::Scan:
      tabs_->setCurrentIndex(2);
      break;
    case View::Latency:
      tabs_->setCurrentIndex(3);
      break;
    case View::Figure:
      tabs_->setCurrentIndex(4);
      break;
    case View::Register:
      tabs_->setCurrentIndex(5);
      break;
  }
}

void MainWindow::setAnalogyLook(bool analogy) {
  if (analogy_->isChecked() != analogy) (analogy ? analogy_ : syscall_)->setChecked(true);
  timeline_->setLook(analogy ? TimelineLook::Analogy : TimelineLook::Syscall);
  legend_->setLook(analogy ? TimelineLook::Analogy : TimelineLook::Syscall);
  race_->setLook(analogy ? TimelineLook::Analogy : TimelineLook::Syscall);
}

bool MainWindow::startRun() {
  if (controller_->running()) return false;
  inspector_->clear();
  events_->clearSelection();
  if (!controller_->start(panel_->scenario())) {
    status_->setText(tr("Cannot run: %1").arg(controller_->error()));
    return false;
  }
  panel_->setRunning(true);
  timeline_->setBanner(QString());
  timeline_->setLive(true);
  timeline_->setNow(controller_->now_ns());
  live_tick_->start();
  const Scenario asked = panel_->scenario();
  status_->setText(
      tr("Running %1…").arg(QString::fromStdString(series_name(asked.model, asked.uring))));
  saveSettings();
  return true;
}

bool MainWindow::openStraceLog(const QString& path) {
  if (controller_->running()) return false;
  inspector_->clear();
  events_->clearSelection();
  if (!controller_->openStraceLog(path)) {
    status_->setText(controller_->error());  // the file, the line, the problem; the run stays
    return false;
  }
  setView(View::Timeline);
  return true;
}

bool MainWindow::startTrace(const ForeignTarget& target, int duration_s) {
  if (controller_->running()) return false;
  inspector_->clear();
  events_->clearSelection();
  if (!controller_->startTrace(target)) {
    status_->setText(tr("Cannot trace: %1").arg(controller_->error()));
    return false;
  }
  setView(View::Timeline);
  panel_->setRunning(true);
  timeline_->setBanner(QString());
  timeline_->setLive(true);
  timeline_->setNow(controller_->now_ns());
  live_tick_->start();
  const QString what = target.argv.empty() ? tr("process %1").arg(target.pid)
                                           : QString::fromStdString(target.argv.front());
  status_->setText(tr("Tracing %1 with the kernel probe… Stop ends the trace.").arg(what));
  if (duration_s > 0) {
    // Only this trace: a later run must not be cut short by an old timer.
    const auto* document = &controller_->document();
    QTimer::singleShot(duration_s * 1000, this, [this, document] {
      if (controller_->running() && controller_->traceResult() == std::nullopt &&
          &controller_->document() == document)
        stopRun();
    });
  }
  return true;
}

void MainWindow::stopAllBut(const QObject* keep) {
  if (keep != controller_ && controller_->running()) stopRun();
  if (keep != race_ && race_->running()) race_->stop();
  if (keep != scan_ && scan_->running()) scan_->stop();
  if (keep != latency_ && latency_->isRunning()) latency_->stop();
  if (keep != register_ && register_->running()) register_->stop();
}

bool MainWindow::anythingRunning() const {
  return controller_->running() || race_->running() || scan_->running() || latency_->isRunning() ||
         register_->running();
}

void MainWindow::stopRun() {
  if (!controller_->running()) return;
  status_->setText(tr("Stopping…"));
  controller_->stop();
}

void MainWindow::onEventsAdded(qsizetype first_changed, qsizetype old_rows) {
  events_->model()->onEventsAdded(first_changed, old_rows);
  timeline_->documentChanged();
  inspector_->refresh();
}

void MainWindow::onFinished() {
  const bool lesson = lesson_run_ && lesson_view_ == View::Timeline;
  live_tick_->stop();
  panel_->setRunning(false);
  timeline_->setLive(false);
  timeline_->documentChanged();
  timeline_->fit();
  const RunSummary& s = controller_->summary();
  if (const auto& trace = controller_->traceResult()) {
    if (!trace->ok()) {
      status_->setText(tr("The trace failed: %1").arg(QString::fromStdString(trace->error)));
    } else {
      const QString model = VerdictText::modelWords(trace->verdict.model);
      timeline_->setBanner(tr("%1: %2 (confidence %3)")
                               .arg(QString::fromStdString(trace->program.command), model)
                               .arg(trace->verdict.confidence, 0, 'f', 2));
      status_->setText(tr("Traced pid %1: %2. Kernel side measured: %3 arrivals from %4 peers.")
                           .arg(trace->program.tgid)
                           .arg(VerdictText::evidence(trace->verdict, trace->program.calls.size()))
                           .arg(trace->kernel.data_queued)
                           .arg(trace->kernel.peers));
    }
    updateStatus();
    return;
  }
  if (!s.error.empty()) {
    status_->setText(tr("The run failed: %1").arg(engineText(s.error)));
  } else if (s.cancelled) {
    status_->setText(tr("Stopped. %n event(s) recorded.", nullptr,
                        static_cast<int>(controller_->document().size())));
  } else {
    const QString kernel_side =
        s.probe.measured ? tr("Kernel side measured (eBPF).")
        : s.scenario.probe == ProbeMode::Off
            ? tr("Kernel side inferred (probe off).")
            : tr("Kernel side inferred: %1.").arg(engineText(s.probe.why_not));
    status_->setText(
        tr("%1: %2 messages echoed and verified; %3 EAGAIN; latency p50 %4, p99 %5.")
            .arg(QString::fromStdString(series_name(s.scenario.model, s.scenario.uring)))
            .arg(s.messages_verified)
            .arg(s.counters.eagain)
            .arg(QString::fromStdString(readable_duration(s.latency.p50)))
            .arg(QString::fromStdString(readable_duration(s.latency.p99))) +
        QLatin1Char(' ') + kernel_side);
  }
  updateStatus();
  if (lesson) finishLessonRun();
  if (loading_recording_) finishOpeningRecording();
}

void MainWindow::updateStatus() {
  const auto dropped =
      controller_->running() ? controller_->dropped() : controller_->summary().dropped;
  dropped_->setText(
      dropped == 0 ? tr("%n event(s)", nullptr, static_cast<int>(controller_->document().size()))
                   : tr("%1 events, %2 DROPPED (the trace is incomplete)")
                         .arg(controller_->document().size())
                         .arg(dropped));
  dropped_->setStyleSheet(dropped == 0 ? QString()
                                       : QStringLiteral("color: #b00020; font-weight: bold;"));
  // A long run is folded to keep the window's memory bounded: say what is not drawn.
  const TraceDocument& doc = controller_->document();
  const FoldReport& fold = doc.fold_report();
  if (!fold.any()) {
    dropped_->setToolTip({});
    return;
  }
  const auto at = [&](std::int64_t t) {
    return QString::fromStdString(
        readable_duration(std::max<std::int64_t>(t - doc.first_time(), 0)));
  };
  QString text = dropped_->text() + QStringLiteral(" · ") +
                 tr("long run: %1 EAGAIN calls counted, not drawn, from %2")
                     .arg(fold.eagain_folded)
                     .arg(at(fold.folding_since));
  if (fold.not_kept > 0)
    text += QStringLiteral(" · ") + tr("nothing drawn after %1 (%2 more events counted)")
                                        .arg(at(fold.kept_until))
                                        .arg(fold.not_kept);
  dropped_->setText(text);
  dropped_->setToolTip(
      tr("A long run keeps every event for its first %1 events; then calls that found nothing "
         "(EAGAIN) are counted on their row instead of drawn, and after %2 events nothing more is "
         "kept, so the window's memory stays bounded however long the run goes on. The run "
         "itself is not changed, and its summary counts every call.")
          .arg(doc.fold_limits().fold_from)
          .arg(doc.fold_limits().keep_at_most));
}

void MainWindow::selectFirstDataCall() {
  const TraceDocument& doc = controller_->document();
  for (std::size_t r = 0; r < doc.size(); ++r) {
    const std::uint32_t i = doc.by_time(r);
    const TraceEvent& e = doc.event(i);
    if (e.lane == Lane::Buyer && e.kind == EventKind::CopyEnd) {
      timeline_->setSelectedEvent(i);
      events_->selectEvent(i);
      inspector_->showEvent(i);
      return;
    }
  }
}

void MainWindow::restoreState() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  QMainWindow::restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  const QString folder = settings.value(QStringLiteral("lessons/folder")).toString();
  if (!folder.isEmpty()) openLessonsFolder(folder);
  const QString lesson = settings.value(QStringLiteral("lessons/current")).toString();
  if (!lesson.isEmpty()) openLesson(lesson);
  if (settings.contains(QStringLiteral("scenario/model"))) {
    Scenario s;
    // An unknown model: validate() below leaves the panel as it is.
    const Series series =
        series_or_model(settings.value(QStringLiteral("scenario/model")).toString().toStdString());
    s.model = series.model;
    s.uring = series.uring;
    s.clients = settings.value(QStringLiteral("scenario/clients"), s.clients).toInt();
    s.messages = settings.value(QStringLiteral("scenario/messages"), s.messages).toInt();
    s.size = settings.value(QStringLiteral("scenario/size"), static_cast<qulonglong>(s.size))
                 .toULongLong();
    s.interval_ns =
        settings
            .value(QStringLiteral("scenario/interval_ns"), static_cast<qlonglong>(s.interval_ns))
            .toLongLong();
    if (auto bugs =
            parse_bugs(settings.value(QStringLiteral("scenario/bugs")).toString().toStdString()))
      s.bugs = *bugs;
    if (!validate(s)) panel_->setScenario(s);
  }
  setAnalogyLook(settings.value(QStringLiteral("view/analogy"), true).toBool());
  if (settings.value(QStringLiteral("presenter/on"), false).toBool()) setPresenterMode(true);
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  const Scenario s = panel_->scenario();
  settings.setValue(QStringLiteral("scenario/model"),
                    QString::fromStdString(series_name(s.model, s.uring)));
  settings.setValue(QStringLiteral("scenario/clients"), s.clients);
  settings.setValue(QStringLiteral("scenario/messages"), s.messages);
  settings.setValue(QStringLiteral("scenario/size"), static_cast<qulonglong>(s.size));
  settings.setValue(QStringLiteral("scenario/interval_ns"), static_cast<qlonglong>(s.interval_ns));
  settings.setValue(QStringLiteral("scenario/bugs"), QString::fromStdString(format_bugs(s.bugs)));
  settings.setValue(QStringLiteral("view/analogy"), analogy_->isChecked());
  settings.setValue(QStringLiteral("lessons/current"), lessons_->currentId());
  settings.setValue(QStringLiteral("lessons/folder"), lesson_folder_);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  presenter_keys_->setEnabled(false);
  controller_->stop();
  race_->stop();
  scan_->stop();
  latency_->stop();
  event->accept();
}

MainWindow::View MainWindow::currentView() const {
  switch (tabs_->currentIndex()) {
    case 1:
      return View::Race;
    case 2:
      return View::Scan;
    case 3:
      return View::Latency;
    case 4:
      return View::Figure;
    case 5:
      return View::Register;
    default:
      return View::Timeline;
  }
}

}  // namespace ioscope::ui
