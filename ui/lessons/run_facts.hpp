// What a finished run showed, counted from its trace in terms every lesson can use: calls that
// got data, "not yet" (EAGAIN) answers, waits inside the kernel, readiness notifications,
// wake-ups that found nothing, descriptors scanned. Shown under a lesson's verdict.
#pragma once

#include <QCoreApplication>
#include <QMap>
#include <QStringList>

#include <cstdint>

namespace ioscope::ui {

class TraceDocument;

struct RunFacts {
  std::int64_t data_reads = 0;         // receive calls of the process that got data (phase 2 in it)
  std::int64_t receive_calls = 0;      // recvmsg/recvfrom calls the process made, whatever they got
  std::int64_t eagain = 0;             // calls that came back EAGAIN ("not yet")
  std::int64_t receive_eagain = 0;     // of them, receives (a drain's last read, a poll's miss)
  std::int64_t waited_reads = 0;       // reads that slept in the kernel until data came (phase 1)
  std::int64_t readiness_calls = 0;    // select / poll / epoll_wait / io_uring_enter / sigtimedwait
  std::int64_t notifications = 0;      // ready sets, completions and signals delivered
  std::int64_t signal_count = 0;       // of those, signals (SIGIO)
  std::int64_t empty_wakeups = 0;      // notifications that found nothing ready
  std::int64_t completions = 0;        // of those, io_uring completions reaped
  std::int64_t kernel_copies = 0;      // copies the kernel did outside any receive call (io_uring)
  std::int64_t scanned = 0;            // descriptors examined by readiness calls
  std::int64_t scan_ready = 0;         // of those, found ready
  std::int64_t echoed = 0;             // messages whose echo came back whole to the factory
  std::int64_t probe_measured = 0;     // 1 when the kernel probe measured this run's kernel side
  std::int64_t wakeups = 0;            // measured by the probe: sleeping buyer threads woken
  std::int64_t uring_polls_armed = 0;  // measured by the probe: io_uring's internal polls
  int buyer_threads = 0;               // distinct buyer tracks (the door's thread included)
  int serving_threads = 0;             // buyer tracks that got data: one per connection or one loop

  void add(const TraceDocument& doc);
  static RunFacts of(const TraceDocument& doc) {
    RunFacts f;
    f.add(doc);
    return f;
  }
  // Every fact under the name lesson checks use ("data_reads", "serving_threads", ...).
  QMap<QString, std::int64_t> named() const;
  // The names named() gives, for a lesson parser to refuse an unknown one.
  static const QStringList& names();
  // One line per fact worth telling (what a run of this kind shows; zero counts mostly left out).
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
