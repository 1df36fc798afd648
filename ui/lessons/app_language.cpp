#include "lessons/app_language.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

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
  auto* ours = new QTranslator(QCoreApplication::instance());
  if (ours->load(QStringLiteral(":/i18n/ioscope_") + lang)) {
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
