// The engine's sentences a lesson leads to — a run stalled by et-no-drain, select refusing a
// descriptor of 1024 or more — are produced by real runs here and must reach the Chinese UI in
// Chinese, with their numbers; a sentence the UI does not know stays as the engine wrote it.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QTranslator>

#include "../test_scenario.hpp"
#include "lab/run.hpp"
#include "model/engine_text.hpp"
#include "trace/trace_hub.hpp"
#include "zh_test_support.hpp"

namespace ioscope::ui {
namespace {

std::string failedRun(const char* model, const char* bugs) {
  Scenario s = test::scenario(model, 2, 3, 64, 20'000'000);
  s.bugs = parse_bugs(bugs).value();
  TraceHub hub;
  Run run(s);
  const RunSummary summary = run.execute(hub);
  EXPECT_FALSE(summary.error.empty()) << model << " with " << bugs << " did not fail";
  return summary.error;
}

using EngineTextTest = ZhTranslatorTest;

TEST_F(EngineTextTest, AStalledRunIsToldInChineseWithItsNumbers) {
  ASSERT_TRUE(loaded_);
  const std::string english = failedRun("epoll-et", "et-no-drain");
  const QString zh = engineText(english);
  EXPECT_TRUE(hasHan(zh)) << zh.toStdString();
  EXPECT_TRUE(zh.contains(QStringLiteral("et-no-drain"))) << zh.toStdString();
  EXPECT_TRUE(zh.contains(QStringLiteral(" 6 "))) << zh.toStdString();  // of 6 messages
}

TEST_F(EngineTextTest, SelectsRefusalOfAHighDescriptorIsToldInChinese) {
  ASSERT_TRUE(loaded_);
  const QString zh = engineText(failedRun("select", "high-fd"));
  EXPECT_TRUE(hasHan(zh)) << zh.toStdString();
  EXPECT_TRUE(zh.contains(QStringLiteral("FD_SETSIZE"))) << zh.toStdString();
  EXPECT_TRUE(zh.contains(QStringLiteral("1024"))) << zh.toStdString();
}

TEST(EngineText, InEnglishOrUnknownTheEnginesWordsStand) {
  const std::string english =
      "select cannot watch fd 1030: fd_set holds descriptors below 1024 "
      "(FD_SETSIZE); use poll or epoll";
  EXPECT_EQ(engineText(english), QString::fromStdString(english));
  EXPECT_EQ(engineText("something new went wrong"), QStringLiteral("something new went wrong"));
}

}  // namespace
}  // namespace ioscope::ui
