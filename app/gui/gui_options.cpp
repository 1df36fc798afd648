#include "gui/gui_options.hpp"

#include <QCheckBox>

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <tuple>

#include <cstdio>

#include "lab/compare.hpp"
#include "latency/latency_view.hpp"
#include "lessons/app_language.hpp"
#include "lessons/lesson_pane.hpp"
#include "models/model.hpp"
#include "options/scenario_options.hpp"
#include "scan/scan_view.hpp"
#include "window/main_window.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::gui {

namespace {

// The desktop app's workload options: its --size is the window's, so a message's is --bytes;
// no --bugs (the Mistakes menu) and its --probe is the Kernel probe box (on|off).
options::WorkloadOptions workload() {
  options::WorkloadOptions w;
  w.size_name = QStringLiteral("bytes");
  w.bugs = false;
  w.probe = false;
  w.uring = false;  // the scenario panel has no place for io_uring's features yet
  return w;
}

}  // namespace

bool parse_gui_options(const QStringList& args, GuiOptions& out, QString& error) {
  QCommandLineParser p;
  p.setApplicationDescription(QStringLiteral(
      "ioscope: the five Unix I/O models, run for real on loopback sockets and drawn as the "
      "buyer (process), the shopkeeper (kernel) and the factory (peer)."));
  p.addHelpOption();
  p.addVersionOption();
  p.addOptions({
      {QStringLiteral("screenshot"),
       QStringLiteral("Run the scenario, save the window as a PNG, exit."),
       QStringLiteral("FILE.png")},
      {QStringLiteral("view"),
       QStringLiteral("timeline, race, scan, latency, figure (a race drawn as Stevens' "
                      "figure 6.6) or register (epoll_ctl one by one vs a batch)."),
       QStringLiteral("VIEW")},
      {QStringLiteral("fds"),
       QStringLiteral("Descriptors in the Scan view's classroom (1-1000, default 50)."),
       QStringLiteral("N")},
      {QStringLiteral("model"), QStringLiteral("The model to run."), QStringLiteral("ID")},
      {QStringLiteral("models"), QStringLiteral("Models for the race, comma-separated (2-8)."),
       QStringLiteral("A,B,...")},
      {QStringLiteral("look"), QStringLiteral("analogy or syscall."), QStringLiteral("LOOK")},
      {QStringLiteral("size"), QStringLiteral("Window size for the screenshot (default 1366x768)."),
       QStringLiteral("WxH")},
      {QStringLiteral("lang"), QStringLiteral("Interface language: en or zh_CN."),
       QStringLiteral("LANG")},
      {QStringLiteral("lesson"),
       QStringLiteral("Open a lesson, e.g. 01-two-phases (with --screenshot: run it)."),
       QStringLiteral("ID")},
      {QStringLiteral("presenter"), QStringLiteral("Presenter mode: large type, keyboard only.")},
      {QStringLiteral("probe"),
       QStringLiteral("on or off: measure the kernel's side with eBPF (on where it can run)."),
       QStringLiteral("on|off")},
      {QStringLiteral("zoom-measured"),
       QStringLiteral(
           "With --screenshot: zoom to the wake-up and copy the kernel probe measured.")},
      {QStringLiteral("preset"), QStringLiteral("classroom or fast."), QStringLiteral("PRESET")},
      {QStringLiteral("trace-pid"),
       QStringLiteral("With --screenshot: trace this running process (the kernel probe) instead "
                      "of a run, and name its I/O model."),
       QStringLiteral("N")},
      {QStringLiteral("trace-seconds"),
       QStringLiteral("With --trace-pid: trace for this long, 1-600 (default 5)."),
       QStringLiteral("S")},
      {QStringLiteral("open"),
       QStringLiteral("Open a recording (.ioscope) instead of running anything (also: the "
                      "recording as the only argument)."),
       QStringLiteral("FILE")},
      {QStringLiteral("save-recording"),
       QStringLiteral("With --screenshot: after the run, save it (or the race) as this "
                      "recording (.ioscope)."),
       QStringLiteral("FILE")},
      {QStringLiteral("screenshot-of"),
       QStringLiteral("With --screenshot: window (default) or timeline (the timeline alone)."),
       QStringLiteral("WHAT")},
  });
  p.addOptions(options::workload_options(
      workload(), ioscope::ui::ScenarioPanel::presetScenario(
                      ioscope::ui::ScenarioPanel::Preset::Classroom, "epoll")));
  if (!p.parse(args)) {
    error = p.errorText();
    return false;
  }
  if (p.isSet(QStringLiteral("help"))) {
    std::fputs(qPrintable(p.helpText()), stdout);
    out.help_shown = true;
    return true;
  }
  if (p.isSet(QStringLiteral("version"))) {
    std::printf("ioscope %s\n", qPrintable(QApplication::applicationVersion()));
    out.help_shown = true;
    return true;
  }
  // The desktop file opens a recording as `ioscope FILE`.
  const QStringList files = p.positionalArguments();
  if (files.size() > 1 || (files.size() == 1 && p.isSet(QStringLiteral("open")))) {
    error = QStringLiteral("unexpected argument '%1' (one recording at a time)").arg(files.last());
    return false;
  }
  out.open = files.isEmpty() ? p.value(QStringLiteral("open")) : files.first();
  out.save_recording = p.value(QStringLiteral("save-recording"));
  if (!out.save_recording.isEmpty() && !p.isSet(QStringLiteral("screenshot"))) {
    error = QStringLiteral(
        "--save-recording works with --screenshot (in the app: File › Save "
        "recording)");
    return false;
  }
  if (p.isSet(QStringLiteral("screenshot-of"))) {
    const QString what = p.value(QStringLiteral("screenshot-of"));
    if (what != QLatin1String("window") && what != QLatin1String("timeline")) {
      error = QStringLiteral("--screenshot-of must be window or timeline, not '%1'").arg(what);
      return false;
    }
    out.screenshot_timeline = what == QLatin1String("timeline");
  }
  out.screenshot = p.value(QStringLiteral("screenshot"));
  if (p.isSet(QStringLiteral("view"))) {
    out.view = p.value(QStringLiteral("view"));
    if (out.view != QLatin1String("timeline") && out.view != QLatin1String("race") &&
        out.view != QLatin1String("scan") && out.view != QLatin1String("latency") &&
        out.view != QLatin1String("figure") && out.view != QLatin1String("register")) {
      error = QStringLiteral(
                  "--view must be timeline, race, scan, latency, figure or register, not '%1'")
                  .arg(out.view);
      return false;
    }
  }
  if (p.isSet(QStringLiteral("fds"))) {
    bool ok = false;
    const int n = p.value(QStringLiteral("fds")).toInt(&ok);
    if (!ok || n < 1 || n > 1000) {
      error = QStringLiteral("--fds wants a number of descriptors from 1 to 1000, not '%1'")
                  .arg(p.value(QStringLiteral("fds")));
      return false;
    }
    out.fds = n;
  }
  if (p.isSet(QStringLiteral("probe"))) {
    const QString v = p.value(QStringLiteral("probe"));
    if (v != QLatin1String("on") && v != QLatin1String("off")) {
      error = QStringLiteral("--probe must be on or off, not '%1'").arg(v);
      return false;
    }
    out.probe = v == QLatin1String("on");
  }
  out.zoom_measured = p.isSet(QStringLiteral("zoom-measured"));
  for (const auto& [name, field, lo, hi] :
       {std::tuple{QStringLiteral("trace-pid"), &out.trace_pid, 1, 4194304},
        std::tuple{QStringLiteral("trace-seconds"), &out.trace_seconds, 1, 600}}) {
    if (!p.isSet(name)) continue;
    bool number = false;
    const int v = p.value(name).toInt(&number);
    if (!number || v < lo || v > hi) {
      error = QStringLiteral("--%1 must be a whole number from %2 to %3, not '%4'")
                  .arg(name)
                  .arg(lo)
                  .arg(hi)
                  .arg(p.value(name));
      return false;
    }
    *field = v;
  }
  if (p.isSet(QStringLiteral("model"))) out.models = {p.value(QStringLiteral("model"))};
  if (p.isSet(QStringLiteral("models")))
    out.models = p.value(QStringLiteral("models")).split(QLatin1Char(','), Qt::SkipEmptyParts);
  // The Latency view also takes --models all.
  const bool all_models_ok =
      out.view == QLatin1String("latency") && out.models == QStringList{QStringLiteral("all")};
  for (const QString& m : out.models) {
    if (all_models_ok) break;
    // ...and io_uring's variants, as series of their own (io_uring+multishot); as the model
    // list offers them, one of them can be the run too.
    if ((out.view == QLatin1String("latency") || out.models.size() == 1) &&
        m.contains(QLatin1Char('+'))) {
      if (auto series = parse_series(m.toStdString()); !series) {
        error = QString::fromStdString(series.error().message);
        return false;
      }
      continue;
    }
    if (find_model(m.toStdString()) == nullptr) {
      error = QStringLiteral("unknown model '%1' (known: %2)")
                  .arg(m, QString::fromStdString(model_ids_joined()));
      return false;
    }
  }
  if (p.isSet(QStringLiteral("look"))) {
    const QString look = p.value(QStringLiteral("look"));
    if (look != QLatin1String("analogy") && look != QLatin1String("syscall")) {
      error = QStringLiteral("--look must be analogy or syscall, not '%1'").arg(look);
      return false;
    }
    out.analogy = look == QLatin1String("analogy");
  }
  if (p.isSet(QStringLiteral("size"))) {
    const QStringList wh = p.value(QStringLiteral("size")).split(QLatin1Char('x'));
    bool ok_w = false, ok_h = false;
    const int w = wh.size() == 2 ? wh[0].toInt(&ok_w) : 0;
    const int h = wh.size() == 2 ? wh[1].toInt(&ok_h) : 0;
    if (!ok_w || !ok_h || w < 640 || h < 480 || w > 7680 || h > 4320) {
      error = QStringLiteral("--size wants WIDTHxHEIGHT between 640x480 and 7680x4320, not '%1'")
                  .arg(p.value(QStringLiteral("size")));
      return false;
    }
    out.size = QSize(w, h);
  }
  if (p.isSet(QStringLiteral("lang"))) {
    out.lang = p.value(QStringLiteral("lang"));
    if (out.lang != QLatin1String("en") && out.lang != QLatin1String("zh_CN")) {
      error = QStringLiteral("--lang must be en or zh_CN, not '%1'").arg(out.lang);
      return false;
    }
  }
  out.lesson = p.value(QStringLiteral("lesson"));
  out.presenter = p.isSet(QStringLiteral("presenter"));
  const bool any_scenario = p.isSet(QStringLiteral("preset")) || p.isSet(QStringLiteral("model")) ||
                            options::any_workload_option(p, workload());
  if (any_scenario || !out.screenshot.isEmpty()) {
    using ioscope::ui::ScenarioPanel;
    auto preset = ScenarioPanel::Preset::Classroom;
    if (p.isSet(QStringLiteral("preset"))) {
      const QString name = p.value(QStringLiteral("preset"));
      if (name == QLatin1String("fast"))
        preset = ScenarioPanel::Preset::Fast;
      else if (name != QLatin1String("classroom")) {
        error = QStringLiteral("--preset must be classroom or fast, not '%1'").arg(name);
        return false;
      }
    }
    const Series series = out.models.isEmpty() || all_models_ok
                              ? Series{"epoll", {}}
                              : series_or_model(out.models.first().toStdString());
    Scenario s = ScenarioPanel::presetScenario(preset, series.model);
    s.uring = series.uring;
    if (auto bad = options::read_workload(p, workload(), s)) {
      error = QString::fromStdString(*bad);
      return false;
    }
    out.scenario = s;
  }
  return true;
}

