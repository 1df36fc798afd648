// The interface language, chosen in the app (View > Language) independent of the OS, kept in
// QSettings ("ui/language"), overridden by --lang. Installs the app's and Qt's own translators.
#pragma once

#include <QString>
#include <QStringList>

namespace ioscope::ui {

class AppLanguage {
 public:
  // "en", "zh_CN".
  static QStringList supported();
  // The language in effect (what apply() installed last; "en" before any call).
  static QString current();
  // The language saved in QSettings, else the OS's if supported, else "en".
  static QString preferred();
  static void save(const QString& lang);
  // Removes the translators installed before and installs those for lang ("en": none). Returns
  // false for an unsupported lang (nothing changes).
  static bool apply(const QString& lang);
  // The language's own name ("English", "简体中文"): shown untranslated, so a reader who cannot
  // read the current language still finds their own.
  static QString nativeName(const QString& lang);
};

}  // namespace ioscope::ui
