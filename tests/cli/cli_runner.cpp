#include "cli_runner.hpp"

#include <gtest/gtest.h>

#include <QJsonDocument>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ioscope::test {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string temp_path(const char* stem) {
  return (std::filesystem::temp_directory_path() /
          (std::string("ioscope-cli-test-") + std::to_string(::getpid()) + "-" + stem))
      .string();
}

CliResult cli(const std::string& args) {
  const std::string out = temp_path("out"), err = temp_path("err");
  const std::string cmd =
      std::string(IOSCOPE_CLI_PATH) + " " + args + " >" + out + " 2>" + err + " </dev/null";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

QJsonObject parse_object(const std::string& text) {
  QJsonParseError error;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
  EXPECT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString() << "\n"
                                                   << text;
  EXPECT_TRUE(doc.isObject());
  return doc.object();
}

}  // namespace ioscope::test
