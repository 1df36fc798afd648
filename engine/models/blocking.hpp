#pragma once

#include <mutex>
#include <vector>

#include "models/model.hpp"

namespace ioscope {

class BlockingModel : public Model {
 public:
  // Serve thread: accepts; each connection gets a thread of its own.
  std::optional<Error> serve(ServerContext& ctx) override;
  // Any thread, after ctx.stop was requested: wakes the accept and every blocked recv/send.
  void interrupt() override;

 private:
  // The descriptors other threads may be blocked on, so interrupt() can reach them. A thread
  // takes its descriptor out of here before closing it, so interrupt() never touches a number
  // the kernel may have handed to someone else.
  bool watch(int fd, const StopSignal& stop);
  void unwatch(int fd);
  void shut_down_all();

  std::mutex mutex_;
  std::vector<int> watched_;  // the listener and every live connection
};

}  // namespace ioscope
