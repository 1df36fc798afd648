// RLIMIT_NOFILE for a C10K run: the load generator holds one descriptor per connection, and so
// does the server, which inherits the bench's limits across fork and exec.
#pragma once

#include <string>

namespace ioscope::bench {

// Descriptors either side needs beside its connections: standard streams, listener, epoll,
// pipes, signalfd, ioscope's eventfds and spare accept descriptor.
inline constexpr int kFdReserve = 64;

struct FdFit {
  int connections = 0;  // the most that fit, at most the number wanted
  long hard_limit = 0;
  std::string note;  // empty, or the one line that says what limit is needed and how to get it
};

// Raises this process's soft limit to its hard limit, then says how many of wanted fit.
FdFit fit_connections_to_fd_limit(int wanted);

}  // namespace ioscope::bench
