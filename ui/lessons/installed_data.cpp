#include "lessons/installed_data.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace ioscope::ui {

QString installed_data_dir(const QString& app_dir) {
  // bin/ and share/ are the install() destinations in app/ and ui/CMakeLists.txt; the two must
  // stay siblings for this to hold.
  const QString dir = QDir::cleanPath(app_dir + QStringLiteral("/../share/ioscope"));
  return QFileInfo(dir).isDir() ? dir : QString();
}

QString installed_data_dir() {
  return installed_data_dir(QCoreApplication::applicationDirPath());
}

}  // namespace ioscope::ui
