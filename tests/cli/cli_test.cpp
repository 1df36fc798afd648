// ioscope-cli as a user meets it: real runs, real files, and bad input refused with one clear
// line naming the problem.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../test_echo.hpp"
#include "../without_io_uring.hpp"
#include "cli_runner.hpp"
#include "models/model.hpp"
#include "net/socket_ops.hpp"

namespace {

using namespace ioscope::test;

const char* kModels[] = {"blocking", "nonblocking", "select", "poll",
                         "epoll",    "epoll-et",    "sigio",  "io_uring"};

TEST(Cli, ModelsListsEveryModelAndWhetherItCanRun) {
  const auto r = cli("models");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* m : kModels) EXPECT_NE(r.out.find(std::string(m) + " "), std::string::npos) << m;
  EXPECT_NE(r.out.find("available"), std::string::npos);
}

TEST(Cli, RunJsonPrintsExactlyOneObjectWithTheSummaryForEveryModel) {
  for (const char* m : kModels) {
    SCOPED_TRACE(m);
    const auto r = cli(std::string("run --model ") + m +
                       " --clients 2 --messages 10 --size 256 --interval 1ms --json");
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_EQ(lines(r.out), 1) << r.out;
    const QJsonObject o = parse_object(r.out);
    EXPECT_EQ(o.value(QStringLiteral("model")).toString().toStdString(), m);
    EXPECT_EQ(o.value(QStringLiteral("clients")).toInt(), 2);
    EXPECT_EQ(o.value(QStringLiteral("messages")).toInt(), 10);
    EXPECT_EQ(o.value(QStringLiteral("bytes_sent")).toInteger(), 2 * 10 * 256);
    EXPECT_EQ(o.value(QStringLiteral("bytes_verified")).toInteger(), 2 * 10 * 256);
    EXPECT_TRUE(o.value(QStringLiteral("syscalls")).isObject());
    EXPECT_FALSE(o.value(QStringLiteral("syscalls")).toObject().isEmpty());
    for (const char* key : {"eagain", "notifications", "work_units", "events", "dropped"})
      EXPECT_TRUE(o.value(QLatin1String(key)).isDouble()) << key;
    const QJsonObject lat = o.value(QStringLiteral("latency_ns")).toObject();
    EXPECT_GT(lat.value(QStringLiteral("p50")).toInteger(), 0);
    EXPECT_GE(lat.value(QStringLiteral("p99")).toInteger(),
              lat.value(QStringLiteral("p50")).toInteger());
    EXPECT_GE(lat.value(QStringLiteral("max")).toInteger(),
              lat.value(QStringLiteral("p99")).toInteger());
    const QString source = o.value(QStringLiteral("kernel_ready")).toString();
    EXPECT_TRUE(source == QLatin1String("kernel") || source == QLatin1String("inferred"));
  }
}

TEST(Cli, RunTextSummaryNamesTheModelAndTheLatency) {
  const auto r = cli("run --model epoll --clients 1 --messages 5 --interval 1ms");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("epoll"), std::string::npos);
  EXPECT_NE(r.out.find("p99"), std::string::npos);
}

