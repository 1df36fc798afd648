// ioscope: the desktop app. With --screenshot it runs the chosen scenario to completion, renders
// the window into a PNG and exits (works with QT_QPA_PLATFORM=offscreen).
#include <QApplication>

#include <cstdio>

#include "gui/gui_options.hpp"
#include "gui/screenshot_session.hpp"
#include "window/main_window.hpp"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ioscope"));
  QApplication::setApplicationName(QStringLiteral("ioscope"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/assets/ioscope.svg")));

  ioscope::gui::GuiOptions options;
  QString error;
  if (!ioscope::gui::parse_gui_options(QApplication::arguments(), options, error)) {
    std::fprintf(stderr, "ioscope: %s\n", qPrintable(error));
    return 2;
  }
  if (options.help_shown) return 0;
  ioscope::gui::install_translator(app, options.lang);

  ioscope::ui::MainWindow window;
  if (!options.screenshot.isEmpty()) return ioscope::gui::run_screenshot(window, options);
  window.restoreState();
  ioscope::gui::apply_to_window(window, options);
  window.show();
  return QApplication::exec();
}
