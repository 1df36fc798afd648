// ioscope-bench, the timeline part: what one frame of the timeline costs, painted (no widget) into
// a 1920x1080 image, for synthetic traces from 1 thousand to 10 million events, fitted to the whole
// run (every event is in view: the worst case for level of detail). Target: <= 16 ms per frame at
// 10 M events. Also reports the trace document's memory per event.
//
// bench_main.cpp makes the QGuiApplication that text needs. Meaningful in a Release build.
#include <benchmark/benchmark.h>

#include <QImage>
#include <QPainter>

#include <cerrno>
#include <chrono>
#include <map>
#include <memory>

#include "model/trace_document.hpp"
#include "timeline/synthetic_trace.hpp"
#include "timeline/timeline_painter.hpp"

namespace {

using namespace ioscope;
using namespace ioscope::ui;

constexpr std::int64_t kRunLength = 10'000'000'000;  // 10 s of trace

// Bytes per event: everything kept per event, by capacity (what is allocated, not what is
// used). TraceDocument::memory_bytes() sums the document's own size and every container it holds:
// the events' chunks and chunk table, the time index (its late-event exceptions, by time and by
// arrival), and per track the span and mark index chunks, the open-span list and the cut times.
// The views keep nothing per event: the painter, hit-testing and flow arrows read the document
// per frame (O(pixels + log n)) and cache nothing, so the document is all there is to count.
std::size_t documentBytes(const TraceDocument& doc) {
  return doc.memory_bytes();
}

const TraceDocument& documentOf(std::size_t events) {
  static std::map<std::size_t, std::unique_ptr<TraceDocument>> docs;
  auto& doc = docs[events];
  if (!doc) {
    doc = std::make_unique<TraceDocument>();
    // Delivered in batches, as the live drain does.
    const auto all = syntheticTrace({events, kRunLength, 4, 1'000'000'000});
    constexpr std::size_t kBatch = 1 << 16;
    for (std::size_t i = 0; i < all.size(); i += kBatch) {
      const auto end = all.begin() + static_cast<long>(std::min(all.size(), i + kBatch));
      doc->append(std::vector<TraceEvent>(all.begin() + static_cast<long>(i), end));
    }
  }
  return *doc;
}

void paintFrames(benchmark::State& state, TimelineLook look, double zoom) {
  const auto events = static_cast<std::size_t>(state.range(0));
  const TraceDocument& doc = documentOf(events);
  const QRect rect(0, 0, 1920, 1080);
  QImage image(rect.size(), QImage::Format_ARGB32_Premultiplied);
  const QList<TimelineRun> runs{{&doc, QString()}};
  const TimeRange range = TimelinePainter::extent(runs, false, 0);
  const double width = TimelinePainter::plotRect(rect).width();
  TimeAxis axis;
  axis.fit(range.t0, range.t1, width);
  axis.zoom_at(width / 2, zoom);
  PaintStats stats;
  double total_ms = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    QPainter p(&image);
    stats = TimelinePainter::paint(p, rect, doc, axis, look);
    p.end();
    benchmark::DoNotOptimize(image.constBits());
    total_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  const double n = static_cast<double>(doc.size());
  state.counters["events"] = n;
  state.counters["ms_per_frame"] = total_ms / static_cast<double>(state.iterations());
  state.counters["bytes_per_event"] = static_cast<double>(documentBytes(doc)) / n;
  state.counters["items_per_frame"] = static_cast<double>(stats.items);
  state.counters["max_track_items"] = static_cast<double>(stats.max_track_items);
}

void BM_TimelineFitted(benchmark::State& state) {
  paintFrames(state, TimelineLook::Analogy, 1.0);
}
void BM_TimelineFittedSyscall(benchmark::State& state) {
  paintFrames(state, TimelineLook::Syscall, 1.0);
}
// Zoomed in on the middle until single calls are wide enough for captions.
void BM_TimelineZoomedIn(benchmark::State& state) {
  paintFrames(state, TimelineLook::Analogy, static_cast<double>(state.range(0)) / 2000.0);
}

BENCHMARK(BM_TimelineFitted)
    ->Arg(1'000)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(10'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_TimelineFittedSyscall)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TimelineZoomedIn)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

namespace {

// A class-long non-blocking run, folded (trace_fold.hpp): nine turns of ten a recvmsg that
// finds nothing, one a recvmsg that copies 64 bytes and a factory send, appended in the window's
// batch size. The counters say what the document holds at the end: its memory (it must stay
// under 1 GB whatever the run's length), the events kept, and those counted instead.
void BM_LongRunFootprint(benchmark::State& state) {
  const auto total = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) {
    ioscope::ui::TraceDocument doc;
    std::int64_t t = 1;
    std::uint64_t made = 0;
    std::vector<ioscope::TraceEvent> batch;
    for (std::uint64_t turn = 0; made < total; ++turn) {
      const auto call = [&](ioscope::EventKind kind, std::int64_t value, std::uint16_t err) {
        batch.push_back({.t_ns = t,
                         .value = value,
                         .fd = 5,
                         .err = err,
                         .kind = kind,
                         .sys = ioscope::Sys::recvmsg});
        t += 250;
      };
      if (turn % 10 == 9) {
        call(ioscope::EventKind::SyscallBegin, 0, 0);
        call(ioscope::EventKind::CopyBegin, 0, 0);
        call(ioscope::EventKind::CopyEnd, 64, 0);
        call(ioscope::EventKind::SyscallEnd, 64, 0);
        batch.push_back(
            {.t_ns = t, .kind = ioscope::EventKind::ClientSend, .lane = ioscope::Lane::Factory});
      } else {
        call(ioscope::EventKind::SyscallBegin, 0, 0);
        call(ioscope::EventKind::SyscallEnd, -1, EAGAIN);
      }
      if (batch.size() >= 8192) {
        made += batch.size();
        doc.append(batch);
        batch.clear();
      }
    }
    doc.close_open_spans(doc.last_time());
    state.counters["doc_MB"] = static_cast<double>(doc.memory_bytes()) / 1e6;
    state.counters["kept"] = static_cast<double>(doc.size());
    state.counters["eagain_folded"] = static_cast<double>(doc.fold_report().eagain_folded);
    state.counters["not_kept"] = static_cast<double>(doc.fold_report().not_kept);
    state.counters["run_s_at_230k_per_s"] = static_cast<double>(total) / 230'000.0;
  }
}

}  // namespace

// 10 M events: under the fold limit's reach for the cap; 620 M: a 45-minute class at 230,000
// events a second.
BENCHMARK(BM_LongRunFootprint)
    ->Arg(10'000'000)
    ->Arg(620'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();
