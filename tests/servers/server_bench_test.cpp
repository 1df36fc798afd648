// ioscope-server-bench end to end: tiny runs against the real ioscope-cli serve and bare
// servers. Correctness only (a ratio line, valid JSON, errors naming the flag, no server left
// running); never the figures themselves.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;

struct BenchRun {
  int exit_code = -1;  // -1: did not exit by itself
  std::string out;
  std::string err;
  int orphans = 0;  // processes the bench started and left running
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Processes whose parent is pid, from /proc/<pid>/stat's fourth field.
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string stat = slurp(entry.path() / "stat");
    const auto close_paren = stat.rfind(')');  // the command name may hold spaces
    if (close_paren == std::string::npos) continue;
    std::istringstream fields(stat.substr(close_paren + 1));
    std::string state;
    pid_t ppid = 0;
    if (fields >> state >> ppid && ppid == parent) out.push_back(std::stoi(name));
  }
  return out;
}

// Runs the bench under a helper process that is a child subreaper: whatever the bench starts
// and leaves behind becomes the helper's child, so the helper can count (and then kill) it.
// interrupt_after > 0: SIGTERM to the bench after that long.
BenchRun run_bench(const std::vector<std::string>& args,
                   std::chrono::milliseconds interrupt_after = 0ms) {
  char dir_template[] = "/tmp/server_bench_test_XXXXXX";
  const std::string dir = ::mkdtemp(dir_template);
  const std::string out_path = dir + "/out", err_path = dir + "/err", orphans_path = dir + "/n";
  std::vector<std::string> argv = {IOSCOPE_SERVER_BENCH};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  const pid_t helper = ::fork();
  if (helper == 0) {
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    const pid_t bench = ::fork();
    if (bench == 0) {
      ::dup2(::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 1);
      ::dup2(::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 2);
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    if (interrupt_after.count() > 0) {
      std::this_thread::sleep_for(interrupt_after);
      ::kill(bench, SIGTERM);
    }
    int status = 0;
    ::waitpid(bench, &status, 0);
    // Whatever still runs now was orphaned by the bench and came to us: count it, then end it
    // (by pid: never a broad kill).
    std::this_thread::sleep_for(100ms);
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {  // ended ones: just reap them
    }
    const std::vector<pid_t> left = children_of(::getpid());
    for (pid_t p : left) ::kill(p, SIGKILL);
    for (pid_t p : left) ::waitpid(p, nullptr, 0);
    const auto orphans = static_cast<int>(left.size());
    std::ofstream(orphans_path) << orphans;
    ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 255);
  }
  int status = 0;
  ::waitpid(helper, &status, 0);
  BenchRun run;
  run.exit_code = WIFEXITED(status) && WEXITSTATUS(status) != 255 ? WEXITSTATUS(status) : -1;
  run.out = slurp(out_path);
  run.err = slurp(err_path);
  run.orphans = std::atoi(slurp(orphans_path).c_str());
  std::filesystem::remove_all(dir);
  return run;
}

TEST(ServerBench, PrintsARatioLineForTheModelItIsAskedFor) {
  const BenchRun r =
      run_bench({"--model", "epoll", "--runs", "1", "--seconds", "0.3", "--connections", "4"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // "epoll  0.612  0.612-0.612  ...": the median ratio, then its spread.
  const std::regex line(R"((^|\n)epoll +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}-[0-9]+\.[0-9]{3} )");
  EXPECT_TRUE(std::regex_search(r.out, line)) << r.out;
  EXPECT_EQ(r.out.find("error"), std::string::npos) << r.out;
  EXPECT_EQ(r.orphans, 0);
}

TEST(ServerBench, PrintsTheSameAsJson) {
  const BenchRun r = run_bench(
      {"--model", "epoll-et", "--runs", "2", "--seconds", "0.2", "--connections", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc.at("ok").get<bool>());
  ASSERT_EQ(doc.at("models").size(), 1u);
  const auto& model = doc.at("models")[0];
  EXPECT_EQ(model.at("model"), "epoll-et");
  EXPECT_EQ(model.at("ratios").size(), 2u);
  const double median = model.at("ratio").at("median").get<double>();
  EXPECT_GT(median, 0.0);
  EXPECT_LE(model.at("ratio").at("min").get<double>(), median);
  EXPECT_GE(model.at("ratio").at("max").get<double>(), median);
  EXPECT_EQ(model.at("ioscope").at("runs").size(), 2u);
  EXPECT_EQ(model.at("bare").at("runs").size(), 2u);
  EXPECT_EQ(doc.at("config").at("connections"), 3);
}

TEST(ServerBench, RunsAnOpenLoop) {
  const BenchRun r = run_bench({"--model", "poll", "--runs", "1", "--seconds", "0.3",
                                "--connections", "4", "--mode", "open", "--rate", "100"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("open loop"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"((^|\n)poll +[0-9]+\.[0-9]{3} )"))) << r.out;
}

TEST(ServerBench, NamesAnUnknownFlag) {
  const BenchRun r = run_bench({"--model", "epoll", "--silly"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--silly"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(ServerBench, NamesTheFlagWithABadValue) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--runs", "zero"},
                                               {"--seconds", "-1"},
                                               {"--model", "kqueue"},
                                               {"--mode", "sideways"},
                                               {"--connections"}}) {
    const BenchRun r = run_bench(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_NE(r.err.find(args[0]), std::string::npos) << r.err;
  }
}

TEST(ServerBench, RefusesARateForAClosedLoop) {
  const BenchRun r = run_bench({"--rate", "100"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--rate"), std::string::npos) << r.err;
}

TEST(ServerBench, LeavesNoServerRunningWhenInterrupted) {
  // Long runs, interrupted in the middle of one: the server then measured must go too.
  const BenchRun r = run_bench({"--model", "nonblocking", "--runs", "3", "--seconds", "5"}, 1500ms);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
  EXPECT_EQ(r.orphans, 0);
}

}  // namespace
