// Files that are not whole recordings: each gets an error naming its problem, never a crash and
// never an allocation bigger than the file could hold.
#include <gtest/gtest.h>
#include <zstd.h>

#include <map>
#include <string>

#include "../test_process.hpp"
#include "record/event_codec.hpp"
#include "recording_test_support.hpp"

namespace ioscope {
namespace {

using namespace record;

const std::string kOpen = "cannot open 'test.ioscope': ";

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// A file put together by hand, its checksums made right, so that only the problem built into it
// is wrong.
struct Crafted {
  std::string meta = R"({"runs": []})";
  std::uint32_t version = kFormatVersion;
  std::uint32_t flags = header::kFinished;
  std::uint64_t event_count = 0;
  std::uint32_t block_count = 0;
  std::vector<std::vector<unsigned char>> blocks;  // each whole: header and frame

  std::vector<unsigned char> bytes() const {
    std::vector<unsigned char> out(kHeaderBytes + meta.size());
    std::copy(kMagic.begin(), kMagic.end(), out.begin());
    std::copy(meta.begin(), meta.end(), out.begin() + kHeaderBytes);
    put_u32(out.data() + header::kVersion, version);
    put_u32(out.data() + header::kFlags, flags);
    put_u64(out.data() + header::kEventCount, event_count);
    put_u32(out.data() + header::kBlockCount, block_count);
    put_u32(out.data() + header::kMetadataBytes, static_cast<std::uint32_t>(meta.size()));
    for (const auto& b : blocks) out.insert(out.end(), b.begin(), b.end());
    repair_checksums(out);
    return out;
  }
};

std::vector<unsigned char> block_of(std::uint32_t count, std::uint32_t raw_bytes,
                                    const std::vector<unsigned char>& frame) {
  std::vector<unsigned char> b(kBlockHeaderBytes);
  b.reserve(kBlockHeaderBytes + frame.size());  // (insert into exact capacity: a GCC 12 false
                                                // -Warray-bounds)
  std::copy(kBlockTag.begin(), kBlockTag.end(), b.begin());
  put_u32(b.data() + block::kEventCount, count);
  put_u32(b.data() + block::kRawBytes, raw_bytes);
  put_u32(b.data() + block::kStoredBytes, static_cast<std::uint32_t>(frame.size()));
  b.insert(b.end(), frame.begin(), frame.end());
  return b;
}

// A zstd frame of raw, with or without its size in the frame's header.
std::vector<unsigned char> zstd_frame(const std::vector<unsigned char>& raw, bool with_size) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, with_size ? 1 : 0);
  std::vector<unsigned char> out(ZSTD_compressBound(raw.size()));
  const std::size_t n = ZSTD_compress2(c, out.data(), out.size(), raw.data(), raw.size());
  ZSTD_freeCCtx(c);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::vector<unsigned char> encoded(const std::vector<TraceEvent>& events) {
  std::vector<unsigned char> out;
  encode_events(events, out);
  return out;
}

// One good block of two events, to build bad files around.
Crafted one_good_block() {
  Crafted c;
  const std::vector<unsigned char> raw = encoded(test::many_events(2));
  c.event_count = 2;
  c.block_count = 1;
  c.blocks = {block_of(2, static_cast<std::uint32_t>(raw.size()), zstd_frame(raw, true))};
  return c;
}

TEST(RecordingBadFile, TheCraftedGoodFileReads) {
  // The baseline the other crafted files break in one place each.
  EXPECT_EQ(test::read_error(one_good_block().bytes()), "");
}

TEST(RecordingBadFile, AnEmptyFileIsNotARecording) {
  EXPECT_EQ(test::read_error({}), kOpen + "the file is empty (0 bytes), not a recording");
  test::TempFile f("zero");
  test::write_bytes(f.path(), {});
  auto r = load_recording(f.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "cannot open '" + f.path() + "': the file is empty (0 bytes), not a recording");
}

TEST(RecordingBadFile, AnotherKindOfFileIsNotARecording) {
  const std::string json = R"({"traceEvents": []})";
  EXPECT_EQ(test::read_error({json.begin(), json.end()}),
            kOpen + "not an ioscope recording (it does not begin with the recording signature)");
  EXPECT_EQ(test::read_error({'I', 'O'}),
            kOpen + "not an ioscope recording (it does not begin with the recording signature)");
}

TEST(RecordingBadFile, AFileFromANewerFormatSaysSoByNumber) {
  Crafted c = one_good_block();
  c.version = kFormatVersion + 1;
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen + "this recording was written by a newer ioscope (format " +
                std::to_string(kFormatVersion + 1) + "); this version reads format " +
                std::to_string(kFormatVersion));
  // Whatever the newer format put after its version number.
  std::vector<unsigned char> bytes = c.bytes();
  bytes.resize(header::kVersion + 4);
  EXPECT_EQ(test::read_error(bytes),
            kOpen +
                "this recording was written by a newer ioscope (format 2); this version "
                "reads format 1");
}

