// The catalogue of models, in the order Stevens teaches them (UNP vol. 1, figure 6.6).
#include <sys/select.h>

#include "models/blocking.hpp"
#include "models/epoll.hpp"
#include "models/io_uring.hpp"
#include "models/model.hpp"
#include "models/nonblocking.hpp"
#include "models/poll.hpp"
#include "models/select.hpp"
#include "models/sigio.hpp"

namespace ioscope {

const std::vector<ModelInfo>& all_models() {
  static const std::vector<ModelInfo> models = {
      {"blocking",
       "Blocking I/O, a thread per connection",
       "each thread waits inside recv() through both phases",
       {},
       [] { return std::make_unique<BlockingModel>(); }},
      {"nonblocking",
       "Non-blocking I/O, a polling loop",
       "one thread asks every connection again and again; most calls return EAGAIN",
       {},
       [] { return std::make_unique<NonblockingModel>(); }},
      {"select",
       "I/O multiplexing with select",
       "waits in select() over an fd_set (descriptors below 1024 only), then recv()",
       {},
       [] { return std::make_unique<SelectModel>(); }},
      {"poll",
       "I/O multiplexing with poll",
       "waits in poll() over an array the kernel scans each call, then recv()",
       {},
       [] { return std::make_unique<PollModel>(); }},
      {"epoll",
       "I/O multiplexing with epoll, level-triggered",
       "waits in epoll_wait(), which returns only the ready descriptors, then recv()",
       {},
       [] { return std::make_unique<EpollModel>(false); }},
      {"epoll-et",
       "I/O multiplexing with epoll, edge-triggered",
       "told once per arrival by epoll_wait(), so it reads until EAGAIN",
       {},
       [] { return std::make_unique<EpollModel>(true); }},
      {"sigio",
       "Signal-driven I/O",
       "does other work; a real-time signal carrying the fd says 'ready', then recv()",
       {},
       [] { return std::make_unique<SigioModel>(); }},
      {"io_uring", "Asynchronous I/O with io_uring",
       "submits receives, does other work, reaps completions: the kernel did the copy",
       [] { return io_uring_unavailable_reason(); },
       [] { return std::make_unique<IoUringModel>(); }},
  };
  return models;
}

const ModelInfo* find_model(std::string_view id) {
  for (const auto& m : all_models())
    if (m.id == id) return &m;
  return nullptr;
}

std::string model_ids_joined(std::string_view separator) {
  std::string out;
  for (const auto& m : all_models()) {
    if (!out.empty()) out += separator;
    out += m.id;
  }
  return out;
}

std::optional<std::string> model_cannot_run_here(const std::string& id) {
  const ModelInfo* info = find_model(id);
  if (info == nullptr || !info->unavailable) return std::nullopt;
  if (auto why = info->unavailable()) return "model '" + id + "' cannot run here: " + *why;
  return std::nullopt;
}

}  // namespace ioscope
