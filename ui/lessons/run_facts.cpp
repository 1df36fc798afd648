#include "lessons/run_facts.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <set>

#include "model/trace_document.hpp"

namespace ioscope::ui {

namespace {

bool readiness(Sys s) {
  return s == Sys::select || s == Sys::pselect6 || s == Sys::poll || s == Sys::epoll_wait ||
         s == Sys::io_uring_enter || s == Sys::rt_sigtimedwait;
}

}  // namespace

void RunFacts::add(const TraceDocument& doc) {
  std::set<int> tracks, serving;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const TraceEvent& e = doc.event(static_cast<std::uint32_t>(i));
    if (e.lane == Lane::Factory && e.kind == EventKind::ClientRecv) ++echoed;
    if (source_of(e) == Source::Probe) {
      probe_measured = 1;
      if (e.kind == EventKind::Wakeup) ++wakeups;
      if (e.kind == EventKind::UringArm) ++uring_polls_armed;
    }
    if (e.lane != Lane::Buyer) continue;
    tracks.insert(e.track);
    switch (e.kind) {
      case EventKind::SyscallEnd:
        if (e.err == EAGAIN) ++eagain;
        if (readiness(e.sys)) ++readiness_calls;
        if (e.sys == Sys::recvmsg || e.sys == Sys::recvfrom) {
          ++receive_calls;
          if (e.err == EAGAIN) ++receive_eagain;
        }
        break;
      case EventKind::CopyEnd:
        serving.insert(e.track);
        if (e.flags & flag::kKernelCopy) {
          ++kernel_copies;
          break;
        }
        ++data_reads;
        if (e.flags & flag::kWaited) ++waited_reads;
        break;
      case EventKind::Notify:
        ++notifications;
        if (e.sys == Sys::none) ++signal_count;
        if (e.sys == Sys::io_uring_enter) ++completions;
        if (e.value == 0) ++empty_wakeups;
        break;
      case EventKind::Scan:
        scanned += e.aux;
        scan_ready += e.value;
        break;
      default:
        break;
    }
  }
  buyer_threads += static_cast<int>(tracks.size());
  serving_threads += static_cast<int>(serving.size());
}

QMap<QString, std::int64_t> RunFacts::named() const {
  return {{QStringLiteral("data_reads"), data_reads},
          {QStringLiteral("receive_calls"), receive_calls},
          {QStringLiteral("eagain"), eagain},
          {QStringLiteral("receive_eagain"), receive_eagain},
          {QStringLiteral("waited_reads"), waited_reads},
          {QStringLiteral("readiness_calls"), readiness_calls},
          {QStringLiteral("notifications"), notifications},
          {QStringLiteral("signals"), signal_count},
          {QStringLiteral("empty_wakeups"), empty_wakeups},
          {QStringLiteral("completions"), completions},
          {QStringLiteral("kernel_copies"), kernel_copies},
          {QStringLiteral("scanned"), scanned},
          {QStringLiteral("scan_ready"), scan_ready},
          {QStringLiteral("echoed"), echoed},
          {QStringLiteral("probe_measured"), probe_measured},
          {QStringLiteral("wakeups"), wakeups},
          {QStringLiteral("uring_polls_armed"), uring_polls_armed},
          {QStringLiteral("buyer_threads"), buyer_threads},
          {QStringLiteral("serving_threads"), serving_threads}};
}

const QStringList& RunFacts::names() {
  static const QStringList all = RunFacts{}.named().keys();
  return all;
}

QStringList RunFacts::lines() const {
  return RunFactsText::lines(*this);
}

QStringList RunFactsText::lines(const RunFacts& f) {
  const auto line = [](const QString& text, std::int64_t v) { return text.arg(v); };
  QStringList out;
  // io_uring: the process made no receive call; the kernel received and copied for it.
  const bool kernel_received = f.kernel_copies > 0 && f.data_reads == 0;
  if (kernel_received) {
    out << line(tr("Receive calls the process made: %1"), f.receive_calls);
    out << line(tr("Copies the kernel did for the process (io_uring): %1"), f.kernel_copies);
    out << line(tr("Completions reaped: %1"), f.completions);
  } else {
    out << line(tr("Reads that got data (phase 2, the knife handed over): %1"), f.data_reads);
  }
  out << line(tr("Calls that came back EAGAIN (\"not yet\", a wasted trip): %1"), f.eagain);
  if (f.waited_reads > 0)
    out << line(tr("Reads that slept in the kernel until data came (phase 1 inside the call): %1"),
                f.waited_reads);
  if (f.readiness_calls > 0)
    out << line(tr("Readiness calls (select, poll, epoll_wait, io_uring_enter, sigtimedwait): %1"),
                f.readiness_calls);
  if (f.notifications > 0 && !kernel_received)
    out << line(tr("Notifications delivered (ready sets, completions, signals): %1"),
                f.notifications);
  if (f.signal_count > 0) out << line(tr("Of those, signals (SIGIO): %1"), f.signal_count);
  if (f.empty_wakeups > 0)
    out << line(tr("Wake-ups that found nothing ready: %1"), f.empty_wakeups);
  if (f.kernel_copies > 0 && !kernel_received)
    out << line(tr("Copies the kernel did for the process (io_uring): %1"), f.kernel_copies);
  if (f.scanned > 0) out << line(tr("Descriptors examined by readiness calls: %1"), f.scanned);
  if (f.serving_threads > 0)
    out << line(tr("Buyer threads that got data (the door's thread not counted): %1"),
                f.serving_threads);
  return out;
}

QString RunFactsText::brief(const RunFacts& f) {
  if (f.kernel_copies > 0 && f.data_reads == 0)
    return tr("no receive call, %1 copies by the kernel, %2 completions reaped")
        .arg(f.kernel_copies)
        .arg(f.completions);
  return tr("%1 reads with data, %2 EAGAIN, %3 waits in the kernel, %4 notifications")
      .arg(f.data_reads)
      .arg(f.eagain)
      .arg(f.waited_reads)
      .arg(f.notifications);
}

}  // namespace ioscope::ui
