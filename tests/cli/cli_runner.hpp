// Runs ioscope-cli as a user would, from a shell, and captures what it says.
#pragma once

#include <QJsonObject>

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
// TEXT as a JSON object; a parse error or a non-object fails the calling test, naming it.
QJsonObject parse_object(const std::string& text);

}  // namespace ioscope::test
