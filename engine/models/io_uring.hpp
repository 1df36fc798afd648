// Asynchronous I/O with io_uring (Stevens' model 5, the Proactor): the process submits receives
// into its own buffers and reaps completions; the kernel waits for the data and copies it.
#pragma once

#include "models/model.hpp"

namespace ioscope {

class IoUringModel : public Model {
 public:
  std::optional<Error> serve(ServerContext& ctx) override;
};

// Why io_uring cannot be used on this machine (no io_uring in the kernel, kernel.io_uring_disabled,
// a seccomp filter, an operation this model needs missing), or nothing when it can. Asks the
// kernel once and remembers the answer. Any thread.
std::optional<std::string> io_uring_unavailable_reason();

}  // namespace ioscope
