#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <sstream>

namespace ioscope::bench {

namespace {

// "port 40123" at a line's start, or "127.0.0.1:40123" anywhere in a line. Whole lines only:
// a line read in part might hold only the port's first digits.
std::uint16_t port_in(const std::string& text) {
  std::istringstream lines(text.substr(0, text.rfind('\n') + 1));
  std::string line;
  while (std::getline(lines, line)) {
    std::size_t at = std::string::npos;
    if (line.rfind("port ", 0) == 0) {
      at = 5;
    } else if (auto p = line.find("127.0.0.1:"); p != std::string::npos) {
      at = p + 10;
    }
    if (at == std::string::npos || at >= line.size() ||
        !std::isdigit(static_cast<unsigned char>(line[at])))
      continue;
    const unsigned long port = std::stoul(line.substr(at, 5));
    if (port > 0 && port <= 65535) return static_cast<std::uint16_t>(port);
  }
  return 0;
}

std::string describe(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

bool ServerProcess::start(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  stop();
  error_.clear();
  out_.clear();
  err_.clear();
  unavailable_ = false;
  port_ = 0;
  cpu_seconds_ = 0;
  peak_rss_kb_ = 0;
  if (argv.empty()) {
    error_ = "no program to run";
    return false;
  }
  // The server's stdout and stderr, and a pipe on which a failed exec sends its errno.
  int pipes[3][2];
  for (int i = 0; i < 3; ++i) {
    if (::pipe2(pipes[i], O_CLOEXEC) == 0) continue;
    error_ = std::string("pipe: ") + std::strerror(errno);
    for (int j = 0; j < i; ++j)
      for (int fd : pipes[j]) ::close(fd);
    return false;
  }
  int* out_pipe = pipes[0];
  int* err_pipe = pipes[1];
  int* exec_pipe = pipes[2];
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid == 0) {
    // The child of a possibly threaded parent: async-signal-safe calls only until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    // Signals the bench blocks or ignores must not stay so in the server.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGPIPE, SIG_DFL);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::execv(args[0], args.data());
    const int err = errno;
    [[maybe_unused]] auto n = ::write(exec_pipe[1], &err, sizeof err);
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(exec_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  if (pid < 0) {
    error_ = std::string("fork: ") + std::strerror(errno);
    ::close(exec_pipe[0]);
    close_pipes();
    return false;
  }
  pid_ = pid;
  int exec_errno = 0;
  const auto got = ::read(exec_pipe[0], &exec_errno, sizeof exec_errno);  // EOF: exec worked
  ::close(exec_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    error_ = "cannot run " + argv[0] + ": " + std::strerror(exec_errno);
    stop();
    return false;
  }

  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while ((port_ = find_port()) == 0) {
    if (reap(false)) {  // it ended before it listened
      for (int i = 0; i < 10 && (out_fd_ >= 0 || err_fd_ >= 0); ++i) read_available(20);
      unavailable_ = WIFEXITED(status_) && WEXITSTATUS(status_) == kExitModelUnavailable;
      error_ = argv[0] + " ended (" + describe(status_) + ") before it listened: " + err_ + out_;
      close_pipes();
      return false;
    }
    if (std::chrono::steady_clock::now() >= give_up) {
      stop();
      error_ = argv[0] + " named no port within " + std::to_string(timeout.count()) +
               " ms; it said: " + err_ + out_;
      return false;
    }
    read_available(20);
  }
  return true;
}

std::string ServerProcess::stop(std::chrono::milliseconds grace, int signal) {
  if (pid_ <= 0) {
    close_pipes();
    return {};
  }
  ::kill(pid_, signal);
  const auto give_up = std::chrono::steady_clock::now() + grace;
  while (!reap(false)) {
    if (std::chrono::steady_clock::now() >= give_up) {
      ::kill(pid_, SIGKILL);
      reap(true);
      break;
    }
    read_available(10);  // also keeps a chatty server from blocking on a full pipe
  }
  // The rest of what it said, up to the end of its output (or a grandchild holding it open).
  const auto output_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while ((out_fd_ >= 0 || err_fd_ >= 0) && std::chrono::steady_clock::now() < output_deadline)
    read_available(50);
  close_pipes();
  return describe(status_);
}

// Waits for output for up to timeout_ms, then takes whatever both pipes hold.
void ServerProcess::read_available(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (::poll(fds, 2, timeout_ms) <= 0) return;
  for (auto& p : fds) {
    if (p.fd < 0 || (p.revents & (POLLIN | POLLHUP)) == 0) continue;
    char buf[4096];
    const ssize_t n = ::read(p.fd, buf, sizeof buf);
    if (n <= 0) {  // end of output: stop watching this pipe
      ::close(p.fd);
      (p.fd == out_fd_ ? out_fd_ : err_fd_) = -1;
      continue;
    }
    (p.fd == out_fd_ ? out_ : err_).append(buf, static_cast<std::size_t>(n));
  }
}

bool ServerProcess::reap(bool wait) {
  if (pid_ <= 0) return true;
  int status = 0;
  rusage usage{};
  pid_t r;
  do {
    r = ::wait4(pid_, &status, wait ? 0 : WNOHANG, &usage);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  status_ = status;
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  cpu_seconds_ = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  peak_rss_kb_ = usage.ru_maxrss;
  pid_ = -1;
  return true;
}

void ServerProcess::close_pipes() {
  for (int* fd : {&out_fd_, &err_fd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

std::uint16_t ServerProcess::find_port() const {
  if (auto p = port_in(out_)) return p;
  return port_in(err_);
}

}  // namespace ioscope::bench
