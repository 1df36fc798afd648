#include "load_generator.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

#include "load_connection.hpp"

namespace ioscope::load {

namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

// A non-blocking connect, waited for up to timeout: a server whose accept queue is full drops
// the SYN, and the kernel would retry it for minutes.
int connect_loopback(std::uint16_t port, std::chrono::nanoseconds timeout, std::string& error) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    error = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  const std::string where = "cannot connect to 127.0.0.1:" + std::to_string(port) + ": ";
  int err = 0;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) err = errno;
  if (err == EINPROGRESS || err == EINTR) {
    pollfd p{fd, POLLOUT, 0};
    const auto ms =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count());
    int rc;
    do {
      rc = ::poll(&p, 1, ms);
    } while (rc < 0 && errno == EINTR);
    socklen_t len = sizeof err;
    if (rc == 0) {
      err = ETIMEDOUT;
    } else if (rc < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) {
      err = errno;
    }
  }
  if (err != 0) {
    error = where + std::strerror(err);
    ::close(fd);
    return -1;
  }
  // Each message leaves at once, as the servers' echoes do (they set TCP_NODELAY too).
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

class Generator {
 public:
  Generator(const LoadConfig& config, const std::atomic<bool>* cancel)
      : cfg_(config), cancel_(cancel), scratch_(64 * 1024) {}

