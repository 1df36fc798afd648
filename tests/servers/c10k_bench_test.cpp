// ioscope-server-bench --c10k end to end, scaled down to suit a loaded 2-core machine: every
// connection held, no byte wrong, a descriptor limit too low for the number asked, and select's
// FD_SETSIZE wall. Correctness only, never the figures.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "bench_process.hpp"

namespace {

using namespace std::chrono_literals;
using namespace ioscope::bench::test;

// "epoll  ioscope  300/300  ...  0": held/asked first, the errors last.
bool has_side_line(const std::string& out, const std::string& side, int held, int asked,
                   const std::string& model = "epoll") {
  const std::regex line("(^|\n)" + model + " +" + side + " +" + std::to_string(held) + "/" +
                        std::to_string(asked) + " [^\n]* 0\n");
  return std::regex_search(out, line);
}

TEST(C10kBench, HoldsEveryConnectionWithNoByteWrongOnEitherSide) {
  const BenchRun r = run_bench({"--c10k", "--model", "epoll", "--connections", "300", "--active",
                                "0.03", "--seconds", "0.3"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has_side_line(r.out, "ioscope", 300, 300)) << r.out;
  EXPECT_TRUE(has_side_line(r.out, "bare", 300, 300)) << r.out;
  EXPECT_NE(r.out.find("9 active"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("error:"), std::string::npos) << r.out;
  EXPECT_EQ(r.orphans, 0);
}

TEST(C10kBench, ReportsEachSideAsJson) {
  const BenchRun r = run_bench({"--c10k", "--model", "poll", "--connections", "200", "--active",
                                "0.05", "--seconds", "0.2", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc.at("ok").get<bool>());
  EXPECT_EQ(doc.at("config").at("active_connections"), 10);
  ASSERT_EQ(doc.at("models").size(), 1u);
  for (const char* side : {"ioscope", "bare"}) {
    const auto& s = doc.at("models")[0].at(side);
    EXPECT_EQ(s.at("connections_held"), 200) << side;
    EXPECT_EQ(s.at("errors"), 0) << side;
    EXPECT_GT(s.at("round_trips").get<int>(), 0) << side;
    EXPECT_GT(s.at("peak_rss_kib").get<long>(), 0) << side;
  }
}

TEST(C10kBench, RunsTheConnectionsThatFitWhenTheDescriptorLimitIsTooLow) {
  // 600 connections need 664 descriptors in the bench and in each server; 400 leave room for 336.
  const BenchRun r = run_bench({"--c10k", "--model", "epoll", "--connections", "600", "--active",
                                "0.02", "--seconds", "0.2"},
                               0ms, 400);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("RLIMIT_NOFILE is 400"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("600 connections need 664"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("running 336 connections instead"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ulimit -n 664"), std::string::npos) << r.err;
  EXPECT_TRUE(has_side_line(r.out, "ioscope", 336, 336)) << r.out;
  EXPECT_TRUE(has_side_line(r.out, "bare", 336, 336)) << r.out;
}

TEST(C10kBench, ShowsTheBlockingServerHoldingOnlyUpToItsThreadCap) {
  // The connections over the cap are closed at once: not held, and not an echo error.
  const BenchRun r = run_bench({"--c10k", "--model", "blocking", "--connections", "60",
                                "--max-connections", "20", "--active", "0.1", "--seconds", "0.2"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(has_side_line(r.out, "ioscope", 20, 60, "blocking")) << r.out;
  EXPECT_TRUE(has_side_line(r.out, "bare", 60, 60, "blocking")) << r.out;
  EXPECT_NE(r.out.find("--max-connections 20"), std::string::npos) << r.out;
}

TEST(C10kBench, SkipsSelectAboveFdSetSizeAndSaysWhy) {
  const BenchRun r =
      run_bench({"--c10k", "--model", "select", "--connections", "1100", "--seconds", "0.1"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"((^|\n)select +skipped: [^\n]*FD_SETSIZE)")))
      << r.out;
  EXPECT_EQ(r.orphans, 0);
}

TEST(C10kBench, RefusesFlagsThatDoNotBelongToItsMode) {
  for (const auto& [args, flag] :
       {std::pair{std::vector<std::string>{"--active", "0.1"}, "--active"},
        std::pair{std::vector<std::string>{"--c10k", "--runs", "3"}, "--runs"},
        std::pair{std::vector<std::string>{"--max-connections", "9"}, "--max-connections"},
        std::pair{std::vector<std::string>{"--c10k", "--active", "2"}, "--active"}}) {
    const BenchRun r = run_bench(args);
    EXPECT_EQ(r.exit_code, 2) << flag;
    EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
  }
}

}  // namespace
