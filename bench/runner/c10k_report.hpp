// ioscope-server-bench --c10k's output: a line per model and side, or one JSON object.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "bench_options.hpp"
#include "c10k_run.hpp"

namespace ioscope::bench {

// What is run (and, when the descriptor limit cut it down, fd_note), then the column titles.
std::string c10k_header(const BenchOptions& options, int wanted, const std::string& fd_note);
// Two lines (ioscope, bare), or why the model was skipped; then why connecting stopped early
// and the errors.
std::string c10k_lines(const C10kModel& model, int requested);
nlohmann::json c10k_json(const BenchOptions& options, int wanted, const std::string& fd_note,
                         const std::vector<C10kModel>& models);

}  // namespace ioscope::bench
