// Signal-driven I/O (Stevens' model 4): the kernel interrupts the process with a signal when a
// socket becomes ready; the process then reads it itself.
//
// What this model does to the process, beyond its own descriptors:
//   - it installs one SA_SIGINFO handler, once, for SIGIO and for SIGRTMIN + kSigioRtOffset (the
//     real-time signal it asks for with F_SETSIG). Nothing else in ioscope uses these signals;
//     if some other code already handles either, serve() refuses with an error instead of
//     taking it over. The handlers stay installed: they do nothing on a thread that is not
//     serving.
//   - each descriptor names the serving thread (F_SETOWN_EX, F_OWNER_TID), so several sigio runs
//     in one process each get only their own signals.
//
// Stevens (UNP 25.2) calls SIGIO "next to useless" for TCP, because the signal is raised for
// many conditions and, plain, says neither which socket nor which; sigio.cpp tells the story.
#pragma once

#include <sys/types.h>

#include <mutex>

#include "models/model.hpp"

namespace ioscope {

// SIGRTMIN + 4: clear of the real-time signals glibc keeps for itself (SIGRTMIN already skips
// those) and of the first few, which libraries that do use real-time signals tend to pick.
inline constexpr int kSigioRtOffset = 4;

// The real-time signal this model uses (a runtime value: SIGRTMIN is not a constant in glibc).
int sigio_signal();

class SigioModel : public Model {
 public:
  std::optional<Error> serve(ServerContext& ctx) override;
  // The sleeping buyer waits with no timeout: interrupt() wakes him with our own signal, sent
  // to his thread, so he looks at the stop flag.
  void interrupt() override;

  // Who to wake, while one is serving.
  class Doorbell {
   public:
    class Answering {
     public:
      Answering(Doorbell& bell, pid_t tid);
      ~Answering();
      Answering(const Answering&) = delete;
      Answering& operator=(const Answering&) = delete;

     private:
      Doorbell& bell_;
    };
    void knock();

   private:
    std::mutex mutex_;
    pid_t tid_ = 0;
  };

 private:
  Doorbell doorbell_;
};

}  // namespace ioscope
