// What a load connection sends: a byte stream that is a function of the connection and the
// offset alone, so any echo can be checked without keeping a copy of what was sent. Each
// connection's stream differs from every other's and from itself shifted, so a flipped byte, a
// lost or repeated stretch, two messages swapped or another connection's bytes all show up as
// the first offset where the echo and the pattern disagree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace ioscope::load {

std::uint8_t pattern_byte(std::uint32_t connection, std::uint64_t offset);

// Writes the pattern's bytes [offset, offset + out.size()) of that connection into out.
void fill_pattern(std::uint32_t connection, std::uint64_t offset, std::span<std::uint8_t> out);

// The index in got of the first byte that is not the pattern's at offset + index, if any.
std::optional<std::size_t> first_mismatch(std::uint32_t connection, std::uint64_t offset,
                                          std::span<const std::uint8_t> got);

}  // namespace ioscope::load
