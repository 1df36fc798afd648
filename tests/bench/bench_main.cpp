// ioscope-bench's main. With the desktop app built, the timeline benchmarks paint text, and
// text needs fonts, which need a QGuiApplication (the offscreen platform is enough).
#include <benchmark/benchmark.h>

#ifdef IOSCOPE_BENCH_GUI
#include <QGuiApplication>
#endif

int main(int argc, char** argv) {
#ifdef IOSCOPE_BENCH_GUI
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
