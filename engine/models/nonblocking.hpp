#pragma once

#include "models/model.hpp"

namespace ioscope {

class NonblockingModel : public Model {
 public:
  // One thread polls the listener and every connection; never sleeps, so needs no interrupt().
  std::optional<Error> serve(ServerContext& ctx) override;
};

}  // namespace ioscope
