// ioscope: the desktop app. With --screenshot it runs the chosen scenario to completion, renders
// the window into a PNG and exits (works with QT_QPA_PLATFORM=offscreen).
#include <QApplication>

#include <cstdio>
#include <cstring>

#include "gui/gui_options.hpp"
#include "gui/screenshot_session.hpp"
#include "window/main_window.hpp"

namespace {

// --help and --version only print, so they must work where there is no display (over ssh, in a
// packaging script): QApplication would abort there, trying to open one.
bool only_prints(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    for (const char* flag : {"-h", "-?", "--help", "--help-all", "-v", "--version"})
      if (std::strcmp(argv[i], flag) == 0) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (only_prints(argc, argv)) qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ioscope"));
  QApplication::setApplicationName(QStringLiteral("ioscope"));
  QApplication::setApplicationVersion(QStringLiteral(IOSCOPE_VERSION));
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
  // A recording that cannot be read is said on the terminal and in the window; the app goes on.
  if (!options.open.isEmpty() && !window->openRecording(options.open))
    std::fprintf(stderr, "ioscope: %s\n", qPrintable(window->recordingError()));
  if (!window->presenterMode()) window->show();
  return QApplication::exec();
}
