#include "register/registration_view.hpp"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QMetaObject>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "model/readable_duration.hpp"
#include "net/stop_signal.hpp"

namespace ioscope::ui {

namespace {

QTableWidgetItem* cell(const QString& text, bool number = false) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

// In the reader's language (the engine's own line, e.what, is English).
QString whatHappened(const LoopEvent& e) {
  switch (e.source) {
    case LoopSource::Socket:
      return RegistrationView::tr("a byte from the peer (a knife at the counter)");
    case LoopSource::Timer:
      return RegistrationView::tr("the timer went off");
    case LoopSource::Signal:
      return RegistrationView::tr("a signal arrived (SIGUSR1)");
    case LoopSource::Process:
      return RegistrationView::tr("the child process exited");
  }
  return QString::fromStdString(e.what);
}

}  // namespace

RegistrationView::RegistrationView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* title = new QLabel(tr("<b>Registering interest</b>: N descriptors handed to epoll, one "
                              "epoll_ctl call each, or all in one io_uring_enter"),
                           this);
  title->setWordWrap(true);
  layout->addWidget(title);
  start_ = new QPushButton(tr("Measure"), this);
  start_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
  connect(start_, &QPushButton::clicked, this, [this] { start(); });
  layout->addWidget(start_);
  table_ = new QTableWidget(0, 7, this);
  table_->setHorizontalHeaderLabels({tr("way"), tr("N"), tr("operation"), tr("system calls"),
                                     tr("time (median)"), tr("per descriptor"), tr("took effect")});
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  layout->addWidget(table_, 3);
  layout->addWidget(new QLabel(tr("<b>One epoll loop, many kinds of event</b>: a socket, a "
                                  "timer (timerfd), a signal (signalfd), a child process (pidfd)"),
                               this));
  loop_ = new QTableWidget(0, 4, this);
  loop_->setHorizontalHeaderLabels({tr("epoll_wait"), tr("after"), tr("source"), tr("what")});
  loop_->verticalHeader()->hide();
  loop_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  loop_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(loop_, 2);
  message_ = new QLabel(this);
  message_->setWordWrap(true);
  layout->addWidget(message_);
}

RegistrationView::~RegistrationView() {
  if (stop_) stop_->request();
  join();
}

void RegistrationView::join() {
  if (thread_.joinable()) thread_.join();
}

QString RegistrationView::message() const {
  return message_->text();
}

bool RegistrationView::start() {
  if (running_) return false;
  join();
  auto ceiling = raise_fd_limit();
  if (!ceiling) {
    message_->setText(QString::fromStdString(ceiling.error().message));
    return false;
  }
  if (auto bad = validate(params_, *ceiling)) {
    message_->setText(QString::fromStdString(bad->message));
    return false;
  }
  report_ = {};
  table_->setRowCount(0);
  loop_->setRowCount(0);
  message_->setText(tr("Measuring…"));
  start_->setEnabled(false);
  stop_ = std::make_unique<StopSignal>();
  const quint64 run = ++run_;
  running_ = true;
  // The engine thread never touches this widget: it posts to the application object, and the
  // posted call checks that the view still exists and still runs the same experiment.
  const QPointer<RegistrationView> self(this);
  const StopSignal* stop = stop_.get();
  thread_ = std::thread([self, stop, run, params = params_] {
    auto post = [](auto fn) {
      QMetaObject::invokeMethod(QCoreApplication::instance(), std::move(fn), Qt::QueuedConnection);
    };
    RegistrationReport report = run_registration(params, *stop, [&](const RegistrationResult& r) {
      post([self, run, r] {
        if (self) self->onResult(run, r);
      });
    });
    post([self, run, report = std::move(report)] {
      if (self) self->onDone(run, report);
    });
  });
  emit started();
  return true;
}

void RegistrationView::stop() {
  if (!running_) return;
  stop_->request();
  join();
  running_ = false;
  ++run_;
  start_->setEnabled(true);
  message_->setText(tr("Stopped."));
  emit finished();
}

void RegistrationView::addRow(const RegistrationResult& r) {
  const int row = table_->rowCount();
  table_->insertRow(row);
  table_->setItem(row, 0, cell(QString::fromUtf8(registration_way_id(r.way))));
  table_->setItem(row, 1, cell(QString::number(r.fds), true));
  if (r.skipped) {
    table_->setItem(row, 2, cell(tr("skipped: %1").arg(QString::fromStdString(r.reason))));
    return;
  }
  table_->setItem(row, 2, cell(QString::fromStdString(r.op)));
  table_->setItem(row, 3, cell(QString::number(r.syscalls), true));
  table_->setItem(row, 4, cell(QString::fromStdString(readable_duration(r.total_ns.median)), true));
  table_->setItem(row, 5, cell(QString::fromStdString(readable_duration(r.ns_per_fd)), true));
  table_->setItem(row, 6,
                  cell(r.effective ? tr("yes, %1 of %2").arg(r.registered).arg(r.fds)
                                   : tr("NO: %1").arg(QString::fromStdString(r.check))));
}

void RegistrationView::showLoop(const ManyKindsResult& loop) {
  for (const LoopEvent& e : loop.events) {
    const int row = loop_->rowCount();
    loop_->insertRow(row);
    loop_->setItem(row, 0, cell(QString::number(e.wait_call), true));
    loop_->setItem(row, 1, cell(QString::fromStdString(readable_duration(e.since_start_ns)), true));
    loop_->setItem(row, 2, cell(QString::fromUtf8(loop_source_id(e.source))));
    loop_->setItem(row, 3, cell(whatHappened(e)));
  }
  for (const LoopSkip& s : loop.skipped) {
    const int row = loop_->rowCount();
    loop_->insertRow(row);
    loop_->setItem(row, 2, cell(QString::fromUtf8(loop_source_id(s.source))));
    loop_->setItem(row, 3, cell(tr("not here: %1").arg(QString::fromStdString(s.reason))));
  }
}

void RegistrationView::onResult(quint64 run, const RegistrationResult& result) {
  if (run != run_ || !running_) return;
  addRow(result);
}

void RegistrationView::onDone(quint64 run, const RegistrationReport& report) {
  if (run != run_ || !running_) return;
  join();
  running_ = false;
  report_ = report;
  start_->setEnabled(true);
  showLoop(report.loop);
  message_->setText(report.ok() ? tr("Done: the system calls are exact; the times are this "
                                     "machine's own.")
                                : QString::fromStdString(report.error));
  emit finished();
}

}  // namespace ioscope::ui
