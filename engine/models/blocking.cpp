// PLACEHOLDER: replaced by the real model.
#include "models/blocking.hpp"

namespace ioscope {

std::optional<Error> BlockingModel::serve(ServerContext&) { return Error{"model blocking is not built yet"}; }

}  // namespace ioscope
