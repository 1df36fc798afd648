// A load generator for echo servers on 127.0.0.1: N connections, messages of S bytes, for a
// duration, in a closed loop (each connection sends a message, waits for its whole echo,
// repeats) or an open loop (each sends at a fixed rate whatever the echoes do, and latency
// counts from the intended send time). Every echoed byte is checked; a wrong, missing, extra or
// reordered byte is an error that names the connection and the offset.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "latency_summary.hpp"

namespace ioscope::load {

enum class LoadMode { Closed, Open };

struct LoadConfig {
  std::uint16_t port = 0;
  int connections = 50;
  std::size_t message_size = 64;
  std::chrono::nanoseconds duration = std::chrono::seconds(2);
  LoadMode mode = LoadMode::Closed;
  double rate_per_connection = 200;  // open loop: messages per second on each connection
  // After the measured window no new message is sent; echoes still owed may take this long
  // before they count as missing.
  std::chrono::nanoseconds drain_timeout = std::chrono::seconds(2);
  std::size_t max_error_messages = 10;
  // C10K: only the first active_connections send (0: all of them); the rest stay connected
  // and idle, so the server holds many connections while few of them talk.
  int active_connections = 0;
  // C10K: a connection that cannot be made ends the connecting and the run goes on with those
  // made; one the server closes with nothing owed (turned away at a cap) is not held, which is
  // a figure to report, not an echo error.
  bool hold_what_it_can = false;
  // A full accept queue drops SYNs, and a blocking connect would then wait for minutes.
  std::chrono::nanoseconds connect_timeout = std::chrono::seconds(3);
};

struct LoadReport {
  std::uint64_t round_trips = 0;            // echoes completed inside the measured window
  double seconds = 0;                       // the measured window
  LatencySummary latency;                   // of those round trips
  std::uint64_t errors = 0;                 // failed connections (and a run that could not start)
  std::vector<std::string> error_messages;  // the first max_error_messages of them
  int connections_made = 0;
  int connections_held = 0;   // made, and still open without an error at the end
  std::string connect_error;  // hold_what_it_can: why connecting stopped before the last one

  double round_trips_per_second() const {
    return seconds > 0 ? static_cast<double>(round_trips) / seconds : 0;
  }
};

// Blocks for about duration (+ at most drain_timeout). cancel, when set, ends the window early.
LoadReport run_load(const LoadConfig& config, const std::atomic<bool>* cancel = nullptr);

// Why config cannot be run, or empty.
std::string check_load_config(const LoadConfig& config);

}  // namespace ioscope::load
