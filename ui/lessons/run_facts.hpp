// What a finished run showed, counted from its trace in terms every lesson can use: calls that
// got data, "not yet" (EAGAIN) answers, waits inside the kernel, readiness notifications,
// wake-ups that found nothing, descriptors scanned. Shown under a lesson's verdict.
#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <cstdint>

namespace ioscope::ui {

class TraceDocument;

struct RunFacts {
  std::int64_t data_reads = 0;       // phase 2 copies on the buyer's side (a read that got data)
  std::int64_t eagain = 0;           // calls that came back EAGAIN ("not yet")
  std::int64_t waited_reads = 0;     // reads that slept in the kernel until data came (phase 1)
  std::int64_t readiness_calls = 0;  // select / poll / epoll_wait / io_uring_enter / sigtimedwait
  std::int64_t notifications = 0;    // ready sets, completions and signals delivered
  std::int64_t signal_count = 0;     // of those, signals (SIGIO)
  std::int64_t empty_wakeups = 0;    // notifications that found nothing ready
  std::int64_t kernel_copies = 0;    // copies the kernel did for the process (io_uring)
  std::int64_t scanned = 0;          // descriptors examined by readiness calls
  int buyer_threads = 0;             // distinct buyer tracks

  void add(const TraceDocument& doc);
  static RunFacts of(const TraceDocument& doc) {
    RunFacts f;
    f.add(doc);
    return f;
  }
  // One line per fact worth telling (reads with data and EAGAIN always; the rest when non-zero).
  QStringList lines() const;
};

// tr() context for RunFacts's text.
class RunFactsText {
  Q_DECLARE_TR_FUNCTIONS(ioscope::ui::RunFacts)
 public:
  static QStringList lines(const RunFacts& f);
  // One short line: reads with data, EAGAIN, waits in the kernel, notifications.
  static QString brief(const RunFacts& f);
};

}  // namespace ioscope::ui
