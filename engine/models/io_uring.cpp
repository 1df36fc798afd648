// PLACEHOLDER: replaced by the real model.
#include "models/io_uring.hpp"

namespace ioscope {

std::optional<Error> IoUringModel::serve(ServerContext&) { return Error{"model io_uring is not built yet"}; }

}  // namespace ioscope

namespace ioscope {
std::optional<std::string> io_uring_unavailable_reason() { return std::nullopt; }
}  // namespace ioscope
