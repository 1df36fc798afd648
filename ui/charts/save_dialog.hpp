// Where to save an export, asked of the user. A name typed without a suffix gets the format's
// ("chart" -> "chart.png"), and a file already there is replaced only after the user agreed,
// for the name with its suffix as for the name typed.
#pragma once

#include <QString>

class QFileDialog;
class QWidget;

namespace ioscope::ui {

// The dialog askSavePath shows (separate so a test can look at how it is set up).
QFileDialog* makeSaveDialog(QWidget* parent, const QString& title, const QString& name,
                            const QString& filter, const QString& suffix);
// The path chosen, with the suffix; empty when the user cancelled.
QString askSavePath(QWidget* parent, const QString& title, const QString& name,
                    const QString& filter, const QString& suffix);
// path with ".suffix" appended when its file name has no suffix at all.
QString withSuffix(const QString& path, const QString& suffix);

}  // namespace ioscope::ui
