// libFuzzer: any bytes as a recording (.ioscope). Opening and reading it must give events or an
// error that names the problem, never crash, hang, read out of bounds or allocate beyond the
// file's means (the build adds ASan and UBSan; fuzz.sh caps memory).
//
// Most mutations of a real recording only break a checksum, so each input is also read a second
// time with its checksums repaired: the mutation then reaches the sizes, the zstd frames, the
// event decoder and the metadata's JSON behind them.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "record/recording_format.hpp"
#include "record/recording_reader.hpp"

namespace {

void read_all(std::span<const unsigned char> bytes) {
  auto reader = ioscope::record::RecordingReader::from_bytes(bytes);
  if (!reader) {
    if (reader.error().message.empty()) __builtin_trap();  // an error must say what is wrong
    return;
  }
  std::vector<ioscope::TraceEvent> events;
  for (;;) {
    auto got = reader->next_block(events);
    if (!got) {
      if (got.error().message.empty()) __builtin_trap();
      return;
    }
    if (*got == 0) break;
  }
  // A recording that read to the end holds what its header and metadata say it does.
  if (events.size() != reader->event_count()) __builtin_trap();
  for (const auto& run : reader->meta().runs)
    if (run.first_event > events.size() || run.event_count > events.size() - run.first_event)
      __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  read_all({data, size});
  std::vector<unsigned char> repaired(data, data + size);
  ioscope::record::repair_checksums(repaired);
  read_all(repaired);
  return 0;
}
