// The desktop app's command line.
#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

#include "lab/scenario.hpp"

class QApplication;

namespace ioscope::ui {
class MainWindow;
}

namespace ioscope::gui {

struct GuiOptions {
  QString screenshot;                         // --screenshot FILE.png
  QString view = QStringLiteral("timeline");  // timeline | race | scan | latency
  std::optional<int> fds;                     // --fds N: the Scan view's classroom size
  QStringList models;                         // --model ID or --models A,B,...
  std::optional<bool> analogy;                // --look analogy|syscall
  QSize size{1366, 768};                      // --size WxH
  QString lang;                // --lang en|zh_CN (overrides the language chosen in the app)
  QString lesson;              // --lesson ID: open this lesson (with --screenshot: and run it)
  bool presenter = false;      // --presenter: presenter mode
  bool zoom_measured = false;  // --zoom-measured: after the run, zoom to what the probe measured
  std::optional<bool> probe;   // --probe on|off: the Kernel probe box
  std::optional<Scenario> scenario;  // from --preset/--clients/--messages/--bytes/--interval
  int trace_pid = 0;                 // --trace-pid N: trace this process instead of a run
  int trace_seconds = 5;             // --trace-seconds S: for this long
  QString open;                      // --open FILE (or the only argument): a recording
  bool screenshot_timeline = false;  // --screenshot-of timeline: the timeline alone
  QString save_recording;            // --save-recording FILE: after the run, save it
  bool help_shown = false;
};

// Parses the arguments; false with a one-line error naming the problem.
bool parse_gui_options(const QStringList& args, GuiOptions& out, QString& error);
// Installs the translators for lang, or for the language chosen in the app (QSettings) when
// lang is empty.
void install_translator(QApplication& app, const QString& lang);
// "unknown lesson 'x' (known: 01-two-phases, ...)" if the window has no lesson id, else empty.
QString check_lesson(const ioscope::ui::MainWindow& window, const QString& id);
// Applies lesson, model, scenario, look and view to the window (not the size, not presenter).
void apply_to_window(ioscope::ui::MainWindow& window, const GuiOptions& options);

}  // namespace ioscope::gui
