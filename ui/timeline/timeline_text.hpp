// Every word the timeline draws, in both looks: lane names, captions on bars and marks, the
// legend and the key cheat sheet. Kept apart from the painting so the wording can be read (and
// translated) in one place.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cstdint>

#include "timeline/lane_layout.hpp"
#include "timeline/timeline_palette.hpp"
#include "timeline/timeline_types.hpp"

namespace ioscope::ui {

// What a syscall span shows as; decides colour, shape and caption.
enum class CallClass : std::uint8_t {
  Recv,       // recvmsg/recvfrom that returned data: phase 1 (maybe) then phase 2
  Readiness,  // select/poll/epoll_wait/sigtimedwait: waiting in a multiplexer (phase 1)
  Eagain,     // any call that returned EAGAIN
  Accept,     // waiting at the door for a new connection
  Send,       // the echo going back
  Other,      // epoll_ctl, close, fcntl, a recv that read nothing...
};

CallClass classifyCall(const Span& s, const TraceEvent& begin, const TraceEvent& end);
bool isReadinessCall(Sys sys);

class TimelineText {
  Q_DECLARE_TR_FUNCTIONS(TimelineText)

 public:
  static QString laneName(const LaneRow& row, TimelineLook look, int buyer_rows);
  static QString laneSubtitle(const LaneRow& row, TimelineLook look, const TraceDocument* doc);
  // "EAGAIN × 316030"; compact: "EAGAIN × 316k".
  static QString eagainCount(TimelineLook look, std::uint64_t n, bool compact = false);

  // Caption of a call's bar; for a Recv, of its phase-1 part (waiting).
  static QString callCaption(TimelineLook look, CallClass cls, const TraceEvent& begin,
                             const TraceEvent& end, bool open);
  // Caption of a phase-2 part; `alone` when the call did not wait (the whole call is the copy).
  static QString copyCaption(TimelineLook look, const TraceEvent& begin, const TraceEvent& end,
                             std::int64_t bytes, bool alone);
  static QString kernelCopyCaption(TimelineLook look, std::int64_t bytes);
  // The same copy on the buyer's row: it ran in his thread (io_uring task_work).
  static QString taskWorkCaption(TimelineLook look, std::int64_t bytes);
  // Caption of a measured wake-up (sched_waking until the thread is back on a CPU).
  static QString wakeupCaption(TimelineLook look, std::int64_t ns);
  static QString workCaption(TimelineLook look, const TraceEvent& work);
  static QString eagainCaption(TimelineLook look);
  static QString markCaption(TimelineLook look, const TraceEvent& e);

  struct LegendEntry {
    TimelineState state;
    QString text;
  };
  static QList<LegendEntry> legend(TimelineLook look);
  static QStringList cheatSheet();
  // Presenter mode's one key map, shown on ? instead of the timeline's.
  static QStringList presenterSheet();
  static QString presenterSheetTitle();  // "key\tmeaning" lines
  static QString emptyTimeline();
  static QString liveBadge(bool following);
  static QString rulerCaption();
  static QString cheatSheetTitle();
  static QString markerDelta(std::int64_t ns);
  static QString rangeHeader(std::int64_t ns);
  static QString rangeCounts(const QString& title, std::uint64_t events, std::uint64_t calls,
                             std::int64_t min_ns, std::int64_t avg_ns, std::int64_t max_ns);
  static QString mergedItems(std::size_t n);
};

}  // namespace ioscope::ui
