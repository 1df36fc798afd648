// The classroom of the scan experiment: N UDP sockets, one descriptor each, of which k are the
// active ones that receive a byte every round and the rest stay idle.
//
// UDP on 127.0.0.1 rather than socketpairs (libevent's bench uses pairs): a socket is one
// descriptor, so the whole RLIMIT_NOFILE budget goes to descriptors that are watched, and an
// active socket can be written to through itself (it is connected to its own address). Idle
// sockets are not even bound: they cost no port, and a UDP socket answers the kernel's readiness
// question (datagram_poll) the same way bound or not, so the scan cost is the same.
#pragma once

#include <vector>

#include "net/fd.hpp"
#include "net/result.hpp"
#include "net/stop_signal.hpp"

namespace ioscope {

class ScanPool {
 public:
  // Opens n sockets; `active` of them, spread evenly through the pool, are bound to 127.0.0.1
  // and connected to themselves. Checks stop as it goes (an error saying so when requested).
  static Result<ScanPool> open(int n, int active, const StopSignal& stop);

  const std::vector<int>& fds() const { return fds_; }  // every descriptor, ascending
  const std::vector<int>& active_fds() const { return active_; }
  int size() const { return static_cast<int>(fds_.size()); }
  int active_count() const { return static_cast<int>(active_.size()); }
  int max_fd() const { return fds_.empty() ? -1 : fds_.back(); }
  bool is_active(int fd) const {
    return fd >= 0 && fd < static_cast<int>(slot_of_fd_.size()) && slot_of_fd_[fd] >= 0;
  }

  // The chain, after libevent's bench: the byte read from active socket j is written to active
  // socket j+1 (the last to the first). Every active socket holds exactly one byte after
  // prime() and after each pass_on(); the byte is read back with take(fd).
  std::optional<Error> prime();
  std::optional<Error> take(int fd);
  std::optional<Error> pass_on();

 private:
  std::optional<Error> send_token(int slot);

  std::vector<Fd> sockets_;
  std::vector<int> fds_;
  std::vector<int> active_;      // active descriptors, in chain order
  std::vector<int> slot_of_fd_;  // fd -> index in active_, or -1
};

}  // namespace ioscope
