#include "net/factory.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <limits>
#include <memory>

#include "net/fd.hpp"
#include "net/socket_ops.hpp"

namespace ioscope {

unsigned char factory_byte(int client, std::uint64_t offset) {
  const std::uint64_t x = offset * 0x9E3779B1u + static_cast<std::uint64_t>(client) * 131u;
  return static_cast<unsigned char>((x >> 7) ^ (x >> 17) ^ offset);
}

namespace {

struct Client {
  int index = 0;
  Fd fd;
  std::uint16_t port = 0;
  int next_message = 0;          // next message to put on the wire
  std::uint64_t queued = 0;      // bytes of the stream queued for sending so far
  std::uint64_t sent = 0;        // bytes of the stream the kernel accepted
  std::uint64_t received = 0;    // bytes of echo verified
  bool want_write = false;
};

class FactoryRun {
 public:
  FactoryRun(const Workload& wl, std::uint16_t port, TraceHub& hub, const StopSignal& stop)
      : wl_(wl), port_(port), stop_(stop), w_(hub.make_writer(Lane::Factory, 0)) {}

  FactoryReport run() {
    if (!connect_all()) return std::move(report_);
    start_ = now_ns();
    last_progress_ = start_;
    std::vector<unsigned char> buf(64 * 1024);
    epoll_event ready[64];
    const std::uint64_t stream_len = static_cast<std::uint64_t>(wl_.messages) * wl_.size;
    while (done_clients_ < wl_.clients) {
      if (stop_.requested()) {
        report_.stopped = true;
        break;
      }
      const std::int64_t now = now_ns();
      for (auto& c : clients_) queue_due(c, now);
      if (!report_.error.empty()) break;
      if (!awaiting_echo()) last_progress_ = now;
      if (now - last_progress_ > wl_.stall_timeout_ns) {
        give_up();
        break;
      }
      const int n = wait(ready, 64, next_due());
      if (n < 0) {
        report_.error = "factory epoll_wait failed: " + errno_text(errno);
        break;
      }
      for (int i = 0; i < n; ++i) {
        const std::uint64_t tag = ready[i].data.u64;
        if (tag == kStopTag) continue;
        Client& c = clients_[tag];
        if (ready[i].events & EPOLLOUT) write_some(c);
        if (ready[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_some(c, buf, stream_len);
        if (!report_.error.empty()) break;
      }
      if (!report_.error.empty()) break;
    }
    return std::move(report_);
  }

 private:
  static constexpr std::uint64_t kStopTag = std::numeric_limits<std::uint64_t>::max();

  bool connect_all() {
    ep_.reset(::epoll_create1(EPOLL_CLOEXEC));
    epoll_event sev{};
    sev.events = EPOLLIN;
    sev.data.u64 = kStopTag;
    ::epoll_ctl(ep_.get(), EPOLL_CTL_ADD, stop_.fd(), &sev);
    clients_.resize(static_cast<std::size_t>(wl_.clients));
    for (int i = 0; i < wl_.clients; ++i) {
      if (stop_.requested()) {
        report_.stopped = true;
        return false;
      }
      auto fd = connect_loopback(port_);
      if (!fd) {
        report_.error = "client " + std::to_string(i) + ": " + fd.error().message;
        return false;
      }
      Client& c = clients_[static_cast<std::size_t>(i)];
      c.index = i;
      c.fd = std::move(*fd);
      c.port = local_port(c.fd.get());
      set_nodelay(c.fd.get());
      set_nonblocking(c.fd.get(), true);
      report_.client_ports.push_back(c.port);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = static_cast<std::uint64_t>(i);
      ::epoll_ctl(ep_.get(), EPOLL_CTL_ADD, c.fd.get(), &ev);
    }
    return true;
  }

  // "N of M messages never came back: <why>; no echo for 2 s".
  void give_up() {
    report_.gave_up = true;
    report_.messages_expected =
        static_cast<std::uint64_t>(wl_.clients) * static_cast<std::uint64_t>(wl_.messages);
    report_.messages_missing = report_.messages_expected - report_.messages_verified;
    report_.error = std::to_string(report_.messages_missing) + " of " +
                    std::to_string(report_.messages_expected) + " messages never came back: " +
                    (wl_.stall_reason.empty() ? "the server stopped answering" : wl_.stall_reason) +
                    "; no echo for " + seconds_text(wl_.stall_timeout_ns);
  }

  static std::string seconds_text(std::int64_t ns) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", static_cast<double>(ns) / 1e9);
    return text;
  }

  bool awaiting_echo() const {
    for (const auto& c : clients_)
      if (c.received < c.queued) return true;
    return false;
  }

  std::int64_t due(int message) const {
    return start_ + static_cast<std::int64_t>(message + 1) * wl_.interval_ns;
  }

  std::int64_t next_due() const {
    std::int64_t best = std::numeric_limits<std::int64_t>::max();
    for (const auto& c : clients_)
      if (c.next_message < wl_.messages) best = std::min(best, due(c.next_message));
    return best;
  }

  // Waits for socket events, but no later than the next scheduled send.
  int wait(epoll_event* ready, int max, std::int64_t deadline) {
    timespec ts{};
    const timespec* timeout = nullptr;
    std::int64_t cap = 100'000'000;  // wake now and then to check the stall timer
    if (deadline != std::numeric_limits<std::int64_t>::max())
      cap = std::min(cap, std::max<std::int64_t>(0, deadline - now_ns()));
    ts.tv_sec = cap / 1'000'000'000;
    ts.tv_nsec = cap % 1'000'000'000;
    timeout = &ts;
    int n;
    do {
      n = ::epoll_pwait2(ep_.get(), ready, max, timeout, nullptr);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  // Every message whose time has come goes on the wire now, late or not.
  void queue_due(Client& c, std::int64_t now) {
    bool queued_any = false;
    while (c.next_message < wl_.messages && due(c.next_message) <= now) {
      TraceEvent e;
      e.t_ns = now_ns();
      e.kind = EventKind::ClientSend;
      e.lane = Lane::Factory;
      e.track = static_cast<std::uint16_t>(c.index);
      e.conn = c.port;
      e.fd = c.fd.get();
      e.value = due(c.next_message);
      e.aux = c.next_message;
      w_->record(e);
      c.queued += wl_.size;
      ++c.next_message;
      queued_any = true;
    }
    if (queued_any || c.sent < c.queued) write_some(c);
  }

  void write_some(Client& c) {
    unsigned char chunk[16 * 1024];
    while (c.sent < c.queued) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof chunk, c.queued - c.sent));
      for (std::size_t i = 0; i < n; ++i) chunk[i] = factory_byte(c.index, c.sent + i);
      const long r = ::send(c.fd.get(), chunk, n, MSG_NOSIGNAL);
      if (r < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        report_.error = "client " + std::to_string(c.index) + ": send failed: " + errno_text(errno);
        return;
      }
      c.sent += static_cast<std::uint64_t>(r);
      report_.bytes_sent += static_cast<std::uint64_t>(r);
    }
    const bool want = c.sent < c.queued;
    if (want != c.want_write) {
      epoll_event ev{};
      ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
      ev.data.u64 = static_cast<std::uint64_t>(c.index);
      ::epoll_ctl(ep_.get(), EPOLL_CTL_MOD, c.fd.get(), &ev);
      c.want_write = want;
    }
  }

