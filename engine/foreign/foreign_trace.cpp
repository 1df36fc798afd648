#include "foreign/foreign_trace.hpp"

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "foreign/probe_observer.hpp"
#include "foreign/started_program.hpp"
#include "foreign/tcp_processes.hpp"
#include "probe/kernel_probe.hpp"
#include "probe/probe_events.hpp"

namespace ioscope {

namespace {

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

bool is_wait(Sys s) {
  return s == Sys::select || s == Sys::pselect6 || s == Sys::poll || s == Sys::ppoll ||
         s == Sys::epoll_wait || s == Sys::epoll_pwait || s == Sys::io_uring_enter ||
         s == Sys::rt_sigtimedwait;
}

// The target's threads, a buyer row each, in the order they first appear: in a call, or in what
// the kernel measured about them. Used on the probe thread only.
class ThreadTracks {
 public:
  std::uint16_t track_of(int tid) {
    const auto next = static_cast<std::uint16_t>(tracks_.size());
    return tracks_.try_emplace(tid, next).first->second;
  }

 private:
  std::map<int, std::uint16_t> tracks_;
};

// The target's calls as trace events on their thread's row. Only the probe thread writes, so
// each row's writer has its one producer.
class CallEvents {
 public:
  CallEvents(TraceHub& hub, ThreadTracks& tracks) : hub_(hub), tracks_(tracks) {}
  void write(const ObservedCall& c) {
    const std::uint16_t track = tracks_.track_of(c.tid);
    auto it = writers_.find(track);
    if (it == writers_.end())
      it = writers_.emplace(track, hub_.make_writer(Lane::Buyer, track, false)).first;
    scratch_.clear();
    append_call_events(c, track, Source::Probe, scratch_);
    for (const TraceEvent& e : scratch_) it->second->record_as_is(e);
  }

