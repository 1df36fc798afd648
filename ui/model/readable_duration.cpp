#include "model/readable_duration.hpp"

#include <cmath>
#include <cstdio>

namespace ioscope::ui {

std::string readable_duration(std::int64_t ns) {
  char buf[48];
  const double a = std::fabs(static_cast<double>(ns));
  const double v = static_cast<double>(ns);
  if (a < 1e3)
    std::snprintf(buf, sizeof buf, "%lld ns", static_cast<long long>(ns));
  else if (a < 1e6)
    std::snprintf(buf, sizeof buf, "%g µs", std::round(v / 1e3 * 1000) / 1000);
  else if (a < 1e9)
    std::snprintf(buf, sizeof buf, "%g ms", std::round(v / 1e6 * 1000) / 1000);
  else
    std::snprintf(buf, sizeof buf, "%g s", std::round(v / 1e9 * 1000) / 1000);
  return buf;
}

}  // namespace ioscope::ui
