// ioscope-server-bench's command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "load_generator.hpp"

namespace ioscope::bench {

// Which of ioscope's servers each run measures beside the bare twin: traced (as a lesson runs
// it), untraced ('ioscope-cli serve --untraced': what tracing costs), or both.
enum class Tracing { On, Off, Both };

struct BenchOptions {
  // ids, in the order they are measured; io_uring may carry its features after '+'
  // ("io_uring+multishot"), measured against the plain bare_io_uring
  std::vector<std::string> models;
  Tracing tracing = Tracing::Both;
  int runs = 5;           // per server and model
  load::LoadConfig load;  // port left 0: each server's own
  bool json = false;
  // C10K: many connections held, few of them (active_fraction) talking; one run per side.
  bool c10k = false;
  double active_fraction = 0.01;
  int server_cap = 0;  // --c10k: ioscope-cli serve --max-connections (0: the connections asked)
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

// The most connections one run may ask for: 127.0.0.1 to one port gets one local port each,
// from the ephemeral range (32768-60999 by default: 28232 ports).
inline constexpr int kMaxConnections = 28000;
inline constexpr int kC10kConnections = 10000;

// In --c10k mode, how many of the connections talk (at least one).
int active_connections(const BenchOptions& options);

// The model ids ioscope-cli serve knows, in Stevens' order, and each one's bare twin.
const std::vector<std::string>& bench_model_ids();
std::string bare_server_name(const std::string& model);  // "epoll-et" -> "bare_epoll_et"
// "io_uring+multishot" -> "io_uring" and "multishot"; a plain id -> itself and "".
std::string base_model(const std::string& spec);
std::string uring_features_of(const std::string& spec);

}  // namespace ioscope::bench
