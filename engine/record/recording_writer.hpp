// Saves a recording (.ioscope, FORMAT.md): the metadata, then the events a block at a time, so a
// save never holds a second copy of them. Any thread, one writer per thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "net/result.hpp"
#include "record/recording_meta.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::record {

class RecordingWriter {
 public:
  // Creates the file, as a temporary beside path: the recording takes path's name only when
  // finish() succeeds, so a failed save leaves an older file of that name as it was. Errors name
  // the path and the reason (no such directory, permission, a directory of that name).
  static Result<RecordingWriter> create(const std::string& path);
  RecordingWriter(RecordingWriter&&) noexcept;
  RecordingWriter& operator=(RecordingWriter&&) noexcept;
  // Without a successful finish(): the temporary is removed.
  ~RecordingWriter();

  // Once, before any event. The runs' event ranges are checked against the events at finish().
  std::optional<Error> begin(const RecordingMeta& meta);
  // Any number of times after begin(), in the order the events are to be read back.
  std::optional<Error> append(std::span<const TraceEvent> events);
  // Writes what is pending, completes the header and puts the file in place. After an error
  // from any call the writer is spent: the file is not made.
  std::optional<Error> finish();

  std::uint64_t events_written() const;
  std::uint64_t bytes_written() const;  // so far, headers included

 private:
  struct State;
  explicit RecordingWriter(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

// A whole recording in one call.
std::optional<Error> save_recording(const std::string& path, const RecordingMeta& meta,
                                    std::span<const TraceEvent> events);

}  // namespace ioscope::record
