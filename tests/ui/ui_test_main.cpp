// GoogleTest with a QApplication, so tests can build and drive real widgets offscreen.
//
// ctest runs every test in a process of its own, several at once: each process gets its own
// settings and config directory (a fresh temporary directory, removed at exit), so one test's
// remembered window, lesson progress or language never leaks into another running beside it,
// nor into the user's own settings. The app processes a test starts inherit the same directory
// through XDG_CONFIG_HOME.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <cstdio>

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen")
                                                                  : qgetenv("QT_QPA_PLATFORM"));
  QTemporaryDir home(QDir::tempPath() + QStringLiteral("/ioscope-ui-test-XXXXXX"));
  if (!home.isValid()) {
    std::fprintf(stderr, "ui_tests: cannot make a temporary settings directory: %s\n",
                 qPrintable(home.errorString()));
    return 1;
  }
  const QString config = home.filePath(QStringLiteral("config"));
  qputenv("XDG_CONFIG_HOME", config.toLocal8Bit());
  qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toLocal8Bit());
  qputenv("XDG_CACHE_HOME", home.filePath(QStringLiteral("cache")).toLocal8Bit());
  QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, config);

  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("ioscope-tests"));
  QApplication::setApplicationName(QStringLiteral("ui_tests"));
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
