// ServerProcess: a server child is found by its port line and always ends up stopped.
#include "server_process.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <thread>

namespace ioscope::bench {
namespace {

using namespace std::chrono_literals;

// Gone, or a zombie nobody has reaped yet: either way it no longer runs.
bool no_longer_runs(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  if (!(stat >> pid_field >> comm >> state)) return true;
  return state == "Z" || state == "X";
}

bool ends_within(pid_t pid, std::chrono::milliseconds limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (!no_longer_runs(pid)) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

TEST(ServerProcess, FindsThePortABareServerPrints) {
  ServerProcess p;
  ASSERT_TRUE(p.start({"/bin/sh", "-c", "echo 'port 4321'; exec sleep 100"})) << p.error();
  EXPECT_EQ(p.port(), 4321);
  EXPECT_EQ(p.stop(), "signal 15");
  EXPECT_FALSE(p.running());
}

TEST(ServerProcess, FindsThePortIoscopeCliServePrintsOnStderr) {
  ServerProcess p;
  ASSERT_TRUE(p.start({"/bin/sh", "-c",
                       "echo 'ioscope-cli: epoll echo server on 127.0.0.1:5432 (Ctrl-C stops)' "
                       ">&2; exec sleep 100"}))
      << p.error();
  EXPECT_EQ(p.port(), 5432);
}

TEST(ServerProcess, KillsAServerThatIgnoresSigterm) {
  ServerProcess p;
  // Ignored signals stay ignored across exec: sleep inherits the trap.
  ASSERT_TRUE(p.start({"/bin/sh", "-c", "trap '' TERM; echo port 1234; exec sleep 100"}))
      << p.error();
  const pid_t pid = p.pid();
  EXPECT_EQ(p.stop(200ms), "signal 9");
  EXPECT_TRUE(no_longer_runs(pid));
}

TEST(ServerProcess, StopsItsServerWhenDestroyed) {
  pid_t pid;
  {
    ServerProcess p;
    ASSERT_TRUE(p.start({"/bin/sh", "-c", "echo port 1234; exec sleep 100"})) << p.error();
    pid = p.pid();
  }
  EXPECT_TRUE(no_longer_runs(pid));
}

TEST(ServerProcess, ReportsAServerThatEndsBeforeItListens) {
  ServerProcess p;
  EXPECT_FALSE(p.start({"/bin/sh", "-c", "echo 'cannot bind' >&2; exit 3"}));
  EXPECT_NE(p.error().find("exit 3"), std::string::npos) << p.error();
  EXPECT_NE(p.error().find("cannot bind"), std::string::npos) << p.error();
  EXPECT_FALSE(p.unavailable());
  EXPECT_FALSE(p.running());
}

TEST(ServerProcess, TellsAModelThatCannotRunHereFromAFailure) {
  ServerProcess p;
  EXPECT_FALSE(p.start({"/bin/sh", "-c", "exit " + std::to_string(kExitModelUnavailable)}));
  EXPECT_TRUE(p.unavailable());
}

TEST(ServerProcess, GivesUpOnAServerThatNamesNoPort) {
  ServerProcess p;
  EXPECT_FALSE(p.start({"/bin/sh", "-c", "echo 'port soon'; exec sleep 100"}, 300ms));
  EXPECT_NE(p.error().find("named no port"), std::string::npos) << p.error();
  EXPECT_FALSE(p.running());
}

TEST(ServerProcess, ReportsAProgramThatCannotBeRun) {
  ServerProcess p;
  EXPECT_FALSE(p.start({"/nonexistent/server", "0"}));
  EXPECT_NE(p.error().find("cannot run /nonexistent/server"), std::string::npos) << p.error();
}

TEST(ServerProcess, ItsServerDiesWithTheProcessThatStartedIt) {
  // A parent killed before it can stop its server (SIGKILL, a crash) must not leave it behind.
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t parent = ::fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    ServerProcess p;
    pid_t server = p.start({"/bin/sh", "-c", "echo port 1234; exec sleep 100"}) ? p.pid() : -1;
    [[maybe_unused]] auto n = ::write(pipe_fds[1], &server, sizeof server);
    ::_exit(0);  // no destructor: the server is left to the kernel's PR_SET_PDEATHSIG
  }
  ::close(pipe_fds[1]);
  pid_t server = -1;
  ASSERT_EQ(::read(pipe_fds[0], &server, sizeof server), static_cast<ssize_t>(sizeof server));
  ::close(pipe_fds[0]);
  ::waitpid(parent, nullptr, 0);
  ASSERT_GT(server, 0);
  EXPECT_TRUE(ends_within(server, 5s));
}

}  // namespace
}  // namespace ioscope::bench
