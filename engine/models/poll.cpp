// PLACEHOLDER: replaced by the real model.
#include "models/poll.hpp"

namespace ioscope {

std::optional<Error> PollModel::serve(ServerContext&) { return Error{"model poll is not built yet"}; }

}  // namespace ioscope
