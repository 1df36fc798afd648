#include "record/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "net/fd.hpp"

namespace ioscope::record {

namespace {

class FileSource : public ByteSource {
 public:
  FileSource(Fd fd, std::uint64_t size) : fd_(std::move(fd)), size_(size) {}
  std::uint64_t size() const override { return size_; }
  bool read(std::uint64_t offset, unsigned char* dst, std::size_t count,
            std::string& why) override {
    while (count > 0) {
      const ssize_t r = ::pread(fd_.get(), dst, count, static_cast<off_t>(offset));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) {
        why = "read failed: " + errno_text(errno);
        return false;
      }
      if (r == 0) {
        why = "the file ended early (did it change while it was being read?)";
        return false;
      }
      dst += r;
      offset += static_cast<std::uint64_t>(r);
      count -= static_cast<std::size_t>(r);
    }
    return true;
  }

 private:
  Fd fd_;
  std::uint64_t size_;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::span<const unsigned char> bytes) : bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }
  bool read(std::uint64_t offset, unsigned char* dst, std::size_t count,
            std::string& why) override {
    if (offset > bytes_.size() || count > bytes_.size() - offset) {
      why = "read past the end of the bytes";
      return false;
    }
    if (count > 0) std::memcpy(dst, bytes_.data() + offset, count);
    return true;
  }

 private:
  std::span<const unsigned char> bytes_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd) return Error{errno_text(errno)};
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return Error{errno_text(errno)};
  if (S_ISDIR(st.st_mode)) return Error{"it is a directory, not a recording"};
  if (!S_ISREG(st.st_mode)) return Error{"not a regular file"};
  return std::unique_ptr<ByteSource>(
      std::make_unique<FileSource>(std::move(fd), static_cast<std::uint64_t>(st.st_size)));
}

std::unique_ptr<ByteSource> memory_source(std::span<const unsigned char> bytes) {
  return std::make_unique<MemorySource>(bytes);
}

}  // namespace ioscope::record
