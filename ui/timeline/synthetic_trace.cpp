#include "timeline/synthetic_trace.hpp"

#include <algorithm>
#include <cerrno>

namespace ioscope::ui {

namespace {

TraceEvent make(std::int64_t t, EventKind kind, Lane lane, std::uint16_t track,
                Sys sys = Sys::none) {
  return {.t_ns = t, .track = track, .kind = kind, .lane = lane, .sys = sys};
}

}  // namespace

std::vector<TraceEvent> syntheticTrace(const SyntheticTraceSpec& spec) {
  const std::size_t cycles = std::max<std::size_t>(1, spec.events / kSyntheticEventsPerMessage);
  const int clients = std::max(1, spec.clients);
  const double period = static_cast<double>(spec.duration_ns) / static_cast<double>(cycles);
  std::vector<TraceEvent> out;
  out.reserve(cycles * kSyntheticEventsPerMessage);
  std::vector<std::int64_t> next_message(static_cast<std::size_t>(clients), 0);
  auto at = [&](std::size_t k, double f) {
    return spec.start_ns + static_cast<std::int64_t>((static_cast<double>(k) + f) * period);
  };
  for (std::size_t k = 0; k < cycles; ++k) {
    const int c = static_cast<int>(k % static_cast<std::size_t>(clients));
    const auto client = static_cast<std::uint16_t>(c);
    const std::int32_t fd = 10 + c;
    const std::uint32_t port = 40000u + static_cast<std::uint32_t>(c);
    const std::int64_t message = next_message[static_cast<std::size_t>(c)]++;
    // Two calls that came too early.
    for (int i = 0; i < 2; ++i) {
      TraceEvent b = make(at(k, 0.02 * i), EventKind::SyscallBegin, Lane::Buyer, 0, Sys::recvmsg);
      b.fd = fd;
      TraceEvent e =
          make(at(k, 0.02 * i + 0.01), EventKind::SyscallEnd, Lane::Buyer, 0, Sys::recvmsg);
      e.fd = fd;
      e.value = -1;
      e.err = EAGAIN;
      out.push_back(b);
      out.push_back(e);
    }
    TraceEvent work = make(at(k, 0.04), EventKind::Work, Lane::Buyer, 0);
    work.value = 3;
    work.aux = at(k, 0.09) - work.t_ns;
    out.push_back(work);
    TraceEvent send = make(at(k, 0.05), EventKind::ClientSend, Lane::Factory, client);
    send.conn = port;
    send.fd = 100 + c;
    send.value = 64;
    send.aux = message;
    out.push_back(send);
    // The call that waits, then gets the data.
    TraceEvent rb = make(at(k, 0.10), EventKind::SyscallBegin, Lane::Buyer, 0, Sys::recvmsg);
    rb.fd = fd;
    TraceEvent re = make(at(k, 0.35), EventKind::SyscallEnd, Lane::Buyer, 0, Sys::recvmsg);
    re.fd = fd;
    re.value = 64;
    TraceEvent ready = make(at(k, 0.30), EventKind::KernelReady, Lane::Shopkeeper, 0);
    ready.fd = fd;
    ready.conn = port;
    ready.value = 64;
    ready.aux = message;
    TraceEvent cb = make(at(k, 0.30), EventKind::CopyBegin, Lane::Buyer, 0);
    cb.fd = fd;
    cb.conn = port;
    cb.value = 64;
    cb.flags = flag::kWaited;
    TraceEvent ce = cb;
    ce.kind = EventKind::CopyEnd;
    ce.t_ns = re.t_ns;
    out.push_back(rb);
    out.push_back(re);
    out.push_back(ready);
    out.push_back(cb);
    out.push_back(ce);
    TraceEvent echo = make(at(k, 0.60), EventKind::ClientRecv, Lane::Factory, client);
    echo.conn = port;
    echo.value = echo.t_ns - send.t_ns;
    echo.aux = message;
    out.push_back(echo);
  }
  return out;
}

}  // namespace ioscope::ui
