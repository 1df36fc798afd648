// Runs ioscope-server-bench as a child process for a test, and tells what it printed, how it
// ended and whether it left any process behind.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <string>
#include <vector>

namespace ioscope::bench::test {

struct BenchRun {
  int exit_code = -1;  // -1: did not exit by itself
  std::string out;
  std::string err;
  int orphans = 0;  // processes the bench started and left running
};

// Runs the bench under a helper process that is a child subreaper, so whatever the bench starts
// and leaves behind can be counted (and then killed). interrupt_after > 0: SIGTERM to the bench
// after that long. fd_limit > 0: the bench starts with RLIMIT_NOFILE (soft and hard) at that.
BenchRun run_bench(const std::vector<std::string>& args,
                   std::chrono::milliseconds interrupt_after = std::chrono::milliseconds(0),
                   rlim_t fd_limit = 0);

}  // namespace ioscope::bench::test
