#pragma once

#include "models/model.hpp"

namespace ioscope {

class BlockingModel : public Model {
 public:
  std::optional<Error> serve(ServerContext& ctx) override;
};

}  // namespace ioscope
