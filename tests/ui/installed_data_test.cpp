// An installed ioscope finds its lessons in <prefix>/share/ioscope beside <prefix>/bin, whatever
// the prefix; a build tree, with no share/ioscope beside it, keeps the lessons built in.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include "lessons/installed_data.hpp"
#include "lessons/lesson_library.hpp"

namespace ioscope::ui {
namespace {

// A fake install prefix: PREFIX/bin (where the executable would be), and PREFIX/share/ioscope
// when with_share.
struct FakePrefix {
  QTemporaryDir root;
  explicit FakePrefix(bool with_share) {
    EXPECT_TRUE(root.isValid());
    EXPECT_TRUE(QDir(root.path()).mkpath(QStringLiteral("bin")));
    if (with_share) {
      EXPECT_TRUE(QDir(root.path()).mkpath(QStringLiteral("share/ioscope/lessons")));
    }
  }
  QString bin() const { return root.filePath(QStringLiteral("bin")); }
  QString share() const { return root.filePath(QStringLiteral("share/ioscope")); }
};

TEST(InstalledData, IsShareIoscopeBesideTheExecutablesBinDirectoryIfItExists) {
  FakePrefix prefix(true);
  EXPECT_EQ(installed_data_dir(prefix.bin()), prefix.share());
  FakePrefix none(false);
  EXPECT_TRUE(installed_data_dir(none.bin()).isEmpty());
}

TEST(InstalledData, TheTestExecutableHasNoneSoTheBuiltInCopiesServe) {
  // ui_tests runs from the build tree, as the app does in a developer's build.
  EXPECT_TRUE(installed_data_dir().isEmpty());
}

TEST(InstalledData, AnInstalledLessonIsReadInsteadOfTheBuiltInOne) {
  FakePrefix prefix(true);
  QFile shipped(QStringLiteral(":/lessons/01-two-phases.en.md"));
  ASSERT_TRUE(shipped.open(QIODevice::ReadOnly));
  QByteArray text = shipped.readAll();
  const qsizetype eol = text.indexOf('\n');
  ASSERT_GT(eol, 0);
  text.replace(0, eol, "# Lesson 1, as installed");
  QFile installed(prefix.share() + QStringLiteral("/lessons/01-two-phases.en.md"));
  ASSERT_TRUE(installed.open(QIODevice::WriteOnly));
  installed.write(text);
  installed.close();

  LessonLibrary built_in;
  built_in.load_resources();
  LessonLibrary library;
  library.load_shipped(prefix.bin());
  for (const LessonError& e : library.errors()) ADD_FAILURE() << e.text().toStdString();
  EXPECT_EQ(library.lessons().size(), built_in.lessons().size());

  const Lesson* en = library.find(QStringLiteral("01-two-phases"), QStringLiteral("en"));
  ASSERT_NE(en, nullptr);
  EXPECT_EQ(en->title, QStringLiteral("Lesson 1, as installed"));
  EXPECT_EQ(en->source, installed.fileName());
  // A lesson not installed still comes from the copy built in.
  const Lesson* zh = library.find(QStringLiteral("01-two-phases"), QStringLiteral("zh_CN"));
  ASSERT_NE(zh, nullptr);
  EXPECT_TRUE(zh->source.startsWith(QStringLiteral(":/lessons/"))) << zh->source.toStdString();
}

TEST(InstalledData, WithoutAnInstalledCopyTheShippedLessonsAreTheBuiltInOnes) {
  FakePrefix prefix(false);
  LessonLibrary library;
  library.load_shipped(prefix.bin());
  EXPECT_TRUE(library.errors().isEmpty());
  ASSERT_FALSE(library.lessons().isEmpty());
  for (const LessonEntry& e : library.lessons())
    for (const Lesson& l : e.by_language)
      EXPECT_TRUE(l.source.startsWith(QStringLiteral(":/lessons/"))) << l.source.toStdString();
}

}  // namespace
}  // namespace ioscope::ui
