// Every model is the same echo server: whatever the factory sends comes back byte for byte,
// for one client and for many, for tiny and for large messages (partial reads and writes).
#include <gtest/gtest.h>

#include <tuple>

#include "models/model.hpp"
#include "run_helpers.hpp"

namespace ioscope {
namespace {

using EchoParam = std::tuple<std::string, int, std::size_t>;

class ModelEcho : public ::testing::TestWithParam<EchoParam> {};

TEST_P(ModelEcho, EchoesEveryByteBack) {
  const auto& [model, clients, size] = GetParam();
  const ModelInfo* info = find_model(model);
  ASSERT_NE(info, nullptr);
  if (info->unavailable && info->unavailable()) GTEST_SKIP() << *info->unavailable();
  const int messages = size >= 65536 ? 8 : 20;
  auto run = test::run_traced(test::scenario(model.c_str(), clients, messages, size, 1'000'000));
  ASSERT_TRUE(run.summary.error.empty()) << run.summary.error;
  const auto expected =
      static_cast<std::uint64_t>(clients) * static_cast<std::uint64_t>(messages) * size;
  EXPECT_EQ(run.summary.bytes_sent, expected);
  EXPECT_EQ(run.summary.bytes_verified, expected);
  EXPECT_EQ(run.summary.latency.count, static_cast<std::uint64_t>(clients * messages));
  // Every event made is either delivered or counted as dropped: the ring never loses one
  // silently.
  EXPECT_EQ(run.arrival.size() + run.summary.dropped, run.summary.counters.events)
      << run.arrival.size() << " delivered, " << run.summary.dropped << " dropped";
  // A busy-polling buyer makes events as fast as the CPU lets it (two per EAGAIN), so on a
  // loaded or sanitized machine the ring may fill before the reader empties it; the others make
  // a bounded number per message.
  if (model != "nonblocking") {
    EXPECT_EQ(run.summary.dropped, 0u);
  }
}

std::string param_name(const ::testing::TestParamInfo<EchoParam>& info) {
  std::string model = std::get<0>(info.param);
  for (auto& ch : model)
    if (ch == '-') ch = '_';
  return model + "_" + std::to_string(std::get<1>(info.param)) + "clients_" +
         std::to_string(std::get<2>(info.param)) + "B";
}

INSTANTIATE_TEST_SUITE_P(
    AllModels, ModelEcho,
    ::testing::Combine(::testing::Values("blocking", "nonblocking", "select", "poll", "epoll",
                                         "epoll-et", "sigio", "io_uring"),
                       ::testing::Values(1, 16),
                       ::testing::Values(std::size_t{1}, std::size_t{1024}, std::size_t{65536})),
    param_name);

}  // namespace
}  // namespace ioscope
