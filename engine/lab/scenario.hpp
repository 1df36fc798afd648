// What a run is asked to do: which model serves, and the factory's workload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "lab/uring_features.hpp"
#include "net/result.hpp"

namespace ioscope {

// Deliberate mistakes a lesson can switch on, each with a consequence the run shows.
struct Bugs {
  // epoll-et: one short read per wake-up instead of reading until EAGAIN. The rest of the message
  // waits in the kernel for an edge that never comes: the connection stalls.
  bool et_no_drain = false;
  // The server's sockets get descriptor numbers >= FD_SETSIZE (1024). select cannot watch them
  // at all and refuses; poll and epoll do not care.
  bool high_fd = false;
  // Several threads, each with its own epoll instance, wait on one listening socket: every new
  // connection wakes them all and all but one find nothing (epoll models only).
  bool thundering_herd = false;
  // SO_RCVBUF of a few KiB on the server's sockets: big messages reach the process in pieces and
  // the factory's sends wait for room.
  bool tiny_rcvbuf = false;

  bool any() const { return et_no_drain || high_fd || thundering_herd || tiny_rcvbuf; }
  bool operator==(const Bugs&) const = default;
};

// The names lessons, the CLI and the UI use: "et-no-drain", "high-fd", "thundering-herd",
// "tiny-rcvbuf", comma-separated.
Result<Bugs> parse_bugs(const std::string& text);
std::string format_bugs(const Bugs& bugs);  // "" when none
inline constexpr const char* kBugNames = "et-no-drain, high-fd, thundering-herd, tiny-rcvbuf";

// What SO_RCVBUF the tiny-rcvbuf bug asks for (the kernel doubles it for its own bookkeeping).
inline constexpr int kTinyRcvbufBytes = 2048;
// How many bytes the et-no-drain server reads per edge (one read, a fixed buffer this small).
inline constexpr std::size_t kEtNoDrainReadBytes = 16;
// How many threads wait on the listener under thundering-herd.
inline constexpr int kHerdWaiters = 4;

// Whether the run measures the kernel's side with the eBPF probe. Auto: where the machine
// allows it (root or CAP_BPF+CAP_PERFMON, BTF), else the run goes on with inferred events.
// On: a run that cannot have the probe fails, saying why.
enum class ProbeMode { Auto, On, Off };
Result<ProbeMode> parse_probe_mode(const std::string& text);  // "auto", "on", "off"
const char* to_string(ProbeMode mode);

// What the buyer does while no data is ready, in the two models where he is free to choose:
// signal-driven I/O (sigio) and io_uring. The other models ignore it; non-blocking stays the
// busy-polling anti-pattern it teaches in either mode.
//   Work ("keeps working"): he does units of useful work and checks for signals or completions
//     between them, so the lessons can show what he got done meanwhile. He uses a whole core,
//     and his reaction time is one unit of work: his latency measures the work loop's
//     granularity, not the model.
//   Sleep ("sleeps until there is something to do"): io_uring waits for completions in the
//     kernel (io_uring_enter with IORING_ENTER_GETEVENTS), sigio in sigtimedwait; no work units.
//     The fair setting when latencies are compared with the other models, which sleep too.
enum class IdleMode { Work, Sleep };
Result<IdleMode> parse_idle_mode(const std::string& text);  // "work", "sleep"
const char* to_string(IdleMode mode);
inline constexpr const char* kIdleModeNames = "work, sleep";
// Whether a model has the choice: sigio and io_uring.
bool idle_applies(const std::string& model);

struct Scenario {
  std::string model = "epoll";
  int clients = 4;
  int messages = 100;
  std::size_t size = 512;
  std::int64_t interval_ns = 2'000'000;
  // Truth checks only: the server pauses stall_ns once, on its first read at least
  // stall_after_ns into the run (0 = never). Honoured by models that read via EchoConnection.
  std::int64_t stall_ns = 0;
  std::int64_t stall_after_ns = 0;
  Bugs bugs;
  // Off unless asked: the CLI's run asks auto by default, the desktop app's "Kernel probe" box
  // asks auto while it is ticked. Comparisons and experiments leave it off: they measure the
  // models, not the probe.
  ProbeMode probe = ProbeMode::Off;
  // Work, so every lesson that counts the useful work done while waiting keeps its meaning; the
  // latency lab asks for Sleep (see CompareParams).
  IdleMode idle = IdleMode::Work;
  // io_uring only: multishot receives into provided buffers, deferred task_work (all off: the
  // plain one-shot receive the lessons teach first).
  UringFeatures uring;
};

inline constexpr int kMaxClients = 512;
inline constexpr int kMaxMessages = 10'000'000;
inline constexpr std::size_t kMaxMessageSize = 1 << 20;
inline constexpr std::int64_t kMaxInterval = 60'000'000'000;

// Names the first thing wrong with a scenario, or nothing.
std::optional<Error> validate(const Scenario& s);

// "2ms", "500us", "1.5s", "250ns", "0": a duration in nanoseconds, or an error naming the text.
Result<std::int64_t> parse_duration(const std::string& text);
std::string format_duration(std::int64_t ns);

}  // namespace ioscope
