// libFuzzer: any bytes as an strace log. read_strace_log must return calls or an error naming a
// line, never crash, hang or read out of bounds (the build adds ASan and UBSan).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "foreign/model_verdict.hpp"
#include "foreign/strace_log.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto program = ioscope::read_strace_log(in);
  if (program.ok()) {
    // What the app does next with a log that parsed: name its model.
    const ioscope::ModelVerdict v = ioscope::name_model(*program);
    if (v.model.empty() || v.confidence < 0 || v.confidence > 1) __builtin_trap();
  } else if (program.error().message.empty()) {
    __builtin_trap();  // an error must say what is wrong
  }
  return 0;
}
