// PLACEHOLDER: replaced by the real model.
#include "models/select.hpp"

namespace ioscope {

std::optional<Error> SelectModel::serve(ServerContext&) { return Error{"model select is not built yet"}; }

}  // namespace ioscope
