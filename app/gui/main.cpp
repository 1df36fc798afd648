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

  // On the heap: switching the language in the app replaces the window with a new one.
  auto* window = new ioscope::ui::MainWindow;
  window->setAttribute(Qt::WA_DeleteOnClose);
  const QString bad_lesson = ioscope::gui::check_lesson(*window, options.lesson);
  if (!bad_lesson.isEmpty()) {
    std::fprintf(stderr, "ioscope: %s\n", qPrintable(bad_lesson));
    delete window;
    return 2;
  }
  if (!options.screenshot.isEmpty()) {
    const int rc = ioscope::gui::run_screenshot(*window, options);
    delete window;
    return rc;
  }
  window->restoreState();
  ioscope::gui::apply_to_window(*window, options);
  if (options.presenter) window->setPresenterMode(true);
  if (!window->presenterMode()) window->show();
  return QApplication::exec();
}
