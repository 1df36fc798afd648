#include "fd_limit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace ioscope::bench {

FdFit fit_connections_to_fd_limit(int wanted) {
  FdFit fit;
  fit.connections = wanted;
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return fit;  // unknowable: let the run say
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  if (lim.rlim_cur == RLIM_INFINITY) return fit;
  fit.hard_limit = static_cast<long>(lim.rlim_cur);
  const long needed = static_cast<long>(wanted) + kFdReserve;
  if (fit.hard_limit >= needed) return fit;
  fit.connections = static_cast<int>(std::max(1L, fit.hard_limit - kFdReserve));
  const std::string n = std::to_string(needed);
  fit.note = "RLIMIT_NOFILE is " + std::to_string(fit.hard_limit) + " (hard limit), but " +
             std::to_string(wanted) + " connections need " + n +
             " descriptors in the bench and in each server: running " +
             std::to_string(fit.connections) + " connections instead. To run them all, raise " +
             "the hard limit as root (prlimit --nofile=" + n + ":" + n +
             " --pid $$, or nofile in /etc/security/limits.conf), then 'ulimit -n " + n + "'.";
  return fit;
}

}  // namespace ioscope::bench
