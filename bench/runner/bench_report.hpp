// ioscope-server-bench's output: a table a person reads, or one JSON object.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "bench_options.hpp"
#include "model_comparison.hpp"

namespace ioscope::bench {

// What was run, then the column titles.
std::string report_header(const BenchOptions& options);
// One model's line ("epoll  0.612  0.580-0.640  ..."), or why it was skipped, then its errors.
std::string report_lines(const ModelComparison& model);
nlohmann::json report_json(const BenchOptions& options, const std::vector<ModelComparison>& models);

}  // namespace ioscope::bench
