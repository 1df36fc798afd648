// select(2): one thread waits over fd_sets rebuilt each call; refuses descriptors >= FD_SETSIZE.
#pragma once

#include "models/model.hpp"

namespace ioscope {

class SelectModel : public Model {
 public:
  std::optional<Error> serve(ServerContext& ctx) override;
};

}  // namespace ioscope
