// ioscope-cli compare as a user meets it: one JSON object with every model's percentiles,
// throughput, CPU and context switches, the run's parameters and the machine; a table that says
// the models ran one after the other with identical parameters; CSV; a sweep with a knee field;
// bad parameters refused with one line and exit code 2.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include "cli_runner.hpp"
#include "models/model.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

using namespace ioscope::test;

const char* kSmall = "--clients 4 --rate 2000 --duration 100ms --size 32";

TEST(CliCompare, JsonHasPercentilesThroughputCpuAndTheRunsParametersAndMachine) {
  const auto r = cli(std::string("compare --models epoll,poll ") + kSmall + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
  const auto params = doc.value(QStringLiteral("params")).toObject();
  EXPECT_EQ(params.value(QStringLiteral("clients")).toInt(), 4);
  EXPECT_EQ(params.value(QStringLiteral("rate")).toInteger(), 2000);
  EXPECT_EQ(params.value(QStringLiteral("duration_ns")).toInteger(), 100'000'000);
  EXPECT_EQ(params.value(QStringLiteral("size")).toInt(), 32);
  EXPECT_TRUE(params.value(QStringLiteral("sequential")).toBool());
  const auto machine = doc.value(QStringLiteral("machine")).toObject();
  EXPECT_GT(machine.value(QStringLiteral("cores")).toInt(), 0);
  EXPECT_FALSE(machine.value(QStringLiteral("kernel")).toString().isEmpty());
  const auto models = doc.value(QStringLiteral("models")).toArray();
  ASSERT_EQ(models.size(), 2);
  EXPECT_EQ(models[0].toObject().value(QStringLiteral("model")).toString(),
            QStringLiteral("epoll"));
  EXPECT_EQ(models[1].toObject().value(QStringLiteral("model")).toString(), QStringLiteral("poll"));
  for (const auto& v : models) {
    const auto m = v.toObject();
    const auto lat = m.value(QStringLiteral("latency_ns")).toObject();
    // 2000/s over 4 clients: one message every 2 ms each, 50 each in 100 ms.
    EXPECT_EQ(lat.value(QStringLiteral("count")).toInteger(), 200);
    for (const char* k : {"p50", "p90", "p99", "p99_9", "max"})
      EXPECT_GT(lat.value(QString::fromLatin1(k)).toInteger(), 0) << k;
    EXPECT_LE(lat.value(QStringLiteral("p50")).toInteger(),
              lat.value(QStringLiteral("p99")).toInteger());
    EXPECT_LE(lat.value(QStringLiteral("p99")).toInteger(),
              lat.value(QStringLiteral("max")).toInteger());
    EXPECT_GT(m.value(QStringLiteral("throughput")).toDouble(), 0);
    EXPECT_GT(m.value(QStringLiteral("cpu_ns")).toInteger(), 0);
    EXPECT_TRUE(m.contains(QStringLiteral("ctx_switches")));
    EXPECT_TRUE(m.contains(QStringLiteral("work_units")));
  }
}

TEST(CliCompare, TableSaysTheModelsRanOneAfterTheOtherWithIdenticalParameters) {
  const auto r = cli(std::string("compare --models epoll,select ") + kSmall);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("one after the other with identical parameters"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nepoll "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nselect "), std::string::npos) << r.out;
}