TEST(RecordingBadFile, FormatZeroDoesNotExist) {
  Crafted c = one_good_block();
  c.version = 0;
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen + "the header names format 0, which does not exist: damaged");
}

TEST(RecordingBadFile, ARecordingNeverFinishedSaysSo) {
  Crafted c = one_good_block();
  c.flags = 0;
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen +
                "the recording was never finished (the program writing it stopped before "
                "closing it)");
}

TEST(RecordingBadFile, EveryTruncationIsNamedAsOne) {
  const std::vector<unsigned char> whole =
      test::recording_bytes(test::many_events(kMaxEventsPerBlock + 5), "truncate");
  // Every length through the header, the metadata and the first block's header; a stride
  // through the first block's frame; every length around the second block's header.
  const std::size_t first_block = kHeaderBytes + get_u32(whole.data() + header::kMetadataBytes);
  const std::size_t second_block =
      first_block + kBlockHeaderBytes + get_u32(whole.data() + first_block + block::kStoredBytes);
  ASSERT_LT(second_block + kBlockHeaderBytes, whole.size());
  std::vector<std::size_t> lengths;
  for (std::size_t n = 1; n < first_block + 2 * kBlockHeaderBytes; ++n) lengths.push_back(n);
  for (std::size_t n = first_block; n < second_block; n += 4099) lengths.push_back(n);
  for (std::size_t n = second_block - 3; n < whole.size(); ++n) lengths.push_back(n);
  std::map<std::string, int> seen;
  for (std::size_t n : lengths) {
    const std::vector<unsigned char> cut(whole.begin(), whole.begin() + static_cast<long>(n));
    const std::string error = test::read_error(cut);
    ASSERT_TRUE(contains(error, "truncated")) << "cut to " << n << " bytes: '" << error << "'";
    ++seen[error.substr(0, 60)];
  }
  EXPECT_GE(seen.size(), 4u);  // the header, the metadata, a block's header, a block's frame
}

TEST(RecordingBadFile, AFlippedBitAnywhereIsFound) {
  const std::vector<unsigned char> whole = test::recording_bytes(test::many_events(300), "flip");
  ASSERT_EQ(test::read_error(whole), "");
  for (std::size_t i = 0; i < whole.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<unsigned char> bad = whole;
      bad[i] ^= static_cast<unsigned char>(1 << bit);
      const std::string error = test::read_error(bad);
      ASSERT_FALSE(error.empty()) << "byte " << i << " bit " << bit << " flipped went unnoticed";
      ASSERT_EQ(error.rfind(kOpen, 0), 0u) << error;
    }
}

TEST(RecordingBadFile, AFlipInABlockIsAChecksumMismatchOfThatBlock) {
  std::vector<unsigned char> bad = test::recording_bytes(test::many_events(300), "flip-block");
  bad[bad.size() - 3] ^= 0x10;
  const std::string error = test::read_error(bad);
  EXPECT_TRUE(contains(error, "block 1 of 1 (at byte ")) << error;
  EXPECT_TRUE(contains(error, ") is damaged (checksum mismatch)")) << error;
}

TEST(RecordingBadFile, AFlipInTheMetadataIsAHeaderChecksumMismatch) {
  std::vector<unsigned char> bad = test::recording_bytes(test::many_events(3), "flip-meta");
  bad[kHeaderBytes + 5] ^= 0x01;
  EXPECT_EQ(test::read_error(bad),
            kOpen + "the header or the metadata is damaged (checksum mismatch)");
}

