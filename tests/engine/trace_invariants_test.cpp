// What every model's trace must say, whatever the model: the data was in the kernel before the
// read that returned it ended, and phase 2 never starts before phase 1 is over.
#include <gtest/gtest.h>

#include "models/model.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

class EveryModelTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryModelTrace, KernelReadyIsNeverAfterTheReadThatReturnedTheData) {
  const ModelInfo* info = find_model(GetParam());
  ASSERT_NE(info, nullptr);
  if (info->unavailable && info->unavailable()) GTEST_SKIP() << *info->unavailable();
  auto run = test::run_traced(test::scenario(GetParam().c_str(), 4, 20, 512, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  int checked = 0;
  int ready_events = 0;
  const auto& a = run.arrival;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != EventKind::KernelReady) continue;
    ++ready_events;
    // The read's copy span is recorded right after its kernel-ready, by the same thread.
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      if (a[j].kind == EventKind::CopyEnd && a[j].fd == a[i].fd && a[j].conn == a[i].conn) {
        EXPECT_LE(a[i].t_ns, a[j].t_ns) << "kernel-ready after the read ended, fd " << a[i].fd;
        ++checked;
        break;
      }
    }
  }
  // Reads may merge messages (more so on a slow machine), but every client's data arrived.
  EXPECT_GE(ready_events, 4);
  EXPECT_EQ(checked, ready_events) << "a kernel-ready without the read that returned its data";
}

TEST_P(EveryModelTrace, PhaseTwoStartsNoEarlierThanTheDataWasReady) {
  const ModelInfo* info = find_model(GetParam());
  if (info->unavailable && info->unavailable()) GTEST_SKIP() << *info->unavailable();
  auto run = test::run_traced(test::scenario(GetParam().c_str(), 2, 10, 64, 2'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  const auto& a = run.arrival;
  int checked = 0;
  for (std::size_t i = 0; i + 1 < a.size(); ++i) {
    if (a[i].kind != EventKind::KernelReady) continue;
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      if (a[j].kind == EventKind::CopyBegin && a[j].fd == a[i].fd) {
        EXPECT_GE(a[j].t_ns, a[i].t_ns);
        ++checked;
        break;
      }
    }
  }
  EXPECT_GT(checked, 0);
  EXPECT_EQ(run.summary.kernel_ready_source(), "kernel")
      << "the kernel did not stamp the data (SO_TIMESTAMPING): "
      << run.summary.counters.kernel_inferred << " inferred";
}

INSTANTIATE_TEST_SUITE_P(AllModels, EveryModelTrace,
                         ::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                           "epoll-et", "sigio", "io_uring"),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param;
                           for (auto& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

}  // namespace
}  // namespace ioscope
