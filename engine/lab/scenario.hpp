// What a run is asked to do: which model serves, and the factory's workload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "net/result.hpp"

namespace ioscope {

struct Scenario {
  std::string model = "epoll";
  int clients = 4;
  int messages = 100;
  std::size_t size = 512;
  std::int64_t interval_ns = 2'000'000;
  // Truth checks only: the server pauses stall_ns once, on its first read at least
  // stall_after_ns into the run (0 = never). Honoured by models that read via EchoConnection.
  std::int64_t stall_ns = 0;
  std::int64_t stall_after_ns = 0;
};

inline constexpr int kMaxClients = 512;
inline constexpr int kMaxMessages = 10'000'000;
inline constexpr std::size_t kMaxMessageSize = 1 << 20;
inline constexpr std::int64_t kMaxInterval = 60'000'000'000;

// Names the first thing wrong with a scenario, or nothing.
std::optional<Error> validate(const Scenario& s);

// "2ms", "500us", "1.5s", "250ns", "0": a duration in nanoseconds, or an error naming the text.
Result<std::int64_t> parse_duration(const std::string& text);
std::string format_duration(std::int64_t ns);

}  // namespace ioscope
