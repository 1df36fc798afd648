// An echo server run as a child process for a benchmark or a test: started, asked which port
// it listens on, and always stopped and reaped, even when the caller fails or dies.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::bench {

// The exit status a bare server gives when its model cannot run on this machine.
inline constexpr int kExitModelUnavailable = 69;

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Runs argv (argv[0] a path) and waits up to timeout until it names its port: a line
  // "port N" (the bare servers, on stdout) or one holding "127.0.0.1:N" (ioscope-cli serve, on
  // stderr). False when it does not; error() says why, and the process is gone by then. The
  // child is killed if this process dies first (PR_SET_PDEATHSIG).
  bool start(const std::vector<std::string>& argv,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  // Sends signal (SIGTERM unless told), gives it up to grace to exit, then SIGKILL; reaps it and
  // collects the rest of its output. Safe to call again. Returns how it ended ("exit 0",
  // "signal 9"), or "" when nothing was running.
  std::string stop(std::chrono::milliseconds grace = std::chrono::seconds(3), int signal = SIGTERM);

  const std::string& error() const { return error_; }
  // It exited with kExitModelUnavailable before naming a port: not a failure of the bench.
  bool unavailable() const { return unavailable_; }
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  int exit_status() const { return status_; }  // as waitpid reports it, once stopped
  // User and system CPU time the server used over its life, once stopped: what a request
  // cost the server, whatever else the machine was doing meanwhile.
  double cpu_seconds() const { return cpu_seconds_; }
  // Its peak resident memory in KiB (ru_maxrss), once stopped: what holding its connections cost.
  long peak_rss_kb() const { return peak_rss_kb_; }

 private:
  void read_available(int timeout_ms);
  bool reap(bool wait);
  void close_pipes();
  std::uint16_t find_port() const;

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::uint16_t port_ = 0;
  int status_ = 0;
  double cpu_seconds_ = 0;
  long peak_rss_kb_ = 0;
  bool unavailable_ = false;
  std::string error_;
  std::string out_;
  std::string err_;
};

}  // namespace ioscope::bench
