// PLACEHOLDER: replaced by the real model.
#include "models/sigio.hpp"

namespace ioscope {

std::optional<Error> SigioModel::serve(ServerContext&) { return Error{"model sigio is not built yet"}; }

}  // namespace ioscope
