// Shared by the recording tests: events that use every field to its limits, metadata with every
// field set, temporary files, and recordings taken apart and put back together byte by byte.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "record/recording_format.hpp"
#include "record/recording_meta.hpp"
#include "record/recording_reader.hpp"
#include "record/recording_writer.hpp"
#include "trace/trace_event.hpp"

namespace ioscope::test {

// A file name in the temp folder, removed when this goes.
class TempFile {
 public:
  explicit TempFile(const std::string& stem)
      : path_((std::filesystem::temp_directory_path() /
               ("ioscope-rec-" + std::to_string(::getpid()) + "-" + stem + ".ioscope"))
                  .string()) {
    std::filesystem::remove(path_);
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::vector<unsigned char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

inline TraceEvent event_of(EventKind kind, Lane lane, Source source, std::uint8_t flags) {
  TraceEvent e;
  e.kind = kind;
  e.lane = lane;
  e.flags = flags;
  set_source(e, source);
  return e;
}

// Every kind on every lane from every source, with every flag; then the extremes of each field
// (and enum values no version of ioscope uses: a recording keeps what it was given).
inline std::vector<TraceEvent> every_kind_of_event() {
  std::vector<TraceEvent> out;
  const std::uint8_t flag_sets[] = {0,
                                    flag::kInferred,
                                    flag::kWaited,
                                    flag::kOverflow,
                                    flag::kKernelCopy,
                                    flag::kIoWorker,
                                    flag::kStopping,
                                    flag::kInferred | flag::kWaited | flag::kKernelCopy |
                                        flag::kIoWorker | flag::kStopping | flag::kOverflow};
  std::int64_t t = 1'000'000'000'000;
  std::int64_t i = 0;
  for (int k = 0; k < kEventKindCount; ++k)
    for (Lane lane : {Lane::Buyer, Lane::Shopkeeper, Lane::Factory})
      for (Source source : {Source::Engine, Source::Probe, Source::Imported})
        for (std::uint8_t flags : flag_sets) {
          TraceEvent e = event_of(static_cast<EventKind>(k), lane, source, flags);
          e.t_ns = t += 37 * (i % 11);
          e.sys = static_cast<Sys>(i % kSysCount);
          e.value = (i % 3 == 0) ? -i : i * 4096;
          e.aux = (i % 5 == 0) ? -1 : i;
          e.fd = static_cast<std::int32_t>(i % 7) - 1;
          e.track = static_cast<std::uint16_t>(i % 9);
          e.err = static_cast<std::uint16_t>(i % 4 == 0 ? 11 : 0);
          e.conn = static_cast<std::uint32_t>(40000 + i % 13);
          out.push_back(e);
          ++i;
        }
  const auto min64 = std::numeric_limits<std::int64_t>::min();
  const auto max64 = std::numeric_limits<std::int64_t>::max();
  for (std::int64_t v : {min64, max64, std::int64_t{0}, std::int64_t{-1}}) {
    for (EventKind kind : {EventKind::ClientSend, EventKind::Work, EventKind::SyscallEnd}) {
      TraceEvent e = event_of(kind, Lane::Factory, Source::Imported, 0xFF);
      e.t_ns = v;
      e.value = v == min64 ? max64 : min64;
      e.aux = v;
      e.fd = v < 0 ? std::numeric_limits<std::int32_t>::min()
                   : std::numeric_limits<std::int32_t>::max();
      e.track = 0xFFFF;
      e.err = 0xFFFF;
      e.conn = 0xFFFFFFFF;
      e.sys = static_cast<Sys>(0xFF);
      out.push_back(e);
    }
  }
  TraceEvent unknown = event_of(static_cast<EventKind>(0xFE), static_cast<Lane>(0xFD),
                                Source::Probe, flag::kInferred);
  unknown.flags = 0xFF;
  out.push_back(unknown);
  return out;
}

// n events in the shape of a real trace (mostly small steps forward, now and then a thread's
// batch from earlier), from a seed.
inline std::vector<TraceEvent> many_events(std::size_t n, std::uint32_t seed = 7) {
  std::mt19937_64 rng(seed);
  std::vector<TraceEvent> out(n);
  std::int64_t t = 5'000'000'000;
  for (std::size_t i = 0; i < n; ++i) {
    TraceEvent& e = out[i];
    t += static_cast<std::int64_t>(rng() % 20'000) - (rng() % 50 == 0 ? 300'000 : 0);
    e.t_ns = t;
    e.kind = static_cast<EventKind>(rng() % kEventKindCount);
    e.lane = static_cast<Lane>(rng() % 3);
    e.sys = static_cast<Sys>(rng() % kSysCount);
    e.flags = static_cast<std::uint8_t>(rng());
    e.track = static_cast<std::uint16_t>(rng() % 8);
    e.fd = static_cast<std::int32_t>(rng() % 20) - 1;
    e.conn = static_cast<std::uint32_t>(40000 + rng() % 8);
    e.value = static_cast<std::int64_t>(rng() % 100'000) - 10;
    e.aux = static_cast<std::int64_t>(rng() % 1000);
    e.err = static_cast<std::uint16_t>(rng() % 3 == 0 ? 11 : 0);
  }
  return out;
}

inline bool same_event(const TraceEvent& a, const TraceEvent& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;  // no padding: sizeof is the sum of the fields
}

inline std::string describe(const TraceEvent& e) {
  return "{t " + std::to_string(e.t_ns) + " kind " + std::to_string(int(e.kind)) + " lane " +
         std::to_string(int(e.lane)) + " sys " + std::to_string(int(e.sys)) + " flags " +
         std::to_string(int(e.flags)) + " track " + std::to_string(e.track) + " err " +
         std::to_string(e.err) + " fd " + std::to_string(e.fd) + " conn " + std::to_string(e.conn) +
         " value " + std::to_string(e.value) + " aux " + std::to_string(e.aux) + "}";
}

// Same events in the same order, or a failure naming the first that differs.
inline void expect_same_events(const std::vector<TraceEvent>& want,
                               const std::vector<TraceEvent>& got) {
  ASSERT_EQ(want.size(), got.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!same_event(want[i], got[i])) {
      ADD_FAILURE() << "event " << i << " differs: wrote " << describe(want[i]) << ", read "
                    << describe(got[i]);
      return;
    }
}

inline record::RecordingMeta small_meta(std::uint64_t events) {
  record::RecordingMeta m = record::new_recording_meta();
  RunSummary s;
  s.scenario.model = "epoll";
  m.runs.push_back(record::recorded_run(s, 0, events));
  return m;
}

// A recording of events as its bytes (written to a file and read back, as a user would have it).
inline std::vector<unsigned char> recording_bytes(const std::vector<TraceEvent>& events,
                                                  const std::string& stem) {
  TempFile f(stem);
  const auto err = record::save_recording(f.path(), small_meta(events.size()), events);
  EXPECT_FALSE(err) << err->message;
  return read_bytes(f.path());
}

// The message of opening and reading bytes to the end: "" when it all read.
inline std::string read_error(const std::vector<unsigned char>& bytes) {
  auto reader = record::RecordingReader::from_bytes(bytes, "'test.ioscope'");
  if (!reader) return reader.error().message;
  std::vector<TraceEvent> events;
  if (auto err = reader->read_rest(events)) return err->message;
  return {};
}

}  // namespace ioscope::test