 private:
  TraceHub& hub_;
  ThreadTracks& tracks_;
  std::map<std::uint16_t, std::unique_ptr<TraceWriter>> writers_;
  std::vector<TraceEvent> scratch_;
};

}  // namespace

void append_call_events(const ObservedCall& c, std::uint16_t track, Source source,
                        std::vector<TraceEvent>& out) {
  const Sys sys = drawn_as(c);
  if (sys == Sys::none) return;
  auto event = [&](EventKind kind, std::int64_t t) {
    TraceEvent e;
    e.t_ns = t;
    e.kind = kind;
    e.lane = Lane::Buyer;
    e.track = track;
    e.sys = sys;
    e.fd = c.fd;
    set_source(e, source);
    return e;
  };
  out.push_back(event(EventKind::SyscallBegin, c.t_ns));
  if (!c.returned) return;  // still inside it: the row shows it open
  const std::int64_t end = c.t_ns + (c.duration_ns > 0 ? c.duration_ns : 0);
  TraceEvent e = event(EventKind::SyscallEnd, end);
  e.value = c.ret < 0 ? -1 : c.ret;
  e.err = c.ret < 0 ? static_cast<std::uint16_t>(-c.ret) : std::uint16_t{0};
  out.push_back(e);
  if (is_wait(sys) && c.ret > 0) {
    TraceEvent n = event(EventKind::Notify, end);
    n.fd = -1;
    n.value = c.ret;
    out.push_back(n);
  }
}

std::vector<TraceEvent> events_of(const ObservedProgram& program) {
  std::vector<TraceEvent> out;
  std::map<int, std::uint16_t> track_of;
  for (const ObservedCall& c : program.calls) {
    const auto track =
        track_of.emplace(c.tid, static_cast<std::uint16_t>(track_of.size())).first->second;
    append_call_events(c, track, Source::Imported, out);
  }
  return out;
}

Sys drawn_as(const ObservedCall& c) {
  const std::string& n = c.name;
  switch (c.kind) {
    case CallKind::Receive:
      if (!c.on_socket) return Sys::none;
      return n == "recvmsg" ? Sys::recvmsg : n == "recvfrom" ? Sys::recvfrom : Sys::read;
    case CallKind::Send:
      return n == "sendto" ? Sys::sendto : n == "sendmsg" ? Sys::sendmsg : Sys::write;
    case CallKind::Accept:
      return n == "accept4" ? Sys::accept4 : Sys::accept;
    case CallKind::Select:
      return n == "pselect6" ? Sys::pselect6 : Sys::select;
    case CallKind::Poll:
      return n == "ppoll" ? Sys::ppoll : Sys::poll;
    case CallKind::EpollWait:
      return n == "epoll_wait" ? Sys::epoll_wait : Sys::epoll_pwait;
    case CallKind::EpollCtl:
      return Sys::epoll_ctl;
    case CallKind::Fcntl:
      return Sys::fcntl;
    case CallKind::UringEnter:
      return Sys::io_uring_enter;
    case CallKind::SignalWait:
      return n == "rt_sigtimedwait" ? Sys::rt_sigtimedwait : Sys::none;
    default:
      return Sys::none;
  }
}

ForeignTraceResult trace_program(const ForeignTarget& target, TraceHub& hub, StopSignal& stop,
                                 const std::function<void(pid_t)>& started) {
  ForeignTraceResult out;
  const ProbeAvailability availability = KernelProbe::check();
  if (!availability.can_run()) {
    out.error = "tracing needs the kernel probe, and here " +
                (availability.reasons.empty() ? std::string("it cannot run")
                                              : availability.reasons.front()) +
                "; instead record with 'strace -f -tt -T -yy -o LOG CMD' and import the log";
    return out;
  }
  if (auto no_stop = stop.unusable()) {
    out.error = no_stop->message;
    return out;
  }
  StartedProgram program;
  pid_t pid = target.pid;
  if (!target.argv.empty()) {
    if (find_program(target.argv[0]).empty()) {
      out.error = "command not found: " + target.argv[0];
      return out;
    }
    if (!program.start(target.argv, target.stdout_to_stderr)) {
      out.error = std::string("could not start the program: ") + std::strerror(errno);
      return out;
    }
    pid = program.pid();
  } else if (pid <= 0 || !process_exists(pid)) {
    out.error = "no process " + std::to_string(pid);
    return out;
  }

  std::mutex lock;
  ProbeObserver observer(pid);
  ThreadTracks tracks;
  CallEvents events(hub, tracks);
  std::size_t drawn = 0;
  // The kernel's side: data queued, wake-ups and copies on the target's rows, its peers as
  // factories. io-wq workers are left to the translator (the kernel's lane).
  const std::unique_ptr<TraceWriter> kernel_writer =
      hub.make_writer(Lane::Shopkeeper, 0, /*register_thread=*/false);
  ProbeTranslator kernel(
      [&tracks, pid](const ProbeRecord& r) -> std::optional<TraceHub::ThreadRole> {
        if (static_cast<pid_t>(r.tgid) != pid || (r.flags & IOSCOPE_PF_IO_WORKER)) return {};
        return TraceHub::ThreadRole{Lane::Buyer, tracks.track_of(static_cast<int>(r.tid))};
      },
      *kernel_writer, /*peers_as_factories=*/true);
  KernelProbe probe;
  KernelProbe::Options options;
  options.emit_syscalls = true;
  options.sched_wakeup_records = false;
  options.consumer = [&](std::span<const ProbeRecord> records) {
    std::lock_guard<std::mutex> hold(lock);
    observer.add(records);
    kernel.consume(records);
    // The calls completed by this batch, drawn now: the picture grows as the program runs.
    for (; drawn < observer.calls(); ++drawn) events.write(observer.call(drawn));
  };
  if (auto err = probe.start(pid, options)) {
    out.error = "could not trace process " + std::to_string(pid) + ": " + err->message;
    return out;  // a held program is abandoned (never run) by its destructor
  }
  out.program.command = target.argv.empty() ? process_command_line(pid) : "";
  for (const auto& a : target.argv)
    out.program.command += (out.program.command.empty() ? "" : " ") + a;
  if (!target.argv.empty()) program.release();
  if (started) started(pid);

  for (;;) {
    if (!target.argv.empty() ? program.exited() : !process_exists(pid)) {
      out.ended = target.argv.empty() ? "the process ended" : "the program " + program.status();
      break;
    }
    if (stop.requested()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  probe.stop();
  if (out.ended.empty() && !target.argv.empty()) out.stopped_with = program.stop();
  const std::string command = out.program.command;
  {
    std::lock_guard<std::mutex> hold(lock);
    out.program = observer.finish();
  }
  out.program.command = command;
  out.program.lost = probe.dropped();
  kernel.finish();
  out.kernel = kernel.counts();
  out.verdict = name_model(out.program);
  return out;
}

}  // namespace ioscope
