#include "foreign/model_verdict.hpp"

#include <fcntl.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <string>

namespace ioscope {

namespace {

constexpr std::uint64_t kEpollEt = 1ull << 31;  // EPOLLET, without pulling in sys/epoll.h
constexpr int kEpollCtlAdd = 1, kEpollCtlMod = 3;

// What one thread did that tells the models apart.
struct Tally {
  std::int64_t receives = 0, eagain = 0, accepts = 0;
  std::int64_t selects = 0, polls = 0, epoll_waits = 0, uring_enters = 0;
  std::int64_t signal_waits = 0, signals = 0;
  std::int64_t weight() const {
    return receives + eagain + selects + polls + epoll_waits + uring_enters + signal_waits +
           signals;
  }
};

bool asks_for_signals(const ObservedCall& c) {
  if (c.kind != CallKind::Fcntl || c.ret < 0) return false;
  if (c.op == F_SETFL) return (c.arg & O_ASYNC) != 0;
  return c.op == F_SETOWN || c.op == F_SETSIG || c.op == F_SETOWN_EX;
}

// Waiting calls count even when the trace stopped inside them (a server idle in epoll_wait);
// the others only by their result.
bool is_wait(CallKind kind) {
  return kind == CallKind::Select || kind == CallKind::Poll || kind == CallKind::EpollWait ||
         kind == CallKind::UringEnter || kind == CallKind::SignalWait;
}

void count(const ObservedCall& c, Tally& t, VerdictCounts& v) {
  if (!c.returned && !is_wait(c.kind)) return;
  switch (c.kind) {
    case CallKind::Receive:
      if (!c.on_socket) break;
      if (c.failed_with(EAGAIN) || c.failed_with(EWOULDBLOCK)) {
        ++t.eagain;
        ++v.eagain_receives;
      } else if (c.ret >= 0) {
        ++t.receives;
        ++v.receives;
      }
      break;
    case CallKind::Send:
      if (c.on_socket && c.ret >= 0) ++v.sends;
      break;
    case CallKind::Accept:
      if (c.ret >= 0) {
        ++t.accepts;
        ++v.accepts;
      }
      break;
    case CallKind::Select:
      ++t.selects;
      ++v.selects;
      break;
    case CallKind::Poll:
      ++t.polls;
      ++v.polls;
      break;
    case CallKind::EpollCreate:
      if (c.ret >= 0) ++v.epoll_creates;
      break;
    case CallKind::EpollCtl:
      if (c.ret >= 0 && (c.op == kEpollCtlAdd || c.op == kEpollCtlMod)) {
        ++v.epoll_registrations;
        if (c.arg & kEpollEt) ++v.et_registrations;
      }
      break;
    case CallKind::EpollWait:
      ++t.epoll_waits;
      ++v.epoll_waits;
      break;
    case CallKind::UringSetup:
      if (c.ret >= 0) ++v.uring_setups;
      break;
    case CallKind::UringEnter:
      ++t.uring_enters;
      ++v.uring_enters;
      break;
    case CallKind::Fcntl:
      if (asks_for_signals(c)) ++v.async_setups;
      break;
    case CallKind::SignalWait:
      ++t.signal_waits;
      ++v.signal_waits;
      break;
    case CallKind::Signal:
      // Only the signals that say a descriptor is ready: SIGIO (SIGPOLL), SIGURG, and the
      // real-time ones F_SETSIG picks. A SIGCHLD or SIGINT says nothing about I/O.
      if (c.op == SIGIO || c.op == SIGURG || c.op >= 32) {
        ++t.signals;
        ++v.signals_seen;
      }
      break;
    default:
      break;
  }
}

// One thread's model, or "" when it did no socket I/O worth judging.
std::string thread_model(const Tally& t, const VerdictCounts& v) {
  if (t.uring_enters > 0) return "io_uring";
  const bool waits_in_a_set = t.epoll_waits > 0 || t.polls > 0 || t.selects > 0;
  // Waiting for a signal alone is not I/O (timeout(1) sleeps in sigsuspend for its child): the
  // thread must read a socket or be told a descriptor is ready.
  if (v.async_setups > 0 && !waits_in_a_set && (t.receives + t.eagain > 0 || t.signals > 0))
    return "sigio";
  if (t.epoll_waits > 0) {
    const std::int64_t level = v.epoll_registrations - v.et_registrations;
    return v.et_registrations > 0 && v.et_registrations >= level ? "epoll-et" : "epoll";
  }
  if (t.polls > 0) return "poll";
  if (t.selects > 0) return "select";
  if (t.eagain > 0) return "nonblocking";
  if (t.receives > 0) return "blocking";
  return "";
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string tail(const VerdictCounts& v) {
  std::string s = "; " + plural(v.io_threads, "thread", "threads");
  if (v.accepts > 0) s += "; " + plural(v.accepts, "connection", "connections") + " accepted";
  return s;
}

std::string evidence_for(const std::string& model, const VerdictCounts& v) {
  const std::string eagain = plural(v.eagain_receives, "EAGAIN read", "EAGAIN reads");
  if (model == "io_uring")
    return "io_uring: " + plural(v.uring_setups, "io_uring_setup", "io_uring_setup") + ", " +
           plural(v.uring_enters, "io_uring_enter", "io_uring_enter") + ", " +
           plural(v.receives, "socket read", "socket reads") + " by system call" + tail(v);
  if (model == "sigio")
    return "signal-driven: " +
           plural(v.async_setups, "fcntl asking for signals", "fcntl asking for signals") +
           " (O_ASYNC, F_SETOWN, F_SETSIG), " +
           (v.signals_seen > 0 ? plural(v.signals_seen, "signal", "signals") + " delivered, "
                               : "") +
           plural(v.receives, "read", "reads") + ", " + eagain + tail(v);
  if (model == "epoll" || model == "epoll-et")
    return std::string(model_words(model)) + ": " +
           plural(v.epoll_creates, "epoll_create", "epoll_create") + ", " +
           plural(v.epoll_waits, "epoll_wait", "epoll_wait") + ", " +
           std::to_string(v.et_registrations) + " EPOLLET registrations of " +
           std::to_string(v.epoll_registrations) + ", " + eagain + tail(v);
  if (model == "poll")
    return "poll: " + plural(v.polls, "poll call", "poll calls") + ", " + eagain + tail(v);
  if (model == "select")
    return "select: " + plural(v.selects, "select call", "select calls") + ", " + eagain + tail(v);
  if (model == "nonblocking")
    return "non-blocking polling: " + std::to_string(v.eagain_receives) + " of " +
           std::to_string(v.eagain_receives + v.receives) +
           " socket reads came back EAGAIN, no select, poll, epoll or io_uring" + tail(v);
  if (model == "blocking")
    return "blocking: " + plural(v.receives, "socket read", "socket reads") +
           " that waited for data, 0 EAGAIN, no select, poll, epoll or io_uring" + tail(v);
  return "";
}

}  // namespace

const char* model_words(const std::string& model) {
  if (model == "blocking") return "blocking";
  if (model == "nonblocking") return "non-blocking polling";
  if (model == "select") return "select";
  if (model == "poll") return "poll";
  if (model == "epoll") return "epoll, level-triggered";
  if (model == "epoll-et") return "epoll, edge-triggered";
  if (model == "sigio") return "signal-driven";
  if (model == "io_uring") return "io_uring";
  if (model == "mixed") return "mixed";
  return "no socket I/O";
}

ModelVerdict name_model(const ObservedProgram& program) {
  ModelVerdict out;
  std::map<int, Tally> by_thread;
  for (const auto& c : program.calls) count(c, by_thread[c.tid], out.counts);

  std::map<std::string, std::int64_t> weight_of;  // model -> its threads' calls
  std::int64_t total = 0;
  int acceptors = 0;
  for (const auto& [tid, t] : by_thread) {
    const std::string m = thread_model(t, out.counts);
    if (m.empty()) {
      if (t.accepts > 0) ++acceptors;
      continue;
    }
    out.threads.push_back({tid, m, t.weight()});
    weight_of[m] += t.weight();
    total += t.weight();
  }
  out.counts.io_threads = static_cast<int>(out.threads.size());

  if (weight_of.empty()) {
    // A server that accepted and did nothing more (its clients sent nothing) still waited on
    // its listener the blocking way; a program that never touched a socket has no model.
    out.model = acceptors > 0 ? "blocking" : "none";
    out.confidence = acceptors > 0 ? 0.3 : 0;
    out.evidence = out.model == "none"
                       ? "no socket I/O: " + std::to_string(program.calls.size()) +
                             " system calls seen, none reading or waiting on a socket"
                       : "blocking: only accept calls, no socket read" + tail(out.counts);
    return out;
  }

  std::vector<std::pair<std::string, std::int64_t>> ranked(weight_of.begin(), weight_of.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const double top_share = static_cast<double>(ranked[0].second) / static_cast<double>(total);
  // Few calls are thin evidence, whatever they say.
  const double certainty = total < 4 ? 0.5 : total < 10 ? 0.8 : 1.0;

  if (ranked.size() == 1 || top_share >= 0.9) {
    out.model = ranked[0].first;
    out.confidence = top_share * certainty;
    out.evidence = evidence_for(out.model, out.counts);
    return out;
  }
  out.model = "mixed";
  std::string line = "mixed:";
  double share = 0;
  for (const auto& [model, weight] : ranked) {
    const double s = static_cast<double>(weight) / static_cast<double>(total);
    if (s < 0.05) continue;
    share += s;
    out.parts.push_back(model);
    const std::string& part = model;  // clang 14 cannot capture a structured binding
    const auto threads = std::count_if(out.threads.begin(), out.threads.end(),
                                       [&](const ThreadVerdict& t) { return t.model == part; });
    line += (out.parts.size() > 1 ? " + " : " ") + std::string(model_words(model)) + " (" +
            plural(threads, "thread", "threads") + ", " + plural(weight, "call", "calls") + ")";
  }
  out.confidence = share * certainty;
  out.evidence = line + tail(out.counts);
  return out;
}

}  // namespace ioscope
