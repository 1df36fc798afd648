// ioscope-server-bench end to end: tiny runs against the real ioscope-cli serve and bare
// servers. Correctness only (a ratio line, valid JSON, errors naming the flag, no server left
// running); never the figures themselves.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "bench_process.hpp"

namespace {

using namespace std::chrono_literals;
using namespace ioscope::bench::test;

TEST(ServerBench, PrintsARatioLineForTheModelItIsAskedFor) {
  const BenchRun r =
      run_bench({"--model", "epoll", "--runs", "1", "--seconds", "0.3", "--connections", "4"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  // "epoll  0.612  0.612-0.612  ...": the median ratio, then its spread.
  const std::regex line(R"((^|\n)epoll +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}-[0-9]+\.[0-9]{3} )");
  EXPECT_TRUE(std::regex_search(r.out, line)) << r.out;
  EXPECT_EQ(r.out.find("error"), std::string::npos) << r.out;
  EXPECT_EQ(r.orphans, 0);
}

TEST(ServerBench, PrintsTheSameAsJson) {
  const BenchRun r = run_bench(
      {"--model", "epoll-et", "--runs", "2", "--seconds", "0.2", "--connections", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc.at("ok").get<bool>());
  ASSERT_EQ(doc.at("models").size(), 1u);
  const auto& model = doc.at("models")[0];
  EXPECT_EQ(model.at("model"), "epoll-et");
  EXPECT_EQ(model.at("ratios").size(), 2u);
  const double median = model.at("ratio").at("median").get<double>();
  EXPECT_GT(median, 0.0);
  EXPECT_LE(model.at("ratio").at("min").get<double>(), median);
  EXPECT_GE(model.at("ratio").at("max").get<double>(), median);
  EXPECT_EQ(model.at("ioscope").at("runs").size(), 2u);
  EXPECT_EQ(model.at("bare").at("runs").size(), 2u);
  EXPECT_EQ(doc.at("config").at("connections"), 3);
}

// Traced and untraced ioscope beside the bare twin in the same runs, so the ratio with tracing
// off (what tracing costs) comes from the same command; io_uring's variants are measured
// against the plain bare_io_uring.
TEST(ServerBench, MeasuresTracedAndUntracedAndIoUringsVariants) {
  const BenchRun r = run_bench({"--model", "poll,io_uring+multishot+defer-taskrun", "--runs", "2",
                                "--seconds", "0.2", "--connections", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("config").at("ioscope_tracing"), "both");
  ASSERT_EQ(doc.at("models").size(), 2u);
  for (const auto& model : doc.at("models")) {
    if (model.contains("skipped")) continue;  // io_uring disabled here
    EXPECT_EQ(model.at("ratios").size(), 2u) << model.dump();
    EXPECT_EQ(model.at("untraced_ratios").size(), 2u) << model.dump();
    EXPECT_GT(model.at("untraced_ratio").at("median").get<double>(), 0.0);
    EXPECT_EQ(model.at("untraced").at("runs").size(), 2u);
    EXPECT_TRUE(model.at("errors").empty()) << model.dump();
  }
  EXPECT_EQ(doc.at("models")[1].at("model"), "io_uring+multishot+defer-taskrun");
  EXPECT_EQ(r.orphans, 0);

  const BenchRun off = run_bench({"--model", "select", "--runs", "1", "--seconds", "0.2",
                                  "--connections", "2", "--tracing", "off", "--json"});
  ASSERT_EQ(off.exit_code, 0) << off.out << off.err;
  const auto only = nlohmann::json::parse(off.out).at("models")[0];
  EXPECT_FALSE(only.contains("ratio")) << only.dump();
  EXPECT_EQ(only.at("untraced_ratios").size(), 1u) << only.dump();
}

TEST(ServerBench, RunsAnOpenLoop) {
  const BenchRun r = run_bench({"--model", "poll", "--runs", "1", "--seconds", "0.3",
                                "--connections", "4", "--mode", "open", "--rate", "100"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("open loop"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"((^|\n)poll +[0-9]+\.[0-9]{3} )"))) << r.out;
}

TEST(ServerBench, NamesAnUnknownFlag) {
  const BenchRun r = run_bench({"--model", "epoll", "--silly"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--silly"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(ServerBench, NamesTheFlagWithABadValue) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--runs", "zero"},
                                               {"--seconds", "-1"},
                                               {"--model", "kqueue"},
                                               {"--model", "epoll+multishot"},
                                               {"--model", "io_uring+turbo"},
                                               {"--tracing", "maybe"},
                                               {"--mode", "sideways"},
                                               {"--connections"}}) {
    const BenchRun r = run_bench(args);
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_NE(r.err.find(args[0]), std::string::npos) << r.err;
  }
}

TEST(ServerBench, RefusesARateForAClosedLoop) {
  const BenchRun r = run_bench({"--rate", "100"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--rate"), std::string::npos) << r.err;
}

TEST(ServerBench, LeavesNoServerRunningWhenInterrupted) {
  // Long runs, interrupted in the middle of one: the server then measured must go too.
  const BenchRun r = run_bench({"--model", "nonblocking", "--runs", "3", "--seconds", "5"}, 1500ms);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
  EXPECT_EQ(r.orphans, 0);
}

}  // namespace
