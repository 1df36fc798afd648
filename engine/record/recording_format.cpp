#include "record/recording_format.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace ioscope::record {

std::uint32_t crc32_of(std::span<const unsigned char> bytes, std::uint32_t crc) {
  // zlib takes a uInt length: feed it in pieces that fit.
  const unsigned char* p = bytes.data();
  std::size_t left = bytes.size();
  uLong c = crc;
  while (left > 0) {
    const auto n = static_cast<uInt>(std::min<std::size_t>(left, std::numeric_limits<uInt>::max()));
    c = ::crc32(c, p, n);
    p += n;
    left -= n;
  }
  return static_cast<std::uint32_t>(c);
}

std::uint32_t header_crc(const unsigned char* header_bytes, std::span<const unsigned char> meta) {
  return crc32_of(meta, crc32_of({header_bytes, header::kCrc}));
}

std::uint32_t block_crc(const unsigned char* block_header, std::span<const unsigned char> frame) {
  return crc32_of(frame, crc32_of({block_header, block::kCrc}));
}

void repair_checksums(std::span<unsigned char> file) {
  if (file.size() < kHeaderBytes) return;
  unsigned char* h = file.data();
  const std::size_t meta_bytes = get_u32(h + header::kMetadataBytes);
  if (meta_bytes > file.size() - kHeaderBytes) return;
  put_u32(h + header::kCrc, header_crc(h, file.subspan(kHeaderBytes, meta_bytes)));
  std::size_t at = kHeaderBytes + meta_bytes;
  while (file.size() - at >= kBlockHeaderBytes) {
    unsigned char* b = h + at;
    const std::size_t stored = get_u32(b + block::kStoredBytes);
    if (stored > file.size() - at - kBlockHeaderBytes) return;
    put_u32(b + block::kCrc, block_crc(b, file.subspan(at + kBlockHeaderBytes, stored)));
    at += kBlockHeaderBytes + stored;
  }
}

}  // namespace ioscope::record
