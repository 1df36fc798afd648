// Recordings a block at a time: opening reads only the header and the metadata, each block comes
// on its own (a view shows the first before the rest are decoded), and a save that cannot finish
// says why and leaves no file behind (nor harms an older one of the same name).
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include "recording_test_support.hpp"

namespace ioscope {
namespace {

using namespace record;

TEST(RecordingStream, BlocksComeOneAtATimeAndTheEndIsZero) {
  const std::vector<TraceEvent> events = test::many_events(2 * kMaxEventsPerBlock + 100);
  test::TempFile f("blocks");
  ASSERT_FALSE(save_recording(f.path(), test::small_meta(events.size()), events));
  auto reader = RecordingReader::open(f.path());
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(reader->block_count(), 3u);
  EXPECT_EQ(reader->blocks_read(), 0u);
  ASSERT_EQ(reader->meta().runs.size(), 1u);  // the metadata is there before any block

  std::vector<TraceEvent> got;
  auto first = reader->next_block(got);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, kMaxEventsPerBlock);
  EXPECT_EQ(got.size(), kMaxEventsPerBlock);
  EXPECT_EQ(reader->blocks_read(), 1u);
  test::expect_same_events({events.begin(), events.begin() + kMaxEventsPerBlock}, got);

  auto second = reader->next_block(got);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, kMaxEventsPerBlock);
  auto third = reader->next_block(got);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(*third, 100u);
  for (int again = 0; again < 2; ++again) {
    auto end = reader->next_block(got);
    ASSERT_TRUE(end.ok()) << end.error().message;
    EXPECT_EQ(*end, 0u);
  }
  test::expect_same_events(events, got);
}

TEST(RecordingStream, ADamagedLastBlockStillLetsTheFirstOnesBeShown) {
  const std::vector<TraceEvent> events = test::many_events(kMaxEventsPerBlock + 10);
  std::vector<unsigned char> bytes = test::recording_bytes(events, "damaged-last");
  bytes[bytes.size() - 2] ^= 0x40;
  auto reader = RecordingReader::from_bytes(bytes, "'late.ioscope'");
  ASSERT_TRUE(reader.ok()) << reader.error().message;  // opening decodes no block
  std::vector<TraceEvent> got;
  auto first = reader->next_block(got);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, kMaxEventsPerBlock);
  auto second = reader->next_block(got);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().message.rfind("cannot open 'late.ioscope': block 2 of 2 (at byte ", 0),
            0u)
      << second.error().message;
  EXPECT_EQ(got.size(), kMaxEventsPerBlock);  // the bad block added nothing
  // Spent: the same error again, never a crash or a half block.
  auto again = reader->next_block(got);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, second.error().message);
}

TEST(RecordingStream, ReadRestAfterTheFirstBlockGivesTheOthers) {
  const std::vector<TraceEvent> events = test::many_events(kMaxEventsPerBlock + 10);
  const std::vector<unsigned char> bytes = test::recording_bytes(events, "rest");
  auto reader = RecordingReader::from_bytes(bytes);
  ASSERT_TRUE(reader.ok());
  std::vector<TraceEvent> got;
  ASSERT_TRUE(reader->next_block(got).ok());
  ASSERT_FALSE(reader->read_rest(got));
  test::expect_same_events(events, got);
}

TEST(RecordingStream, SavingIntoAMissingDirectoryFailsBeforeAnythingIsWritten) {
  auto w = RecordingWriter::create("/nonexistent/dir/x.ioscope");
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message,
            "cannot write the recording '/nonexistent/dir/x.ioscope': the directory "
            "'/nonexistent/dir' does not exist");
}

TEST(RecordingStream, SavingOverADirectoryFails) {
  const auto dir = std::filesystem::temp_directory_path() / "ioscope-rec-dir.ioscope";
  std::filesystem::create_directories(dir);
  auto w = RecordingWriter::create(dir.string());
  std::filesystem::remove(dir);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message,
            "cannot write the recording '" + dir.string() + "': it is a directory");
}

TEST(RecordingStream, SavingWithoutPermissionFails) {
  if (::geteuid() == 0) {
    // Root may write anywhere; a read-only place is the nearest thing it has.
    auto w = RecordingWriter::create("/proc/x.ioscope");
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().message.rfind("cannot write the recording '/proc/x.ioscope': ", 0), 0u)
        << w.error().message;
    return;
  }
  const auto dir = std::filesystem::temp_directory_path() / "ioscope-rec-readonly";
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(
      dir, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  auto w = RecordingWriter::create((dir / "x.ioscope").string());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all);
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().message, "cannot write the recording '" + (dir / "x.ioscope").string() +
                                   "': no permission to create a file in '" + dir.string() +
                                   "' (Permission denied)");
}

// The nearest thing to a full disk a test can make: a file size limit (the write fails with
// EFBIG once SIGXFSZ is ignored), restored when the test ends.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = old_;
    small.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &small);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }

 private:
  rlimit old_{};
  void (*old_handler_)(int) = nullptr;
};

// No "<path>.partial-PID" left beside path.
void expect_no_partial_file(const std::string& path) {
  const auto dir = std::filesystem::path(path).parent_path();
  const std::string stem = std::filesystem::path(path).filename().string() + ".partial";
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().rfind(stem, 0), std::string::npos) << entry.path();
}

TEST(RecordingStream, ASaveThatRunsOutOfRoomFailsAndKeepsTheOlderFile) {
  test::TempFile f("no-room");
  const std::vector<TraceEvent> old_events = test::many_events(5);
  ASSERT_FALSE(save_recording(f.path(), test::small_meta(old_events.size()), old_events));
  const std::vector<TraceEvent> events = test::many_events(kMaxEventsPerBlock * 2);
  std::optional<Error> err;
  {
    const FileSizeLimit limit(64 * 1024);
    err = save_recording(f.path(), test::small_meta(events.size()), events);
  }
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message, "cannot write the recording '" + f.path() + "': File too large");
  // The older recording is still whole, and no temporary is left beside it.
  auto old = load_recording(f.path());
  ASSERT_TRUE(old.ok()) << old.error().message;
  test::expect_same_events(old_events, old->events);
  expect_no_partial_file(f.path());
}

TEST(RecordingStream, AWriterDroppedBeforeFinishLeavesNoFile) {
  test::TempFile f("dropped");
  {
    auto w = RecordingWriter::create(f.path());
    ASSERT_TRUE(w.ok());
    ASSERT_FALSE(w->begin(test::small_meta(0)));
    ASSERT_FALSE(w->append(test::many_events(10)));
  }
  EXPECT_FALSE(std::filesystem::exists(f.path()));
  expect_no_partial_file(f.path());
}

TEST(RecordingStream, RunsClaimingMoreEventsThanWrittenAreRefusedAtFinish) {
  test::TempFile f("bad-runs");
  const auto err = save_recording(f.path(), test::small_meta(100), test::many_events(10));
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message, "cannot write the recording '" + f.path() +
                              "': its metadata gives run 0 events 0 to 100, but only 10 were "
                              "written");
  EXPECT_FALSE(std::filesystem::exists(f.path()));
  expect_no_partial_file(f.path());
}

}  // namespace
}  // namespace ioscope