  void read_some(Client& c, std::vector<unsigned char>& buf, std::uint64_t stream_len) {
    for (;;) {
      const long r = ::recv(c.fd.get(), buf.data(), buf.size(), 0);
      if (r < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        report_.error = "client " + std::to_string(c.index) + ": the connection failed: " +
                        errno_text(errno);
        return;
      }
      if (r == 0) {
        if (c.received < stream_len)
          report_.error = "client " + std::to_string(c.index) + ": the server closed the connection after " +
                          std::to_string(c.received) + " of " + std::to_string(stream_len) + " bytes";
        return;
      }
      const std::int64_t now = now_ns();
      last_progress_ = now;
      const auto n = static_cast<std::uint64_t>(r);
      if (c.received + n > c.sent) {
        report_.error = "client " + std::to_string(c.index) + ": got " +
                        std::to_string(c.received + n - c.sent) + " bytes more than it sent";
        return;
      }
      for (std::uint64_t i = 0; i < n; ++i) {
        const unsigned char want = factory_byte(c.index, c.received + i);
        if (buf[i] != want) {
          const std::uint64_t at = c.received + i;
          report_.error = "client " + std::to_string(c.index) + ": byte " +
                          std::to_string(at % wl_.size) + " of message " +
                          std::to_string(at / wl_.size) + " came back wrong";
          return;
        }
      }
      const std::uint64_t before = c.received / wl_.size;
      c.received += n;
      report_.bytes_verified += n;
      for (std::uint64_t m = before; m < c.received / wl_.size; ++m) finish_message(c, static_cast<int>(m), now);
      if (c.received == stream_len) {
        ++done_clients_;
        c.fd.reset();  // the server sees the end of stream and closes its side
        return;
      }
    }
  }

  void finish_message(Client& c, int message, std::int64_t now) {
    const std::int64_t latency = now - due(message);
    report_.latencies_ns.push_back(latency);
    ++report_.messages_verified;
    TraceEvent e;
    e.t_ns = now;
    e.kind = EventKind::ClientRecv;
    e.lane = Lane::Factory;
    e.track = static_cast<std::uint16_t>(c.index);
    e.conn = c.port;
    e.fd = c.fd.get();
    e.value = latency;
    e.aux = message;
    w_->record(e);
  }

  const Workload& wl_;
  std::uint16_t port_;
  const StopSignal& stop_;
  std::unique_ptr<TraceWriter> w_;
  Fd ep_;
  std::vector<Client> clients_;
  FactoryReport report_;
  std::int64_t start_ = 0;
  std::int64_t last_progress_ = 0;
  int done_clients_ = 0;
};

}  // namespace

FactoryReport run_factory(const Workload& workload, std::uint16_t port, TraceHub& hub,
                          const StopSignal& stop) {
  FactoryRun run(workload, port, hub, stop);
  return run.run();
}

}  // namespace ioscope
