// ioscope-cli trace and import name a program's I/O model from what it does. Real servers, real
// load: ioscope's own eight model servers and four Python servers as a course would write them,
// each traced from outside (the kernel probe, `trace --pid` and `trace -- CMD`) and from an strace
// log (`import`), must be named as the model they are, by the same code.
#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonObject>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.hpp"
#include "net/socket_ops.hpp"
#include "probe/probe_availability.hpp"

namespace {

using ioscope::test::cli;
using ioscope::test::CliResult;
using ioscope::test::lines;
using ioscope::test::parse_object;
using ioscope::test::slurp;
using ioscope::test::temp_path;

const std::string kServers = IOSCOPE_FOREIGN_SERVERS;  // tests/foreign/servers

// A port nothing listens on now (the kernel's pick, released): the server under test binds it.
std::uint16_t free_port() {
  auto fd = ioscope::Fd(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len) != 0)
    return 0;
  return ntohs(a.sin_port);
}

// Clients that keep coming while a trace runs: each connects, echoes a few messages and leaves,
// so a trace that attaches late still sees connections accepted and registered.
class EchoLoad {
 public:
  explicit EchoLoad(std::uint16_t port) : thread_([this, port] { run(port); }) {}
  ~EchoLoad() {
    stop_ = true;
    thread_.join();
  }
  int echoed() const { return echoed_.load(); }

