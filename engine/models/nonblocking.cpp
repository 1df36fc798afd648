// PLACEHOLDER: replaced by the real model.
#include "models/nonblocking.hpp"

namespace ioscope {

std::optional<Error> NonblockingModel::serve(ServerContext&) { return Error{"model nonblocking is not built yet"}; }

}  // namespace ioscope
