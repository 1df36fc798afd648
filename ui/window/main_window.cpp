#include "window/main_window.hpp"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "inspector/inspector_widget.hpp"
#include "latency/latency_view.hpp"
#include "timeline/time_axis.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_widget.hpp"
#include "scan/scan_view.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("ioscope — the five I/O models, run for real"));
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

  // Timeline tab: the picture on top, the event list and the inspector below it.
  auto* split = new QSplitter(Qt::Vertical, tabs_);
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
  scan_ = new ScanView(tabs_);
  tabs_->addTab(scan_, tr("Scan"));
  latency_ = new LatencyView(tabs_);
  tabs_->addTab(latency_, tr("Latency"));
  setCentralWidget(central);

  status_ = new QLabel(tr("Pick a model and press Run."), this);
  dropped_ = new QLabel(this);
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

void MainWindow::buildMenus() {
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
  view->addSeparator();
  view->addAction(tr("&Timeline"), this, [this] { setView(View::Timeline); });
  view->addAction(tr("R&ace"), this, [this] { setView(View::Race); });
  view->addAction(tr("&Scan"), this, [this] { setView(View::Scan); });
  view->addAction(tr("&Latency"), this, [this] { setView(View::Latency); });

  auto* bar = addToolBar(tr("Look"));
  bar->setObjectName(QStringLiteral("lookToolBar"));
  bar->addWidget(new QLabel(tr("  Look: "), bar));
  bar->addAction(analogy_);
  bar->addAction(syscall_);
  bar->addSeparator();
  bar->addAction(follow_);
  auto* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts on the timeline (?)"), this,
                  [this] {
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
  timeline_->setLive(true);
  timeline_->setNow(controller_->now_ns());
  live_tick_->start();
  status_->setText(tr("Running %1…").arg(QString::fromStdString(panel_->scenario().model)));
  saveSettings();
  return true;
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
  live_tick_->stop();
  panel_->setRunning(false);
  timeline_->setLive(false);
  timeline_->documentChanged();
  timeline_->fit();
  const RunSummary& s = controller_->summary();
  if (!s.error.empty()) {
    status_->setText(tr("The run failed: %1").arg(QString::fromStdString(s.error)));
  } else if (s.cancelled) {
    status_->setText(tr("Stopped. %n event(s) recorded.", nullptr,
                        static_cast<int>(controller_->document().size())));
  } else {
    status_->setText(
        tr("%1: %2 messages echoed and verified; %3 EAGAIN; latency p50 %4, p99 %5.")
            .arg(QString::fromStdString(s.scenario.model))
            .arg(s.messages_verified)
            .arg(s.counters.eagain)
            .arg(QString::fromStdString(TimeAxis::format(s.latency.p50)))
            .arg(QString::fromStdString(TimeAxis::format(s.latency.p99))));
  }
  updateStatus();
}

void MainWindow::updateStatus() {
  const auto dropped = controller_->running() ? controller_->dropped() : controller_->summary().dropped;
  dropped_->setText(dropped == 0 ? tr("%n event(s)", nullptr, static_cast<int>(controller_->document().size()))
                                 : tr("%1 events, %2 DROPPED (the trace is incomplete)")
                                       .arg(controller_->document().size())
                                       .arg(dropped));
  dropped_->setStyleSheet(dropped == 0 ? QString() : QStringLiteral("color: #b00020; font-weight: bold;"));
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
  if (settings.contains(QStringLiteral("scenario/model"))) {
    Scenario s;
    s.model = settings.value(QStringLiteral("scenario/model")).toString().toStdString();
    s.clients = settings.value(QStringLiteral("scenario/clients"), s.clients).toInt();
    s.messages = settings.value(QStringLiteral("scenario/messages"), s.messages).toInt();
    s.size = settings.value(QStringLiteral("scenario/size"), static_cast<qulonglong>(s.size)).toULongLong();
    s.interval_ns = settings.value(QStringLiteral("scenario/interval_ns"), static_cast<qlonglong>(s.interval_ns)).toLongLong();
    if (!validate(s)) panel_->setScenario(s);
  }
  setAnalogyLook(settings.value(QStringLiteral("view/analogy"), true).toBool());
}

void MainWindow::saveSettings() const {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  const Scenario s = panel_->scenario();
  settings.setValue(QStringLiteral("scenario/model"), QString::fromStdString(s.model));
  settings.setValue(QStringLiteral("scenario/clients"), s.clients);
  settings.setValue(QStringLiteral("scenario/messages"), s.messages);
  settings.setValue(QStringLiteral("scenario/size"), static_cast<qulonglong>(s.size));
  settings.setValue(QStringLiteral("scenario/interval_ns"), static_cast<qlonglong>(s.interval_ns));
  settings.setValue(QStringLiteral("view/analogy"), analogy_->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  saveSettings();
  controller_->stop();
  race_->stop();
  event->accept();
}

}  // namespace ioscope::ui