  LoadReport run() {
    if (auto bad = check_load_config(cfg_); !bad.empty()) return fail_to_start(bad);
    ep_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (ep_ < 0) return fail_to_start(std::string("epoll_create1: ") + std::strerror(errno));
    for (int i = 0; i < cfg_.connections; ++i) {
      std::string error;
      const int fd = connect_loopback(cfg_.port, cfg_.connect_timeout, error);
      if (fd < 0 && cfg_.hold_what_it_can && i > 0) {
        connect_error_ = "connection " + std::to_string(i) + ": " + error;
        break;
      }
      if (fd < 0) return fail_to_start("connection " + std::to_string(i) + ": " + error);
      conns_.push_back(
          std::make_unique<LoadConnection>(static_cast<std::uint32_t>(i), fd, cfg_.message_size));
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u32 = static_cast<std::uint32_t>(i);
      if (::epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) != 0)
        return fail_to_start(std::string("epoll_ctl: ") + std::strerror(errno));
    }
    active_ = cfg_.active_connections > 0
                  ? std::min<std::size_t>(conns_.size(),
                                          static_cast<std::size_t>(cfg_.active_connections))
                  : conns_.size();
    measure();
    drain();
    return finish();
  }

  ~Generator() {
    if (ep_ >= 0) ::close(ep_);
  }

 private:
  // The measured window: messages go out, echoes are checked and counted.
  void measure() {
    start_ = monotonic_ns();
    end_ = start_ + cfg_.duration.count();
    const auto n = static_cast<std::int64_t>(active_);
    period_ns_ =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(1e9 / cfg_.rate_per_connection));
    for (std::int64_t i = 0; i < n; ++i) {
      // Open loop: the connections' schedules are spread over one period, not all at once.
      next_send_.push_back(closed() ? kNever : start_ + period_ns_ * i / n);
      if (closed()) send(*conns_[static_cast<std::size_t>(i)], start_);
    }
    std::int64_t now = start_;
    while (now < end_ && !cancelled() && alive() > 0) {
      std::int64_t wake = end_;
      for (std::int64_t t : next_send_) wake = std::min(wake, t);
      wait_and_serve(wake, true);
      now = monotonic_ns();
      if (!closed()) send_due(now);
    }
    measured_end_ = std::min(now, end_);
  }

  // After the window: nothing new is sent, and every byte already sent must come back.
  void drain() {
    const std::int64_t deadline = monotonic_ns() + cfg_.drain_timeout.count();
    for (;;) {
      bool owed = false;
      for (auto& c : conns_) owed = owed || (!c->failed() && c->owed() > 0);
      if (!owed || cancelled() || monotonic_ns() >= deadline) break;
      wait_and_serve(deadline, false);
    }
    if (cancelled()) return;
    char waited[32];
    std::snprintf(waited, sizeof waited, "%.2f s",
                  static_cast<double>(cfg_.drain_timeout.count()) / 1e9);
    for (auto& c : conns_) {
      if (c->failed() || c->owed() == 0) continue;
      c->fail("echo missing: " + std::to_string(c->written()) + " bytes sent, " +
              std::to_string(c->received()) + " came back; nothing from " +
              c->where(c->received()) + " on within " + waited + " of the run's end");
    }
  }

  void wait_and_serve(std::int64_t until, bool counting) {
    const std::int64_t left = std::max<std::int64_t>(until - monotonic_ns(), 0);
    timespec timeout{static_cast<time_t>(left / 1'000'000'000),
                     static_cast<long>(left % 1'000'000'000)};
    epoll_event events[256];
    const int n = ::epoll_pwait2(ep_, events, 256, &timeout, nullptr);
    for (int i = 0; i < n; ++i) {
      LoadConnection& c = *conns_[events[i].data.u32];
      if (c.failed()) continue;
      if ((events[i].events & EPOLLOUT) && !c.flush()) {
        drop(c);
        continue;
      }
      if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) serve_input(c, counting);
      if (!c.failed()) watch_output(c);
    }
  }

  void serve_input(LoadConnection& c, bool counting) {
    const std::size_t before = latencies_.size();
    const LoadConnection::Received r = c.receive(scratch_, latencies_);
    if (!r.ok) {
      drop(c);
      return;
    }
    if (!counting || r.at_ns >= end_) {
      latencies_.resize(before);  // finished after the window: checked, not counted
    } else {
      round_trips_ += r.completed;
    }
    // Closed loop: the next message goes as soon as the last one's echo is whole.
    if (counting && closed() && c.id() < active_ && c.owed() == 0 && r.at_ns < end_)
      send(c, r.at_ns);
  }

  // Open loop: every message whose time has come leaves now, late ones included, each keeping
  // its own intended time.
  void send_due(std::int64_t now) {
    for (std::size_t i = 0; i < active_; ++i) {
      LoadConnection& c = *conns_[i];
      if (c.failed() || next_send_[i] > now) continue;
      while (next_send_[i] <= now && next_send_[i] < end_) {
        c.queue_message(next_send_[i]);
        next_send_[i] += period_ns_;
      }
      if (next_send_[i] >= end_) next_send_[i] = kNever;
      if (!c.flush()) {
        drop(c);
        continue;
      }
      watch_output(c);
    }
  }

  void send(LoadConnection& c, std::int64_t intended) {
    c.queue_message(intended);
    if (!c.flush()) drop(c);
  }

  // Room to write is asked for only while output waits: a level-triggered EPOLLOUT would
  // otherwise fire on every wait.
  void watch_output(LoadConnection& c) {
    if (c.failed() || c.wants_to_write() == c.watching_output) return;
    c.watching_output = c.wants_to_write();
    epoll_event ev{};
    ev.events = EPOLLIN | (c.watching_output ? EPOLLOUT : 0u);
    ev.data.u32 = c.id();
    ::epoll_ctl(ep_, EPOLL_CTL_MOD, c.fd(), &ev);
  }

  void drop(LoadConnection& c) {
    ::epoll_ctl(ep_, EPOLL_CTL_DEL, c.fd(), nullptr);
    if (c.id() < next_send_.size()) next_send_[c.id()] = kNever;
  }

  LoadReport fail_to_start(const std::string& why) {
    LoadReport report;
    report.errors = 1;
    report.error_messages.push_back(why);
    return report;
  }

  LoadReport finish() {
    LoadReport report;
    report.round_trips = round_trips_;
    report.seconds = static_cast<double>(measured_end_ - start_) / 1e9;
    report.latency = summarize_latencies(latencies_);
    report.connections_made = static_cast<int>(conns_.size());
    report.connect_error = connect_error_;
    for (auto& c : conns_) {
      if (!c->failed()) ++report.connections_held;
      if (!c->failed() || (cfg_.hold_what_it_can && c->dropped())) continue;
      ++report.errors;
      if (report.error_messages.size() < cfg_.max_error_messages)
        report.error_messages.push_back(c->error());
    }
    return report;
  }

  bool closed() const { return cfg_.mode == LoadMode::Closed; }
  bool cancelled() const { return cancel_ != nullptr && cancel_->load(); }
  // Of the active ones: the window ends when none of them can send any more. Counting only
  // these keeps each turn of a C10K loop from walking every idle connection.
  std::size_t alive() const {
    return static_cast<std::size_t>(
        std::count_if(conns_.begin(), conns_.begin() + static_cast<std::ptrdiff_t>(active_),
                      [](const auto& c) { return !c->failed(); }));
  }

  const LoadConfig& cfg_;
  const std::atomic<bool>* cancel_;
  std::vector<std::uint8_t> scratch_;
  int ep_ = -1;
  std::vector<std::unique_ptr<LoadConnection>> conns_;
  std::size_t active_ = 0;  // conns_[0, active_) send; the rest hold still
  std::string connect_error_;
  std::vector<std::int64_t> next_send_;  // open loop: each connection's next intended send
  std::int64_t period_ns_ = 0;
  std::int64_t start_ = 0;
  std::int64_t end_ = 0;
  std::int64_t measured_end_ = 0;
  std::uint64_t round_trips_ = 0;
  std::vector<std::int64_t> latencies_;
};

}  // namespace

std::string check_load_config(const LoadConfig& config) {
  if (config.port == 0) return "no port to connect to";
  if (config.connections < 1) return "at least one connection is needed";
  if (config.message_size < 1) return "messages need at least one byte";
  if (config.duration.count() <= 0) return "the duration must be positive";
  if (config.active_connections < 0) return "the active connections cannot be negative";
  if (config.mode == LoadMode::Open && !(config.rate_per_connection > 0))
    return "an open loop needs a positive rate";
  return {};
}

LoadReport run_load(const LoadConfig& config, const std::atomic<bool>* cancel) {
  Generator generator(config, cancel);
  return generator.run();
}

}  // namespace ioscope::load
