#include "window/verdict_text.hpp"

#include <algorithm>

namespace ioscope::ui {

namespace {

// English needs the singular for one; Chinese reads both the same.
QString count(std::int64_t k, const QString& one, const QString& many) {
  return k == 1 ? one : many.arg(k);
}

}  // namespace

QString VerdictText::modelWords(const std::string& model) {
  if (model == "blocking") return tr("blocking");
  if (model == "nonblocking") return tr("non-blocking polling");
  if (model == "select") return QStringLiteral("select");
  if (model == "poll") return QStringLiteral("poll");
  if (model == "epoll") return tr("epoll, level-triggered");
  if (model == "epoll-et") return tr("epoll, edge-triggered");
  if (model == "sigio") return tr("signal-driven");
  if (model == "io_uring") return QStringLiteral("io_uring");
  if (model == "mixed") return tr("mixed");
  return tr("no socket I/O");
}

QString VerdictText::evidence(const ModelVerdict& v, std::size_t calls_seen) {
  const VerdictCounts& c = v.counts;
  QString tail = QStringLiteral("; ") + count(c.io_threads, tr("1 thread"), tr("%1 threads"));
  if (c.accepts > 0)
    tail += QStringLiteral("; ") +
            count(c.accepts, tr("1 connection accepted"), tr("%1 connections accepted"));
  const QString eagain = count(c.eagain_receives, tr("1 EAGAIN read"), tr("%1 EAGAIN reads"));
  const QString head = modelWords(v.model) + QStringLiteral(": ");
  const std::string& m = v.model;
  if (m == "none")
    return tr("no socket I/O: %1 system calls seen, none reading or waiting on a socket")
        .arg(calls_seen);
  if (m == "blocking" && v.threads.empty())
    return head + tr("only accept calls, no socket read") + tail;
  if (m == "io_uring")
    return head +
           tr("%1 io_uring_setup, %2 io_uring_enter, %3 socket reads by system call")
               .arg(c.uring_setups)
               .arg(c.uring_enters)
               .arg(c.receives) +
           tail;
  if (m == "sigio") {
    QString s =
        head + tr("%1 fcntl asking for signals (O_ASYNC, F_SETOWN, F_SETSIG)").arg(c.async_setups);
    if (c.signals_seen > 0)
      s += QStringLiteral(", ") +
           count(c.signals_seen, tr("1 signal delivered"), tr("%1 signals delivered"));
    return s + QStringLiteral(", ") + count(c.receives, tr("1 read"), tr("%1 reads")) +
           QStringLiteral(", ") + eagain + tail;
  }
  if (m == "epoll" || m == "epoll-et")
    return head +
           tr("%1 epoll_create, %2 epoll_wait, %3 EPOLLET registrations of %4")
               .arg(c.epoll_creates)
               .arg(c.epoll_waits)
               .arg(c.et_registrations)
               .arg(c.epoll_registrations) +
           QStringLiteral(", ") + eagain + tail;
  if (m == "poll")
    return head + count(c.polls, tr("1 poll call"), tr("%1 poll calls")) + QStringLiteral(", ") +
           eagain + tail;
  if (m == "select")
    return head + count(c.selects, tr("1 select call"), tr("%1 select calls")) +
           QStringLiteral(", ") + eagain + tail;
  if (m == "nonblocking")
    return head +
           tr("%1 of %2 socket reads came back EAGAIN, no select, poll, epoll or io_uring")
               .arg(c.eagain_receives)
               .arg(c.eagain_receives + c.receives) +
           tail;
  if (m == "blocking")
    return head +
           tr("%1 socket reads that waited for data, 0 EAGAIN, no select, poll, epoll or "
              "io_uring")
               .arg(c.receives) +
           tail;
  // mixed: each part with its threads and calls, largest first (as the verdict ranked them).
  QStringList parts;
  for (const std::string& part : v.parts) {
    int threads = 0;
    std::int64_t calls = 0;
    for (const ThreadVerdict& t : v.threads)
      if (t.model == part) {
        ++threads;
        calls += t.calls;
      }
    parts << tr("%1 (%2, %3)")
                 .arg(modelWords(part), count(threads, tr("1 thread"), tr("%1 threads")),
                      count(calls, tr("1 call"), tr("%1 calls")));
  }
  return head + parts.join(QStringLiteral(" + ")) + tail;
}

}  // namespace ioscope::ui
