#include "charts/save_dialog.hpp"

#include <QFileDialog>
#include <QFileInfo>

#include <memory>

namespace ioscope::ui {

QString withSuffix(const QString& path, const QString& suffix) {
  if (path.isEmpty() || !QFileInfo(path).suffix().isEmpty()) return path;
  return path + QLatin1Char('.') + suffix;
}

QFileDialog* makeSaveDialog(QWidget* parent, const QString& title, const QString& name,
                            const QString& filter, const QString& suffix) {
  auto* dialog = new QFileDialog(parent, title, name, filter);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  dialog->setFileMode(QFileDialog::AnyFile);
  // The dialog adds the suffix before it checks for a file to replace, so the question is asked
  // about the file that will really be written.
  dialog->setDefaultSuffix(suffix);
  dialog->setOption(QFileDialog::DontConfirmOverwrite, false);
  return dialog;
}

QString askSavePath(QWidget* parent, const QString& title, const QString& name,
                    const QString& filter, const QString& suffix) {
  std::unique_ptr<QFileDialog> dialog(makeSaveDialog(parent, title, name, filter, suffix));
  if (dialog->exec() != QDialog::Accepted || dialog->selectedFiles().isEmpty()) return {};
  return withSuffix(dialog->selectedFiles().constFirst(), suffix);
}

}  // namespace ioscope::ui
