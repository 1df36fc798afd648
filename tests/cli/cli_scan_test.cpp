// ioscope-cli scan as a user meets it: one JSON entry per (mechanism, N) with exact counts,
// select's FD_SETSIZE wall reported as a skip with its reason, and bad parameters refused with
// one clear line and exit code 2.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include "cli_runner.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using namespace ioscope::test;

QJsonObject entry(const QJsonArray& results, const char* model, int fds) {
  for (const auto& v : results) {
    const QJsonObject o = v.toObject();
    if (o.value(QStringLiteral("model")).toString() == QLatin1String(model) &&
        o.value(QStringLiteral("fds")).toInt() == fds)
      return o;
  }
  ADD_FAILURE() << "no entry for " << model << " at N=" << fds;
  return {};
}

TEST(CliScan, JsonHasOneEntryPerModelAndNWithExactCounts) {
  const auto r = cli("scan --models select,poll,epoll --fds 10,50 --active 1 --rounds 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(lines(r.out), 1) << r.out;
  const QJsonObject o = parse_object(r.out);
  const QJsonObject ceiling = o.value(QStringLiteral("ceiling")).toObject();
  EXPECT_GT(ceiling.value(QStringLiteral("max_fds")).toInt(), 50);
  EXPECT_FALSE(ceiling.value(QStringLiteral("why")).toString().isEmpty());
  EXPECT_EQ(o.value(QStringLiteral("fd_setsize")).toInt(), 1024);
  EXPECT_EQ(
      o.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("rounds")).toInt(), 3);

  const QJsonArray results = o.value(QStringLiteral("results")).toArray();
  ASSERT_EQ(results.size(), 6);
  for (const auto& v : results) {
    const QJsonObject e = v.toObject();
    EXPECT_FALSE(e.value(QStringLiteral("skipped")).toBool());
    EXPECT_EQ(e.value(QStringLiteral("active")).toInt(), 1);
    EXPECT_EQ(e.value(QStringLiteral("rounds")).toInt(), 3);
    EXPECT_EQ(e.value(QStringLiteral("ready")).toInt(), 1);
    const QJsonObject ns = e.value(QStringLiteral("ns_per_call")).toObject();
    EXPECT_GT(ns.value(QStringLiteral("min")).toInteger(), 0);
    EXPECT_LE(ns.value(QStringLiteral("min")).toInteger(),
              ns.value(QStringLiteral("median")).toInteger());
    EXPECT_LE(ns.value(QStringLiteral("median")).toInteger(),
              ns.value(QStringLiteral("max")).toInteger());
  }
  EXPECT_EQ(entry(results, "poll", 50).value(QStringLiteral("scanned")).toInt(), 50);
  EXPECT_EQ(entry(results, "epoll", 50).value(QStringLiteral("scanned")).toInt(), 1);
  const QJsonObject sel = entry(results, "select", 50);
  EXPECT_EQ(sel.value(QStringLiteral("scanned")).toInt(),
            sel.value(QStringLiteral("max_fd")).toInt() + 1);
  EXPECT_GE(sel.value(QStringLiteral("scanned")).toInt(), 50);
  const QJsonObject ctl =
      entry(results, "epoll", 50).value(QStringLiteral("epoll_ctl_ns")).toObject();
  EXPECT_GT(ctl.value(QStringLiteral("total")).toInteger(), 0);
  EXPECT_TRUE(ctl.contains(QStringLiteral("per_fd")));
  EXPECT_FALSE(entry(results, "poll", 50).contains(QStringLiteral("epoll_ctl_ns")));
}