TEST(Cli, RunWritesAChromeTraceThatParses) {
  const std::string path = temp_path("trace.json");
  const auto r = cli("run --model epoll --clients 2 --messages 5 --interval 1ms --trace " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const QJsonObject o = parse_object(slurp(path));
  EXPECT_GT(o.value(QStringLiteral("traceEvents")).toArray().size(), 10);
  std::filesystem::remove(path);
}

TEST(Cli, RunWritesCsv) {
  const std::string path = temp_path("trace.csv");
  const auto r = cli("run --model poll --clients 1 --messages 5 --interval 1ms --trace " + path);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = slurp(path);
  EXPECT_EQ(csv.rfind("t_ns,", 0), 0u);
  EXPECT_GT(lines(csv), 10);
  std::filesystem::remove(path);
}

// A full disk while the trace is written (a link to /dev/full answers every write with ENOSPC,
// as a full tmpfs does): one line with the file and the reason, exit 1, nothing crashes.
TEST(Cli, ATraceOnAFullDiskIsOneLineWithTheReason) {
  for (const char* suffix : {".json", ".csv"}) {
    const std::string path = temp_path("full") + suffix;
    std::filesystem::remove(path);
    std::filesystem::create_symlink("/dev/full", path);
    const auto r = cli("run --model epoll --clients 2 --messages 5 --interval 1ms --trace " + path);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    std::filesystem::remove(path);
  }
}

// io_uring refused by the machine (a container's seccomp profile, kernel.io_uring_disabled): the
// child below may not call io_uring_setup (EPERM, as Docker's default profile answers). The CLI
// lists io_uring as unavailable with the reason and refuses its run in one line; the other
// models still run. (RLIMIT_MEMLOCK no longer bounds rings since Linux 5.12: their memory is
// charged to the cgroup.)
using ioscope::test::Child;

Child cli_without_io_uring(const std::vector<std::string>& args) {
  return ioscope::test::run_without_io_uring(IOSCOPE_CLI_PATH, args);
}

TEST(Cli, IoUringRefusedByTheMachineIsSaidWithTheReasonAndTheRestRuns) {
  const Child models = cli_without_io_uring({"models"});
  ASSERT_EQ(models.exit_code, 0) << models.out;
  std::istringstream in(models.out);
  std::string uring_line;
  for (std::string l; std::getline(in, l);)
    if (l.rfind("io_uring", 0) == 0) uring_line = l;
  EXPECT_NE(uring_line.find("io_uring_setup failed"), std::string::npos) << models.out;
  EXPECT_NE(uring_line.find("seccomp"), std::string::npos) << models.out;

  const Child run = cli_without_io_uring({"run", "--model", "io_uring", "--messages", "2"});
  EXPECT_NE(run.exit_code, 0) << run.out;
  EXPECT_NE(run.exit_code, -1) << "crashed: " << run.out;
  const std::string first = run.out.substr(0, run.out.find('\n'));
  EXPECT_NE(first.find("model 'io_uring' cannot run here: io_uring_setup failed"),
            std::string::npos)
      << run.out;
  // Nothing ran, so there is nothing to sum up: no summary of zeros under the sentence.
  EXPECT_EQ(run.out.find("workload"), std::string::npos) << run.out;

  const Child epoll = cli_without_io_uring({"run", "--model", "epoll", "--messages", "2"});
  EXPECT_EQ(epoll.exit_code, 0) << epoll.out;
}

struct BadInput {
  const char* args;
  const char* names;  // the error line must contain this
};

class CliRefuses : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliRefuses, WithOneLineNamingTheProblem) {
  const auto r = cli(GetParam().args);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, -1) << "crashed";
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(GetParam().names), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, CliRefuses,
    ::testing::Values(BadInput{"run --model nosuch", "unknown model 'nosuch'"},
                      BadInput{"run", "--model"},
                      BadInput{"run --model epoll --clients 0", "--clients"},
                      BadInput{"run --model epoll --clients -3", "--clients"},
                      BadInput{"run --model epoll --clients abc", "'abc'"},
                      BadInput{"run --model epoll --clients 100000000", "--clients"},
                      BadInput{"run --model epoll --messages 0", "--messages"},
                      BadInput{"run --model epoll --size 0", "--size"},
                      BadInput{"run --model epoll --size 2000000", "--size"},
                      BadInput{"run --model epoll --interval banana", "'banana'"},
                      BadInput{"run --model epoll --interval -5ms", "'-5ms'"},
                      BadInput{"run --model epoll --interval 100000s", "interval"},
                      BadInput{"run --model epoll --trace /nonexistent-dir/run.json",
                               "/nonexistent-dir/run.json"},
                      BadInput{"run --model epoll --trace run.txt", ".json or .csv"},
                      BadInput{"run --model epoll --frobnicate", "frobnicate"},
                      BadInput{"run --model epoll stray", "stray"},
                      BadInput{"serve --model nosuch", "unknown model"},
                      BadInput{"serve --model epoll --port 70000", "--port"},
                      BadInput{"serve --model epoll --port 80", "privileged port"},
                      BadInput{"serve --model select --port 1023", "below 1024"},
                      BadInput{"serve --model blocking --max-connections 0", "--max-connections"},
                      BadInput{"serve --model epoll --uring multishot", "need model io_uring"},
                      BadInput{"serve --model io_uring --uring turbo", "'turbo'"},
                      BadInput{"serve --model sigio --idle nap", "'nap'"},
                      BadInput{"run --model io_uring --uring nope", "'nope'"},
                      BadInput{"nosuchcommand", "nosuchcommand"}),
    [](const ::testing::TestParamInfo<BadInput>& p) {
      std::string name = std::to_string(p.index) + "_";
      for (const char* c = p.param.args; *c != '\0'; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return name;
    });

