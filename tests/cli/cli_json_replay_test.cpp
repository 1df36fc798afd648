// ioscope-cli replay of the Chrome JSON trace `run --trace` writes, as a user meets it: the same
// summary numbers as the run printed and as a recording of the same run replays with; what the
// file does not keep said in words; a JSON trace ioscope did not write refused, saying what it
// lacks.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonObject>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_runner.hpp"

namespace {

using namespace ioscope::test;

const std::string kRun = "run --model epoll --clients 2 --messages 40 --size 256 --interval 1ms";

// A path in the temp folder with the given ending, removed when this goes.
struct TempPath {
  TempPath(const char* stem, const char* suffix) : path(temp_path(stem) + suffix) {
    std::filesystem::remove(path);
  }
  ~TempPath() { std::filesystem::remove(path); }
  std::string path;
};

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// The numbers a replay counts from the events, which must equal the run's own.
void expect_same_counts(const QJsonObject& want, const QJsonObject& got) {
  for (const char* key :
       {"model", "clients", "messages", "interval_ns", "messages_verified", "syscalls", "eagain",
        "notifications", "work_units", "latency_ns", "events", "kernel_ready", "ok"}) {
    SCOPED_TRACE(key);
    const QString k = QString::fromLatin1(key);
    ASSERT_TRUE(got.contains(k));
    EXPECT_EQ(got.value(k), want.value(k));
  }
}

TEST(CliJsonReplay, ATraceWrittenByRunReplaysWithTheRunsSummaryNumbers) {
  TempPath trace("json-replay", ".json");
  TempPath rec("json-replay", ".ioscope");
  const auto run = cli(kRun + " --json --trace " + trace.path + " --record " + rec.path);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const QJsonObject ran = parse_object(run.out);
  ASSERT_EQ(ran.value(QStringLiteral("dropped")).toInt(), 0);  // else the counts may differ

  const auto from_json = cli("replay " + trace.path + " --json");
  ASSERT_EQ(from_json.exit_code, 0) << from_json.err;
  QJsonObject replayed = parse_object(from_json.out);
  expect_same_counts(ran, replayed);
  const auto from_recording = cli("replay " + rec.path + " --json");
  ASSERT_EQ(from_recording.exit_code, 0) << from_recording.err;
  expect_same_counts(parse_object(from_recording.out), replayed);

  // What the file does not keep is left out and listed, not given as zero.
  EXPECT_FALSE(replayed.contains(QStringLiteral("bytes_sent")));
  EXPECT_FALSE(replayed.contains(QStringLiteral("duration_ns")));
  const QJsonObject file = replayed.value(QStringLiteral("trace_file")).toObject();
  EXPECT_EQ(file.value(QStringLiteral("file")).toString().toStdString(), trace.path);
  EXPECT_EQ(file.value(QStringLiteral("format")).toInt(), 1);
  // The file's events include the kernel probe's (when it ran), which the run does not count.
  EXPECT_GE(file.value(QStringLiteral("events")).toInteger(),
            ran.value(QStringLiteral("events")).toInteger());
  EXPECT_TRUE(file.value(QStringLiteral("not_kept")).toArray().contains(QStringLiteral("size")));
}

TEST(CliJsonReplay, TheTextSummarySaysWhatTheTraceDoesNotKeep) {
  TempPath trace("json-replay-text", ".json");
  const auto run = cli(kRun + " --trace " + trace.path);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto replay = cli("replay " + trace.path);
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  const std::string& out = replay.out;
  EXPECT_NE(out.find("model          epoll"), std::string::npos) << out;
  EXPECT_NE(out.find("workload       2 clients x 40 messages, every 1ms"), std::string::npos)
      << out;
  EXPECT_NE(out.find("bytes          not kept in a Chrome JSON trace"), std::string::npos) << out;
  EXPECT_NE(out.find("duration       not kept in a Chrome JSON trace"), std::string::npos) << out;
  EXPECT_NE(out.find("trace file     " + trace.path + ": Chrome JSON"), std::string::npos) << out;
  // The run's own text has the same latency line: the percentiles come from the same events.
  const auto latency = [](const std::string& text) {
    const auto at = text.find("latency ");
    return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
  };
  EXPECT_FALSE(latency(run.out).empty());
  EXPECT_EQ(latency(out), latency(run.out));
}

TEST(CliJsonReplay, AChromeTraceIoscopeDidNotWriteExitsOneSayingWhatItLacks) {
  TempPath foreign("foreign", ".json");
  write_text(foreign.path,
             R"({"traceEvents":[{"name":"x","ph":"X","ts":1,"dur":2,"pid":1,"tid":1}]})");
  const auto r = cli("replay " + foreign.path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find(foreign.path), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not one ioscope wrote"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("I/O-model events"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Perfetto UI"), std::string::npos) << r.err;

  write_text(foreign.path, R"([{"name":"x","ph":"X","ts":1,"dur":2,"pid":1,"tid":1}])");
  const auto bare = cli("replay " + foreign.path);
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_NE(bare.err.find("not one ioscope wrote"), std::string::npos) << bare.err;
}

TEST(CliJsonReplay, ATraceCutShortExitsOne) {
  TempPath trace("json-replay-cut", ".json");
  ASSERT_EQ(cli(kRun + " --trace " + trace.path).exit_code, 0);
  std::filesystem::resize_file(trace.path, std::filesystem::file_size(trace.path) / 2);
  const auto r = cli("replay " + trace.path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ends in the middle of the JSON"), std::string::npos) << r.err;
}

}  // namespace
