// poll(2): one thread waits over a pollfd array the kernel scans each call; no descriptor limit.
#pragma once

#include "models/model.hpp"

namespace ioscope {

class PollModel : public Model {
 public:
  std::optional<Error> serve(ServerContext& ctx) override;
};

}  // namespace ioscope
