// ioscope-server-bench: ioscope's echo servers against bare C twins of the same models.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_options.hpp"
#include "bench_report.hpp"
#include "c10k_report.hpp"
#include "c10k_run.hpp"
#include "fd_limit.hpp"
#include "model_comparison.hpp"

namespace {

std::atomic<bool> g_cancel{false};

// Ctrl-C or a SIGTERM ends the run in progress; the servers are then stopped as after any run.
void on_signal(int) {
  g_cancel.store(true);
}

void catch_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool executable(const std::string& path) {
  return ::access(path.c_str(), X_OK) == 0;
}

int run_c10k(ioscope::bench::BenchOptions options) {
  using namespace ioscope::bench;
  const int wanted = options.load.connections;
  const FdFit fit = fit_connections_to_fd_limit(wanted);
  options.load.connections = fit.connections;
  if (!fit.note.empty()) std::fprintf(stderr, "ioscope-server-bench: %s\n", fit.note.c_str());
  if (!options.json) std::fputs(c10k_header(options, wanted, fit.note).c_str(), stdout);
  std::fflush(stdout);
  std::vector<C10kModel> results;
  bool ok = true;
  for (const auto& model : options.models) {
    if (g_cancel.load()) break;
    results.push_back(run_c10k_model(options, model, g_cancel));
    ok = ok && results.back().ok();
    if (!options.json) {
      std::fputs(c10k_lines(results.back(), options.load.connections).c_str(), stdout);
      std::fflush(stdout);
    }
  }
  if (options.json)
    std::printf("%s\n", c10k_json(options, wanted, fit.note, results).dump(2).c_str());
  if (g_cancel.load()) {
    std::fprintf(stderr, "ioscope-server-bench: interrupted; the servers were stopped\n");
    return 1;
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ioscope::bench;
  const auto parsed = parse_bench_options(std::vector<std::string>(argv + 1, argv + argc),
                                          IOSCOPE_CLI_PATH, IOSCOPE_BARE_DIR);
  if (!parsed.options) {
    std::fprintf(stderr, "ioscope-server-bench: %s\n", parsed.error.c_str());
    return 2;
  }
  const BenchOptions& options = *parsed.options;
  if (options.help) {
    std::fputs(bench_usage().c_str(), stdout);
    return 0;
  }
  if (!executable(options.cli_path)) {
    std::fprintf(stderr,
                 "ioscope-server-bench: no ioscope-cli at %s: build the ioscope-cli target, or "
                 "pass --cli PATH\n",
                 options.cli_path.c_str());
    return 1;
  }
  for (const auto& model : options.models) {
    const std::string bare = options.bare_dir + "/" + bare_server_name(model);
    if (!executable(bare)) {
      std::fprintf(stderr,
                   "ioscope-server-bench: no %s: build the bench targets, or pass --bare-dir DIR\n",
                   bare.c_str());
      return 1;
    }
  }
  catch_signals();
  if (options.c10k) return run_c10k(options);

  if (!options.json) std::fputs(report_header(options).c_str(), stdout);
  std::fflush(stdout);
  std::vector<ModelComparison> results;
  bool ok = true;
  for (const auto& model : options.models) {
    if (g_cancel.load()) break;
    results.push_back(compare_model(options, model, g_cancel, [](const std::string& line) {
      std::fprintf(stderr, "%s\n", line.c_str());
    }));
    ok = ok && results.back().ok();
    if (!options.json) {
      std::fputs(report_lines(results.back()).c_str(), stdout);
      std::fflush(stdout);
    }
  }
  if (options.json) std::printf("%s\n", report_json(options, results).dump(2).c_str());
  if (g_cancel.load()) {
    std::fprintf(stderr, "ioscope-server-bench: interrupted; the servers were stopped\n");
    return 1;
  }
  return ok ? 0 : 1;
}
