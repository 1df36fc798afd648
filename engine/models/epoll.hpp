#pragma once

#include "models/model.hpp"

namespace ioscope {

class EpollModel : public Model {
 public:
  explicit EpollModel(bool edge_triggered) : edge_triggered_(edge_triggered) {}
  std::optional<Error> serve(ServerContext& ctx) override;

 private:
  bool edge_triggered_;
};

}  // namespace ioscope
