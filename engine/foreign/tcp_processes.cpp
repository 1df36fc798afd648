#include "foreign/tcp_processes.hpp"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace ioscope {

namespace {

struct SocketInfo {
  bool listening = false;
  int port = 0;
};

// /proc/net/tcp and tcp6: "sl local_address rem_address st ... inode": by inode, listening
// (state 0A) with its port, or established (01).
void read_table(const char* path, std::map<unsigned long, SocketInfo>& out) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string sl, local, remote, state, queues, timer, retr, uid, timeout, inode;
    if (!(row >> sl >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >>
          inode))
      continue;
    if (state != "0A" && state != "01") continue;
    const auto colon = local.rfind(':');
    SocketInfo info;
    info.listening = state == "0A";
    info.port = colon == std::string::npos
                    ? 0
                    : static_cast<int>(std::strtol(local.c_str() + colon + 1, nullptr, 16));
    out[std::strtoul(inode.c_str(), nullptr, 10)] = info;
  }
}

}  // namespace

std::string process_command_line(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && s.back() == '\0') s.pop_back();
  for (char& c : s)
    if (c == '\0') c = ' ';
  return s;
}

std::vector<TcpProcess> tcp_processes() {
  std::map<unsigned long, SocketInfo> sockets;
  read_table("/proc/net/tcp", sockets);
  read_table("/proc/net/tcp6", sockets);
  std::vector<TcpProcess> out;
  DIR* proc = ::opendir("/proc");
  if (!proc) return out;
  while (dirent* entry = ::readdir(proc)) {
    const std::string pid = entry->d_name;
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::string fd_dir = "/proc/" + pid + "/fd";
    DIR* fds = ::opendir(fd_dir.c_str());
    if (!fds) continue;  // not ours to read
    TcpProcess p;
    while (dirent* fd = ::readdir(fds)) {
      char target[64];
      const std::string link = fd_dir + "/" + fd->d_name;
      const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
      if (n <= 0) continue;
      target[n] = '\0';
      unsigned long inode = 0;
      if (std::sscanf(target, "socket:[%lu]", &inode) != 1) continue;
      const auto it = sockets.find(inode);
      if (it == sockets.end()) continue;
      if (it->second.listening)
        p.listening.push_back(it->second.port);
      else
        ++p.connections;
    }
    ::closedir(fds);
    if (p.listening.empty() && p.connections == 0) continue;
    p.pid = static_cast<pid_t>(std::strtol(pid.c_str(), nullptr, 10));
    p.command = process_command_line(p.pid);
    out.push_back(std::move(p));
  }
  ::closedir(proc);
  std::sort(out.begin(), out.end(),
            [](const TcpProcess& a, const TcpProcess& b) { return a.pid < b.pid; });
  return out;
}

}  // namespace ioscope
