#include "record/recording_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "net/fd.hpp"
#include "record/byte_source.hpp"
#include "record/event_codec.hpp"
#include "record/recording_format.hpp"

namespace ioscope::record {

namespace {

// How many events to make room for per byte of file still unread, at most, before the blocks
// say how many there are: a real recording takes 3 to 12 bytes per event, so this covers it,
// while a small file claiming billions of events gets a small reservation.
constexpr std::uint64_t kReserveEventsPerFileByte = 8;

struct ZstdDCtxFree {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

std::string n(std::uint64_t v) {
  return std::to_string(v);
}

// "1 block", "2 blocks".
std::string count_of(std::uint64_t v, const char* thing) {
  return n(v) + " " + thing + (v == 1 ? "" : "s");
}

}  // namespace

struct RecordingReader::State {
  std::unique_ptr<ByteSource> source;
  std::string display;  // how messages name the file
  RecordingMeta meta;
  std::uint64_t size = 0;
  std::uint64_t event_count = 0;
  std::uint32_t block_count = 0;
  std::uint64_t position = 0;  // the next block's offset
  std::uint32_t blocks_read = 0;
  std::uint64_t events_read = 0;
  std::optional<Error> spent;
  std::unique_ptr<ZSTD_DCtx, ZstdDCtxFree> zstd{ZSTD_createDCtx()};
  std::vector<unsigned char> stored;
  std::vector<unsigned char> raw;

