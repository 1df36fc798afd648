#include "c10k_run.hpp"

#include <sys/select.h>

#include "server_process.hpp"

namespace ioscope::bench {

namespace {

std::string select_skip_reason(int connections) {
  return "select cannot watch descriptors at or above " + std::to_string(FD_SETSIZE) +
         " (FD_SETSIZE), and " + std::to_string(connections) +
         " connections need that many and more in the server; skipped (at most " +
         std::to_string(kSelectMaxConnections) + " connections; poll and epoll have no such wall)";
}

// Stopping a server that holds thousands of connections (ten thousand threads, for blocking)
// takes longer than the usual grace.
constexpr auto kStopGrace = std::chrono::seconds(20);

}  // namespace

C10kModel run_c10k_model(const BenchOptions& options, const std::string& model,
                         const std::atomic<bool>& cancel) {
  C10kModel result;
  result.model = model;
  if (model == "select" && options.load.connections > kSelectMaxConnections) {
    result.skipped = select_skip_reason(options.load.connections);
    return result;
  }
  for (Side side : {Side::Ioscope, Side::Bare}) {
    if (cancel.load()) break;
    const std::string who = std::string(name_of(side)) + " " + model;
    ServerProcess server;
    if (!server.start(server_argv(options, model, side))) {
      if (says_unavailable(server)) {
        result.skipped = last_words(server);
      } else {
        result.errors.push_back(who + ": " + server.error());
      }
      return result;
    }
    load::LoadConfig config = options.load;
    config.port = server.port();
    config.active_connections = active_connections(options);
    config.hold_what_it_can = true;
    load::LoadReport report = load::run_load(config, &cancel);
    const std::string ended = server.stop(kStopGrace);
    for (const auto& e : report.error_messages) result.errors.push_back(who + ": " + e);
    if (report.errors > report.error_messages.size())
      result.errors.push_back(who + ": and " +
                              std::to_string(report.errors - report.error_messages.size()) +
                              " more failed connections");
    if (ended != "exit 0" && !cancel.load())
      result.errors.push_back(who + ": the server ended with " + ended +
                              " when stopped: " + last_words(server));
    C10kSide& out = side == Side::Ioscope ? result.ioscope : result.bare;
    out.ran = true;
    out.run = {std::move(report), server.cpu_seconds(), server.peak_rss_kb()};
  }
  return result;
}

}  // namespace ioscope::bench
