// What opening a recording costs the desktop app: File › Open recording of a file of N events
// (a real classroom run repeated, recording_bench.cpp). The time is from the call to the
// timeline's first frame painted (the header read, the first block decoded into the window's
// trace, one paint; the rest loads in slices while the window stays responsive). Counter
// "all_in_s": until every event is in. Target (issue 19): 10 M events to the first frame <= 2 s.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QEventLoop>

#include <chrono>

#include "bridge/run_controller.hpp"
#include "recorded_events.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"

namespace ioscope {
namespace {

void BM_RecordingOpenInWindow(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const QString path = QString::fromStdString(saved_file(n, /*jitter=*/true));
  for (auto _ : state) {
    ui::MainWindow w;
    w.setLessonsVisible(false);
    w.resize(1366, 768);
    w.show();
    QApplication::processEvents();
    const auto t0 = std::chrono::steady_clock::now();
    if (!w.openRecording(path)) {
      state.SkipWithError(qPrintable(w.recordingError()));
      return;
    }
    w.timeline()->repaint();
    const auto t1 = std::chrono::steady_clock::now();
    state.SetIterationTime(std::chrono::duration<double>(t1 - t0).count());
    while (w.controller()->loading()) QApplication::processEvents(QEventLoop::AllEvents, 20);
    state.counters["all_in_s"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.counters["events_shown"] = static_cast<double>(w.controller()->document().size());
  }
}
BENCHMARK(BM_RecordingOpenInWindow)
    ->ArgName("events")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace ioscope
