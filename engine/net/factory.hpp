// The factory: the peer that makes the knives. N clients, each sending M messages of S bytes on
// a fixed schedule (open loop: message k is due at start + (k+1) * interval whether or not
// earlier echoes are back), verifying every byte of every echo, and timing each message from its
// *intended* send time to the moment its echo is back whole — so a stalled server shows up in
// the latency instead of silently slowing the clients down (no coordinated omission).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "net/stop_signal.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

struct Workload {
  int clients = 1;
  int messages = 10;
  std::size_t size = 64;
  std::int64_t interval_ns = 2'000'000;
  // How long without any progress before the factory gives up on a silent server.
  std::int64_t stall_timeout_ns = 10'000'000'000;
  // What the run should say when it gives up; empty: "the server stopped answering".
  std::string stall_reason;
};

struct FactoryReport {
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_verified = 0;
  std::uint64_t messages_verified = 0;
  std::vector<std::int64_t> latencies_ns;  // one per verified message
  std::vector<std::uint16_t> client_ports;
  std::string error;     // empty when every echo came back intact
  bool stopped = false;  // the run was cancelled
  // The factory gave up after stall_timeout_ns without progress: messages_missing of
  // messages_expected echoes never came back whole.
  bool gave_up = false;
  std::uint64_t messages_expected = 0;
  std::uint64_t messages_missing = 0;
};

// The byte at position `offset` of client `client`'s stream: what it sends and must get back.
unsigned char factory_byte(int client, std::uint64_t offset);

// Runs the whole workload against 127.0.0.1:port on the calling thread. Returns when every echo
// is verified, on the first error, or soon after stop is requested.
FactoryReport run_factory(const Workload& workload, std::uint16_t port, TraceHub& hub,
                          const StopSignal& stop);

}  // namespace ioscope
