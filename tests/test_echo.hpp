// One message to an echo server and back, for tests that bring their own client.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace ioscope::test {

// Sends `msg` on the connected socket `fd` and reads until as many bytes came back, the peer
// closed or a call failed; returns what came back (shorter than `msg` if it did not all come).
inline std::string echo_of(int fd, std::string_view msg) {
  if (::send(fd, msg.data(), msg.size(), MSG_NOSIGNAL) != static_cast<long>(msg.size())) return {};
  std::string back(msg.size(), '\0');
  std::size_t got = 0;
  while (got < msg.size()) {
    const long n = ::recv(fd, back.data() + got, msg.size() - got, 0);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  back.resize(got);
  return back;
}

}  // namespace ioscope::test
