// Runs ioscope-cli as a user would, from a shell, and captures what it says.
#pragma once

#include <string>

namespace ioscope::test {

struct CliResult {
  int exit_code = -1;  // -1: it did not exit normally (crashed, killed)
  std::string out;
  std::string err;
};

// ioscope-cli ARGS, stdin from /dev/null.
CliResult cli(const std::string& args);

std::string slurp(const std::string& path);
// A file name in the temp folder, unique to this process.
std::string temp_path(const char* stem);
int lines(const std::string& s);

}  // namespace ioscope::test