// A port another program holds: one line that says so, exit 2, as for any unusable argument.
TEST(Cli, ServeOnAPortInUseSaysSoInOneLineAndExitsTwo) {
  ioscope::Fd holder(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(holder.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(holder.get(), 1), 0);
  ASSERT_EQ(::getsockname(holder.get(), reinterpret_cast<sockaddr*>(&a), &len), 0);
  const std::string port = std::to_string(ntohs(a.sin_port));
  const auto r = cli("serve --model epoll --port " + port);
  EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(port), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

// Starts `ioscope-cli serve ARGS --port 0`, echoes one message through it, stops it with
// SIGINT and returns its summary (stdout); fails the test if any step does not happen.
std::string serve_one_echo(const std::vector<std::string>& args) {
  const std::string err = temp_path("serve-err"), out = temp_path("serve-out");
  std::vector<std::string> argv{IOSCOPE_CLI_PATH, "serve", "--port", "0"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  const pid_t pid = ::fork();
  EXPECT_GE(pid, 0);
  if (pid < 0) return {};
  if (pid == 0) {
    std::freopen(err.c_str(), "w", stderr);
    std::freopen(out.c_str(), "w", stdout);
    ::execv(IOSCOPE_CLI_PATH, cargv.data());
    ::_exit(127);
  }
  struct Reap {  // whatever fails below, the server does not outlive the test
    pid_t pid;
    bool done = false;
    ~Reap() {
      if (done) return;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  } reap{pid};
  // The server says where it listens on stderr: "... on 127.0.0.1:PORT (Ctrl-C stops)".
  std::uint16_t port = 0;
  for (int i = 0; i < 500 && port == 0; ++i) {
    ::usleep(10'000);
    const std::string text = slurp(err);
    const auto at = text.find("127.0.0.1:");
    if (at != std::string::npos) port = static_cast<std::uint16_t>(std::stoi(text.substr(at + 10)));
  }
  EXPECT_NE(port, 0) << slurp(err);
  if (port == 0) return {};
  {
    auto fd = ioscope::connect_loopback(port);
    EXPECT_TRUE(fd.ok()) << fd.error().message;
    if (!fd.ok()) return {};
    const std::string msg("a knife, please", sizeof "a knife, please");
    const std::string back = ioscope::test::echo_of(fd->get(), msg);
    EXPECT_EQ(back, msg);
    if (back != msg) return {};
  }
  ::kill(pid, SIGINT);
  int status = 0;
  for (int i = 0; i < 300; ++i) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      reap.done = true;
      break;
    }
    ::usleep(10'000);
  }
  EXPECT_TRUE(reap.done) << "serve did not stop within 3 s of SIGINT";
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << slurp(err);
  const std::string summary = slurp(out);
  std::filesystem::remove(err);
  std::filesystem::remove(out);
  return summary;
}

TEST(Cli, ServeEchoesForAClientWeBringAndStopsCleanlyOnCtrlC) {
  const std::string summary = serve_one_echo({"--model", "epoll"});
  EXPECT_NE(summary.find("recvmsg"), std::string::npos) << summary;
}

// The io_uring server an engineer would deploy, untraced (to measure tracing's cost): it still
// echoes, and its summary still counts its calls (the counters run with tracing off).
TEST(Cli, ServeRunsIoUringsVariantsAndUntraced) {
  if (auto why = ioscope::find_model("io_uring")->unavailable()) GTEST_SKIP() << *why;
  const std::string summary = serve_one_echo(
      {"--model", "io_uring", "--uring", "multishot,defer-taskrun", "--untraced", "--json"});
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(summary)).object();
  ASSERT_FALSE(doc.isEmpty()) << summary;
  EXPECT_EQ(doc.value(QStringLiteral("model")).toString(), QStringLiteral("io_uring"));
  EXPECT_EQ(doc.value(QStringLiteral("error")).toString(), QString()) << summary;
  EXPECT_NE(summary.find("io_uring_enter"), std::string::npos) << summary;
  EXPECT_EQ(doc.value(QStringLiteral("events")).toInteger(-1), 0) << summary;
  const std::string traced =
      serve_one_echo({"--model", "io_uring", "--uring", "multishot", "--idle", "work", "--json"});
  const auto traced_doc = QJsonDocument::fromJson(QByteArray::fromStdString(traced)).object();
  EXPECT_GT(traced_doc.value(QStringLiteral("events")).toInteger(), 0) << traced;
  EXPECT_GT(traced_doc.value(QStringLiteral("work_units")).toInteger(), 0) << traced;
}

}  // namespace
