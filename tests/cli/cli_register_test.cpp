// ioscope-cli register as a user meets it: one JSON entry per (way, N) with exact system-call
// counts and every registration checked, the many-kinds loop hearing each source once, a table
// that names both ways, and bad flags refused with one clear line and exit code 2.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cctype>
#include <string>

#include "cli_runner.hpp"

namespace {

using namespace ioscope::test;

QJsonObject entry(const QJsonArray& results, const char* way, int fds) {
  for (const auto& v : results) {
    const QJsonObject o = v.toObject();
    if (o.value(QStringLiteral("way")).toString() == QLatin1String(way) &&
        o.value(QStringLiteral("fds")).toInt() == fds)
      return o;
  }
  ADD_FAILURE() << "no entry for " << way << " at N=" << fds;
  return {};
}

TEST(CliRegister, JsonHasExactSyscallCountsAndEveryRegistrationChecked) {
  const auto r = cli("register --fds 10,200 --repeats 2 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(lines(r.out), 1) << r.out;
  const QJsonObject o = parse_object(r.out);
  EXPECT_GT(o.value(QStringLiteral("ceiling")).toObject().value(QStringLiteral("max_fds")).toInt(),
            400);
  EXPECT_EQ(
      o.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("repeats")).toInt(), 2);
  const QJsonArray results = o.value(QStringLiteral("results")).toArray();
  ASSERT_EQ(results.size(), 4);
  for (int n : {10, 200}) {
    SCOPED_TRACE(n);
    const QJsonObject ctl = entry(results, "epoll_ctl", n);
    EXPECT_EQ(ctl.value(QStringLiteral("op")).toString(), QStringLiteral("EPOLL_CTL_ADD"));
    EXPECT_EQ(ctl.value(QStringLiteral("syscalls")).toInt(), n);
    EXPECT_EQ(ctl.value(QStringLiteral("registered")).toInt(), n);
    EXPECT_TRUE(ctl.value(QStringLiteral("effective")).toBool());
    const QJsonObject ns = ctl.value(QStringLiteral("total_ns")).toObject();
    EXPECT_GT(ns.value(QStringLiteral("min")).toInteger(), 0);
    EXPECT_LE(ns.value(QStringLiteral("min")).toInteger(),
              ns.value(QStringLiteral("median")).toInteger());

    const QJsonObject ur = entry(results, "io_uring", n);
    if (ur.value(QStringLiteral("skipped")).toBool()) {
      EXPECT_FALSE(ur.value(QStringLiteral("reason")).toString().isEmpty());
      continue;
    }
    EXPECT_EQ(ur.value(QStringLiteral("syscalls")).toInt(), 1);
    EXPECT_GE(ur.value(QStringLiteral("sq_entries")).toInt(), n);
    EXPECT_EQ(ur.value(QStringLiteral("registered")).toInt(), n);
    EXPECT_TRUE(ur.value(QStringLiteral("effective")).toBool());
  }

  const QJsonObject loop = o.value(QStringLiteral("loop")).toObject();
  EXPECT_TRUE(loop.value(QStringLiteral("ran")).toBool());
  QStringList heard;
  for (const auto& v : loop.value(QStringLiteral("events")).toArray())
    heard << v.toObject().value(QStringLiteral("source")).toString();
  for (const auto& v : loop.value(QStringLiteral("skipped")).toArray())
    heard << v.toObject().value(QStringLiteral("source")).toString();  // pidfd, on old kernels
  heard.sort();
  EXPECT_EQ(heard, (QStringList{QStringLiteral("pidfd"), QStringLiteral("signalfd"),
                                QStringLiteral("socket"), QStringLiteral("timerfd")}));
}

TEST(CliRegister, TableNamesBothWaysAndTheLoop) {
  const auto r = cli("register --fds 10 --repeats 1");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_NE(r.out.find("EPOLL_CTL_ADD"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("io_uring"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("10/10 ok"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("NOT EFFECTIVE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("one loop, many kinds of event"), std::string::npos) << r.out;
  for (const char* source : {"socket", "timerfd", "signalfd"})
    EXPECT_NE(r.out.find(source), std::string::npos) << source;
}

TEST(CliRegister, CsvHasAHeaderAndOneRowPerWayAndN) {
  const auto r = cli("register --fds 5,15 --repeats 1 --csv");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(lines(r.out), 1 + 4) << r.out;
  EXPECT_EQ(r.out.rfind("way,fds,repeats,op,syscalls", 0), 0u) << r.out;
}

struct BadRegister {
  const char* args;
  const char* says;
};

class CliRegisterBadInput : public ::testing::TestWithParam<BadRegister> {};

TEST_P(CliRegisterBadInput, ExitsTwoWithOneLineNamingTheProblem) {
  const auto r = cli(std::string("register ") + GetParam().args);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(GetParam().says), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

// Each case on its own line, so a failure names the input at a glance.
// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Refused, CliRegisterBadInput,
    ::testing::Values(BadRegister{"--fds 0", "at least 1"},
                      BadRegister{"--fds 5000000", "ceiling"},
                      BadRegister{"--fds ''", "--fds"},
                      BadRegister{"--fds ten", "descriptor count"},
                      BadRegister{"--fds -5", "descriptor count"},
                      BadRegister{"--fds 10,,100", "descriptor count"},
                      BadRegister{"--fds 10,10", "twice"},
                      BadRegister{"--repeats 0", "--repeats"},
                      BadRegister{"--repeats 1001", "--repeats"},
                      BadRegister{"--repeats many", "--repeats"},
                      BadRegister{"--json --csv", "--json"},
                      BadRegister{"--bogus", "bogus"},
                      BadRegister{"stray", "stray"}),
    [](const ::testing::TestParamInfo<BadRegister>& param_info) {
      std::string name = std::to_string(param_info.index) + "_";
      for (const char* c = param_info.param.args; *c; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return name;
    });
// clang-format on

}  // namespace