TEST(CliCompare, CsvHasAHeaderAndOneRowPerModel) {
  const auto r = cli(std::string("compare --models epoll,blocking ") + kSmall + " --csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out), 3) << r.out;
  EXPECT_EQ(r.out.rfind("kind,model,rate,p50_ns", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("run,blocking,2000,"), std::string::npos) << r.out;
}

TEST(CliCompare, SweepReportsEveryRateAndAKneeField) {
  const auto r =
      cli("compare --models epoll --clients 2 --rate 1000 --duration 50ms "
          "--sweep 2000,1000 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).object();
  const auto sweeps = doc.value(QStringLiteral("sweeps")).toArray();
  ASSERT_EQ(sweeps.size(), 1);
  const auto sw = sweeps[0].toObject();
  EXPECT_TRUE(sw.contains(QStringLiteral("knee_rate")));
  const auto pts = sw.value(QStringLiteral("points")).toArray();
  ASSERT_EQ(pts.size(), 2);
  EXPECT_EQ(pts[0].toObject().value(QStringLiteral("rate")).toInteger(), 1000);  // sorted
  EXPECT_EQ(pts[1].toObject().value(QStringLiteral("rate")).toInteger(), 2000);
}

// The fair comparison by default: sigio and io_uring sleep until there is something to do;
// --idle work runs the lessons' variant, and the table and the JSON say which ran.
TEST(CliCompare, SigioSleepsByDefaultAndIdleWorkKeepsItWorking) {
  const auto fair = cli(std::string("compare --models sigio,epoll ") + kSmall + " --json");
  ASSERT_EQ(fair.exit_code, 0) << fair.err;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(fair.out)).object();
  const auto sigio = doc.value(QStringLiteral("models")).toArray()[0].toObject();
  EXPECT_EQ(sigio.value(QStringLiteral("idle")).toString(), QStringLiteral("sleep"));
  const auto epoll = doc.value(QStringLiteral("models")).toArray()[1].toObject();
  EXPECT_FALSE(epoll.contains(QStringLiteral("idle")));
  const auto working = cli(std::string("compare --models sigio ") + kSmall + " --idle work");
  ASSERT_EQ(working.exit_code, 0) << working.err;
  EXPECT_NE(working.out.find("\nsigio (keeps working) "), std::string::npos) << working.out;
}

// The plain io_uring server and the variants an engineer would deploy, under the same load:
// each a series of its own, named by its features, each verifying every echo.
TEST(CliCompare, UringVariantsRunSideBySideEachNamedByItsFeatures) {
  if (auto why = ioscope::find_model("io_uring")->unavailable()) GTEST_SKIP() << *why;
  const auto r = cli(std::string("compare --models uring-variants ") + kSmall + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto models = QJsonDocument::fromJson(QByteArray::fromStdString(r.out))
                          .object()
                          .value(QStringLiteral("models"))
                          .toArray();
  ASSERT_EQ(models.size(), 4) << r.out;
  const QStringList names{QStringLiteral("io_uring"), QStringLiteral("io_uring+multishot"),
                          QStringLiteral("io_uring+defer-taskrun"),
                          QStringLiteral("io_uring+multishot+defer-taskrun")};
  for (int i = 0; i < 4; ++i) {
    const auto m = models[i].toObject();
    EXPECT_EQ(m.value(QStringLiteral("model")).toString(), names[i]);
    EXPECT_EQ(m.value(QStringLiteral("idle")).toString(), QStringLiteral("sleep"));
    EXPECT_GT(
        m.value(QStringLiteral("latency_ns")).toObject().value(QStringLiteral("count")).toInteger(),
        0)
        << r.out;
    EXPECT_FALSE(m.contains(QStringLiteral("error"))) << r.out;
  }
  const auto table = cli(std::string("compare --models io_uring+multishot ") + kSmall);
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("\nio_uring+multishot (sleeps) "), std::string::npos) << table.out;
}

TEST(CliCompare, BadParametersExitTwoWithOneLine) {
  for (const char* args :
       {"compare --models nope", "compare --rate 0", "compare --rate fast", "compare --clients 0",
        "compare --duration forever", "compare --size 0", "compare --sweep 1000,x",
        "compare --json --csv", "compare --clients 64 --rate 10 --duration 1s", "compare --bogus",
        "compare --idle nap", "compare --models epoll+multishot",
        "compare --models io_uring+sqpoll"}) {
    const auto r = cli(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(lines(r.err), 1) << args << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << args;
  }
}

}  // namespace
