#include "scan/scan_controller.hpp"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>

#include "net/stop_signal.hpp"

namespace ioscope::ui {

ScanController::ScanController(QObject* parent) : QObject(parent) {}

ScanController::~ScanController() {
  if (stop_) stop_->request();
  join();
}

void ScanController::join() {
  if (thread_.joinable()) thread_.join();
}

bool ScanController::start(const ScanParams& params) {
  if (running_) {
    error_ = tr("A sweep is already running.");
    return false;
  }
  join();  // the previous sweep's thread has posted its last word; let it go
  auto ceiling = raise_fd_limit();
  if (!ceiling) {
    error_ = QString::fromStdString(ceiling.error().message);
    return false;
  }
  ceiling_ = *ceiling;
  if (auto bad = validate(params, ceiling_)) {
    error_ = QString::fromStdString(bad->message);
    return false;
  }
  error_.clear();
  results_.clear();
  stop_ = std::make_unique<StopSignal>();
  const quint64 run = ++run_;
  running_ = true;
  // The engine thread never touches this object: it posts to the application object, and the
  // posted call checks that the controller still exists and still runs the same sweep.
  const QPointer<ScanController> self(this);
  const StopSignal* stop = stop_.get();
  thread_ = std::thread([self, stop, run, params] {
    auto post = [&](auto fn) {
      QMetaObject::invokeMethod(QCoreApplication::instance(), std::move(fn), Qt::QueuedConnection);
    };
    ScanReport report = run_scan(params, *stop, [&](const ScanResult& r) {
      post([self, run, r] {
        if (self) self->onResult(run, r);
      });
    });
    post([self, run, report = std::move(report)] {
      if (self) self->onDone(run, report);
    });
  });
  return true;
}

void ScanController::stop() {
  if (!running_) return;
  stop_->request();
  join();
  running_ = false;
  ++run_;  // anything the stopped sweep posted is now stale
  emit finished(true);
}

void ScanController::onResult(quint64 run, const ScanResult& result) {
  if (run != run_ || !running_) return;
  results_.push_back(result);
  emit resultAdded(static_cast<int>(results_.size()) - 1);
}

void ScanController::onDone(quint64 run, const ScanReport& report) {
  if (run != run_ || !running_) return;
  join();
  running_ = false;
  ceiling_ = report.ceiling;
  if (!report.error.empty()) error_ = QString::fromStdString(report.error);
  emit finished(report.cancelled);
}

}  // namespace ioscope::ui
