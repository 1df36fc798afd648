// Exports: a name typed without a suffix is saved with the format's, and the dialog asks before
// it replaces a file (about the name with its suffix).
#include <gtest/gtest.h>

#include <QFileDialog>

#include <memory>

#include "charts/save_dialog.hpp"

namespace {

using ioscope::ui::makeSaveDialog;
using ioscope::ui::withSuffix;

TEST(SaveDialog, ANameWithoutASuffixGetsTheFormats) {
  EXPECT_EQ(withSuffix(QStringLiteral("/tmp/chart"), QStringLiteral("png")),
            QStringLiteral("/tmp/chart.png"));
  EXPECT_EQ(withSuffix(QStringLiteral("/tmp/a.dir/chart"), QStringLiteral("png")),
            QStringLiteral("/tmp/a.dir/chart.png"));
}

TEST(SaveDialog, ANameWithASuffixIsKeptAsTyped) {
  EXPECT_EQ(withSuffix(QStringLiteral("/tmp/chart.png"), QStringLiteral("png")),
            QStringLiteral("/tmp/chart.png"));
  EXPECT_EQ(withSuffix(QStringLiteral("/tmp/chart.PNG"), QStringLiteral("png")),
            QStringLiteral("/tmp/chart.PNG"));
  EXPECT_EQ(withSuffix(QString(), QStringLiteral("png")), QString()) << "cancelled stays empty";
}

TEST(SaveDialog, TheDialogAddsTheSuffixAndAsksBeforeReplacing) {
  std::unique_ptr<QFileDialog> d(
      makeSaveDialog(nullptr, QStringLiteral("Export chart"), QStringLiteral("ioscope-latency.png"),
                     QStringLiteral("PNG image (*.png)"), QStringLiteral("png")));
  EXPECT_EQ(d->acceptMode(), QFileDialog::AcceptSave);
  EXPECT_EQ(d->defaultSuffix(), QStringLiteral("png"));
  EXPECT_FALSE(d->testOption(QFileDialog::DontConfirmOverwrite));
}

}  // namespace
