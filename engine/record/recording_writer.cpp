#include "record/recording_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <utility>
#include <vector>

#include "net/fd.hpp"
#include "record/event_codec.hpp"
#include "record/recording_format.hpp"

namespace ioscope::record {

namespace {

// zstd's fast end: a classroom run's columns compress to a few bytes per event already, and a
// save of ten million events stays well under the three seconds a user would notice.
constexpr int kZstdLevel = 3;

struct ZstdCCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

}  // namespace

struct RecordingWriter::State {
  std::string path;
  std::string temp_path;
  Fd fd;
  std::unique_ptr<ZSTD_CCtx, ZstdCCtxFree> zstd{ZSTD_createCCtx()};
  std::string meta;  // kept for the header's checksum, computed at finish()
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;  // first event, count: checked last
  bool begun = false;
  bool spent = false;
  bool done = false;
  std::vector<TraceEvent> pending;
  std::vector<unsigned char> encoded;
  std::vector<unsigned char> block;
  std::uint64_t events = 0;
  std::uint64_t bytes = 0;
  std::uint32_t blocks = 0;

  Error failed(const std::string& what) {
    spent = true;
    return Error{"cannot write the recording '" + path + "': " + what};
  }
  std::optional<Error> write_at_end(const unsigned char* p, std::size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd.get(), p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        return failed(errno_text(errno));
      }
      p += w;
      n -= static_cast<std::size_t>(w);
      bytes += static_cast<std::size_t>(w);
    }
    return std::nullopt;
  }
  std::optional<Error> write_block(std::span<const TraceEvent> events_in_block);
  std::optional<Error> flush_pending() {
    if (pending.empty()) return std::nullopt;
    auto err = write_block(pending);
    pending.clear();
    return err;
  }
};

std::optional<Error> RecordingWriter::State::write_block(std::span<const TraceEvent> in_block) {
  encoded.clear();
  encode_events(in_block, encoded);
  block.resize(kBlockHeaderBytes + ZSTD_compressBound(encoded.size()));
  const std::size_t stored = ZSTD_compressCCtx(zstd.get(), block.data() + kBlockHeaderBytes,
                                               block.size() - kBlockHeaderBytes, encoded.data(),
                                               encoded.size(), kZstdLevel);
  if (ZSTD_isError(stored)) return failed(std::string("zstd: ") + ZSTD_getErrorName(stored));
  unsigned char* h = block.data();
  std::copy(kBlockTag.begin(), kBlockTag.end(), h);
  put_u32(h + block::kEventCount, static_cast<std::uint32_t>(in_block.size()));
  put_u32(h + block::kRawBytes, static_cast<std::uint32_t>(encoded.size()));
  put_u32(h + block::kStoredBytes, static_cast<std::uint32_t>(stored));
  put_u32(h + block::kCrc, block_crc(h, {h + kBlockHeaderBytes, stored}));
  if (auto err = write_at_end(h, kBlockHeaderBytes + stored)) return err;
  events += in_block.size();
  ++blocks;
  return std::nullopt;
}

RecordingWriter::RecordingWriter(std::unique_ptr<State> state) : s_(std::move(state)) {}
RecordingWriter::RecordingWriter(RecordingWriter&&) noexcept = default;
RecordingWriter& RecordingWriter::operator=(RecordingWriter&&) noexcept = default;

RecordingWriter::~RecordingWriter() {
  if (s_ && !s_->done && !s_->temp_path.empty()) {
    s_->fd.reset();
    ::unlink(s_->temp_path.c_str());
  }
}

