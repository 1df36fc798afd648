#include "foreign/started_program.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>

namespace ioscope {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kGrace = std::chrono::seconds(2);

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGKILL:
      return "SIGKILL";
    default:
      return strsignal(sig);
  }
}

}  // namespace

std::string find_program(const std::string& name) {
  auto runnable = [](const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
  };
  if (name.empty()) return "";
  if (name.find('/') != std::string::npos) return runnable(name) ? name : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (runnable(candidate)) return candidate;
  }
  return "";
}

StartedProgram::~StartedProgram() {
  if (pid_ <= 0) return;
  if (release_fd_ >= 0) {
    abandon();
  } else if (!exited()) {
    stop();
  }
}

bool StartedProgram::start(const std::vector<std::string>& argv, bool stdout_to_stderr) {
  int fds[2];
  if (argv.empty() || ::pipe2(fds, O_CLOEXEC) != 0) return false;
  pid_ = ::fork();
  if (pid_ < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  if (pid_ == 0) {
    ::close(fds[1]);
    char go = 0;
    if (::read(fds[0], &go, 1) != 1) ::_exit(127);  // the tracer gave up: never run
    if (stdout_to_stderr) ::dup2(STDERR_FILENO, STDOUT_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    std::fprintf(stderr, "ioscope: could not run %s: %s\n", args[0], std::strerror(errno));
    ::_exit(127);
  }
  ::close(fds[0]);
  release_fd_ = fds[1];
  return true;
}

void StartedProgram::release() {
  const char go = 1;
  if (::write(release_fd_, &go, 1) != 1) std::perror("ioscope: release");
  ::close(release_fd_);
  release_fd_ = -1;
}

void StartedProgram::abandon() {
  if (release_fd_ >= 0) ::close(release_fd_);
  release_fd_ = -1;
  reap(true);
}

bool StartedProgram::exited() {
  return reap(false);
}

std::string StartedProgram::status() const {
  if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) return std::string("killed by ") + signal_name(WTERMSIG(status_));
  return "ended";
}

const char* StartedProgram::stop() {
  for (int sig : {SIGINT, SIGTERM, SIGKILL}) {
    if (exited()) return nullptr;
    ::kill(pid_, sig);
    const auto until = Clock::now() + kGrace;
    while (Clock::now() < until) {
      if (exited()) return signal_name(sig);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  reap(true);
  return "SIGKILL";
}

bool StartedProgram::reap(bool wait) {
  if (done_ || pid_ <= 0) return true;
  if (::waitpid(pid_, &status_, wait ? 0 : WNOHANG) == pid_) done_ = true;
  return done_;
}

}  // namespace ioscope
