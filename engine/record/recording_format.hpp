// The byte layout of a .ioscope recording (engine/record/FORMAT.md says it in prose): the
// constants, the limits a reader enforces, and the little-endian and checksum helpers the writer,
// the reader and the tests that build damaged files share.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace ioscope::record {

// "\x89IOSCOPE": the high first byte keeps a text file (or a 7-bit transfer) from passing.
inline constexpr std::array<unsigned char, 8> kMagic = {0x89, 'I', 'O', 'S', 'C', 'O', 'P', 'E'};
// Bumped on any change a reader of the previous version could not read; readers refuse newer
// versions by name. Adding metadata keys is not such a change (readers ignore unknown keys).
inline constexpr std::uint32_t kFormatVersion = 1;

// The file header, at offset 0.
inline constexpr std::size_t kHeaderBytes = 40;
namespace header {
inline constexpr std::size_t kVersion = 8;         // u32
inline constexpr std::size_t kFlags = 12;          // u32, see kFinished
inline constexpr std::size_t kEventCount = 16;     // u64
inline constexpr std::size_t kBlockCount = 24;     // u32
inline constexpr std::size_t kMetadataBytes = 28;  // u32
inline constexpr std::size_t kCrc = 32;            // u32 over bytes [0, 32) and the metadata
inline constexpr std::size_t kReserved = 36;       // u32, zero
inline constexpr std::uint32_t kFinished = 1;      // set when the writer closed the file
}  // namespace header

// Each block of events: a header, then one zstd frame holding the encoded events.
inline constexpr std::array<unsigned char, 4> kBlockTag = {'E', 'V', 'T', 'S'};
inline constexpr std::size_t kBlockHeaderBytes = 20;
namespace block {
inline constexpr std::size_t kEventCount = 4;    // u32
inline constexpr std::size_t kRawBytes = 8;      // u32: the encoded events, before zstd
inline constexpr std::size_t kStoredBytes = 12;  // u32: the zstd frame that follows
inline constexpr std::size_t kCrc = 16;          // u32 over bytes [0, 16) and the frame
}  // namespace block

// Limits: what a reader accepts, so that nothing it allocates is bigger than the file can hold
// or than one block may be.
inline constexpr std::uint32_t kMaxEventsPerBlock = 1u << 16;
inline constexpr std::uint32_t kMaxMetadataBytes = 16u << 20;
// The encoded size of one event lies between these (event_codec.cpp): 11 one-byte fields at the
// least; at the most 10-byte varints for the 64-bit ones, 5 for fd and conn, 3 for the 16-bit.
inline constexpr std::size_t kMinEncodedEventBytes = 11;
inline constexpr std::size_t kMaxEncodedEventBytes = 10 + 4 + 3 + 3 + 5 + 5 + 10 + 10;
// Before the columns, the lengths of the 7 varint columns: a byte each at the least, 5 at the
// most (a block is far below 4 GiB).
inline constexpr std::size_t kMinColumnDirectoryBytes = 7;
inline constexpr std::size_t kMaxColumnDirectoryBytes = 7 * 5;
inline constexpr std::size_t min_raw_block_bytes(std::size_t events) {
  return kMinColumnDirectoryBytes + events * kMinEncodedEventBytes;
}
inline constexpr std::size_t max_raw_block_bytes(std::size_t events) {
  return kMaxColumnDirectoryBytes + events * kMaxEncodedEventBytes;
}
inline constexpr std::size_t kMaxRawBlockBytes = max_raw_block_bytes(kMaxEventsPerBlock);
// The smallest a block can be on disk (its header and a frame of at least one byte).
inline constexpr std::size_t kMinBlockBytes = kBlockHeaderBytes + 1;

inline void put_u32(unsigned char* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
inline void put_u64(unsigned char* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}
inline std::uint32_t get_u32(const unsigned char* p) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t{p[i]} << (8 * i);
  return v;
}
inline std::uint64_t get_u64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

// CRC-32 (the zlib / PNG / gzip polynomial), continued from crc (0 to start).
std::uint32_t crc32_of(std::span<const unsigned char> bytes, std::uint32_t crc = 0);

// The header's checksum, over its first 32 bytes and the metadata that follows it.
std::uint32_t header_crc(const unsigned char* header_bytes, std::span<const unsigned char> meta);
// A block's checksum, over its first 16 bytes and its frame.
std::uint32_t block_crc(const unsigned char* block_header, std::span<const unsigned char> frame);

// Rewrites every checksum of a whole recording held in memory to match its bytes, as far as its
// structure can be followed; stops quietly where it cannot. For the fuzzer (so its mutations
// reach the decoder and the JSON reader behind the checksums) and for tests that build a file
// damaged in a way a checksum would not catch.
void repair_checksums(std::span<unsigned char> file);

}  // namespace ioscope::record
