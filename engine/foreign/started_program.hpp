// A program ioscope starts in order to trace it: forked at once and held before exec until the
// probe watches it, so that not one of its calls is missed; stopped, when the user stops the
// trace, the way a terminal user would: SIGINT, then SIGTERM after 2 s, then SIGKILL after 2 s.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ioscope {

// The file execvp would run for name, or "" when there is none.
std::string find_program(const std::string& name);

class StartedProgram {
 public:
  StartedProgram() = default;
  ~StartedProgram();  // a program still held is abandoned; a running one is stopped
  StartedProgram(const StartedProgram&) = delete;
  StartedProgram& operator=(const StartedProgram&) = delete;

  // Forks; the child waits for release() and then runs argv. stdout_to_stderr keeps a report
  // alone on stdout. False (errno set) when the fork failed.
  bool start(const std::vector<std::string>& argv, bool stdout_to_stderr);
  pid_t pid() const { return pid_; }
  void release();
  // Never released: the child exits without having run anything.
  void abandon();
  // Whether it has exited (then status() says how).
  bool exited();
  std::string status() const;
  // SIGINT, then SIGTERM, then SIGKILL, each after 2 s; the signal that ended it, or nullptr
  // when it had already ended.
  const char* stop();

 private:
  bool reap(bool wait);
  pid_t pid_ = -1;
  int release_fd_ = -1;
  int status_ = 0;
  bool done_ = false;
};

}  // namespace ioscope
