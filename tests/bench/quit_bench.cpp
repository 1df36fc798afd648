// ioscope-bench, closing the app: how long the window takes to close after a run of millions of
// events (target < 300 ms: the window must close at once). The run is real (non-blocking, the
// model that makes the most events); the figure is from close() to the window destroyed, which is
// what the user waits for when quitting.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QElapsedTimer>

#include <memory>

#include "bridge/run_controller.hpp"
#include "window/main_window.hpp"

namespace {

using namespace ioscope;
using namespace ioscope::ui;

void BM_QuitAfterRun(benchmark::State& state) {
  const auto wanted = static_cast<std::size_t>(state.range(0));
  double close_ms = 0, destroy_ms = 0;
  std::size_t events = 0;
  bool live = state.range(1) != 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto w = std::make_unique<MainWindow>();
    w->resize(1366, 768);
    w->show();
    Scenario s;
    s.model = "nonblocking";
    s.clients = 4;
    s.messages = kMaxMessages;
    s.size = 64;
    s.interval_ns = 100'000;
    if (!w->controller()->start(s)) {
      state.SkipWithError("the run did not start");
      return;
    }
    while (w->controller()->document().size() < wanted)
      QApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!live) {
      w->controller()->stop();
      while (w->controller()->running()) QApplication::processEvents(QEventLoop::AllEvents, 20);
    }
    events = w->controller()->document().size();
    state.ResumeTiming();
    QElapsedTimer clock;
    clock.start();
    w->close();
    close_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    w.reset();
    destroy_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6 - close_ms;
  }
  state.counters["events"] = static_cast<double>(events);
  state.counters["close_ms"] = close_ms;
  state.counters["destroy_ms"] = destroy_ms;
  state.counters["quit_ms"] = close_ms + destroy_ms;
}
// {events, still running when closed}
BENCHMARK(BM_QuitAfterRun)
    ->Args({4'000'000, 0})
    ->Args({4'000'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