 private:
  void run(std::uint16_t port) {
    while (!stop_) {
      auto fd = ioscope::connect_loopback(port);
      if (!fd.ok()) {  // not listening yet
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      for (int i = 0; i < 5 && !stop_; ++i) {
        const char msg[] = "a knife, please";
        if (::send(fd->get(), msg, sizeof msg, MSG_NOSIGNAL) != sizeof msg) break;
        char back[sizeof msg];
        std::size_t got = 0;
        while (got < sizeof msg) {
          const long n = ::recv(fd->get(), back + got, sizeof msg - got, 0);
          if (n <= 0) break;
          got += static_cast<std::size_t>(n);
        }
        if (got < sizeof msg) break;
        ++echoed_;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
  }
  std::atomic<bool> stop_{false};
  std::atomic<int> echoed_{0};
  std::thread thread_;
};

// A process started with its stdout and stderr in files, stopped with SIGINT (then SIGKILL) at
// the end.
class Spawned {
 public:
  explicit Spawned(const std::vector<std::string>& argv)
      : out_(temp_path("spawned-out")), err_(temp_path("spawned-err")) {
    pid_ = ::fork();
    if (pid_ == 0) {
      std::freopen(err_.c_str(), "w", stderr);
      std::freopen(out_.c_str(), "w", stdout);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
  }
  ~Spawned() {
    stop();
    std::filesystem::remove(out_);
    std::filesystem::remove(err_);
  }
  pid_t pid() const { return pid_; }
  std::string out() const { return slurp(out_); }
  std::string err() const { return slurp(err_); }
  // SIGINT, and the exit status (-1 after SIGKILL when SIGINT was not enough within 10 s).
  int stop() {
    if (pid_ <= 0) return status_;
    ::kill(pid_, SIGINT);
    int status = 0;
    for (int i = 0; i < 1000; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        return status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
    return status_ = -1;
  }

 private:
  std::string out_;
  std::string err_;
  pid_t pid_ = -1;
  int status_ = -1;
};

std::string cli_path() {
  return IOSCOPE_CLI_PATH;
}

// The model a verdict named, with its evidence for the failure message.
struct Named {
  std::string model, evidence;
  double confidence = 0;
};

Named named(const CliResult& r) {
  const QJsonObject o = parse_object(r.out);
  return {o.value(QStringLiteral("model")).toString().toStdString(),
          o.value(QStringLiteral("evidence")).toString().toStdString(),
          o.value(QStringLiteral("confidence")).toDouble()};
}

std::string model_test_name(const ::testing::TestParamInfo<const char*>& param) {
  std::string name = param.param;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

// ----- the kernel probe: trace --pid, trace -- CMD --------------------------------------------

class CliTraceProbe : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const ioscope::ProbeAvailability a = ioscope::check_probe_availability();
    if (!a.can_run()) GTEST_SKIP() << "kernel probe unavailable: " << a.reasons.front();
  }
};

TEST_P(CliTraceProbe, EachBuiltInModelServerTracedFromOutsideIsNamedAsItsModel) {
  const std::string model = GetParam();
  const std::uint16_t port = free_port();
  ASSERT_NE(port, 0);
  Spawned server({cli_path(), "serve", "--model", model, "--port", std::to_string(port)});
  CliResult r;
  {
    EchoLoad load(port);
    for (int i = 0; i < 300 && load.echoed() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_GT(load.echoed(), 0) << server.err();
    r = cli("trace --pid " + std::to_string(server.pid()) + " --duration 2s --json");
  }
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const Named n = named(r);
  EXPECT_EQ(n.model, model) << n.evidence;
  EXPECT_GE(n.confidence, 0.9) << n.evidence;
  // The kernel's side of the server, measured: its clients' data queued on its sockets and the
  // copies out of them, and the clients themselves, each its own peer. Every echo the load got
  // back during the trace was a message queued and copied.
  const QJsonObject kernel = parse_object(r.out).value(QStringLiteral("kernel")).toObject();
  EXPECT_GT(kernel.value(QStringLiteral("data_queued")).toInteger(), 0) << r.out;
  EXPECT_GT(kernel.value(QStringLiteral("copies")).toInteger(), 0) << r.out;
  EXPECT_GE(kernel.value(QStringLiteral("peers")).toInteger(), 1) << r.out;
  EXPECT_EQ(server.stop(), 0) << "tracing changed what the server did: " << server.err();
}

INSTANTIATE_TEST_SUITE_P(Models, CliTraceProbe,
                         ::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                           "epoll-et", "sigio", "io_uring"),
                         model_test_name);

struct PythonServer {
  const char* file;
  const char* model;
};

class CliTraceProbePython : public ::testing::TestWithParam<PythonServer> {
 protected:
  void SetUp() override {
    const ioscope::ProbeAvailability a = ioscope::check_probe_availability();
    if (!a.can_run()) GTEST_SKIP() << "kernel probe unavailable: " << a.reasons.front();
  }
};

void PrintTo(const PythonServer& s, std::ostream* os) {
  *os << s.file << " (" << s.model << ")";
}

const PythonServer kPythonServers[] = {{"select_server.py", "select"},
                                       {"selectors_server.py", "epoll"},
                                       {"threaded_server.py", "blocking"},
                                       {"asyncio_server.py", "epoll"}};

std::string test_name_of(const ::testing::TestParamInfo<PythonServer>& info) {
  std::string name = info.param.file;
  return name.substr(0, name.find('.'));
}

// trace -- python3 server.py: ioscope starts it, traces it under load, and, once it has echoed
// enough to be judged, is stopped with Ctrl-C and stops the program with SIGINT. A fixed duration
// would not do: on a loaded machine Python can take seconds just to start.
TEST_P(CliTraceProbePython, APythonServerStartedByTraceIsNamedAsItsModel) {
  const std::uint16_t port = free_port();
  ASSERT_NE(port, 0);
  Spawned trace({cli_path(), "trace", "--json", "--", "python3", kServers + "/" + GetParam().file,
                 std::to_string(port)});
  int echoed = 0;
  {
    EchoLoad load(port);
    for (int i = 0; i < 6000 && load.echoed() < 20; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    echoed = load.echoed();
  }
  CliResult r;
  r.exit_code = trace.stop();
  r.out = trace.out();
  r.err = trace.err();
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  ASSERT_GE(echoed, 20) << "the server echoed " << echoed << " in 60 s: " << r.err;
  const Named n = named(r);
  EXPECT_EQ(n.model, GetParam().model) << n.evidence;
  EXPECT_NE(r.err.find("stopped the program with SIGINT"), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(Python, CliTraceProbePython, ::testing::ValuesIn(kPythonServers),
                         test_name_of);

// ----- strace logs: import -----------------------------------------------------------------

// strace -f -tt -T -yy -o LOG timeout -s INT 3 ARGV...: the log of ARGV run for 3 s under load.
// Under strace a Python server takes seconds to start on a loaded machine: the trace lasts until
// the server has echoed enough to be judged (or 30 s), then the server gets SIGINT through
// timeout(1), which strace started and which forwards it.
std::string strace_log_of(const std::vector<std::string>& argv, std::uint16_t port, int* echoed) {
  const std::string log = temp_path("strace-log");
  std::vector<std::string> command = {"strace", "-f",      "-tt", "-T",  "-yy", "-o",
                                      log,      "timeout", "-s",  "INT", "30"};
  command.insert(command.end(), argv.begin(), argv.end());
  EchoLoad load(port);
  const pid_t strace = ::fork();
  if (strace == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    std::vector<char*> args;
    for (const auto& a : command) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  EXPECT_GT(strace, 0);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int status = 0;
  bool ended = false;
  while (!ended && load.echoed() < 20 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ended = ::waitpid(strace, &status, WNOHANG) == strace;
  }
  if (!ended) {
    // strace's child is timeout(1): SIGINT to it ends the server the way Ctrl-C would.
    const std::string children =
        slurp("/proc/" + std::to_string(strace) + "/task/" + std::to_string(strace) + "/children");
    const int timeout_pid = std::atoi(children.c_str());
    if (timeout_pid > 0) ::kill(timeout_pid, SIGINT);
    ::waitpid(strace, &status, 0);
  }
  *echoed = load.echoed();
  return log;
}

class CliImport : public ::testing::TestWithParam<const char*> {};

TEST_P(CliImport, EachBuiltInModelServerIsNamedFromItsStraceLog) {
  const std::string model = GetParam();
  const std::uint16_t port = free_port();
  ASSERT_NE(port, 0);
  int echoed = 0;
  const std::string log = strace_log_of(
      {cli_path(), "serve", "--model", model, "--port", std::to_string(port)}, port, &echoed);
  ASSERT_GT(echoed, 0) << "the server never echoed under strace";
  const CliResult r = cli("import " + log + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  const Named n = named(r);
  EXPECT_EQ(n.model, model) << n.evidence;
  EXPECT_EQ(parse_object(r.out).value(QStringLiteral("source")).toString(),
            QStringLiteral("strace"));
  std::filesystem::remove(log);
}

INSTANTIATE_TEST_SUITE_P(Models, CliImport,
                         ::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                           "epoll-et", "sigio", "io_uring"),
                         model_test_name);

class CliImportPython : public ::testing::TestWithParam<PythonServer> {};

TEST_P(CliImportPython, APythonServerIsNamedFromItsStraceLog) {
  const std::uint16_t port = free_port();
  ASSERT_NE(port, 0);
  int echoed = 0;
  const std::string log = strace_log_of(
      {"python3", kServers + "/" + GetParam().file, std::to_string(port)}, port, &echoed);
  ASSERT_GT(echoed, 0) << "the server never echoed under strace";
  const CliResult r = cli("import " + log);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find(std::string("model: ") + GetParam().model + " "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("evidence: "), std::string::npos) << r.out;
  std::filesystem::remove(log);
}

INSTANTIATE_TEST_SUITE_P(Python, CliImportPython, ::testing::ValuesIn(kPythonServers),
                         test_name_of);

// ----- bad input: one line, the right exit code, nothing traced -----------------------------

struct BadTrace {
  const char* args;
  int exit_code;
  const char* says;
};

class CliTraceBadInput : public ::testing::TestWithParam<BadTrace> {};

TEST_P(CliTraceBadInput, SaysWhatIsWrongInOneLine) {
  const CliResult r = cli(GetParam().args);
  EXPECT_EQ(r.exit_code, GetParam().exit_code) << r.err << r.out;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(GetParam().says), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliTraceBadInput,
    ::testing::Values(BadTrace{"trace", 2, "needs --pid N or a command"},
                      BadTrace{"trace --pid 12 -- true", 2, "not both"},
                      BadTrace{"trace --pid abc", 2, "--pid"},
                      BadTrace{"trace --pid -5", 2, "--pid"},
                      BadTrace{"trace --duration 0s -- true", 2, "--duration"},
                      BadTrace{"trace -- no-such-program-ioscope", 2, "command not found"},
                      BadTrace{"trace --pid 4194000", 1, "no process 4194000"},
                      BadTrace{"trace --trace out.txt -- true", 2, ".json or .csv"},
                      BadTrace{"import", 2, "needs a log file"},
                      BadTrace{"import /no/such/strace.log", 2, "cannot open"},
                      BadTrace{"import a b", 2, "one log file"}));

TEST(CliImportBadLog, AGarbledLogNamesItsLine) {
  const std::string log = temp_path("garbled-log");
  {
    std::FILE* f = std::fopen(log.c_str(), "w");
    std::fputs(
        "100 10:00:00.000001 accept4(3<TCP:[127.0.0.1:8080]>, NULL, NULL, SOCK_CLOEXEC) = "
        "5<TCP:[127.0.0.1:8080->127.0.0.1:40000]> <0.000010>\n"
        "this is not what strace writes\n",
        f);
    std::fclose(f);
  }
  const CliResult r = cli("import " + log);
  EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
  EXPECT_EQ(lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  std::filesystem::remove(log);
}

class CliTraceProbeEdges : public ::testing::Test {
 protected:
  void SetUp() override {
    const ioscope::ProbeAvailability a = ioscope::check_probe_availability();
    if (!a.can_run()) GTEST_SKIP() << "kernel probe unavailable: " << a.reasons.front();
  }
};

TEST_F(CliTraceProbeEdges, AProgramWithNoSocketsIsSaidToHaveNoneNotGivenAModel) {
  const CliResult r = cli("trace --json -- python3 " + kServers + "/nosocket.py");
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_EQ(named(r).model, "none") << r.out;
  EXPECT_NE(r.err.find("no socket I/O"), std::string::npos) << r.err;
}

// --trace FILE, as for run: the traced program's calls in Chrome Trace Event JSON.
TEST_F(CliTraceProbeEdges, TheProgramsCallsAreWrittenToATraceFile) {
  const std::uint16_t port = free_port();
  ASSERT_NE(port, 0);
  const std::string file = temp_path("trace") + ".json";
  // Stopped with Ctrl-C once the server has echoed (on a loaded machine Python can take longer
  // than any fixed duration just to start).
  Spawned trace({cli_path(), "trace", "--trace", file, "--", "python3",
                 kServers + "/select_server.py", std::to_string(port)});
  {
    EchoLoad load(port);
    for (int i = 0; i < 6000 && load.echoed() < 20; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_GE(load.echoed(), 20) << "the server never echoed: " << trace.err();
  }
  CliResult r;
  r.exit_code = trace.stop();
  r.err = trace.err();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string json = slurp(file);
  EXPECT_NE(json.find("\"traceEvents\""), std::string::npos) << json.substr(0, 200);
  EXPECT_NE(json.find("pselect6"), std::string::npos) << "the select waits are not in the trace";
  EXPECT_NE(json.find("recvfrom"), std::string::npos);
  std::filesystem::remove(file);
}

TEST_F(CliTraceProbeEdges, AProgramThatExitsAtOnceEndsTheTraceWithItsStatus) {
  const CliResult r = cli("trace -- false");
  EXPECT_EQ(r.exit_code, 1) << r.err << r.out;
  EXPECT_NE(r.err.find("exited with status 1"), std::string::npos) << r.err;
}

}  // namespace
