// How a block's events are laid out before zstd: column by column, so that zstd sees runs of
// alike bytes, behind a directory of the columns' lengths, so that they are read back in one
// pass, event by event (FORMAT.md, "Encoded events"). Lossless: every field of every event comes
// back exactly, whatever its value, and the events keep their order.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "trace/trace_event.hpp"

namespace ioscope::record {

// Appends the encoding of events to out (max_raw_block_bytes(events.size()) at most).
void encode_events(std::span<const TraceEvent> events, std::vector<unsigned char>& out);

// Decodes exactly count events from bytes, which they must use up exactly, and appends them to
// out. Nothing on success; otherwise what is wrong with the bytes (out may then hold some of the
// events).
std::optional<std::string> decode_events(std::span<const unsigned char> bytes, std::size_t count,
                                         std::vector<TraceEvent>& out);

}  // namespace ioscope::record
