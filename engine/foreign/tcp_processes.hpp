// The processes a user may want to trace: those with a TCP socket listening or connected, read
// from /proc (net/tcp, net/tcp6, and each process's descriptors). Those whose descriptors this
// user may not read are left out, as ps would show them but no one could trace them.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace ioscope {

struct TcpProcess {
  pid_t pid = 0;
  std::string command;         // its command line, NULs as spaces
  std::vector<int> listening;  // local ports it listens on
  int connections = 0;         // its established TCP connections
};

// Sorted by pid. Never fails: an unreadable entry is skipped.
std::vector<TcpProcess> tcp_processes();
// A process's command line, NULs as spaces ("" when it is gone or not ours to read).
std::string process_command_line(pid_t pid);

}  // namespace ioscope
