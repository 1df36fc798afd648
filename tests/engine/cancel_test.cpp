// Every start has a stop: a run cancelled at any moment ends promptly and leaves no descriptor
// and no thread behind.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "models/model.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

using CancelParam = std::tuple<std::string, int>;  // model, cancel after this many ms

class CancelAnyMoment : public ::testing::TestWithParam<CancelParam> {};

TEST_P(CancelAnyMoment, StopsPromptlyAndLeavesNoFdOrThread) {
  const auto& [model, after_ms] = GetParam();
  const ModelInfo* info = find_model(model);
  ASSERT_NE(info, nullptr);
  if (info->unavailable && info->unavailable()) GTEST_SKIP() << *info->unavailable();
  const int fds_before = test::open_fd_count();
  const int threads_before = test::thread_count();
  {
    // Slow factory: clients spend most of the run with the server waiting for data.
    ioscope::Run run(test::scenario(model.c_str(), 4, 100, 64, 500'000'000));
    TraceHub hub;
    RunSummary summary;
    std::atomic<bool> done{false};
    if (after_ms < 0) run.cancel();  // cancelled before it even started
    std::thread engine([&] {
      summary = run.execute(hub);
      done.store(true);
    });
    std::vector<TraceEvent> sink;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start <
           std::chrono::milliseconds(std::max(after_ms, 0))) {
      hub.drain(sink);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const auto cancelled_at = std::chrono::steady_clock::now();
    run.cancel();
    while (!done.load() &&
           std::chrono::steady_clock::now() - cancelled_at < std::chrono::seconds(5)) {
      hub.drain(sink);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_TRUE(done.load()) << "the run did not stop within 5 s of cancel()";
    engine.join();
    EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, std::chrono::seconds(2));
    EXPECT_TRUE(summary.cancelled || summary.ok()) << summary.error;
    EXPECT_TRUE(summary.error.empty()) << summary.error;
  }
  EXPECT_EQ(test::open_fd_count(), fds_before);
  EXPECT_EQ(test::thread_count(), threads_before);
}

std::string cancel_name(const ::testing::TestParamInfo<CancelParam>& info) {
  std::string model = std::get<0>(info.param);
  for (auto& ch : model)
    if (ch == '-') ch = '_';
  const int ms = std::get<1>(info.param);
  return model + (ms < 0 ? std::string("_before_start") : "_after_" + std::to_string(ms) + "ms");
}

INSTANTIATE_TEST_SUITE_P(AllModels, CancelAnyMoment,
                         ::testing::Combine(::testing::Values("blocking", "nonblocking", "select",
                                                              "poll", "epoll", "epoll-et", "sigio",
                                                              "io_uring"),
                                            ::testing::Values(-1, 0, 3, 80, 700)),
                         cancel_name);

}  // namespace
}  // namespace ioscope
