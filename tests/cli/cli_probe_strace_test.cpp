// The kernel probe counts the process's syscalls at raw_syscalls:sys_enter; `strace -f -c`
// counts them by stopping the process at each one. Run the same ioscope-cli run under both and
// the counts of every call the models wait and move data with must agree within 2 %. (strace
// also sees the start-up before the probe attached, so calls that only start-up makes, like
// read of the kernel's BTF, are not compared.)
#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <unistd.h>

#include "cli_runner.hpp"
#include "probe/probe_availability.hpp"

namespace {

using ioscope::test::slurp;
using ioscope::test::temp_path;

// The calls the eight models wait and move data with (by strace's names).
const char* kModelCalls[] = {"accept4",    "recvmsg",         "recvfrom",      "sendto",
                             "select",     "pselect6",        "poll",          "ppoll",
                             "epoll_wait", "epoll_pwait",     "epoll_pwait2",  "epoll_ctl",
                             "fcntl",      "rt_sigtimedwait", "io_uring_enter"};

// strace -c's table: syscall name -> calls.
std::map<std::string, long> parse_strace_counts(const std::string& table) {
  std::map<std::string, long> counts;
  std::istringstream in(table);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::vector<std::string> cols;
    for (std::string c; row >> c;) cols.push_back(c);
    // "% time seconds usecs/call calls [errors] syscall"
    if (cols.size() < 5 || cols.back() == "syscall" || cols.back() == "total") continue;
    if (!std::isdigit(static_cast<unsigned char>(cols[3][0]))) continue;
    counts[cols.back()] = std::stol(cols[3]);
  }
  return counts;
}

class ProbeCountsAgreeWithStrace : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const ioscope::ProbeAvailability a = ioscope::check_probe_availability();
    if (!a.can_run()) GTEST_SKIP() << "kernel probe unavailable: " << a.reasons.front();
    if (std::system("command -v strace >/dev/null") != 0) FAIL() << "strace is not installed";
  }
};

TEST_P(ProbeCountsAgreeWithStrace, ForEveryCallTheModelMakes) {
  const std::string model = GetParam();
  const std::string table = temp_path(("strace-" + model).c_str());
  const std::string out = temp_path(("json-" + model).c_str());
  // Large enough that 2 % is more than a call or two: 4 clients x 150 messages.
  const std::string cmd = "strace -f -c -o " + table + " " + IOSCOPE_CLI_PATH + " run --model " +
                          model +
                          " --clients 4 --messages 150 --size 64 --interval 1ms --probe on "
                          "--json >" +
                          out + " 2>&1 </dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << slurp(out);
  const auto strace = parse_strace_counts(slurp(table));
  QJsonParseError error;
  const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(slurp(out)), &error);
  ASSERT_EQ(error.error, QJsonParseError::NoError) << slurp(out);
  const QJsonObject probe = doc.object().value(QStringLiteral("probe")).toObject();
  ASSERT_EQ(doc.object().value(QStringLiteral("kernel_events")).toString(),
            QStringLiteral("measured"))
      << slurp(out);
  const QJsonObject counted = probe.value(QStringLiteral("process_syscalls")).toObject();
  // Hits the kernel skipped (a thread preempted inside the probe on a loaded machine): the
  // probe says how many, and its counts may be that many short.
  const long missed = probe.value(QStringLiteral("syscalls_missed")).toInteger();
  std::filesystem::remove(table);
  std::filesystem::remove(out);

  int compared = 0;
  for (const char* name : kModelCalls) {
    const auto it = strace.find(name);
    const long by_strace = it == strace.end() ? 0 : it->second;
    const long by_probe = counted.value(QString::fromLatin1(name)).toInteger();
    // Below 10 a count says little; above, a difference of one call is allowed (the call made
    // before the probe attached), or 2 % where that is more.
    if (by_strace < 10 && by_probe < 10) continue;
    ++compared;
    std::cout << model << " " << name << ": probe " << by_probe << ", strace " << by_strace << "\n";
    const double allowed = std::max(1.0, 0.02 * static_cast<double>(by_strace));
    EXPECT_LE(std::abs(by_probe - by_strace), allowed + static_cast<double>(missed))
        << model << " " << name << ": probe " << by_probe << ", strace " << by_strace
        << ", hits the kernel says it skipped " << missed;
    EXPECT_LE(by_probe, by_strace + allowed) << "the probe counted calls strace did not see";
  }
  EXPECT_GE(compared, 2) << model << ": the run made too few calls to compare";
}

// Without root or the two capabilities, `models` says how to get the probe in one line, naming
// this very binary. Run as nobody (from a copy in the temp folder, which nobody can read) when the
// test runs as root, as itself otherwise.
TEST(CliProbe, ModelsTellsAnUnprivilegedUserHowToEnableTheProbe) {
  std::string cli = IOSCOPE_CLI_PATH;
  std::string prefix;
  std::string copy;
  if (::geteuid() == 0) {
    copy = (std::filesystem::temp_directory_path() /
            ("ioscope-cli-nobody-" + std::to_string(::getpid())))
               .string();
    std::filesystem::copy_file(cli, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(copy, std::filesystem::perms(0755));
    cli = copy;
    prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  }
  const std::string out = temp_path("models-nobody");
  const std::string cmd = "cd / && " + prefix + cli + " models >" + out + " 2>&1 </dev/null";
  const int rc = std::system(cmd.c_str());
  const std::string text = slurp(out);
  std::filesystem::remove(out);
  if (!copy.empty()) std::filesystem::remove(copy);
  ASSERT_EQ(rc, 0) << text;
  EXPECT_NE(text.find("kernel probe: unavailable"), std::string::npos) << text;
  EXPECT_NE(text.find("sudo setcap cap_bpf,cap_perfmon+ep " + cli), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(AllModels, ProbeCountsAgreeWithStrace,
                         ::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                           "epoll-et", "sigio", "io_uring"),
                         [](const ::testing::TestParamInfo<const char*>& param) {
                           std::string n = param.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
