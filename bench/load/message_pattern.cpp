#include "message_pattern.hpp"

namespace ioscope::load {

namespace {

// splitmix64's finaliser: a bijection, so distinct (connection, word) pairs give distinct words.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Eight bytes of the stream at a time: connection in the top 24 bits, the word's index below
// (2^40 words, 8 TiB per connection: far beyond any run).
std::uint64_t pattern_word(std::uint32_t connection, std::uint64_t word) {
  return mix((std::uint64_t{connection} << 40) ^ word);
}

std::uint8_t byte_of(std::uint64_t word, std::uint64_t offset) {
  return static_cast<std::uint8_t>(word >> (8 * (offset & 7)));
}

}  // namespace

std::uint8_t pattern_byte(std::uint32_t connection, std::uint64_t offset) {
  return byte_of(pattern_word(connection, offset >> 3), offset);
}

void fill_pattern(std::uint32_t connection, std::uint64_t offset, std::span<std::uint8_t> out) {
  std::uint64_t word_index = offset >> 3;
  std::uint64_t word = pattern_word(connection, word_index);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::uint64_t at = offset + i;
    if ((at >> 3) != word_index) word = pattern_word(connection, word_index = at >> 3);
    out[i] = byte_of(word, at);
  }
}

std::optional<std::size_t> first_mismatch(std::uint32_t connection, std::uint64_t offset,
                                          std::span<const std::uint8_t> got) {
  std::uint64_t word_index = offset >> 3;
  std::uint64_t word = pattern_word(connection, word_index);
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::uint64_t at = offset + i;
    if ((at >> 3) != word_index) word = pattern_word(connection, word_index = at >> 3);
    if (got[i] != byte_of(word, at)) return i;
  }
  return std::nullopt;
}

}  // namespace ioscope::load
