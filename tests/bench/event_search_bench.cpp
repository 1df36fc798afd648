// ioscope-bench, the event list part: a search over 4 million events, as a user types it. The
// filter works in slices on the UI thread's event loop; what matters is the longest the window
// could not paint (target < 50 ms: a few frames at most), not how long the whole search takes.
// Measured with a 1 ms timer: the longest gap between its ticks is the longest stall.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>
#include <memory>

#include "events/event_list_widget.hpp"
#include "model/trace_document.hpp"
#include "timeline/synthetic_trace.hpp"

namespace {

using namespace ioscope;
using namespace ioscope::ui;

const TraceDocument& fourMillionEvents() {
  static std::unique_ptr<TraceDocument> doc;
  if (!doc) {
    doc = std::make_unique<TraceDocument>();
    const auto all = syntheticTrace({4'000'000, 10'000'000'000, 4, 1'000'000'000});
    constexpr std::size_t kBatch = 1 << 16;
    for (std::size_t i = 0; i < all.size(); i += kBatch) {
      const auto end = all.begin() + static_cast<long>(std::min(all.size(), i + kBatch));
      doc->append(std::vector<TraceEvent>(all.begin() + static_cast<long>(i), end));
    }
  }
  return *doc;
}

void BM_EventSearch4M(benchmark::State& state) {
  const TraceDocument& doc = fourMillionEvents();
  EventListWidget list;
  list.resize(1200, 500);
  list.setDocument(&doc);
  list.proxy()->finish();
  QElapsedTimer clock;
  double stall_ms = 0, search_ms = 0, slice_ms = 0;
  int matches = 0;
  for (auto _ : state) {
    std::int64_t last = 0, longest = 0;
    QTimer ticker;
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
      const std::int64_t now = clock.nsecsElapsed();
      longest = std::max(longest, now - last);
      last = now;
    });
    ticker.start();
    clock.start();
    // What typing does: the text goes to the filter; the first slice runs in this call.
    list.proxy()->setText(QStringLiteral("recvmsg"));
    last = 0;
    longest = clock.nsecsElapsed();  // the call itself kept the loop too
    while (list.proxy()->filtering()) QApplication::processEvents(QEventLoop::AllEvents, 5);
    search_ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    ticker.stop();
    stall_ms = static_cast<double>(longest) / 1e6;
    slice_ms = static_cast<double>(list.proxy()->longestSliceNs()) / 1e6;
    matches = list.proxy()->rowCount();
    state.PauseTiming();
    list.proxy()->setText(QString());
    list.proxy()->finish();
    state.ResumeTiming();
  }
  state.counters["events"] = static_cast<double>(doc.size());
  state.counters["matches"] = matches;
  state.counters["longest_stall_ms"] = stall_ms;
  state.counters["longest_slice_ms"] = slice_ms;
  state.counters["whole_search_ms"] = search_ms;
}
BENCHMARK(BM_EventSearch4M)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
