// Internal to the inspector: the builder behind EventExplainer::explain and the lookups it
// shares. Split in two files by subject: explain_calls.cpp (system calls), event_explainer.cpp
// (the kernel, copies, notifications, the factory, work).
#pragma once

#include <QCoreApplication>

#include <cstdint>
#include <optional>

#include "events/event_text.hpp"
#include "inspector/event_explainer.hpp"

namespace ioscope::ui::explain {

using Phase = EventExplanation::Phase;

// How far to look in arrival order for the events one call leaves behind it (KernelReady and the
// copy follow their recvmsg from the same thread; other threads' events may sit in between).
inline constexpr std::uint32_t kNearby = 4096;

QString pic(const char* name);
QString fdText(std::int32_t fd);
// The client port of e's fd: e.conn, or the Accept that opened the fd on e's track.
std::uint32_t connOf(const TraceDocument& doc, const TraceEvent& e);
// The next event after `from` (arrival order) of kind k on like's fd, written by the same thread,
// before that thread's next call ends.
const TraceEvent* findAfter(const TraceDocument& doc, std::uint32_t from, EventKind k,
                            const TraceEvent& like, std::uint32_t* found = nullptr);
// The receive (SyscallEnd) on fd before `from` in arrival order: the call that read the data a
// KernelReady describes.
const TraceEvent* readerBefore(const TraceDocument& doc, std::uint32_t from, std::int32_t fd,
                               std::uint32_t* found);

class Builder {
  Q_DECLARE_TR_FUNCTIONS(EventExplainer)

 public:
  Builder(const TraceDocument& doc, quint32 index)
      : doc_(doc), index_(index), e_(doc.event(index)) {
    x_.valid = true;
    x_.index = index;
  }

  EventExplanation build();

 private:
  void row(const QString& label, const QString& value) { x_.details.append({label, value}); }
  QString at(std::int64_t t) const { return text::relativeTime(t - doc_.first_time()); }
  void common() {
    row(tr("When"), at(e_.t_ns));
    row(tr("Who"), text::laneName(e_.lane, e_.track));
  }
  void connRow(const TraceEvent& e) {
    if (const std::uint32_t port = connOf(doc_, e))
      row(tr("Connection"), tr("client port %1").arg(port));
  }

  // explain_calls.cpp
  void call();
  void receive(const TraceEvent* end, const Span* span, const Span* copy, std::uint32_t end_index);
  void readinessWait(const TraceEvent* end, std::uint32_t end_index, Sys kind);
  std::int64_t scannedAfter(std::uint32_t from, const TraceEvent& like) const;
  void readySet(const QString& name, std::int64_t n, std::int64_t examined, Sys kind);
  void send(const TraceEvent* end);
  void accept(const TraceEvent* end);
  // event_explainer.cpp
  void kernelReady();
  void copy();
  void notify();
  std::int64_t scannedBefore() const;
  void scan();
  void clientSend();
  void clientRecv();
  void work();
  void connection();
  // explain_kernel.cpp: what the kernel probe measured, and where a time came from
  void measured();
  void wakeup();
  void measuredCopy();
  void uring();
  QString tracepoint() const;

  const TraceDocument& doc_;
  const quint32 index_;
  const TraceEvent& e_;
  EventExplanation x_;
};

}  // namespace ioscope::ui::explain
