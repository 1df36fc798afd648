// ioscope-cli run --record and replay as a user meets them: a recorded run replays with the
// summary it printed, and a file that is not a whole recording, or a place a recording cannot be
// written, is refused with one line naming the problem.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <QJsonObject>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace {

using namespace ioscope::test;

const std::string kRun = "run --model epoll --clients 2 --messages 40 --size 256 --interval 1ms";

// A path in the temp folder ending in .ioscope, removed when this goes.
struct Recording {
  explicit Recording(const char* stem) : path(temp_path(stem) + ".ioscope") {
    std::filesystem::remove(path);
  }
  ~Recording() { std::filesystem::remove(path); }
  std::string path;
};

std::vector<char> bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(CliRecording, RecordThenReplayGivesTheSameSummaryNumbers) {
  Recording rec("same");
  const auto run = cli(kRun + " --json --record " + rec.path);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_TRUE(std::filesystem::exists(rec.path));
  const auto replay = cli("replay " + rec.path + " --json");
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(lines(replay.out), 1) << replay.out;
  const QJsonObject ran = parse_object(run.out);
  QJsonObject replayed = parse_object(replay.out);
  // Where and when it was recorded, beside the summary.
  const QJsonObject where = replayed.take(QStringLiteral("recording")).toObject();
  EXPECT_EQ(where.value(QStringLiteral("file")).toString().toStdString(), rec.path);
  EXPECT_EQ(where.value(QStringLiteral("format")).toInt(), 1);
  EXPECT_FALSE(where.value(QStringLiteral("machine"))
                   .toObject()
                   .value(QStringLiteral("kernel"))
                   .toString()
                   .isEmpty());
  EXPECT_FALSE(where.value(QStringLiteral("created_utc")).toString().isEmpty());
  EXPECT_GE(where.value(QStringLiteral("events")).toInteger(),
            ran.value(QStringLiteral("events")).toInteger());
  // Every number of the summary, the counts from the recorded events included.
  for (auto it = ran.begin(); it != ran.end(); ++it)
    EXPECT_EQ(replayed.value(it.key()), it.value()) << it.key().toStdString();
  EXPECT_EQ(replayed, ran);
}

TEST(CliRecording, TheTextReplayPrintsTheRunsSummaryAndWhereItWasRecorded) {
  Recording rec("text");
  const auto run = cli(kRun + " --record " + rec.path);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto replay = cli("replay " + rec.path);
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_EQ(replay.out.rfind(run.out, 0), 0u) << "run said:\n"
                                              << run.out << "replay said:\n"
                                              << replay.out;
  EXPECT_NE(replay.out.find("\nrecorded       "), std::string::npos) << replay.out;
  EXPECT_NE(replay.out.find("\nmachine        Linux "), std::string::npos) << replay.out;
}

TEST(CliRecording, ACorruptedRecordingExitsOneWithTheReadersMessage) {
  Recording rec("corrupt");
  ASSERT_EQ(cli(kRun + " --record " + rec.path).exit_code, 0);
  std::vector<char> bytes = bytes_of(rec.path);
  ASSERT_GT(bytes.size(), 100u);
  bytes[bytes.size() - 10] = static_cast<char>(bytes[bytes.size() - 10] ^ 0x04);
  write_file(rec.path, bytes);
  const auto r = cli("replay " + rec.path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("ioscope-cli: cannot open '" + rec.path + "': block 1 of 1 (at byte ", 0),
            0u)
      << r.err;
  EXPECT_NE(r.err.find(") is damaged (checksum mismatch)\n"), std::string::npos) << r.err;
  EXPECT_EQ(lines(r.err), 1) << r.err;

  bytes.resize(bytes.size() / 2);
  write_file(rec.path, bytes);
  const auto cut = cli("replay " + rec.path + " --json");
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_NE(cut.err.find("truncated"), std::string::npos) << cut.err;
}

TEST(CliRecording, WhatIsNotARecordingExitsOne) {
  Recording rec("not-one");
  write_file(rec.path, {'{', '}', '\n'});
  const auto r = cli("replay " + rec.path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "ioscope-cli: cannot open '" + rec.path +
                       "': not an ioscope recording (it does not begin with the recording "
                       "signature)\n");
  const auto missing = cli("replay /nonexistent/x.ioscope");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err,
            "ioscope-cli: cannot open '/nonexistent/x.ioscope': No such file or directory\n");
}

TEST(CliRecording, ReplayNeedsExactlyOneFile) {
  EXPECT_EQ(cli("replay").exit_code, 2);
  EXPECT_EQ(cli("replay a.ioscope b.ioscope").exit_code, 2);
  const auto help = cli("replay --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("FILE"), std::string::npos);
}

TEST(CliRecording, ReplayIsNamedInTheUsageAndInTheUnknownCommandsList) {
  EXPECT_NE(cli("--help").out.find("replay FILE"), std::string::npos);
  const auto unknown = cli("replya x.ioscope");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("import, replay"), std::string::npos) << unknown.err;
}

TEST(CliRecording, RecordingIntoAMissingDirectoryFailsBeforeTheRun) {
  const auto r = cli(kRun + " --record /nonexistent/dir/x.ioscope");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");  // nothing ran
  EXPECT_EQ(r.err,
            "ioscope-cli: cannot write the recording '/nonexistent/dir/x.ioscope': the directory "
            "'/nonexistent/dir' does not exist\n");
}

TEST(CliRecording, ARecordingMustBeNamedDotIoscope) {
  const auto r = cli(kRun + " --record " + temp_path("x.json"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("the file name must end in .ioscope"), std::string::npos) << r.err;
}

TEST(CliRecording, ARecordingThatRunsOutOfRoomFailsClearlyAndLeavesNoFile) {
  // A file size limit stands in for a full disk: the write fails (EFBIG), the run's exit is 1.
  Recording rec("no-room");
  const std::string err = temp_path("no-room-err");
  const std::string cmd = "ulimit -f 1; exec " + std::string(IOSCOPE_CLI_PATH) + " " + kRun +
                          " --record " + rec.path + " >/dev/null 2>" + err + " </dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(slurp(err),
            "ioscope-cli: cannot write the recording '" + rec.path + "': File too large\n");
  std::filesystem::remove(err);
  EXPECT_FALSE(std::filesystem::exists(rec.path));
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(rec.path).parent_path()))
    EXPECT_EQ(entry.path().string().rfind(rec.path + ".partial", 0), std::string::npos)
        << entry.path();
}

}  // namespace
