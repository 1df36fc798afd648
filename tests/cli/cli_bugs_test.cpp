// --bugs on the command line: a lesson's deliberate mistake, switched on by name.
#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <string>

#include "cli_runner.hpp"

namespace {

using ioscope::test::cli;

TEST(CliBugs, RunWithAKnownBugRunsAndReportsItInTheSummary) {
  const auto r =
      cli("run --model epoll --bugs tiny-rcvbuf --clients 1 --messages 3 --size 65536 --interval "
          "2ms --json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
  EXPECT_EQ(o.value(QStringLiteral("bugs")).toString().toStdString(), "tiny-rcvbuf") << r.out;
  EXPECT_EQ(o.value(QStringLiteral("messages_verified")).toInt(), 3) << r.out;
  EXPECT_EQ(o.value(QStringLiteral("messages_missing")).toInt(), 0) << r.out;
}

TEST(CliBugs, RunWithHighFdEndsSelectWithItsFdSetsizeSentence) {
  const auto r = cli("run --model select --bugs high-fd --clients 1 --messages 2");
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_NE(r.err.find("FD_SETSIZE"), std::string::npos) << r.err;
}

TEST(CliBugs, AnUnknownBugNameExitsTwoNamingItAndTheKnownOnes) {
  const auto r = cli("run --model epoll --bugs slow-disk");
  EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
  EXPECT_NE(r.err.find("--bugs: unknown bug 'slow-disk'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("et-no-drain, high-fd, thundering-herd, tiny-rcvbuf"), std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(CliBugs, ABugOnAModelItIsNotAboutExitsTwo) {
  const auto run = cli("run --model poll --bugs et-no-drain");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("epoll-et"), std::string::npos) << run.err;
  const auto serve = cli("serve --model select --bugs thundering-herd");
  EXPECT_EQ(serve.exit_code, 2) << serve.err;
  EXPECT_NE(serve.err.find("thundering-herd"), std::string::npos) << serve.err;
}

}  // namespace
