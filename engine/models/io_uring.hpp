#pragma once

#include "models/model.hpp"

namespace ioscope {

class IoUringModel : public Model {
 public:
  std::optional<Error> serve(ServerContext& ctx) override;
};

}  // namespace ioscope

namespace ioscope {
// Why io_uring cannot be used on this machine (old kernel, io_uring_disabled, seccomp), or
// nothing when it can.
std::optional<std::string> io_uring_unavailable_reason();
}  // namespace ioscope
