// A duration as people read it: "850 ns", "12.5 µs", "1.5 ms", "2 s" (at most three decimals).
// Shared by the timeline's ruler, the event list, the inspector and the status line; it lives at
// the bottom of the UI so that none of them reaches into another's folder for it.
#pragma once

#include <cstdint>
#include <string>

namespace ioscope::ui {

std::string readable_duration(std::int64_t ns);

}  // namespace ioscope::ui
