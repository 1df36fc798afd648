#include "lab/uring_features.hpp"

namespace ioscope {

Result<UringFeatures> parse_uring_features(const std::string& text) {
  UringFeatures f;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(",+", start);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(start, end - start);
    const auto first = name.find_first_not_of(" \t");
    const auto last = name.find_last_not_of(" \t");
    name = first == std::string::npos ? "" : name.substr(first, last - first + 1);
    if (name == "multishot")
      f.multishot = true;
    else if (name == "defer-taskrun")
      f.defer_taskrun = true;
    else if (!name.empty() && name != "plain")
      return Error{"unknown io_uring feature '" + name + "' (known: " + kUringFeatureNames + ")"};
    start = end + 1;
  }
  return f;
}

std::string format_uring_features(const UringFeatures& f, char separator) {
  std::string out;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += separator;
    out += name;
  };
  add(f.multishot, "multishot");
  add(f.defer_taskrun, "defer-taskrun");
  return out;
}

}  // namespace ioscope
