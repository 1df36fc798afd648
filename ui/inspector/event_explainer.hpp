// What one trace event means, in words: the call and its arguments, its result, how long it took,
// which phase of an input operation it belongs to, and two sentences — one in the kitchen-knife
// analogy, one in syscall terms. Pure functions over a TraceDocument; no widgets.
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

#include <cstdint>

#include "model/trace_document.hpp"

namespace ioscope::ui {

struct EventExplanation {
  enum class Phase {
    None,           // neither: setting up, sending, the factory, useful work
    WaitForData,    // phase 1: the knife is not at the shop yet
    CopyToUser,     // phase 2: the shopkeeper hands it over (the process copies, synchronously)
    Both,           // a call that waited through phase 1 and then did phase 2
    ReadyInKernel,  // the boundary: phase 1 just ended, the data sits in the kernel
    KernelCopy,     // phase 2 done by the kernel while the process did something else (io_uring)
  };

  bool valid = false;
  quint32 index = 0;
  QString title;                           // "recvmsg(fd 7) = -1 EAGAIN"
  QList<QPair<QString, QString>> details;  // label, value
  Phase phase = Phase::None;
  QString phaseText;  // "Phase 2 — copy to user"
  QString analogy;    // the buyer, the shopkeeper, the factory, the knife
  QString syscall;    // the same in syscall terms
  QString pictogram;  // resource path: ":/assets/buyer.svg"
};

class EventExplainer {
  Q_DECLARE_TR_FUNCTIONS(EventExplainer)

 public:
  // Explains event `index` (arrival order) of doc; invalid if there is no such event.
  static EventExplanation explain(const TraceDocument& doc, quint32 index);
  // The one-line name of a phase, translated.
  static QString phaseName(EventExplanation::Phase phase);
};

}  // namespace ioscope::ui
