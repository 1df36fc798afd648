#include "model/image_file.hpp"

#include <QBuffer>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QImage>

namespace ioscope::ui {

namespace {
struct ImageFileText {
  Q_DECLARE_TR_FUNCTIONS(ImageFileText)
};
}  // namespace

QString writePng(const QImage& image, const QString& path) {
  // Encoded in memory first: the image writer's own errors ("Write Error") say nothing of why,
  // a QFile's say what the system said.
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (image.isNull() || !image.save(&buffer, "PNG"))
    return ImageFileText::tr("cannot write '%1': the picture could not be made").arg(path);
  QFile file(path);
  const bool existed = file.exists();
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
    return ImageFileText::tr("cannot write '%1': %2").arg(path, file.errorString());
  const bool written = file.write(bytes) == bytes.size() && file.flush();
  const QString why = file.errorString();
  file.close();
  if (written && file.error() == QFileDevice::NoError) return {};
  // A partial PNG is worse than none; a file that was not ours (a device, a link) stays.
  const QFileInfo info(path);
  if (!existed && info.isFile() && !info.isSymLink()) QFile::remove(path);
  return ImageFileText::tr("cannot write '%1': %2").arg(path, why);
}

}  // namespace ioscope::ui
