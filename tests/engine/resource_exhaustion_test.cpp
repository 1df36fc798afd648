// Out of descriptors, a run says so in one sentence that names the limit and the way out, and the
// process goes on (it is not killed, nothing aborts). The run is made in a child process whose
// RLIMIT_NOFILE is lowered to 64, so the rest of the suite keeps its own.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "../test_process.hpp"
#include "../test_scenario.hpp"
#include "lab/run.hpp"
#include "lab/serve_session.hpp"
#include "net/stop_signal.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {
namespace {

// ThreadSanitizer's runtime runs a thread of its own, and a child forked from a multithreaded
// process may not start threads under it (die_after_fork): there this check cannot be made.
#if defined(__SANITIZE_THREAD__)
constexpr bool kForkCanStartThreads = false;
#else
constexpr bool kForkCanStartThreads = true;
#endif

// The address sanitizer preset (ASan + UBSan) opens files of its own while it checks: out of
// descriptors, UBSan cannot read /proc/self/maps and reports an invalid vptr that is not there
// (std::thread's state, as a thread starts). Those cases run in the release stages, loaded too.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitizerNeedsDescriptors = true;
#else
constexpr bool kSanitizerNeedsDescriptors = false;
#endif
constexpr const char* kNoSpareForUbsan =
    "with no descriptor spare, UBSan cannot read /proc/self/maps for its own checks";

// What `report` returns, computed in a forked child once `limit` has cut its descriptors (false:
// it could not; the child exits 3). The child exits 0 having written the text; a throw, a crash
// or a failed write shows as such.
template <typename Limit, typename Report>
std::string inALimitedChild(Limit limit, Report report) {
  int out[2];
  if (::pipe(out) != 0) return "pipe failed";
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(out[0]);
    if (!limit(out[1])) ::_exit(3);
    const std::string text = report();
    if (::write(out[1], text.data(), text.size()) != static_cast<ssize_t>(text.size())) ::_exit(4);
    ::_exit(0);
  }
  ::close(out[1]);
  std::string text;
  char buf[512];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) text.append(buf, n);
  ::close(out[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status)) return "the child died with signal " + std::to_string(WTERMSIG(status));
  if (WEXITSTATUS(status) != 0) return "the child exited " + std::to_string(WEXITSTATUS(status));
  return text;
}

// The run's error (or "" when it succeeded), from a child limited to `limit` descriptors, or to
// `-limit` more than it has open when `limit` is negative.
std::string errorOfARunLimitedTo(long long limit, int clients) {
  return inALimitedChild(
      [limit](int) {
        const rlim_t n = limit >= 0 ? static_cast<rlim_t>(limit)
                                    : static_cast<rlim_t>(test::open_fd_count() - limit);
        rlimit r{n, n};
        return ::setrlimit(RLIMIT_NOFILE, &r) == 0;
      },
      [clients] {
        TraceHub hub;
        Run run(test::scenario("epoll", clients, 2, 64, 1'000'000));
        return run.execute(hub).error;
      });
}

// What `report` returns, computed in a child whose every descriptor is taken.
template <typename Report>
std::string inAChildWithNoDescriptorLeft(Report report) {
  return inALimitedChild(
      [](int out) {
        rlimit r{256, 256};
        if (::setrlimit(RLIMIT_NOFILE, &r) != 0) return false;
        while (::dup(out) >= 0) {
        }
        return true;
      },
      report);
}

TEST(ResourceExhaustion, TooFewDescriptorsIsOneSentenceNamingTheLimitAndTheWayOut) {
  if (!kForkCanStartThreads) GTEST_SKIP() << "a forked child cannot start threads under TSan";
  if (kSanitizerNeedsDescriptors) GTEST_SKIP() << kNoSpareForUbsan;
  const std::string e = errorOfARunLimitedTo(64, 100);
  EXPECT_NE(e.find("Too many open files"), std::string::npos) << e;
  EXPECT_NE(e.find("64 descriptors"), std::string::npos) << e;
  EXPECT_NE(e.find("ulimit -n"), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

// With almost no descriptor left, the server itself (its epoll_create1) may be what runs out,
// before any client: the sentence still names the limit and the way out.
TEST(ResourceExhaustion, WhicheverSideRunsOutTheSentenceNamesTheLimit) {
  if (!kForkCanStartThreads) GTEST_SKIP() << "a forked child cannot start threads under TSan";
  if (kSanitizerNeedsDescriptors) GTEST_SKIP() << kNoSpareForUbsan;
  for (long long spare = 0; spare <= 4; ++spare) {
    const std::string e = errorOfARunLimitedTo(-spare, 1);
    SCOPED_TRACE(e);
    EXPECT_NE(e.find("Too many open files"), std::string::npos) << spare;
    EXPECT_NE(e.find("ulimit -n"), std::string::npos) << spare;
  }
}

// With no descriptor for its eventfd, a stop signal still works as a flag and says why nothing
// can wait on it; runs and servers made on it report that sentence instead of throwing.
TEST(ResourceExhaustion, AStopSignalWithoutItsEventfdSaysWhyAndRunsReportIt) {
  if (!kForkCanStartThreads) GTEST_SKIP() << "a forked child cannot start threads under TSan";
  if (kSanitizerNeedsDescriptors) GTEST_SKIP() << kNoSpareForUbsan;
  const std::string signal = inAChildWithNoDescriptorLeft([] {
    StopSignal stop;
    if (!stop.unusable()) return std::string("usable");
    stop.request();
    return stop.unusable()->message + (stop.requested() ? " [requested]" : " [not requested]");
  });
  EXPECT_NE(signal.find("eventfd"), std::string::npos) << signal;
  EXPECT_NE(signal.find("Too many open files"), std::string::npos) << signal;
  EXPECT_NE(signal.find("ulimit -n"), std::string::npos) << signal;
  EXPECT_NE(signal.find("[requested]"), std::string::npos) << signal;

  const std::string run = inAChildWithNoDescriptorLeft([] {
    TraceHub hub;
    ioscope::Run r(test::scenario("epoll", 1, 2, 64, 1'000'000));
    return r.execute(hub).error;
  });
  EXPECT_NE(run.find("ulimit -n"), std::string::npos) << run;

  const std::string served = inAChildWithNoDescriptorLeft([] {
    TraceHub hub;
    StopSignal stop;
    return serve_model("epoll", 0, hub, stop, nullptr, ServeOptions{}).error;
  });
  EXPECT_NE(served.find("ulimit -n"), std::string::npos) << served;
}

TEST(ResourceExhaustion, WithinTheLimitTheSameRunSucceeds) {
  if (!kForkCanStartThreads) GTEST_SKIP() << "a forked child cannot start threads under TSan";
  EXPECT_EQ(errorOfARunLimitedTo(64, 4), "");
}

}  // namespace
}  // namespace ioscope
