#include "bench_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace ioscope::bench::test {

namespace {

using namespace std::chrono_literals;

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

}  // namespace

// Whatever the bench leaves behind becomes the helper's child (it is a subreaper).
BenchRun run_bench(const std::vector<std::string>& args, std::chrono::milliseconds interrupt_after,
                   rlim_t fd_limit) {
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
      if (fd_limit > 0) {
        const rlimit lowered{fd_limit, fd_limit};
        if (::setrlimit(RLIMIT_NOFILE, &lowered) != 0) ::_exit(126);
      }
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

}  // namespace ioscope::bench::test
