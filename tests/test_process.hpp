// What this test process holds right now, for tests that prove nothing leaks.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace ioscope::test {

inline int count_entries(const char* dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

inline int open_fd_count() {
  return count_entries("/proc/self/fd");
}

// The process's resident memory, in KiB (VmRSS), or -1.
inline long rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// A thread that has just been joined can still be listed for a moment; count once the number
// has stayed the same for a few samples (a leaked thread stays, an exited one goes).
inline int thread_count() {
  int last = count_entries("/proc/self/task");
  int same = 0;
  for (int i = 0; i < 100 && same < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const int now = count_entries("/proc/self/task");
    same = now == last ? same + 1 : 0;
    last = now;
  }
  return last;
}

}  // namespace ioscope::test