TEST(RecordingBadFile, AHeaderClaimingTenGigabytesInOneKilobyteIsRefusedWithoutAllocating) {
  // 10 GB of events at 40 bytes each, in 1 KB; the checksum is right, only the claim is wrong.
  const long rss_before = test::rss_kib();
  Crafted c;
  c.event_count = 10'000'000'000 / sizeof(TraceEvent);
  c.block_count = 4096;
  c.meta += std::string(1024 - kHeaderBytes - c.meta.size(), ' ');
  const std::vector<unsigned char> bytes = c.bytes();
  ASSERT_EQ(bytes.size(), 1024u);
  EXPECT_EQ(test::read_error(bytes),
            kOpen +
                "the header claims 4096 blocks of events, but the 1024-byte file has room for "
                "at most 0: truncated or damaged");

  c.block_count = 1;
  c.meta = R"({"runs": []})";
  c.blocks = one_good_block().blocks;
  c.meta += std::string(1024 - kHeaderBytes - c.meta.size() - c.blocks[0].size(), ' ');
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen +
                "the header claims 250000000 events in 1 block, but a block holds 1 to 65536: "
                "damaged");
  EXPECT_LT(test::rss_kib() - rss_before, 32 * 1024);
}

TEST(RecordingBadFile, MetadataLongerThanTheFileIsRefusedBeforeItIsRead) {
  std::vector<unsigned char> bytes = one_good_block().bytes();
  put_u32(bytes.data() + header::kMetadataBytes, 0xFFFFFFF0u);
  const std::string error = test::read_error(bytes);
  EXPECT_EQ(error, kOpen + "the header gives 4294967280 bytes of metadata, but only " +
                       std::to_string(bytes.size() - kHeaderBytes) +
                       " bytes follow it: truncated or damaged");
}

TEST(RecordingBadFile, ABlockThatDecompressesToMoreThanItClaimsIsRefused) {
  // Bytes that compress well, or the frame would be bigger than zstd makes of what is claimed.
  const std::vector<unsigned char> raw(1000, 0);
  for (bool size_in_frame : {true, false}) {
    SCOPED_TRACE(size_in_frame);
    Crafted c;
    c.event_count = 1;
    c.block_count = 1;
    // One event claimed, a thousand bytes inside.
    const auto claimed = static_cast<std::uint32_t>(min_raw_block_bytes(1));
    c.blocks = {block_of(1, claimed, zstd_frame(raw, size_in_frame))};
    const std::string error = test::read_error(c.bytes());
    EXPECT_TRUE(contains(error, "block 1 of 1 (at byte ")) << error;
    // With the size in the frame's header it is known before decompressing; without, zstd
    // runs out of the room claimed.
    const std::string expected =
        size_in_frame ? ") decompresses to 1000 bytes, more than the 18 it claims: damaged"
                      : ") decompresses to more than the 18 bytes it claims: damaged";
    EXPECT_TRUE(contains(error, expected)) << error;
  }
}

TEST(RecordingBadFile, ABlockThatDecompressesToLessThanItClaimsIsRefused) {
  const std::vector<unsigned char> raw = encoded(test::many_events(2));
  for (bool size_in_frame : {true, false}) {
    Crafted c;
    c.event_count = 4;
    c.block_count = 1;
    c.blocks = {
        block_of(4, static_cast<std::uint32_t>(raw.size() * 2), zstd_frame(raw, size_in_frame))};
    const std::string error = test::read_error(c.bytes());
    EXPECT_TRUE(contains(error, "decompresses to " + std::to_string(raw.size()) +
                                    " bytes, fewer than the " + std::to_string(raw.size() * 2)))
        << error;
  }
}

