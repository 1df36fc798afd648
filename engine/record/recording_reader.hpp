// Opens a recording (.ioscope, FORMAT.md): the header and metadata at once, then the events
// block by block (a view can show the first block while the rest decodes) or all together.
//
// Errors: every function that can fail returns an Error whose message names the file and the
// problem ("cannot open 'x.ioscope': block 3 of 7 is damaged (checksum mismatch)"); nothing
// throws, and nothing is allocated beyond what the file's size can hold and one block's limits
// (kMaxEventsPerBlock, kMaxRawBlockBytes). Any thread, one reader per thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "net/result.hpp"
#include "record/recording_meta.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::record {

class RecordingReader {
 public:
  static Result<RecordingReader> open(const std::string& path);
  // A recording already in memory; bytes must outlive the reader. name stands for the file in
  // messages.
  static Result<RecordingReader> from_bytes(std::span<const unsigned char> bytes,
                                            const std::string& name = "the recording");
  RecordingReader(RecordingReader&&) noexcept;
  RecordingReader& operator=(RecordingReader&&) noexcept;
  ~RecordingReader();

  const RecordingMeta& meta() const;
  // What the header says; the blocks are checked against it as they are read.
  std::uint64_t event_count() const;
  std::uint32_t block_count() const;
  std::uint32_t blocks_read() const;

  // Appends the next block's events to out and returns how many (at least one), or 0 once every
  // block has been read and the file checked to its end. After an error the reader is spent.
  Result<std::size_t> next_block(std::vector<TraceEvent>& out);
  // Every event not read yet, appended to out.
  std::optional<Error> read_rest(std::vector<TraceEvent>& out);

 private:
  struct State;
  explicit RecordingReader(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

struct Recording {
  RecordingMeta meta;
  std::vector<TraceEvent> events;
};

// A whole recording at once.
Result<Recording> load_recording(const std::string& path);

}  // namespace ioscope::record
