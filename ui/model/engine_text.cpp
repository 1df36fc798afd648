#include "model/engine_text.hpp"

#include <QCoreApplication>
#include <QRegularExpression>

namespace ioscope::ui {

namespace {

// Gives lupdate and QCoreApplication::translate the same context for this file's strings.
struct EngineText {
  Q_DECLARE_TR_FUNCTIONS(EngineText)
};

// The engine's sentences (engine/net/factory.cpp give_up, engine/lab/run.cpp stall_reason,
// engine/models/select.cpp fd_setsize_error); tests/ui/engine_text_test.cpp runs the engine to
// produce them, so a change there fails a test instead of silently falling back to English.
const QRegularExpression& stalled_by_bug() {
  static const QRegularExpression re(QStringLiteral(
      "^(\\d+) of (\\d+) messages never came back: the server stopped reading \\(et-no-drain: "
      "one (\\d+)-byte read per edge, and the rest waits in the kernel for an edge that never "
      "comes\\); no echo for (.+)$"));
  return re;
}

const QRegularExpression& stalled() {
  static const QRegularExpression re(QStringLiteral(
      "^(\\d+) of (\\d+) messages never came back: the server stopped answering; no echo for "
      "(.+)$"));
  return re;
}

const QRegularExpression& select_refused() {
  static const QRegularExpression re(QStringLiteral(
      "^select cannot watch fd (\\d+): fd_set holds descriptors below (\\d+) \\(FD_SETSIZE\\); "
      "use poll or epoll$"));
  return re;
}

// engine/lab/scan_experiment.cpp and scan_waiters.cpp: why the scan skipped select at an N.
const QRegularExpression& select_skip_predicted() {
  static const QRegularExpression re(QStringLiteral(
      "^fd_set holds descriptors below (\\d+) \\(FD_SETSIZE\\), and (\\d+) descriptors \\(with "
      "the (\\d+) already open below it\\) need numbers up to at least (\\d+); use poll or "
      "epoll$"));
  return re;
}

const QRegularExpression& select_skip_reached() {
  static const QRegularExpression re(QStringLiteral(
      "^fd_set holds descriptors below (\\d+) \\(FD_SETSIZE\\), and these (\\d+) descriptors "
      "reach fd (\\d+); use poll or epoll$"));
  return re;
}

const QRegularExpression& server_failed() {
  static const QRegularExpression re(QStringLiteral("^the (\\S+) server failed: (.+)$"));
  return re;
}

}  // namespace

QString engineText(const std::string& english) {
  const QString text = QString::fromStdString(english);
  if (const auto m = server_failed().match(text); m.hasMatch())
    return EngineText::tr("the %1 server failed: %2")
        .arg(m.captured(1), engineText(m.captured(2).toStdString()));
  if (const auto m = stalled_by_bug().match(text); m.hasMatch())
    return EngineText::tr(
               "%1 of %2 messages never came back: the server stopped reading (et-no-drain: one "
               "%3-byte read per edge, and the rest waits in the kernel for an edge that never "
               "comes); no echo for %4")
        .arg(m.captured(1), m.captured(2), m.captured(3), m.captured(4));
  if (const auto m = stalled().match(text); m.hasMatch())
    return EngineText::tr(
               "%1 of %2 messages never came back: the server stopped answering; no echo for %3")
        .arg(m.captured(1), m.captured(2), m.captured(3));
  if (const auto m = select_refused().match(text); m.hasMatch())
    return EngineText::tr(
               "select cannot watch fd %1: fd_set holds descriptors below %2 (FD_SETSIZE); use "
               "poll or epoll")
        .arg(m.captured(1), m.captured(2));
  if (const auto m = select_skip_predicted().match(text); m.hasMatch())
    return EngineText::tr(
               "fd_set holds descriptors below %1 (FD_SETSIZE), and %2 descriptors (with the %3 "
               "already open below it) need numbers up to at least %4; use poll or epoll")
        .arg(m.captured(1), m.captured(2), m.captured(3), m.captured(4));
  if (const auto m = select_skip_reached().match(text); m.hasMatch())
    return EngineText::tr(
               "fd_set holds descriptors below %1 (FD_SETSIZE), and these %2 descriptors reach "
               "fd %3; use poll or epoll")
        .arg(m.captured(1), m.captured(2), m.captured(3));
  // engine/probe/probe_availability.cpp: the reason most users see
  static const QString kSetcap = QStringLiteral(
      "needs root or CAP_BPF+CAP_PERFMON: run as root, or once: sudo setcap "
      "cap_bpf,cap_perfmon+ep ");
  if (text.startsWith(kSetcap))
    return EngineText::tr("needs root or CAP_BPF+CAP_PERFMON: run as root, or once: %1")
        .arg(QStringLiteral("sudo setcap cap_bpf,cap_perfmon+ep ") + text.mid(kSetcap.size()));
  return text;
}

}  // namespace ioscope::ui