TEST(RecordingBadFile, ABlockOfGarbageOrOfMalformedEventsIsRefused) {
  Crafted c;
  c.event_count = 1;
  c.block_count = 1;
  c.blocks = {block_of(1, 18, std::vector<unsigned char>(30, 0xAB))};
  EXPECT_TRUE(contains(test::read_error(c.bytes()), "does not hold a zstd frame: damaged"));

  // A proper frame, but its time is a number longer than 64 bits: the directory (the time
  // column 11 bytes long, the other varint columns 1), the time, then the other columns.
  std::vector<unsigned char> raw = {11, 1, 1, 1, 1, 1, 1};
  raw.insert(raw.end(), 10, 0xFF);
  raw.insert(raw.end(), {0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  c.blocks = {block_of(1, static_cast<std::uint32_t>(raw.size()), zstd_frame(raw, true))};
  EXPECT_TRUE(contains(test::read_error(c.bytes()),
                       "holds malformed events (a number is longer than 64 bits): damaged"));

  // One event whose track needs 21 bits: the directory (the track column 3 bytes long), t,
  // kind, lane, sys, flags, the track, then the rest.
  const std::vector<unsigned char> track = {1, 3, 1,    1,    1,    1, 1, 0, 0, 0,
                                            0, 0, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0, 0};
  std::vector<TraceEvent> none;
  EXPECT_EQ(decode_events(track, 1, none), "a track is out of range");
  c.blocks = {block_of(1, static_cast<std::uint32_t>(track.size()), zstd_frame(track, true))};
  EXPECT_TRUE(contains(test::read_error(c.bytes()),
                       "holds malformed events (a track is out of range): damaged"));
}

TEST(RecordingBadFile, ABlockClaimingNoEventsOrTooManyIsRefused) {
  for (std::uint32_t count : {0u, kMaxEventsPerBlock + 1}) {
    Crafted c = one_good_block();
    const std::vector<unsigned char> frame(c.blocks[0].begin() + kBlockHeaderBytes,
                                           c.blocks[0].end());
    c.blocks = {block_of(count, 22, frame)};
    EXPECT_TRUE(contains(
        test::read_error(c.bytes()),
        "claims " + std::to_string(count) + " events, but a block holds 1 to 65536: damaged"));
  }
}

TEST(RecordingBadFile, BytesAfterTheLastBlockAreFound) {
  std::vector<unsigned char> bytes = one_good_block().bytes();
  bytes.push_back(0);
  EXPECT_EQ(test::read_error(bytes),
            kOpen + "there is 1 byte after the last block: damaged, or not one recording");
}

TEST(RecordingBadFile, MetadataThatIsNotJsonOrHasAWrongFieldIsNamed) {
  Crafted c = one_good_block();
  c.meta = "{\"runs\": [";
  EXPECT_TRUE(contains(test::read_error(c.bytes()), kOpen + "metadata is not valid JSON: "));

  // A number no type can hold (found by fuzz_recording).
  c.meta = R"({"created_unix_ns": 17966062279769e51686})";
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen +
                "metadata is not valid JSON: [json.exception.out_of_range.406] number overflow "
                "parsing '17966062279769e51686'");

  c.meta = R"({"runs": [{"scenario": {"clients": "four"}}]})";
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen +
                "metadata: runs[0].scenario.clients must be a whole number between "
                "-2147483648 and 2147483647");

  c.meta = R"({"annotations": [{"t_ns": 1, "lane": "cellar"}]})";
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen + "metadata: annotations[0].lane must be buyer, shopkeeper, factory or null");

  c.meta = R"({"runs": [{"first_event": 1, "event_count": 5}]})";
  EXPECT_EQ(test::read_error(c.bytes()),
            kOpen + "metadata: runs[0] claims events 1 to 6, but the recording holds 2");

  c.meta = R"([1, 2])";
  EXPECT_EQ(test::read_error(c.bytes()), kOpen + "metadata: not a JSON object");

  c.meta = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(test::read_error(c.bytes()), kOpen + "metadata: nested more than 64 levels deep");
}

TEST(RecordingBadFile, AMissingFileOrADirectoryIsNamed) {
  auto missing = load_recording("/nonexistent/x.ioscope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "cannot open '/nonexistent/x.ioscope': No such file or directory");
  auto dir = load_recording("/tmp");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().message, "cannot open '/tmp': it is a directory, not a recording");
}

}  // namespace
}  // namespace ioscope
