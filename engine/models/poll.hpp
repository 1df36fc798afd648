#pragma once

#include "models/model.hpp"

namespace ioscope {

class PollModel : public Model {
 public:
  std::optional<Error> serve(ServerContext& ctx) override;
};

}  // namespace ioscope