Result<RecordingWriter> RecordingWriter::create(const std::string& path) {
  auto s = std::make_unique<State>();
  s->path = path;
  if (path.empty()) return Error{"cannot write a recording: no file name given"};
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return s->failed("it is a directory");
  if (!s->zstd) return s->failed("zstd cannot make a compression context");
  s->temp_path = path + ".partial-" + std::to_string(::getpid());
  s->fd.reset(::open(s->temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (!s->fd) {
    const int err = errno;
    s->temp_path.clear();  // nothing to remove
    const auto slash = path.rfind('/');
    const std::string dir =
        slash == std::string::npos ? "." : path.substr(0, std::max<std::size_t>(slash, 1));
    struct stat dir_st {};
    if (err == ENOENT && ::stat(dir.c_str(), &dir_st) != 0)
      return s->failed("the directory '" + dir + "' does not exist");
    if (err == EACCES || err == EPERM || err == EROFS)
      return s->failed("no permission to create a file in '" + dir + "' (" + errno_text(err) + ")");
    return s->failed("cannot create a file in '" + dir + "' (" + errno_text(err) + ")");
  }
  return RecordingWriter(std::move(s));
}

std::optional<Error> RecordingWriter::begin(const RecordingMeta& meta) {
  State& s = *s_;
  if (s.spent) return Error{"cannot write the recording '" + s.path + "': an earlier error"};
  if (s.begun) return s.failed("begin() called twice");
  s.begun = true;
  s.meta = meta_to_json(meta);
  if (s.meta.size() > kMaxMetadataBytes)
    return s.failed("its metadata is " + std::to_string(s.meta.size()) + " bytes, over the " +
                    std::to_string(kMaxMetadataBytes) + "-byte limit");
  for (const RecordedRun& r : meta.runs) s.runs.emplace_back(r.first_event, r.event_count);
  // The header as an unfinished file's: counts and checksum come at finish().
  unsigned char h[kHeaderBytes] = {};
  std::copy(kMagic.begin(), kMagic.end(), h);
  put_u32(h + header::kVersion, kFormatVersion);
  put_u32(h + header::kMetadataBytes, static_cast<std::uint32_t>(s.meta.size()));
  if (auto err = s.write_at_end(h, sizeof h)) return err;
  if (auto err =
          s.write_at_end(reinterpret_cast<const unsigned char*>(s.meta.data()), s.meta.size()))
    return err;
  s.pending.reserve(kMaxEventsPerBlock);
  return std::nullopt;
}

std::optional<Error> RecordingWriter::append(std::span<const TraceEvent> events) {
  State& s = *s_;
  if (s.spent) return Error{"cannot write the recording '" + s.path + "': an earlier error"};
  if (!s.begun) return s.failed("append() before begin()");
  while (!events.empty()) {
    if (s.pending.empty() && events.size() >= kMaxEventsPerBlock) {
      // A whole block straight from the caller's events, not copied first.
      if (auto err = s.write_block(events.first(kMaxEventsPerBlock))) return err;
      events = events.subspan(kMaxEventsPerBlock);
      continue;
    }
    const std::size_t n =
        std::min<std::size_t>(events.size(), kMaxEventsPerBlock - s.pending.size());
    s.pending.insert(s.pending.end(), events.begin(),
                     events.begin() + static_cast<std::ptrdiff_t>(n));
    events = events.subspan(n);
    if (s.pending.size() == kMaxEventsPerBlock)
      if (auto err = s.flush_pending()) return err;
  }
  return std::nullopt;
}

std::optional<Error> RecordingWriter::finish() {
  State& s = *s_;
  if (s.spent) return Error{"cannot write the recording '" + s.path + "': an earlier error"};
  if (!s.begun) return s.failed("finish() before begin()");
  if (auto err = s.flush_pending()) return err;
  for (std::size_t i = 0; i < s.runs.size(); ++i) {
    const auto [first, count] = s.runs[i];
    if (first > s.events || count > s.events - first)
      return s.failed("its metadata gives run " + std::to_string(i) + " events " +
                      std::to_string(first) + " to " + std::to_string(first + count) +
                      ", but only " + std::to_string(s.events) + " were written");
  }
  unsigned char h[kHeaderBytes] = {};
  std::copy(kMagic.begin(), kMagic.end(), h);
  put_u32(h + header::kVersion, kFormatVersion);
  put_u32(h + header::kFlags, header::kFinished);
  put_u64(h + header::kEventCount, s.events);
  put_u32(h + header::kBlockCount, s.blocks);
  put_u32(h + header::kMetadataBytes, static_cast<std::uint32_t>(s.meta.size()));
  put_u32(h + header::kCrc,
          header_crc(h, {reinterpret_cast<const unsigned char*>(s.meta.data()), s.meta.size()}));
  for (std::size_t done = 0; done < sizeof h;) {
    const ssize_t w = ::pwrite(s.fd.get(), h + done, sizeof h - done, static_cast<off_t>(done));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return s.failed(errno_text(errno));
    done += static_cast<std::size_t>(w);
  }
  // close() is where some file systems (NFS) report a write that failed.
  if (::close(s.fd.release()) != 0) return s.failed(errno_text(errno));
  if (::rename(s.temp_path.c_str(), s.path.c_str()) != 0) return s.failed(errno_text(errno));
  s.done = true;
  return std::nullopt;
}

std::uint64_t RecordingWriter::events_written() const {
  return s_->events;
}

std::uint64_t RecordingWriter::bytes_written() const {
  return s_->bytes;
}

std::optional<Error> save_recording(const std::string& path, const RecordingMeta& meta,
                                    std::span<const TraceEvent> events) {
  auto writer = RecordingWriter::create(path);
  if (!writer) return writer.error();
  if (auto err = writer->begin(meta)) return err;
  if (auto err = writer->append(events)) return err;
  return writer->finish();
}

}  // namespace ioscope::record