TEST(CliScan, SelectPastFdSetsizeIsSkippedWithTheReason) {
  const auto r = cli("scan --models select,poll --fds 2000 --rounds 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const QJsonArray results = parse_object(r.out).value(QStringLiteral("results")).toArray();
  const QJsonObject sel = entry(results, "select", 2000);
  EXPECT_TRUE(sel.value(QStringLiteral("skipped")).toBool());
  EXPECT_TRUE(sel.value(QStringLiteral("reason"))
                  .toString()
                  .contains(QStringLiteral("fd_set holds descriptors below 1024 (FD_SETSIZE)")));
  EXPECT_FALSE(sel.contains(QStringLiteral("ns_per_call")));
  const QJsonObject pol = entry(results, "poll", 2000);
  EXPECT_FALSE(pol.value(QStringLiteral("skipped")).toBool());
  EXPECT_EQ(pol.value(QStringLiteral("scanned")).toInt(), 2000);
}

TEST(CliScan, TextPrintsATableWithTheCeilingAndTheSkip) {
  const auto r = cli("scan --models select,poll,epoll --fds 10,1100 --rounds 2");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("ceiling:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("median ns"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skipped: fd_set holds descriptors below 1024"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("epoll_ctl"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("poll/epoll"), std::string::npos) << r.out;
}

TEST(CliScan, CsvHasAHeaderAndOneRowPerModelAndN) {
  const auto r = cli("scan --models poll,epoll --fds 10,20,30 --rounds 2 --csv");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(lines(r.out), 1 + 6) << r.out;
  EXPECT_EQ(r.out.rfind("model,fds,active,rounds,calls,median_ns", 0), 0u) << r.out;
}

TEST(CliScan, AllActiveMakesEveryDescriptorReady) {
  const auto r = cli("scan --models select,poll,epoll --fds 10 --all-active --rounds 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const QJsonArray results = parse_object(r.out).value(QStringLiteral("results")).toArray();
  ASSERT_EQ(results.size(), 3);
  for (const auto& v : results) {
    EXPECT_EQ(v.toObject().value(QStringLiteral("active")).toInt(), 10);
    EXPECT_EQ(v.toObject().value(QStringLiteral("ready")).toInt(), 10);
  }
  EXPECT_EQ(entry(results, "poll", 10).value(QStringLiteral("scanned")).toInt(), 10);
  EXPECT_EQ(entry(results, "epoll", 10).value(QStringLiteral("scanned")).toInt(), 10);
}

struct BadScan {
  const char* args;
  const char* says;
};

class CliScanBadInput : public ::testing::TestWithParam<BadScan> {};

TEST_P(CliScanBadInput, ExitsTwoWithOneLineNamingTheProblem) {
  const auto r = cli(std::string("scan ") + GetParam().args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(GetParam().says), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

// Each case on its own line, so a failure names the input at a glance.
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Refused, CliScanBadInput,
    ::testing::Values(BadScan{"--fds 3 --active 5", "cannot exceed"},
                      BadScan{"--fds 10 --active 0", "--active"},
                      BadScan{"--fds 0", "at least 1"},
                      BadScan{"--fds 999999", "ceiling"},
                      BadScan{"--models select,kqueue --fds 10", "unknown mechanism 'kqueue'"},
                      BadScan{"--models '' --fds 10", "--models"},
                      BadScan{"--fds ''", "--fds"},
                      BadScan{"--fds 10 --rounds 0", "--rounds"},
                      BadScan{"--fds 10 --rounds 99999999", "--rounds"},
                      BadScan{"--fds 10 --rounds many", "--rounds"},
                      BadScan{"--fds 10,,100", "descriptor count"},
                      BadScan{"--fds ten", "descriptor count"},
                      BadScan{"--fds -5", "descriptor count"},
                      BadScan{"--fds 10,10", "twice"},
                      BadScan{"--models poll,poll --fds 10", "twice"},
                      BadScan{"--fds 10 --json --csv", "--json"},
                      BadScan{"--fds 10 --all-active --active 2", "--all-active"},
                      BadScan{"--fds 10 --bogus", "bogus"},
                      BadScan{"--fds 10 stray", "stray"}),
    [](const ::testing::TestParamInfo<BadScan>& param_info) {
      std::string name = std::to_string(param_info.index) + "_";
      for (const char* c = param_info.param.args; *c; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return name;
    });
// clang-format on

}  // namespace
