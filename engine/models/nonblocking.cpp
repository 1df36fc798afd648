// Non-blocking I/O, a polling loop (Stevens' model 2).
//
// The buyer phones the shop again and again: "is my knife in?" - "not yet" (EAGAIN). With
// O_NONBLOCK the kernel never puts the process to sleep in phase 1 (wait for data); it answers
// at once, and most answers are no. Once the knife is at the shop, the same call copies it out
// (phase 2, kernel -> user), and that part is as synchronous as in the blocking model: the
// process is inside recvmsg while the shopkeeper hands the knife over.
//
// Between calls the buyer is free, so here it does a unit of useful work every round. The
// timeline shows the trade this model makes: calls that came back empty (each a wasted trip
// into the kernel) between spans of work. Ask more often and the CPU burns on EAGAIN; ask less
// often and a knife waits on the counter. One thread serves every connection, in turn.
#include "models/nonblocking.hpp"

#include <memory>

#include "models/useful_work.hpp"
#include "net/echo_steps.hpp"

namespace ioscope {

namespace {

constexpr int kWorkUnitsPerRound = 4;

class PollingServer {
 public:
  explicit PollingServer(ServerContext& ctx)
      : ctx_(ctx), w_(ctx.hub->make_writer(Lane::Buyer, 0)), work_(*w_) {}

  std::optional<Error> run() {
    if (auto error = make_listener_nonblocking(ctx_.listen_fd)) return error;
    const TakeAccepted take = add_to(conns_, ctx_.clock, ctx_.message_size);
    std::optional<Error> error;
    // Nothing here ever sleeps, so the stop flag is seen within one round.
    while (!ctx_.stop->requested()) {
      // The work done since the last round goes on the timeline before the next call.
      work_.flush();
      // Asks the door too: usually nobody is there (EAGAIN).
      error = accept_pending(*w_, ctx_.listen_fd, take, ctx_.lowest_fd());
      if (error) break;
      // Nothing says which connection has data, so every one is asked, and most say EAGAIN:
      // "not yet", ask again next round.
      echo_ready(*w_, conns_, [](const EchoConnection&, std::size_t) { return true; });
      // Between rounds the process gets on with its own work. A few units per round keep the
      // loop a poller (thousands of rounds a second, most calls wasted) without a trace of
      // millions of events for a classroom-speed run.
      for (int i = 0; i < kWorkUnitsPerRound; ++i) work_.one_unit();
    }
    work_.flush();
    close_all(*w_, conns_);
    return error;
  }

 private:
  ServerContext& ctx_;
  std::unique_ptr<TraceWriter> w_;
  UsefulWork work_;  // after w_: it flushes into w_ when destroyed
  EchoConnections conns_;
};

}  // namespace

std::optional<Error> NonblockingModel::serve(ServerContext& ctx) {
  PollingServer server(ctx);
  return server.run();
}

}  // namespace ioscope
