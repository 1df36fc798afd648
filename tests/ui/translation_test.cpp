// The Simplified Chinese translation: it is embedded, it translates what the user sees, and the
// checked-in .ts leaves no source string untranslated.
#include <gtest/gtest.h>

#include <algorithm>

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QPushButton>
#include <QRegularExpression>
#include <QStringList>
#include <QTranslator>
#include <QXmlStreamReader>

#include "inspector/event_explainer.hpp"
#include "lessons/lesson_parser.hpp"
#include "timeline/lane_layout.hpp"
#include "timeline/timeline_text.hpp"
#include "window/scenario_panel.hpp"
#include "zh_test_support.hpp"

namespace ioscope::ui {
namespace {

QString tsPath() {
  // tests/ui/translation_test.cpp -> i18n/ioscope_zh_CN.ts
  return QFileInfo(QStringLiteral(__FILE__)).absolutePath() +
         QStringLiteral("/../../i18n/ioscope_zh_CN.ts");
}

using TranslationTest = ZhTranslatorTest;

TEST_F(TranslationTest, EmbeddedQmLoadsFromTheResourcePathTheAppUses) {
  EXPECT_TRUE(QFile::exists(QStringLiteral(":/i18n/ioscope_zh_CN.qm")));
  ASSERT_TRUE(loaded_);
  EXPECT_FALSE(translator_.isEmpty());
  EXPECT_EQ(translator_.language(), QStringLiteral("zh_CN"));
}

TEST_F(TranslationTest, LessonErrorsAreTranslated) {
  ASSERT_TRUE(loaded_);
  const auto result = parse_lesson(QByteArrayLiteral("# T\n```scenario\nmodels: epol\n```\n"),
                                   QStringLiteral("09-x.zh_CN.md"));
  ASSERT_TRUE(std::holds_alternative<LessonError>(result));
  const QString message = std::get<LessonError>(result).message;
  EXPECT_TRUE(hasHan(message)) << message.toStdString();
}

TEST_F(TranslationTest, RunButtonIsTranslated) {
  ASSERT_TRUE(loaded_);
  ScenarioPanel panel;
  EXPECT_EQ(panel.runButton()->text(), QStringLiteral("运行"));
  EXPECT_EQ(panel.stopButton()->text(), QStringLiteral("停止"));
}

TEST_F(TranslationTest, LaneNamesInTheGutterAreTranslated) {
  ASSERT_TRUE(loaded_);
  LaneRow row;
  row.kind = RowKind::Buyer;
  row.track = 1;
  EXPECT_EQ(TimelineText::laneName(row, TimelineLook::Analogy, 1), QStringLiteral("顾客"));
  EXPECT_EQ(TimelineText::laneName(row, TimelineLook::Analogy, 2), QStringLiteral("顾客 1"));
  EXPECT_EQ(TimelineText::laneName(row, TimelineLook::Syscall, 1), QStringLiteral("线程 1"));
  row.kind = RowKind::Shopkeeper;
  EXPECT_EQ(TimelineText::laneName(row, TimelineLook::Analogy, 1), QStringLiteral("店主"));
  EXPECT_EQ(TimelineText::laneName(row, TimelineLook::Syscall, 1), QStringLiteral("内核"));
  row.kind = RowKind::Factory;
  row.track = 2;
  EXPECT_EQ(TimelineText::laneName(row, TimelineLook::Analogy, 1), QStringLiteral("工厂 2"));
}

TEST_F(TranslationTest, LegendEntriesAreAllTranslated) {
  ASSERT_TRUE(loaded_);
  for (const TimelineLook look : {TimelineLook::Analogy, TimelineLook::Syscall}) {
    const auto legend = TimelineText::legend(look);
    ASSERT_FALSE(legend.isEmpty());
    bool anyHan = false;
    for (const auto& entry : legend) anyHan = anyHan || hasHan(entry.text);
    EXPECT_TRUE(anyHan) << "legend still in English for look " << static_cast<int>(look);
  }
  const auto analogy = TimelineText::legend(TimelineLook::Analogy);
  const bool hasPhase1 = std::any_of(analogy.begin(), analogy.end(), [](const auto& e) {
    return e.text == QStringLiteral("阶段 1：等菜刀");
  });
  EXPECT_TRUE(hasPhase1);
}

TEST_F(TranslationTest, InspectorPhaseTextIsTranslated) {
  ASSERT_TRUE(loaded_);
  EXPECT_EQ(EventExplainer::phaseName(EventExplanation::Phase::CopyToUser),
            QStringLiteral("阶段 2——拷贝到用户空间（店主把菜刀交出）"));
  EXPECT_TRUE(EventExplainer::phaseName(EventExplanation::Phase::WaitForData)
                  .startsWith(QStringLiteral("阶段 1")));
}

TEST_F(TranslationTest, WithoutTheTranslatorTheSourceEnglishIsShown) {
  if (loaded_) QCoreApplication::removeTranslator(&translator_);
  loaded_ = false;
  ScenarioPanel panel;
  EXPECT_EQ(panel.runButton()->text(), QStringLiteral("Run"));
}

// Every source string in the checked-in .ts has a finished translation that keeps its
// placeholders (%1, %2, %n) and its tab-separated columns.
TEST(TranslationFile, EverySourceStringIsTranslated) {
  QFile file(tsPath());
  ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << qPrintable(tsPath());
  QXmlStreamReader xml(&file);
  static const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
  const auto placeholders = [](const QString& s) {
    QStringList out;
    for (auto it = placeholder.globalMatch(s); it.hasNext();) out << it.next().captured(0);
    out.sort();
    return out;
  };
  QString context;
  QString source;
  QString translation;
  bool unfinished = false;
  int messages = 0;
  QStringList problems;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isStartElement()) {
      const auto name = xml.name();
      if (name == QLatin1String("name")) {
        context = xml.readElementText();
      } else if (name == QLatin1String("message")) {
        source.clear();
        translation.clear();
        unfinished = false;
      } else if (name == QLatin1String("source")) {
        source = xml.readElementText();
      } else if (name == QLatin1String("translation")) {
        const auto type = xml.attributes().value(QLatin1String("type"));
        unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                     type == QLatin1String("obsolete");
        translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
      }
    } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
      ++messages;
      const QString where = context + QStringLiteral(": ") + source;
      if (unfinished || translation.trimmed().isEmpty())
        problems << QStringLiteral("untranslated: ") + where;
      else if (placeholders(source) != placeholders(translation))
        problems << QStringLiteral("placeholders differ: ") + where;
      else if (source.count(QLatin1Char('\t')) != translation.count(QLatin1Char('\t')))
        problems << QStringLiteral("tab columns differ: ") + where;
    }
  }
  ASSERT_FALSE(xml.hasError()) << qPrintable(xml.errorString());
  EXPECT_GT(messages, 300);
  EXPECT_TRUE(problems.isEmpty()) << qPrintable(problems.join(QLatin1Char('\n')));
}

}  // namespace
}  // namespace ioscope::ui
