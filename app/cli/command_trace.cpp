// ioscope-cli trace: watch a program ioscope did not write through the kernel probe, and name its
// I/O model from what it did. Either it attaches to a running process (--pid, all its threads)
// or starts one (after --), and traces until Ctrl-C, --duration, or the program's exit.
//
// Tracing never changes what the target does: the probe only reads. ioscope never signals a
// process it attached to. A program it started and the user stopped gets SIGINT, then SIGTERM
// after 2 s, then SIGKILL after 2 s more: the same order a terminal user would try.
#include <QJsonDocument>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli_options.hpp"
#include "cli/commands.hpp"
#include "cli/run_driver.hpp"
#include "cli/verdict_format.hpp"
#include "foreign/model_verdict.hpp"
#include "foreign/probe_observer.hpp"
#include "probe/kernel_probe.hpp"

namespace ioscope::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kGrace = std::chrono::seconds(2);

// The program's name as the kernel knows it: its command line, NULs as spaces.
std::string command_line_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && s.back() == '\0') s.pop_back();
  for (char& c : s)
    if (c == '\0') c = ' ';
  return s;
}

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

// The file execvp would run for `name`, or "" when there is none.
std::string find_program(const std::string& name) {
  auto runnable = [](const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
  };
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

// A program started for tracing: forked at once, held before exec until the probe watches it,
// so that not one of its calls is missed.
class StartedProgram {
 public:
  // Forks; the child waits for release() and then runs argv. stdout_to_stderr keeps a --json
  // report alone on stdout.
  bool start(const std::vector<std::string>& argv, bool stdout_to_stderr) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    pid_ = ::fork();
    if (pid_ < 0) return false;
    if (pid_ == 0) {
      ::close(fds[1]);
      char go = 0;
      if (::read(fds[0], &go, 1) != 1) ::_exit(127);  // the tracer gave up: never run
      if (stdout_to_stderr) ::dup2(STDERR_FILENO, STDOUT_FILENO);
      std::vector<char*> args;
      for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      ::execvp(args[0], args.data());
      std::fprintf(stderr, "ioscope-cli: could not run %s: %s\n", args[0], std::strerror(errno));
      ::_exit(127);
    }
    ::close(fds[0]);
    release_fd_ = fds[1];
    return true;
  }
  pid_t pid() const { return pid_; }
  void release() {
    const char go = 1;
    if (::write(release_fd_, &go, 1) != 1) std::perror("ioscope-cli: release");
    ::close(release_fd_);
    release_fd_ = -1;
  }
  // Never released: the child exits without having run anything.
  void abandon() {
    if (release_fd_ >= 0) ::close(release_fd_);
    release_fd_ = -1;
    reap(true);
  }
  // Whether it has exited (then status() says how).
  bool exited() { return reap(false); }
  std::string status() const {
    if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
    if (WIFSIGNALED(status_)) return std::string("killed by ") + sigabbrev(WTERMSIG(status_));
    return "ended";
  }
  // SIGINT, then SIGTERM, then SIGKILL, each after kGrace; returns the signal that ended it.
  const char* stop() {
    for (int sig : {SIGINT, SIGTERM, SIGKILL}) {
      if (exited()) return nullptr;
      ::kill(pid_, sig);
      const auto until = Clock::now() + kGrace;
      while (Clock::now() < until) {
        if (exited()) return sigabbrev(sig);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    reap(true);
    return "SIGKILL";
  }

 private:
  static const char* sigabbrev(int sig) {
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
  bool reap(bool wait) {
    if (done_) return true;
    if (::waitpid(pid_, &status_, wait ? 0 : WNOHANG) == pid_) done_ = true;
    return done_;
  }
  pid_t pid_ = -1;
  int release_fd_ = -1;
  int status_ = 0;
  bool done_ = false;
};

struct TraceArgs {
  pid_t pid = 0;                  // --pid
  std::vector<std::string> argv;  // or the command after --
  std::int64_t duration_ns = 0;   // 0: until Ctrl-C or the program's exit
  bool json = false;
};

}  // namespace

int command_trace(const QStringList& all_args) {
  QStringList args = all_args;
  std::vector<std::string> argv;
  if (const auto dashes = args.indexOf(QStringLiteral("--")); dashes >= 0) {
    for (auto i = dashes + 1; i < args.size(); ++i) argv.push_back(args[i].toStdString());
    args = args.mid(0, dashes);
  }
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Traces a program you wrote with the kernel probe (root, a kernel with BTF) and names its "
      "I/O model from what it does: 'trace --pid N' attaches to a running process, "
      "'trace -- CMD [ARGS...]' starts one. Ends on Ctrl-C, --duration or the program's exit. "
      "A program ioscope started is then stopped with SIGINT, SIGTERM after 2 s, SIGKILL after "
      "2 s more; a process it attached to is never signalled. Exit 2: bad arguments; 1: the "
      "trace failed or saw no socket I/O. Without the probe, record the program with 'strace "
      "-f -tt -T -yy -o LOG CMD' and run 'ioscope-cli import LOG'."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("pid"), QStringLiteral("A running process to trace, all its threads."),
       QStringLiteral("N")},
      {QStringLiteral("duration"),
       QStringLiteral("Stop after this long, e.g. 5s, 500ms (default: Ctrl-C or the program's "
                      "exit)."),
       QStringLiteral("TIME")},
      {QStringLiteral("json"), QStringLiteral("Print the verdict as one JSON object.")},
  });
  if (auto done = parse_or_help(parser, args)) return *done;

  TraceArgs t;
  t.argv = std::move(argv);
  t.json = parser.isSet(QStringLiteral("json"));
  const bool has_pid = parser.isSet(QStringLiteral("pid"));
  if (has_pid == !t.argv.empty()) {
    print_error(has_pid ? "trace takes --pid N or a command after --, not both"
                        : "trace needs --pid N or a command after -- (trace -- python3 server.py)");
    return kExitUsage;
  }
  if (has_pid) {
    const auto pid = int_option(parser, QStringLiteral("pid"), 1, 4194304, 0);
    if (!pid) return kExitUsage;
    t.pid = static_cast<pid_t>(*pid);
    if (t.pid == ::getpid()) {
      print_error("--pid " + std::to_string(t.pid) + " is ioscope-cli itself");
      return kExitUsage;
    }
  }
  if (parser.isSet(QStringLiteral("duration"))) {
    const auto d = duration_option(parser, QStringLiteral("duration"), 0);
    if (!d) return kExitUsage;
    if (*d <= 0) {
      print_error("--duration must be more than 0");
      return kExitUsage;
    }
    t.duration_ns = *d;
  }
  if (!t.argv.empty() && find_program(t.argv[0]).empty()) {
    print_error("command not found: " + t.argv[0]);
    return kExitUsage;
  }
  if (t.pid != 0 && !process_exists(t.pid)) {
    print_error("no process " + std::to_string(t.pid));
    return kExitFailed;
  }
  const ProbeAvailability availability = KernelProbe::check();
  if (!availability.can_run()) {
    std::string why = availability.reasons.empty() ? "it cannot run" : availability.reasons[0];
    print_error("trace needs the kernel probe, and here " + why +
                "; instead record with 'strace -f -tt -T -yy -o LOG CMD' and run 'ioscope-cli "
                "import LOG'");
    return kExitFailed;
  }

  catch_interrupts();
  StartedProgram started;
  if (!t.argv.empty()) {
    if (!started.start(t.argv, t.json)) {
      print_error(std::string("could not start the program: ") + std::strerror(errno));
      return kExitFailed;
    }
    t.pid = started.pid();
  }
  std::mutex lock;
  ProbeObserver observer(t.pid);
  KernelProbe probe;
  KernelProbe::Options options;
  options.emit_syscalls = true;
  options.sched_wakeup_records = false;
  options.consumer = [&](std::span<const ProbeRecord> records) {
    std::lock_guard<std::mutex> hold(lock);
    observer.add(records);
  };
  if (auto err = probe.start(t.pid, options)) {
    if (!t.argv.empty()) started.abandon();
    print_error("could not trace process " + std::to_string(t.pid) + ": " + err->message);
    return kExitFailed;
  }
  std::string command = t.argv.empty() ? command_line_of(t.pid) : "";
  for (const auto& a : t.argv) command += (command.empty() ? "" : " ") + a;
  if (!t.argv.empty()) started.release();
  if (!t.json)
    std::fprintf(stderr, "ioscope-cli: tracing pid %d (%s); Ctrl-C stops\n", t.pid,
                 command.c_str());

  const auto began = Clock::now();
  std::string ended;
  for (;;) {
    if (!t.argv.empty() ? started.exited() : !process_exists(t.pid)) {
      ended = t.argv.empty() ? "the process ended" : "the program " + started.status();
      break;
    }
    if (interrupted()) break;
    if (t.duration_ns > 0 && Clock::now() - began >= std::chrono::nanoseconds(t.duration_ns)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  probe.stop();
  if (ended.empty() && !t.argv.empty()) {
    if (const char* sig = started.stop())
      std::fprintf(stderr, "ioscope-cli: stopped the program with %s\n", sig);
  }
  ObservedProgram program;
  {
    std::lock_guard<std::mutex> hold(lock);
    program = observer.finish();
  }
  program.command = command;
  program.lost = probe.dropped();
  const ModelVerdict verdict = name_model(program);
  if (t.json) {
    std::fputs(
        QJsonDocument(verdict_json(verdict, program)).toJson(QJsonDocument::Compact).constData(),
        stdout);
    std::fputc('\n', stdout);
  } else {
    std::fputs(verdict_text(verdict, program).c_str(), stdout);
  }
  if (verdict.model == "none") {
    print_error("no socket I/O seen in pid " + std::to_string(t.pid) +
                (ended.empty() ? "" : " before " + ended));
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace ioscope::cli
