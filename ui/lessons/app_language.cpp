#include "lessons/app_language.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

#include "lessons/installed_data.hpp"

namespace ioscope::ui {

namespace {

QString& current_lang() {
  static QString lang = QStringLiteral("en");
  return lang;
}

QList<QPointer<QTranslator>>& installed() {
  static QList<QPointer<QTranslator>> list;
  return list;
}

const QString kKey = QStringLiteral("ui/language");

}  // namespace

QStringList AppLanguage::supported() {
  return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString AppLanguage::current() {
  return current_lang();
}

QString AppLanguage::preferred() {
  const QString saved = QSettings().value(kKey).toString();
  if (supported().contains(saved)) return saved;
  const QString system = QLocale::system().name();
  if (system.startsWith(QLatin1String("zh"))) return QStringLiteral("zh_CN");
  return QStringLiteral("en");
}

void AppLanguage::save(const QString& lang) {
  if (supported().contains(lang)) QSettings().setValue(kKey, lang);
}

bool AppLanguage::apply(const QString& lang) {
  if (!supported().contains(lang)) return false;
  for (const QPointer<QTranslator>& t : installed()) {
    if (!t) continue;
    QCoreApplication::removeTranslator(t);
    delete t.data();
  }
  installed().clear();
  current_lang() = lang;
  if (lang == QLatin1String("en")) return true;
  // The installed .qm (see installed_data.hpp), else the one built in.
  const QString name = QStringLiteral("ioscope_") + lang;
  const QString data_dir = installed_data_dir();
  auto* ours = new QTranslator(QCoreApplication::instance());
  if ((!data_dir.isEmpty() && ours->load(name, data_dir + QStringLiteral("/translations"))) ||
      ours->load(name, QStringLiteral(":/i18n"))) {
    QCoreApplication::installTranslator(ours);
    installed().push_back(ours);
  } else {
    delete ours;
  }
  auto* qt = new QTranslator(QCoreApplication::instance());
  if (qt->load(QStringLiteral("qtbase_") + lang,
               QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(qt);
    installed().push_back(qt);
  } else {
    delete qt;
  }
  return true;
}

QString AppLanguage::nativeName(const QString& lang) {
  if (lang == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
  return QStringLiteral("English");
}

}  // namespace ioscope::ui
