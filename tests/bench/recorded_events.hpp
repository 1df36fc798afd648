// The recordings the recording benchmarks save, shared with the window's (recording_window_bench):
// a real classroom run repeated to n events, with or without jitter (recording_bench.cpp).
#pragma once

#include <cstddef>
#include <string>

namespace ioscope {

// The path of a recording of n events, saved once and removed when the program exits.
const std::string& saved_file(std::size_t n, bool jitter);

}  // namespace ioscope
