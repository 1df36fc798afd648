// An echo server inside the test process that makes one deliberate mistake, so the load
// generator can be caught reporting it (or, with Fault::None, not reporting anything).
// A thread per connection; listens on 127.0.0.1, on a port of its own choosing.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace ioscope::test {

enum class Fault {
  None,          // a correct echo
  FlipByte,      // the byte at stream offset `at` comes back with its bits flipped
  DropTail,      // echoes the first `at` bytes, then swallows the rest, connection kept open
  HangUp,        // echoes the first `at` bytes, then closes the connection
  SwapMessages,  // the first two messages of `message_size` bytes come back in swapped order
  ExtraByte,     // one byte more than it got, after the first `at` bytes (at > 0)
  Slow,          // a correct echo, a message at a time, each `delay` late
};

struct FaultSpec {
  Fault fault = Fault::None;
  std::uint64_t at = 0;
  std::size_t message_size = 0;  // SwapMessages, Slow
  std::chrono::milliseconds delay{0};
};

class BrokenEchoServer {
 public:
  explicit BrokenEchoServer(FaultSpec spec);
  ~BrokenEchoServer();  // stops accepting, shuts every connection, joins every thread
  BrokenEchoServer(const BrokenEchoServer&) = delete;
  BrokenEchoServer& operator=(const BrokenEchoServer&) = delete;

  std::uint16_t port() const { return port_; }

 private:
  void accept_loop();
  void serve(int fd);

  FaultSpec spec_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace ioscope::test
