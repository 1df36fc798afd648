#include "foreign/foreign_trace.hpp"

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "foreign/probe_observer.hpp"
#include "foreign/started_program.hpp"
#include "probe/kernel_probe.hpp"

namespace ioscope {

namespace {

std::string command_line_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!s.empty() && s.back() == '\0') s.pop_back();
  for (char& c : s)
    if (c == '\0') c = ' ';
  return s;
}

bool process_exists(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

bool is_wait(Sys s) {
  return s == Sys::select || s == Sys::pselect6 || s == Sys::poll || s == Sys::ppoll ||
         s == Sys::epoll_wait || s == Sys::epoll_pwait || s == Sys::io_uring_enter ||
         s == Sys::rt_sigtimedwait;
}

// The target's calls as trace events, a buyer row per thread in the order threads first appear.
// Only the probe thread writes, so each row's writer has its one producer.
class CallEvents {
 public:
  explicit CallEvents(TraceHub& hub) : hub_(hub) {}
  void write(const ObservedCall& c) {
    const Sys sys = drawn_as(c);
    if (sys == Sys::none) return;
    TraceWriter& w = writer_for(c.tid);
    w.syscall_begin(sys, c.fd, c.t_ns);
    if (!c.returned) return;  // still inside it: the row shows it open
    const std::int64_t end = c.t_ns + (c.duration_ns > 0 ? c.duration_ns : 0);
    const int err = c.ret < 0 ? static_cast<int>(-c.ret) : 0;
    w.syscall_end(sys, c.fd, c.ret < 0 ? -1 : static_cast<long>(c.ret), err, end);
    if (is_wait(sys) && c.ret > 0) w.notify(sys, static_cast<long>(c.ret), 0, 0, end);
  }

 private:
  TraceWriter& writer_for(int tid) {
    auto it = writers_.find(tid);
    if (it == writers_.end()) {
      const auto track = static_cast<std::uint16_t>(writers_.size());
      it = writers_.emplace(tid, hub_.make_writer(Lane::Buyer, track)).first;
    }
    return *it->second;
  }
  TraceHub& hub_;
  std::map<int, std::unique_ptr<TraceWriter>> writers_;
};

}  // namespace

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
  CallEvents events(hub);
  std::size_t drawn = 0;
  KernelProbe probe;
  KernelProbe::Options options;
  options.emit_syscalls = true;
  options.sched_wakeup_records = false;
  options.consumer = [&](std::span<const ProbeRecord> records) {
    std::lock_guard<std::mutex> hold(lock);
    observer.add(records);
    // The calls completed by this batch, drawn now: the picture grows as the program runs.
    for (; drawn < observer.calls(); ++drawn) events.write(observer.call(drawn));
  };
  if (auto err = probe.start(pid, options)) {
    out.error = "could not trace process " + std::to_string(pid) + ": " + err->message;
    return out;  // a held program is abandoned (never run) by its destructor
  }
  out.program.command = target.argv.empty() ? command_line_of(pid) : "";
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
  out.verdict = name_model(out.program);
  return out;
}

}  // namespace ioscope
