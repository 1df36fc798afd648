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
  QString screenshot;          // --screenshot FILE.png
  QString view = QStringLiteral("timeline");  // timeline | race | scan | latency
  std::optional<int> fds;      // --fds N: the Scan view's classroom size
  QStringList models;          // --model ID or --models A,B,...
  std::optional<bool> analogy;  // --look analogy|syscall
  QSize size{1366, 768};       // --size WxH
  QString lang;                // --lang en|zh_CN
  std::optional<Scenario> scenario;  // from --preset/--clients/--messages/--bytes/--interval
  bool help_shown = false;
};

// Parses the arguments; false with a one-line error naming the problem.
bool parse_gui_options(const QStringList& args, GuiOptions& out, QString& error);
void install_translator(QApplication& app, const QString& lang);
// Applies model, scenario, look and view to the window (not the size).
void apply_to_window(ioscope::ui::MainWindow& window, const GuiOptions& options);

}  // namespace ioscope::gui
