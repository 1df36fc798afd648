#include "record/machine_info.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace ioscope::record {

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string file_text(const char* path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

std::string kernel_release() {
  utsname u{};
  return ::uname(&u) == 0 ? std::string(u.release) : std::string();
}

std::string machine_arch() {
  utsname u{};
  return ::uname(&u) == 0 ? std::string(u.machine) : std::string();
}

std::string cpu_model_in(const std::string& cpuinfo) {
  // In order of preference: the first key found on any line wins over the ones after it.
  static const char* const kKeys[] = {"model name", "cpu model", "Hardware",
                                      "uarch",      "cpu",       "Processor"};
  for (const char* key : kKeys) {
    std::istringstream lines(cpuinfo);
    std::string line;
    while (std::getline(lines, line)) {
      const auto colon = line.find(':');
      if (colon == std::string::npos || trimmed(line.substr(0, colon)) != key) continue;
      if (std::string value = trimmed(line.substr(colon + 1)); !value.empty()) return value;
    }
  }
  return {};
}

std::string cpu_model() {
  return cpu_model_in(file_text("/proc/cpuinfo"));
}

std::string clock_source() {
  return trimmed(file_text("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
}

int online_cpus() {
  const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 0;
}

MachineInfo this_machine() {
  MachineInfo m;
  m.hostname = host_name();
  m.kernel = kernel_release();
  m.arch = machine_arch();
  m.cpu_model = cpu_model();
  m.cpus = online_cpus();
  m.clock_source = clock_source();
  return m;
}

}  // namespace ioscope::record
