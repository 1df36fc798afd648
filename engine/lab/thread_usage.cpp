#include "lab/thread_usage.hpp"

#include <sys/resource.h>

namespace ioscope {

namespace {

ThreadUsage from(const rusage& ru) {
  auto ns = [](const timeval& tv) {
    return static_cast<std::int64_t>(tv.tv_sec) * 1'000'000'000 +
           static_cast<std::int64_t>(tv.tv_usec) * 1'000;
  };
  return {ns(ru.ru_utime) + ns(ru.ru_stime), ru.ru_nvcsw, ru.ru_nivcsw};
}

ThreadUsage sample(int who) {
  rusage ru{};
  if (::getrusage(who, &ru) != 0) return {};
  return from(ru);
}

}  // namespace

ThreadUsage usage_of_process() {
  return sample(RUSAGE_SELF);
}
ThreadUsage usage_of_this_thread() {
  return sample(RUSAGE_THREAD);
}

}  // namespace ioscope
