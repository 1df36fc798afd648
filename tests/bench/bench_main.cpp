// ioscope-bench's main. With the desktop app built, the timeline benchmarks paint text (fonts
// need a QGuiApplication) and the event list's are widgets (a QApplication); the offscreen
// platform is enough.
#include <benchmark/benchmark.h>

#ifdef IOSCOPE_BENCH_GUI
#include <QApplication>
#endif

int main(int argc, char** argv) {
#ifdef IOSCOPE_BENCH_GUI
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
