#include "lab/scenario.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "models/model.hpp"

namespace ioscope {

std::optional<Error> validate(const Scenario& s) {
  const ModelInfo* m = find_model(s.model);
  if (m == nullptr)
    return Error{"unknown model '" + s.model + "' (known: " + model_ids_joined() + ")"};
  if (s.clients < 1 || s.clients > kMaxClients)
    return Error{"clients must be between 1 and " + std::to_string(kMaxClients) + ", not " +
                 std::to_string(s.clients)};
  if (s.messages < 1 || s.messages > kMaxMessages)
    return Error{"messages must be between 1 and " + std::to_string(kMaxMessages) + ", not " +
                 std::to_string(s.messages)};
  if (s.size < 1 || s.size > kMaxMessageSize)
    return Error{"size must be between 1 byte and 1 MiB (1048576), not " + std::to_string(s.size)};
  if (s.interval_ns < 0 || s.interval_ns > kMaxInterval)
    return Error{"interval must be between 0 and 60s, not " + format_duration(s.interval_ns)};
  return std::nullopt;
}

Result<std::int64_t> parse_duration(const std::string& text) {
  const Error bad{"'" + text + "' is not a duration (examples: 2ms, 500us, 1.5s, 0)"};
  if (text.empty()) return bad;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(v) || v < 0) return bad;
  const std::string unit(end);
  double scale;
  if (unit == "ns") scale = 1;
  else if (unit == "us" || unit == "µs") scale = 1e3;
  else if (unit == "ms") scale = 1e6;
  else if (unit == "s") scale = 1e9;
  else if (unit.empty() && v == 0) scale = 1;
  else return bad;
  const double ns = v * scale;
  if (ns > 1e15) return Error{"'" + text + "' is too long a duration"};
  return static_cast<std::int64_t>(std::llround(ns));
}

std::string format_duration(std::int64_t ns) {
  char buf[64];
  const double v = static_cast<double>(ns);
  if (ns < 1'000) std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
  else if (ns < 1'000'000) std::snprintf(buf, sizeof buf, "%.3gus", v / 1e3);
  else if (ns < 1'000'000'000) std::snprintf(buf, sizeof buf, "%.3gms", v / 1e6);
  else std::snprintf(buf, sizeof buf, "%.3gs", v / 1e9);
  return buf;
}

}  // namespace ioscope
