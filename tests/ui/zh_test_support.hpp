// For UI tests that check the Simplified Chinese interface: the embedded translation, installed
// for one test, and a check that a text is in Chinese.
#pragma once

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QString>
#include <QTranslator>

namespace ioscope::ui {

// True when s holds at least one CJK unified ideograph.
inline bool hasHan(const QString& s) {
  for (const QChar c : s)
    if (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF) return true;
  return false;
}

// Installs :/i18n/ioscope_zh_CN (what the app loads) for the test's duration.
class ZhTranslatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    loaded_ = translator_.load(QStringLiteral(":/i18n/ioscope_zh_CN"));
    if (loaded_) QCoreApplication::installTranslator(&translator_);
  }
  void TearDown() override {
    if (loaded_) QCoreApplication::removeTranslator(&translator_);
  }
  QTranslator translator_;
  bool loaded_ = false;
};

}  // namespace ioscope::ui
