// libFuzzer: any bytes as a Chrome JSON trace handed to `ioscope-cli replay`. Reading must give
// events or an error that names the problem, never crash, hang, recurse without bound or allocate
// beyond the input's means (the build adds ASan and UBSan; fuzz.sh caps memory).
//
// The seeds are traces ioscope wrote, so most mutations land in the "ioscope" section's numbers
// and brackets; what reads must come back the same when written and read again.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "trace/chrome_json_import.hpp"
#include "trace/trace_sinks.hpp"

namespace {

bool same(const ioscope::TraceEvent& a, const ioscope::TraceEvent& b) {
  return a.t_ns == b.t_ns && a.value == b.value && a.aux == b.aux && a.fd == b.fd &&
         a.track == b.track && a.err == b.err && a.kind == b.kind && a.lane == b.lane &&
         a.sys == b.sys && a.flags == b.flags && a.conn == b.conn;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto got = ioscope::read_chrome_json(in, "input");
  if (!got) {
    if (got.error().message.empty()) __builtin_trap();  // an error must say what is wrong
    return 0;
  }
  // Whatever was accepted is something the engine can draw: written again, it reads back equal.
  std::ostringstream out;
  ioscope::write_chrome_json(got->events, got->meta, out);
  std::istringstream again(out.str());
  auto back = ioscope::read_chrome_json(again, "rewritten");
  if (!back || back->events.size() != got->events.size()) __builtin_trap();
  for (std::size_t i = 0; i < got->events.size(); ++i)
    if (!same(back->events[i], got->events[i])) __builtin_trap();
  return 0;
}
