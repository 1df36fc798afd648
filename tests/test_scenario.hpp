// A scenario in one line, for engine and UI tests alike.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lab/scenario.hpp"

namespace ioscope::test {

inline Scenario scenario(const char* model, int clients, int messages, std::size_t size,
                         std::int64_t interval_ns) {
  Scenario s;
  s.model = model;
  s.clients = clients;
  s.messages = messages;
  s.size = size;
  s.interval_ns = interval_ns;
  return s;
}

}  // namespace ioscope::test
