#include "net/stop_signal.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "net/socket_ops.hpp"

namespace ioscope {

StopSignal::StopSignal() : event_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (!event_) create_errno_ = errno;
}

void StopSignal::request() {
  if (requested_.exchange(true, std::memory_order_acq_rel)) return;
  if (!event_) return;
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(event_.get(), &one, sizeof one);
}

std::optional<Error> StopSignal::unusable() const {
  if (event_) return std::nullopt;
  std::string text = "cannot create the eventfd that stops a run: " + errno_text(create_errno_);
  if (create_errno_ == EMFILE) text += fd_limit_hint();
  return Error{text};
}

}  // namespace ioscope
