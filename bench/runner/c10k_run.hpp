// C10K on one machine: each model's ioscope server and its bare twin, one after the other,
// each made to hold many connections while a few of them talk.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "bench_options.hpp"
#include "model_comparison.hpp"

namespace ioscope::bench {

struct C10kSide {
  bool ran = false;
  ServerRun run;  // run.load.connections_held: what the server actually held
};

struct C10kModel {
  std::string model;
  std::string skipped;  // why neither side ran (select above FD_SETSIZE, io_uring disabled...)
  C10kSide ioscope;
  C10kSide bare;
  std::vector<std::string> errors;  // echo errors and failed servers, not connections refused
  bool ok() const { return errors.empty(); }
};

// select's wall: above this many connections its servers would get descriptors >= FD_SETSIZE.
inline constexpr int kSelectMaxConnections = 1000;

// options.load.connections is the number to hold, already fitted to RLIMIT_NOFILE.
C10kModel run_c10k_model(const BenchOptions& options, const std::string& model,
                         const std::atomic<bool>& cancel);

}  // namespace ioscope::bench