  Error error(const std::string& what) const {
    return Error{"cannot open " + display + ": " + what};
  }
  Error block_error(const std::string& what) {
    spent = error("block " + n(blocks_read + 1) + " of " + n(block_count) + " (at byte " +
                  n(position) + ") " + what);
    return *spent;
  }
  std::optional<Error> read(std::uint64_t offset, unsigned char* dst, std::size_t count) {
    std::string why;
    if (!source->read(offset, dst, count, why)) return error(why);
    return std::nullopt;
  }
  std::optional<Error> open();
  std::optional<Error> finish_check();
  Result<std::size_t> next_block(std::vector<TraceEvent>& out);
};

std::optional<Error> RecordingReader::State::open() {
  size = source->size();
  if (size == 0) return error("the file is empty (0 bytes), not a recording");
  unsigned char h[kHeaderBytes] = {};
  const std::size_t have = static_cast<std::size_t>(std::min<std::uint64_t>(size, kHeaderBytes));
  if (auto err = read(0, h, have)) return err;
  const std::size_t magic_have = std::min(have, kMagic.size());
  if (!std::equal(kMagic.begin(), kMagic.begin() + static_cast<std::ptrdiff_t>(magic_have), h))
    return error("not an ioscope recording (it does not begin with the recording signature)");
  if (have < header::kVersion + 4)
    return error("the file is " + n(size) + " bytes long, cut off inside the " + n(kHeaderBytes) +
                 "-byte header: truncated");
  const std::uint32_t version = get_u32(h + header::kVersion);
  if (version > kFormatVersion)
    return error("this recording was written by a newer ioscope (format " + n(version) +
                 "); this version reads format " + n(kFormatVersion));
  if (version == 0) return error("the header names format 0, which does not exist: damaged");
  if (have < kHeaderBytes)
    return error("the file is " + n(size) + " bytes long, cut off inside the " + n(kHeaderBytes) +
                 "-byte header: truncated");
  const std::uint32_t flags = get_u32(h + header::kFlags);
  if (flags == 0)
    return error(
        "the recording was never finished (the program writing it stopped before closing it)");
  const std::uint32_t meta_bytes = get_u32(h + header::kMetadataBytes);
  if (meta_bytes > size - kHeaderBytes)
    return error("the header gives " + n(meta_bytes) + " bytes of metadata, but only " +
                 n(size - kHeaderBytes) + " bytes follow it: truncated or damaged");
  if (meta_bytes > kMaxMetadataBytes)
    return error("the header gives " + n(meta_bytes) + " bytes of metadata, over the limit of " +
                 n(kMaxMetadataBytes) + ": damaged");
  std::string text(meta_bytes, '\0');
  if (auto err = read(kHeaderBytes, reinterpret_cast<unsigned char*>(text.data()), meta_bytes))
    return err;
  const std::span<const unsigned char> meta_span(
      reinterpret_cast<const unsigned char*>(text.data()), text.size());
  if (header_crc(h, meta_span) != get_u32(h + header::kCrc))
    return error("the header or the metadata is damaged (checksum mismatch)");
  if (flags != header::kFinished || get_u32(h + header::kReserved) != 0)
    return error("the header has fields this version does not know: damaged");
  event_count = get_u64(h + header::kEventCount);
  block_count = get_u32(h + header::kBlockCount);
  position = kHeaderBytes + meta_bytes;
  // Claims checked against what the file can hold before anything is sized by them.
  const std::uint64_t room = (size - position) / kMinBlockBytes;
  if (block_count > room)
    return error("the header claims " + count_of(block_count, "block") + " of events, but the " +
                 n(size) + "-byte file has room for at most " + n(room) + ": truncated or damaged");
  if (event_count > std::uint64_t{block_count} * kMaxEventsPerBlock || event_count < block_count)
    return error("the header claims " + count_of(event_count, "event") + " in " +
                 count_of(block_count, "block") + ", but a block holds 1 to " +
                 n(kMaxEventsPerBlock) + ": damaged");
  auto parsed = meta_from_json(text, event_count);
  if (!parsed) return error(parsed.error().message);
  meta = std::move(*parsed);
  if (!zstd) return error("zstd cannot make a decompression context");
  return std::nullopt;
}

std::optional<Error> RecordingReader::State::finish_check() {
  if (position != size)
    return spent = error(std::string(size - position == 1 ? "there is " : "there are ") +
                         count_of(size - position, "byte") +
                         " after the last block: damaged, or not one recording");
  if (events_read != event_count)
    return spent = error("the blocks hold " + n(events_read) + " events, but the header claims " +
                         n(event_count) + ": damaged");
  return std::nullopt;
}

Result<std::size_t> RecordingReader::State::next_block(std::vector<TraceEvent>& out) {
  if (spent) return *spent;
  if (blocks_read == block_count) {
    if (auto err = finish_check()) return *err;
    return std::size_t{0};
  }
  const std::uint64_t left = size - position;
  if (left == 0)
    return block_error("is missing: the file ends after " + n(blocks_read) + " of " +
                       count_of(block_count, "block") + ": truncated");
  if (left < kBlockHeaderBytes) return block_error("is cut off inside its header: truncated");
  unsigned char h[kBlockHeaderBytes];
  if (auto err = read(position, h, sizeof h)) return *(spent = err);
  if (!std::equal(kBlockTag.begin(), kBlockTag.end(), h))
    return block_error("does not begin with a block tag: damaged");
  const std::uint32_t count = get_u32(h + block::kEventCount);
  const std::uint32_t raw_bytes = get_u32(h + block::kRawBytes);
  const std::uint32_t stored_bytes = get_u32(h + block::kStoredBytes);
  if (count == 0 || count > kMaxEventsPerBlock)
    return block_error("claims " + count_of(count, "event") + ", but a block holds 1 to " +
                       n(kMaxEventsPerBlock) + ": damaged");
  if (raw_bytes < min_raw_block_bytes(count) || raw_bytes > max_raw_block_bytes(count))
    return block_error("claims " + n(raw_bytes) + " bytes of encoded events for " +
                       count_of(count, "event") + ", which take " + n(min_raw_block_bytes(count)) +
                       " to " + n(max_raw_block_bytes(count)) + ": damaged");
  if (stored_bytes == 0 || stored_bytes > left - kBlockHeaderBytes)
    return block_error("claims " + n(stored_bytes) + " compressed bytes, but " +
                       n(left - kBlockHeaderBytes) + " are left in the file: truncated or damaged");
  if (stored_bytes > ZSTD_compressBound(raw_bytes))
    return block_error("claims " + n(stored_bytes) + " compressed bytes, more than zstd makes of " +
                       n(raw_bytes) + ": damaged");
  stored.resize(stored_bytes);
  if (auto err = read(position + kBlockHeaderBytes, stored.data(), stored_bytes))
    return *(spent = err);
  if (block_crc(h, stored) != get_u32(h + block::kCrc))
    return block_error("is damaged (checksum mismatch)");
  const unsigned long long claimed = ZSTD_getFrameContentSize(stored.data(), stored.size());
  if (claimed == ZSTD_CONTENTSIZE_ERROR) return block_error("does not hold a zstd frame: damaged");
  if (claimed != ZSTD_CONTENTSIZE_UNKNOWN && claimed != raw_bytes)
    return block_error("decompresses to " + n(claimed) + " bytes, " +
                       (claimed > raw_bytes ? "more" : "fewer") + " than the " + n(raw_bytes) +
                       " it claims: damaged");
  raw.resize(raw_bytes);  // the frame may not write more than this: zstd checks the room
  const std::size_t got =
      ZSTD_decompressDCtx(zstd.get(), raw.data(), raw.size(), stored.data(), stored.size());
  if (ZSTD_isError(got)) {
    if (ZSTD_getErrorCode(got) == ZSTD_error_dstSize_tooSmall)
      return block_error("decompresses to more than the " + n(raw_bytes) +
                         " bytes it claims: damaged");
    return block_error(std::string("cannot be decompressed (zstd: ") + ZSTD_getErrorName(got) +
                       "): damaged");
  }
  if (got != raw_bytes)
    return block_error("decompresses to " + n(got) + " bytes, fewer than the " + n(raw_bytes) +
                       " it claims: damaged");
  if (count > event_count - events_read)
    return block_error("holds more events than the header claims (" + n(event_count) +
                       "): damaged");
  const std::size_t before = out.size();
  if (auto why = decode_events(raw, count, out)) {
    out.resize(before);
    return block_error("holds malformed events (" + *why + "): damaged");
  }
  position += kBlockHeaderBytes + stored_bytes;
  ++blocks_read;
  events_read += count;
  return std::size_t{count};
}

RecordingReader::RecordingReader(std::unique_ptr<State> state) : s_(std::move(state)) {}
RecordingReader::RecordingReader(RecordingReader&&) noexcept = default;
RecordingReader& RecordingReader::operator=(RecordingReader&&) noexcept = default;
RecordingReader::~RecordingReader() = default;

Result<RecordingReader> RecordingReader::open(const std::string& path) {
  auto s = std::make_unique<State>();
  s->display = "'" + path + "'";
  auto source = open_file_source(path);
  if (!source) return s->error(source.error().message);
  s->source = std::move(*source);
  if (auto err = s->open()) return *err;
  return RecordingReader(std::move(s));
}

Result<RecordingReader> RecordingReader::from_bytes(std::span<const unsigned char> bytes,
                                                    const std::string& name) {
  auto s = std::make_unique<State>();
  s->display = name;
  s->source = memory_source(bytes);
  if (auto err = s->open()) return *err;
  return RecordingReader(std::move(s));
}

const RecordingMeta& RecordingReader::meta() const {
  return s_->meta;
}
std::uint64_t RecordingReader::event_count() const {
  return s_->event_count;
}
std::uint32_t RecordingReader::block_count() const {
  return s_->block_count;
}
std::uint32_t RecordingReader::blocks_read() const {
  return s_->blocks_read;
}

Result<std::size_t> RecordingReader::next_block(std::vector<TraceEvent>& out) {
  return s_->next_block(out);
}

std::optional<Error> RecordingReader::read_rest(std::vector<TraceEvent>& out) {
  State& s = *s_;
  const std::uint64_t claimed = s.event_count - std::min(s.event_count, s.events_read);
  const std::uint64_t can_hold = (s.size - s.position) * kReserveEventsPerFileByte;
  out.reserve(out.size() + static_cast<std::size_t>(std::min(claimed, can_hold)));
  for (;;) {
    auto got = s.next_block(out);
    if (!got) return got.error();
    if (*got == 0) return std::nullopt;
  }
}

Result<Recording> load_recording(const std::string& path) {
  auto reader = RecordingReader::open(path);
  if (!reader) return reader.error();
  Recording r;
  if (auto err = reader->read_rest(r.events)) return *err;
  r.meta = reader->meta();
  return r;
}

}  // namespace ioscope::record