void install_translator(QApplication&, const QString& lang) {
  using ioscope::ui::AppLanguage;
  AppLanguage::apply(lang.isEmpty() ? AppLanguage::preferred() : lang);
}

QString check_lesson(const ioscope::ui::MainWindow& window, const QString& id) {
  if (id.isEmpty() || window.lessonPane()->hasLesson(id)) return {};
  return QStringLiteral("unknown lesson '%1' (known: %2)")
      .arg(id, window.lessonPane()->lessonIds().join(QStringLiteral(", ")));
}

void apply_to_window(ioscope::ui::MainWindow& window, const GuiOptions& options) {
  if (options.probe) {
    QCheckBox* box = window.scenarioPanel()->probeCheck();
    if (box->isEnabled())
      box->setChecked(*options.probe);
    else if (*options.probe)
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(box->toolTip()));
  }
  if (!options.lesson.isEmpty()) {
    window.openLesson(options.lesson);
    window.setLessonsVisible(true);
    // A lesson brings its own scenario and view; only the look still applies.
    if (options.analogy) window.setAnalogyLook(*options.analogy);
    return;
  }
  if (options.scenario) window.scenarioPanel()->setScenario(*options.scenario);
  if (options.analogy) window.setAnalogyLook(*options.analogy);
  if (options.view == QLatin1String("race") || options.view == QLatin1String("figure")) {
    window.setView(ioscope::ui::MainWindow::View::Race);
    if (options.models.size() >= 2) window.raceView()->setModels(options.models);
  }
  if (options.view == QLatin1String("register"))
    window.setView(ioscope::ui::MainWindow::View::Register);
  if (options.view == QLatin1String("scan")) {
    window.setView(ioscope::ui::MainWindow::View::Scan);
    if (options.fds) window.scanView()->setStudents(*options.fds);
  }
  if (options.view == QLatin1String("latency")) {
    window.setView(ioscope::ui::MainWindow::View::Latency);
    if (!options.models.isEmpty()) window.latencyView()->setModels(options.models);
    // A short comparison: 8 clients, 2000 messages/s in total, 1 s per model, 64 B.
    window.latencyView()->setWorkload(8, 2000, 1000, 64);
  }
}

}  // namespace ioscope::gui
