#include "latency/latency_controller.hpp"

#include <QMetaObject>
#include <QPointer>

#include <chrono>
#include <functional>

#include "lab/run.hpp"
#include "lab/scenario.hpp"
#include "models/model.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope::ui {

namespace {

// compare.hpp's run_one, with the Run reachable so stop() can cancel it and its trace drained
// for progress. Same scenario and measurements: the same steps from compare.hpp.
// partial(histogram) is called on the worker thread every ~100 ms with the latencies the
// clients have measured so far.
ModelResult run_model(const std::string& model, const CompareParams& p, std::mutex& mutex,
                      Run*& current, const std::atomic<bool>& stop,
                      const std::function<void(const LatencyHistogram&)>& partial) {
  if (auto r = unrunnable(model, p.rate)) {
    r->idle = p.idle;
    return *r;
  }
  const Scenario s = compare_scenario(model, p.rate, p);
  TraceHub hub;
  hub.set_enabled(p.tracing);
  Run run(s);
  {
    std::lock_guard lock(mutex);
    if (stop.load()) {
      ModelResult r;
      r.model = model;
      r.rate = p.rate;
      r.error = "cancelled";
      return r;
    }
    current = &run;
  }
  RunSummary sum;
  std::atomic<bool> done{false};
  std::thread engine([&] {
    sum = run.execute(hub);
    done.store(true);
  });
  // Draining also keeps the rings from overflowing; the clients' echo events carry latencies.
  LatencyHistogram so_far;
  std::vector<TraceEvent> batch;
  auto take = [&] {
    batch.clear();
    hub.drain(batch);
    for (const TraceEvent& e : batch)
      if (e.kind == EventKind::ClientRecv) so_far.record(e.value);
  };
  auto last_post = std::chrono::steady_clock::now();
  while (!done.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    take();
    if (std::chrono::steady_clock::now() - last_post > std::chrono::milliseconds(100) &&
        so_far.summary().count > 0) {
      partial(so_far);
      last_post = std::chrono::steady_clock::now();
    }
  }
  engine.join();
  take();
  {
    std::lock_guard lock(mutex);
    current = nullptr;
  }
  ModelResult r = result_of(model, p.rate, sum);
  r.idle = p.idle;
  return r;
}

}  // namespace

LatencyController::LatencyController(QObject* parent) : QObject(parent) {}

LatencyController::~LatencyController() {
  ++run_id_;
  join();
}

bool LatencyController::start(const CompareParams& p) {
  if (running_) {
    error_ = tr("A comparison is already running.");
    return false;
  }
  if (auto err = validate(p)) {
    error_ = QString::fromStdString(err->message);
    return false;
  }
  join();
  error_.clear();
  params_ = p;
  machine_ = machine_info();
  results_.clear();
  running_ = true;
  stop_ = false;
  const std::uint64_t id = ++run_id_;
  worker_ = std::thread([this, id, p] { work(id, p); });
  return true;
}

void LatencyController::stop() {
  if (!running_) return;
  ++run_id_;  // drop whatever the worker still posts
  join();
  running_ = false;
  emit finished(true);
}

void LatencyController::join() {
  stop_ = true;
  {
    std::lock_guard lock(mutex_);
    if (current_ != nullptr) current_->cancel();
  }
  if (worker_.joinable()) worker_.join();
}

// Worker thread: touches only its arguments, the stop flag and current_ (under the mutex).
void LatencyController::work(std::uint64_t run_id, CompareParams p) {
  QPointer<LatencyController> self(this);
  auto post = [self, run_id](auto fn) {
    QMetaObject::invokeMethod(
        self.data(),
        [self, run_id, fn = std::move(fn)]() mutable {
          if (self && self->run_id_ == run_id) fn(self.data());
        },
        Qt::QueuedConnection);
  };
  for (std::size_t i = 0; i < p.models.size() && !stop_.load(); ++i) {
    const int index = static_cast<int>(i);
    post([index](LatencyController* c) { emit c->modelStarted(index); });
    ModelResult r =
        run_model(p.models[i], p, mutex_, current_, stop_, [&](const LatencyHistogram& h) {
          post([index, h](LatencyController* c) {
            c->progress_ = h;
            emit c->modelProgress(index);
          });
        });
    if (stop_.load()) return;
    post([r = std::move(r)](LatencyController* c) mutable {
      c->results_.push_back(std::move(r));
      emit c->modelFinished(static_cast<int>(c->results_.size()) - 1);
    });
  }
  post([](LatencyController* c) {
    c->running_ = false;
    emit c->finished(false);
  });
}

}  // namespace ioscope::ui
