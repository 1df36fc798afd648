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
  if (s.bugs.et_no_drain && s.model != "epoll-et")
    return Error{"the et-no-drain bug is about edge-triggered epoll: use model epoll-et, not " +
                 s.model};
  if (s.bugs.thundering_herd && s.model != "epoll" && s.model != "epoll-et")
    return Error{"the thundering-herd bug needs an epoll model (epoll or epoll-et), not " +
                 s.model};
  if (s.uring.any() && s.model != "io_uring")
    return Error{"io_uring features (" + format_uring_features(s.uring) +
                 ") need model io_uring, not " + s.model};
  return std::nullopt;
}

Result<Bugs> parse_bugs(const std::string& text) {
  Bugs bugs;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string name = text.substr(start, comma - start);
    const auto first = name.find_first_not_of(" \t");
    const auto last = name.find_last_not_of(" \t");
    name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
    if (name == "et-no-drain")
      bugs.et_no_drain = true;
    else if (name == "high-fd")
      bugs.high_fd = true;
    else if (name == "thundering-herd")
      bugs.thundering_herd = true;
    else if (name == "tiny-rcvbuf")
      bugs.tiny_rcvbuf = true;
    else if (!name.empty() && name != "none")
      return Error{"unknown bug '" + name + "' (known: " + kBugNames + ")"};
    start = comma + 1;
  }
  return bugs;
}

std::string format_bugs(const Bugs& bugs) {
  std::string out;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += ",";
    out += name;
  };
  add(bugs.et_no_drain, "et-no-drain");
  add(bugs.high_fd, "high-fd");
  add(bugs.thundering_herd, "thundering-herd");
  add(bugs.tiny_rcvbuf, "tiny-rcvbuf");
  return out;
}

Result<std::int64_t> parse_duration(const std::string& text) {
  const Error bad{"'" + text + "' is not a duration (examples: 2ms, 500us, 1.5s, 0)"};
  if (text.empty()) return bad;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(v) || v < 0) return bad;
  const std::string unit(end);
  double scale;
  if (unit == "ns")
    scale = 1;
  else if (unit == "us" || unit == "µs")
    scale = 1e3;
  else if (unit == "ms")
    scale = 1e6;
  else if (unit == "s")
    scale = 1e9;
  else if (unit.empty() && v == 0)
    scale = 1;
  else
    return bad;
  const double ns = v * scale;
  if (ns > 1e15) return Error{"'" + text + "' is too long a duration"};
  return static_cast<std::int64_t>(std::llround(ns));
}

std::string format_duration(std::int64_t ns) {
  char buf[64];
  const double v = static_cast<double>(ns);
  if (ns < 1'000)
    std::snprintf(buf, sizeof buf, "%lldns", static_cast<long long>(ns));
  else if (ns < 1'000'000)
    std::snprintf(buf, sizeof buf, "%.3gus", v / 1e3);
  else if (ns < 1'000'000'000)
    std::snprintf(buf, sizeof buf, "%.3gms", v / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%.3gs", v / 1e9);
  return buf;
}

Result<ProbeMode> parse_probe_mode(const std::string& text) {
  if (text == "auto") return ProbeMode::Auto;
  if (text == "on") return ProbeMode::On;
  if (text == "off") return ProbeMode::Off;
  return Error{"'" + text + "' is not a probe mode: use auto, on or off"};
}

const char* to_string(ProbeMode mode) {
  switch (mode) {
    case ProbeMode::Auto:
      return "auto";
    case ProbeMode::On:
      return "on";
    case ProbeMode::Off:
      return "off";
  }
  return "auto";
}

Result<IdleMode> parse_idle_mode(const std::string& text) {
  if (text == "work") return IdleMode::Work;
  if (text == "sleep") return IdleMode::Sleep;
  return Error{"'" + text +
               "' is not an idle mode: use work (keeps working) or sleep (sleeps "
               "until there is something to do)"};
}

bool idle_applies(const std::string& model) {
  const std::string id = model.substr(0, model.find('+'));  // a comparison's "io_uring+multishot"
  return id == "sigio" || id == "io_uring";
}

const char* to_string(IdleMode mode) {
  return mode == IdleMode::Sleep ? "sleep" : "work";
}

}  // namespace ioscope
