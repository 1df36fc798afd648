// Where a reader's bytes come from: a file, read at offsets as needed (a recording is never read
// into memory whole), or bytes already in memory (tests, the fuzzer).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "net/result.hpp"

namespace ioscope::record {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::uint64_t size() const = 0;
  // Exactly count bytes at offset (within size()) into dst; false with the reason otherwise.
  virtual bool read(std::uint64_t offset, unsigned char* dst, std::size_t count,
                    std::string& why) = 0;
};

// A regular file opened for reading (never a FIFO or a device it would block on); errors name
// the reason (no such file, a directory...).
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path);
// bytes must outlive the source.
std::unique_ptr<ByteSource> memory_source(std::span<const unsigned char> bytes);

}  // namespace ioscope::record
