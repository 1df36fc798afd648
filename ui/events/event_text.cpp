#include "events/event_text.hpp"

#include <QCoreApplication>

#include <cerrno>
#include <cstdlib>

#include "model/readable_duration.hpp"
#include "trace/clock.hpp"

namespace ioscope::ui::text {

QString errnoName(int err) {
  switch (err) {
    case 0:
      return QStringLiteral("0");
    case EAGAIN:
      return QStringLiteral("EAGAIN");  // == EWOULDBLOCK on Linux
    case EINTR:
      return QStringLiteral("EINTR");
    case ECONNRESET:
      return QStringLiteral("ECONNRESET");
    case ECONNREFUSED:
      return QStringLiteral("ECONNREFUSED");
    case ECONNABORTED:
      return QStringLiteral("ECONNABORTED");
    case EPIPE:
      return QStringLiteral("EPIPE");
    case EBADF:
      return QStringLiteral("EBADF");
    case EINVAL:
      return QStringLiteral("EINVAL");
    case EFAULT:
      return QStringLiteral("EFAULT");
    case ENOTCONN:
      return QStringLiteral("ENOTCONN");
    case ENOTSOCK:
      return QStringLiteral("ENOTSOCK");
    case ETIMEDOUT:
      return QStringLiteral("ETIMEDOUT");
    case ETIME:
      return QStringLiteral("ETIME");
    case ENOMEM:
      return QStringLiteral("ENOMEM");
    case ENOBUFS:
      return QStringLiteral("ENOBUFS");
    case EMFILE:
      return QStringLiteral("EMFILE");
    case ENFILE:
      return QStringLiteral("ENFILE");
    case EOPNOTSUPP:
      return QStringLiteral("EOPNOTSUPP");
    case ECANCELED:
      return QStringLiteral("ECANCELED");
    case EBUSY:
      return QStringLiteral("EBUSY");
    case EEXIST:
      return QStringLiteral("EEXIST");
    case ENOENT:
      return QStringLiteral("ENOENT");
    case EPERM:
      return QStringLiteral("EPERM");
    case EACCES:
      return QStringLiteral("EACCES");
    case EADDRINUSE:
      return QStringLiteral("EADDRINUSE");
    case EADDRNOTAVAIL:
      return QStringLiteral("EADDRNOTAVAIL");
    case ENETUNREACH:
      return QStringLiteral("ENETUNREACH");
    case EHOSTUNREACH:
      return QStringLiteral("EHOSTUNREACH");
    case EINPROGRESS:
      return QStringLiteral("EINPROGRESS");
    case EALREADY:
      return QStringLiteral("EALREADY");
    case EIO:
      return QStringLiteral("EIO");
    case ENOSYS:
      return QStringLiteral("ENOSYS");
    case ENOSPC:
      return QStringLiteral("ENOSPC");
    case EOVERFLOW:
      return QStringLiteral("EOVERFLOW");
    case EMSGSIZE:
      return QStringLiteral("EMSGSIZE");
    default:
      return QStringLiteral("errno %1").arg(err);
  }
}

QString errnoMeaning(int err) {
  switch (err) {
    case EAGAIN:
      return QCoreApplication::translate(
          "EventText", "not ready yet; a non-blocking call returns at once instead of waiting");
    case EINTR:
      return QCoreApplication::translate("EventText", "interrupted by a signal before it finished");
    case ECONNRESET:
      return QCoreApplication::translate("EventText", "the peer reset the connection");
    case ECONNREFUSED:
      return QCoreApplication::translate("EventText", "nobody was listening on that port");
    case EPIPE:
      return QCoreApplication::translate("EventText", "writing to a connection the peer closed");
    case EBADF:
      return QCoreApplication::translate("EventText", "not an open descriptor");
    case EINVAL:
      return QCoreApplication::translate("EventText", "an invalid argument");
    case ENOTCONN:
      return QCoreApplication::translate("EventText", "the socket is not connected");
    case ETIMEDOUT:
    case ETIME:
      return QCoreApplication::translate("EventText", "the wait timed out");
    case ENOMEM:
    case ENOBUFS:
      return QCoreApplication::translate("EventText", "the kernel ran out of memory");
    case EMFILE:
    case ENFILE:
      return QCoreApplication::translate("EventText", "too many open descriptors");
    case ECANCELED:
      return QCoreApplication::translate("EventText", "the request was cancelled");
    default:
      return QCoreApplication::translate("EventText", "the call failed");
  }
}

bool isEagain(const TraceEvent& e) {
  return e.kind == EventKind::SyscallEnd && e.value < 0 &&
         (e.err == EAGAIN || e.err == EWOULDBLOCK);
}

QString sysName(Sys sys) {
  return QLatin1String(to_string(sys));
}

QString laneName(Lane lane, std::uint16_t track) {
  switch (lane) {
    case Lane::Buyer:
      return QCoreApplication::translate("EventText", "buyer %1").arg(track);
    case Lane::Shopkeeper:
      return QCoreApplication::translate("EventText", "kernel");
    case Lane::Factory:
      return QCoreApplication::translate("EventText", "client %1").arg(track);
  }
  return {};
}

QString bytes(std::int64_t n) {
  const double a = static_cast<double>(std::llabs(n));
  if (a < 1024) return QCoreApplication::translate("EventText", "%1 B").arg(n);
  if (a < 1024.0 * 1024)
    return QCoreApplication::translate("EventText", "%1 KiB")
        .arg(static_cast<double>(n) / 1024.0, 0, 'g', 3);
  return QCoreApplication::translate("EventText", "%1 MiB")
      .arg(static_cast<double>(n) / (1024.0 * 1024.0), 0, 'g', 3);
}

QString duration(std::int64_t ns) {
  const std::int64_t floor = clock_floor_ns();
  if (ns >= 0 && ns < floor) return QCoreApplication::translate("EventText", "< %1 ns").arg(floor);
  return QString::fromStdString(readable_duration(ns));
}

QString relativeTime(std::int64_t ns) {
  // A moment, not a measured duration: the first event is at "+0 ns".
  return (ns >= 0 ? QStringLiteral("+") : QString()) +
         QString::fromStdString(readable_duration(ns));
}

QString eventLabel(const TraceEvent& e) {
  const QString sys = sysName(e.sys);
  switch (e.kind) {
    case EventKind::SyscallBegin:
      return QCoreApplication::translate("EventText", "%1 begin").arg(sys);
    case EventKind::SyscallEnd:
      if (e.value < 0 && (e.flags & flag::kStopping))
        return QCoreApplication::translate("EventText", "%1 = -1 %2 (closed to stop the run)")
            .arg(sys, errnoName(e.err));
      if (e.value < 0) return QStringLiteral("%1 = -1 %2").arg(sys, errnoName(e.err));
      return QStringLiteral("%1 = %2").arg(sys).arg(e.value);
    case EventKind::KernelReady:
      if (e.aux >= 0)
        return QCoreApplication::translate("EventText", "data ready in kernel (%1, message %2)")
            .arg(bytes(e.value))
            .arg(e.aux);
      return QCoreApplication::translate("EventText", "data ready in kernel (%1)")
          .arg(bytes(e.value));
    case EventKind::CopyBegin:
      if (e.flags & flag::kKernelCopy)
        return QCoreApplication::translate("EventText", "kernel copies to user (phase 2)");
      if (e.flags & flag::kWaited)
        return QCoreApplication::translate("EventText", "wake-up + copy to user (phase 2)");
      return QCoreApplication::translate("EventText", "copy to user (phase 2)");
    case EventKind::CopyEnd:
      return QCoreApplication::translate("EventText", "copy done (%1)").arg(bytes(e.value));
    case EventKind::Notify:
      if (e.flags & flag::kOverflow)
        return QCoreApplication::translate("EventText", "signal queue overflow → rescan all");
      if (e.sys == Sys::none)
        return QCoreApplication::translate("EventText", "signal: fd %1 ready").arg(e.aux);
      if (e.sys == Sys::io_uring_enter)
        return QCoreApplication::translate("EventText", "io_uring → %1 completions").arg(e.value);
      return QCoreApplication::translate("EventText", "%1 → %2 ready").arg(sys).arg(e.value);
    case EventKind::Scan:
      return QCoreApplication::translate("EventText", "%1 scan: %2 examined, %3 ready")
          .arg(sys)
          .arg(e.aux)
          .arg(e.value);
    case EventKind::ClientSend:
      return QCoreApplication::translate("EventText", "factory sends message %1").arg(e.aux);
    case EventKind::ClientRecv:
      return QCoreApplication::translate("EventText", "echo of message %1 back").arg(e.aux);
    case EventKind::Work:
      return e.value == 1
                 ? QCoreApplication::translate("EventText", "useful work (1 unit)")
                 : QCoreApplication::translate("EventText", "useful work (%1 units)").arg(e.value);
    case EventKind::Accept:
      return QCoreApplication::translate("EventText", "new connection, port %1").arg(e.conn);
    case EventKind::Close:
      return QCoreApplication::translate("EventText", "connection closed, port %1").arg(e.conn);
    case EventKind::Error:
      return QCoreApplication::translate("EventText", "error %1").arg(errnoName(e.err));
    case EventKind::DataQueued:
      return QCoreApplication::translate("EventText", "data queued on the socket (%1, measured)")
          .arg(bytes(e.value));
    case EventKind::Wakeup:
      return QCoreApplication::translate("EventText", "wake-up: back on a CPU after %1 (measured)")
          .arg(duration(e.aux));
    case EventKind::KernelCopy:
      return QCoreApplication::translate("EventText", "copy to user: %1 in %2 (measured)")
          .arg(bytes(e.value), duration(e.aux));
    case EventKind::UringArm:
      return QCoreApplication::translate("EventText", "io_uring arms its poll (measured)");
    case EventKind::UringTaskWork:
      return QCoreApplication::translate("EventText", "io_uring queues task_work (measured)");
    case EventKind::UringWorker:
      return QCoreApplication::translate("EventText",
                                         "io_uring hands to an io-wq worker (measured)");
    case EventKind::UringComplete:
      return QCoreApplication::translate("EventText", "io_uring posts a completion (measured)");
  }
  return {};
}

QString resultText(const TraceEvent& e) {
  switch (e.kind) {
    case EventKind::SyscallEnd:
      if (e.value < 0) return QStringLiteral("-1 %1").arg(errnoName(e.err));
      return QString::number(e.value);
    case EventKind::KernelReady:
      return e.flags & flag::kInferred ? QCoreApplication::translate("EventText", "inferred")
                                       : QCoreApplication::translate("EventText", "kernel stamp");
    case EventKind::CopyEnd:
      return bytes(e.value);
    case EventKind::Notify:
    case EventKind::Scan:
      return QCoreApplication::translate("EventText", "%1 ready").arg(e.value);
    case EventKind::ClientRecv:
      return QCoreApplication::translate("EventText", "round trip");  // its length: Duration
    case EventKind::Work:
      return e.value == 1 ? QCoreApplication::translate("EventText", "1 unit")
                          : QCoreApplication::translate("EventText", "%1 units").arg(e.value);
    case EventKind::Accept:
      return QStringLiteral("fd %1").arg(e.fd);
    case EventKind::Error:
      return errnoName(e.err);
    default:
      return {};
  }
}

}  // namespace ioscope::ui::text
