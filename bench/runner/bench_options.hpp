// ioscope-server-bench's command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "load_generator.hpp"

namespace ioscope::bench {

struct BenchOptions {
  std::vector<std::string> models;  // ids, in the order they are measured
  int runs = 5;                     // per server and model
  load::LoadConfig load;            // port left 0: each server's own
  bool json = false;
  bool help = false;
  std::string cli_path;  // ioscope-cli
  std::string bare_dir;  // where bare_<model> live
};

struct ParsedOptions {
  std::optional<BenchOptions> options;
  std::string error;  // names the flag at fault
};

// args excludes argv[0]. Defaults: every model, the paths this build put its binaries at.
ParsedOptions parse_bench_options(const std::vector<std::string>& args,
                                  const std::string& default_cli_path,
                                  const std::string& default_bare_dir);

std::string bench_usage();

// The model ids ioscope-cli serve knows, in Stevens' order, and each one's bare twin.
const std::vector<std::string>& bench_model_ids();
std::string bare_server_name(const std::string& model);  // "epoll-et" -> "bare_epoll_et"

}  // namespace ioscope::bench
