// Saving a picture where it cannot go: a full disk (a link to /dev/full, which answers every
// write with ENOSPC, as a full tmpfs does), a folder that does not exist, a read-only folder.
// Each gives one sentence naming the file and the system's reason, leaves no partial file, and
// the next save to a good place works.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <unistd.h>

#include "figure/stevens_figure.hpp"
#include "model/image_file.hpp"

namespace ioscope::ui {
namespace {

QImage picture() {
  QImage img(64, 32, QImage::Format_RGB32);
  img.fill(Qt::darkCyan);
  return img;
}

TEST(ImageFile, AFullDiskIsSaidInTheSystemsWords) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const QString full = dir.filePath(QStringLiteral("full.png"));
  ASSERT_TRUE(QFile::link(QStringLiteral("/dev/full"), full));
  const QString error = writePng(picture(), full);
  EXPECT_TRUE(error.contains(full)) << error.toStdString();
  EXPECT_TRUE(error.contains(QStringLiteral("No space left on device"))) << error.toStdString();
  EXPECT_TRUE(QFileInfo(full).isSymLink()) << "the link is not ours to remove";

  // A view's own PNG goes the same way.
  StevensFigure figure;
  const QString figure_error = figure.savePng(full, QSize(400, 300));
  EXPECT_TRUE(figure_error.contains(QStringLiteral("No space left on device")))
      << figure_error.toStdString();

  const QString good = dir.filePath(QStringLiteral("good.png"));
  EXPECT_EQ(writePng(picture(), good), QString());
  EXPECT_EQ(QImage(good).size(), QSize(64, 32));
}

TEST(ImageFile, AMissingOrReadOnlyFolderIsNamed) {
  QTemporaryDir dir;
  ASSERT_TRUE(dir.isValid());
  const QString missing = dir.filePath(QStringLiteral("no/such/folder/x.png"));
  const QString error = writePng(picture(), missing);
  EXPECT_TRUE(error.contains(missing)) << error.toStdString();
  EXPECT_TRUE(error.contains(QStringLiteral("No such file or directory"))) << error.toStdString();

  if (::geteuid() == 0) return;  // root writes into a read-only folder: nothing to refuse
  ASSERT_TRUE(QDir(dir.path()).mkdir(QStringLiteral("ro")));
  ASSERT_TRUE(QFile::setPermissions(dir.filePath(QStringLiteral("ro")),
                                    QFileDevice::ReadOwner | QFileDevice::ExeOwner));
  const QString ro = dir.filePath(QStringLiteral("ro/x.png"));
  const QString ro_error = writePng(picture(), ro);
  EXPECT_TRUE(ro_error.contains(QStringLiteral("Permission denied"))) << ro_error.toStdString();
  EXPECT_FALSE(QFile::exists(ro));
}

}  // namespace
}  // namespace ioscope::ui
