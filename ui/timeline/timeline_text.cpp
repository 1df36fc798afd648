#include "timeline/timeline_text.hpp"

#include <cerrno>

#include "events/event_text.hpp"
#include "timeline/time_axis.hpp"

namespace ioscope::ui {

namespace {

QString sysName(Sys sys) {
  return QString::fromLatin1(to_string(sys));
}

QString dur(std::int64_t ns) {
  return QString::fromStdString(TimeAxis::format(ns));
}

bool isEagainEnd(const TraceEvent& end) {
  return end.kind == EventKind::SyscallEnd && end.value < 0 &&
         (end.err == EAGAIN || end.err == EWOULDBLOCK);
}

}  // namespace

bool isReadinessCall(Sys sys) {
  switch (sys) {
    case Sys::select:
    case Sys::pselect6:
    case Sys::poll:
    case Sys::ppoll:
    case Sys::epoll_wait:
    case Sys::epoll_pwait:
    case Sys::rt_sigtimedwait:
      return true;
    default:
      return false;
  }
}

CallClass classifyCall(const Span& s, const TraceEvent& begin, const TraceEvent& end) {
  (void)begin;
  if (!s.open && isEagainEnd(end)) return CallClass::Eagain;
  switch (s.sys) {
    case Sys::recvmsg:
    case Sys::recvfrom:
    case Sys::read:
      if (s.open) return CallClass::Recv;
      return end.value > 0 ? CallClass::Recv : CallClass::Other;
    case Sys::accept4:
    case Sys::accept:
      return CallClass::Accept;
    case Sys::sendto:
    case Sys::sendmsg:
    case Sys::write:
      return CallClass::Send;
    case Sys::io_uring_enter:
      return CallClass::Readiness;
    default:
      return isReadinessCall(s.sys) ? CallClass::Readiness : CallClass::Other;
  }
}

QString TimelineText::laneName(const LaneRow& row, TimelineLook look, int buyer_rows) {
  const bool analogy = look == TimelineLook::Analogy;
  switch (row.kind) {
    case RowKind::Title:
      return {};
    case RowKind::Buyer:
      if (analogy) return buyer_rows > 1 ? tr("Buyer %1").arg(row.track) : tr("Buyer");
      return tr("thread %1").arg(row.track);
    case RowKind::Shopkeeper:
      return analogy ? tr("Shopkeeper") : tr("kernel");
    case RowKind::Factory:
      return analogy ? tr("Factory %1").arg(row.track) : tr("client %1").arg(row.track);
    case RowKind::FactoryGroup:
      return analogy ? tr("Factory") : tr("clients");
  }
  return {};
}

QString TimelineText::laneSubtitle(const LaneRow& row, TimelineLook look,
                                   const TraceDocument* doc) {
  const bool analogy = look == TimelineLook::Analogy;
  switch (row.kind) {
    case RowKind::Title:
      return {};
    case RowKind::Buyer:
      return analogy ? tr("thread %1").arg(row.track) : tr("the process");
    case RowKind::Shopkeeper:
      return analogy ? tr("the kernel") : tr("socket buffers");
    case RowKind::Factory: {
      std::uint32_t port = 0;
      if (doc != nullptr && row.tracks.size() == 1 && !row.tracks.front()->marks.empty())
        port = doc->event(row.tracks.front()->marks.front().event).conn;
      if (port == 0) return analogy ? tr("a client") : tr("peer");
      return tr("port %1").arg(port);
    }
    case RowKind::FactoryGroup:
      return tr("%1 clients").arg(row.tracks.size());
  }
  return {};
}

QString TimelineText::eagainCount(TimelineLook look, std::uint64_t n, bool compact) {
  QString count = QString::number(n);
  if (compact && n >= 10'000'000)
    count = QStringLiteral("%1M").arg(n / 1'000'000);
  else if (compact && n >= 10'000)
    count = QStringLiteral("%1k").arg(n / 1'000);
  return look == TimelineLook::Analogy ? tr("not yet × %1").arg(count)
                                       : tr("EAGAIN × %1").arg(count);
}

QString TimelineText::callCaption(TimelineLook look, CallClass cls, const TraceEvent& begin,
                                  const TraceEvent& end, bool open) {
  const bool analogy = look == TimelineLook::Analogy;
  if (open) {
    if (analogy) return cls == CallClass::Accept ? tr("at the door, waiting…") : tr("waiting…");
    return tr("%1(fd %2) waiting…").arg(sysName(begin.sys)).arg(begin.fd);
  }
  const QString call =
      end.value < 0 && end.err != 0
          ? tr("%1(fd %2) = -1 %3")
                .arg(sysName(begin.sys))
                .arg(begin.fd)
                .arg(text::errnoName(end.err))
          : tr("%1(fd %2) = %3").arg(sysName(begin.sys)).arg(begin.fd).arg(end.value);
  if (end.flags & flag::kStopping)  // the server woke its own call to stop: not a failure
    return analogy ? tr("at the door, until the shop closed")
                   : tr("%1: closed to stop the run").arg(call);
  switch (cls) {
    case CallClass::Recv:
      return analogy ? tr("any knife?") : call;
    case CallClass::Readiness:
      if (!analogy) return tr("%1 = %2").arg(sysName(begin.sys)).arg(end.value);
      return begin.sys == Sys::io_uring_enter ? tr("waiting for the courier")
                                              : tr("any of my knives?");
    case CallClass::Eagain:
      return eagainCaption(look);
    case CallClass::Accept:
      return analogy ? tr("at the door") : call;
    case CallClass::Send:
      return analogy ? tr("sending it back") : call;
    case CallClass::Other:
      return call;
  }
  return call;
}

QString TimelineText::copyCaption(TimelineLook look, const TraceEvent& begin, const TraceEvent& end,
                                  std::int64_t bytes, bool alone) {
  if (look == TimelineLook::Analogy) return tr("knife handed over");
  if (alone) return tr("%1(fd %2) = %3").arg(sysName(begin.sys)).arg(begin.fd).arg(end.value);
  return tr("copy %1").arg(text::bytes(bytes));
}

QString TimelineText::kernelCopyCaption(TimelineLook look, std::int64_t bytes) {
  return look == TimelineLook::Analogy ? tr("shopkeeper packs it")
                                       : tr("kernel copies %1").arg(text::bytes(bytes));
}

QString TimelineText::taskWorkCaption(TimelineLook look, std::int64_t bytes) {
  return look == TimelineLook::Analogy ? tr("packed on the buyer's time")
                                       : tr("task_work copies %1").arg(text::bytes(bytes));
}

QString TimelineText::wakeupCaption(TimelineLook look, std::int64_t ns) {
  return look == TimelineLook::Analogy ? tr("buyer called back")
                                       : tr("wake-up %1").arg(text::duration(ns));
}

QString TimelineText::workCaption(TimelineLook look, const TraceEvent& work) {
  if (look == TimelineLook::Analogy) return tr("other work");
  return work.value == 1 ? tr("work (1 unit)") : tr("work (%1 units)").arg(work.value);
}

QString TimelineText::eagainCaption(TimelineLook look) {
  return look == TimelineLook::Analogy ? tr("not yet") : QStringLiteral("EAGAIN");
}

QString TimelineText::markCaption(TimelineLook look, const TraceEvent& e) {
  const bool analogy = look == TimelineLook::Analogy;
  switch (e.kind) {
    case EventKind::KernelReady:
      if (analogy) return tr("knife arrived");
      return (e.flags & flag::kInferred) ? tr("data ready (inferred)")
                                         : tr("data ready %1").arg(text::bytes(e.value));
    case EventKind::DataQueued:
      return analogy ? tr("knife arrived") : tr("data queued %1").arg(text::bytes(e.value));
    case EventKind::ClientSend:
      return tr("send #%1").arg(e.aux);
    case EventKind::ClientRecv:
      return analogy ? tr("got #%1 back").arg(e.aux)
                     : tr("echo #%1 %2").arg(e.aux).arg(dur(e.value));
    case EventKind::Notify:
      if (e.sys == Sys::io_uring_enter)
        return analogy ? tr("courier delivered") : tr("completion = %1").arg(e.value);
      if (e.sys == Sys::none || e.sys == Sys::rt_sigtimedwait)
        return analogy ? tr("phone rang") : tr("signal: fd %1").arg(e.aux);
      return analogy ? tr("bell: %1 ready").arg(e.value)
                     : tr("%1 → %2 ready").arg(sysName(e.sys)).arg(e.value);
    case EventKind::Accept:
      return analogy ? tr("new buyer in") : tr("accept fd %1").arg(e.fd);
    case EventKind::Close:
      return analogy ? tr("closed") : tr("close fd %1").arg(e.fd);
    case EventKind::Error:
      return tr("error: %1").arg(text::errnoName(e.err));
    default:
      return {};
  }
}

QList<TimelineText::LegendEntry> TimelineText::legend(TimelineLook look) {
  if (look == TimelineLook::Analogy) {
    return {
        {TimelineState::Waiting, tr("phase 1: waiting for the knife")},
        {TimelineState::Copying, tr("phase 2: knife handed over")},
        {TimelineState::Wakeup, tr("buyer called back (wake-up)")},
        {TimelineState::Eagain, tr("“not yet” (EAGAIN)")},
        {TimelineState::Work, tr("doing other work")},
        {TimelineState::OtherCall, tr("other calls")},
        {TimelineState::KernelReady, tr("knife arrived at the shop")},
        {TimelineState::ReadyInferred, tr("… time inferred")},
        {TimelineState::Send, tr("factory sends")},
        {TimelineState::Recv, tr("factory got it back")},
        {TimelineState::Notify, tr("bell: ready")},
        {TimelineState::Signal, tr("phone rang (signal)")},
        {TimelineState::KernelCopy, tr("shopkeeper copies (io_uring)")},
        {TimelineState::Completion, tr("courier delivered")},
    };
  }
  return {
      {TimelineState::Waiting, tr("phase 1: wait for data")},
      {TimelineState::Copying, tr("phase 2: copy to user")},
      {TimelineState::Wakeup, tr("wake-up (scheduler)")},
      {TimelineState::Eagain, tr("EAGAIN")},
      {TimelineState::Work, tr("useful work")},
      {TimelineState::OtherCall, tr("other syscalls")},
      {TimelineState::KernelReady, tr("data in socket buffer")},
      {TimelineState::ReadyInferred, tr("… inferred time")},
      {TimelineState::Send, tr("client send")},
      {TimelineState::Recv, tr("client got echo")},
      {TimelineState::Notify, tr("ready set returned")},
      {TimelineState::Signal, tr("signal (SIGIO)")},
      {TimelineState::KernelCopy, tr("kernel copy (io_uring)")},
      {TimelineState::Completion, tr("completion reaped")},
  };
}

QStringList TimelineText::cheatSheet() {
  return {
      tr("wheel\tzoom at the cursor"),
      tr("Shift+wheel, drag, ← →\tpan"),
      tr("+  −\tzoom in, out"),
      tr("F, 0, double-click\tfit the whole run"),
      tr("click\tselect the nearest event"),
      tr("right-drag, Shift+drag\tmeasure a time range"),
      tr("A, B\tmarkers at the cursor"),
      tr("Space\tplay / pause the replay"),
      tr(".  ,\tnext / previous event"),
      tr("Home, End\tjump to start, end"),
      tr("L\tfollow live on/off"),
      tr("P, Shift+P\tpin a note (at the playhead, else the cursor); remove it"),
      tr("Esc\tclear range and markers"),
      tr("?\tthis sheet"),
  };
}

QStringList TimelineText::presenterSheet() {
  return {
      tr("N, Enter\tnext step: idea, prediction, run, verdict (Backspace: back)"),
      tr("Space\trun the lesson; after it, replay / pause"),
      tr("R\trun again"),
      tr("A–D, 1–4\tpick a prediction"),
      tr("← →\tprevious / next event"),
      tr("Home, End\tjump to start, end"),
      tr("+  −\tzoom in, out"),
      tr("F, 0\tfit the whole run"),
      tr("↑ ↓\tscroll the lesson text"),
      tr("PgUp, PgDn\tprevious / next lesson"),
      tr("P\tpin a note at the playhead (it shows in pictures)"),
      tr("F11\tfull screen"),
      tr("?\tthis sheet; Esc closes it"),
      tr("Esc\tleave presenter mode"),
  };
}

QString TimelineText::presenterSheetTitle() {
  return tr("Presenter keys");
}

QString TimelineText::emptyTimeline() {
  return tr("No run yet: start one to see it here.");
}

QString TimelineText::liveBadge(bool following) {
  return following ? tr("● LIVE, following") : tr("● LIVE");
}

QString TimelineText::rulerCaption() {
  return tr("time since start");
}

QString TimelineText::cheatSheetTitle() {
  return tr("Timeline keys");
}

QString TimelineText::markerDelta(std::int64_t ns) {
  return tr("A→B %1").arg(dur(ns));
}

QString TimelineText::rangeHeader(std::int64_t ns) {
  return tr("range %1").arg(dur(ns));
}

QString TimelineText::rangeCounts(const QString& title, std::uint64_t events, std::uint64_t calls,
                                  std::int64_t min_ns, std::int64_t avg_ns, std::int64_t max_ns) {
  const QString prefix = title.isEmpty() ? QString() : title + QStringLiteral(": ");
  const QString ev = events == 1 ? tr("1 event") : tr("%1 events").arg(events);
  if (calls == 0) return prefix + tr("%1, no calls").arg(ev);
  const QString cl = calls == 1 ? tr("1 call") : tr("%1 calls").arg(calls);
  return prefix +
         tr("%1, %2: min %3 · avg %4 · max %5").arg(ev, cl, dur(min_ns), dur(avg_ns), dur(max_ns));
}

QString TimelineText::mergedItems(std::size_t n) {
  return tr("%1 items merged in this pixel").arg(n);
}

}  // namespace ioscope::ui
