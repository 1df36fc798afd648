// Where an installed ioscope keeps the lessons and translations it ships: <prefix>/share/ioscope
// (lessons/*.md, translations/ioscope_LANG.qm), found from the executable's own directory
// (<prefix>/bin), so a package works under any prefix without a path compiled in.
//
// The same files are also built into the binary (:/lessons, :/i18n). A developer's build has no
// share/ioscope beside it and runs on those, as it always has; an installed app prefers the
// files on disk, so what the package installs is what the learner reads (and a lesson or a
// translation can be corrected there without a rebuild), and the built-in copy still serves if
// the installed one is missing.
#pragma once

#include <QString>

namespace ioscope::ui {

// <app_dir>/../share/ioscope if that directory exists, else empty. app_dir is the directory of
// the executable (QCoreApplication::applicationDirPath(), symlinks resolved).
QString installed_data_dir(const QString& app_dir);
// The same for the running executable.
QString installed_data_dir();

}  // namespace ioscope::ui
