// A traced program's verdict in the reader's language: the model's words and the evidence line
// (the engine's ModelVerdict::evidence is the CLI's English; the app builds its own from the
// same counts, so the line is translated like every other string).
#pragma once

#include <QCoreApplication>
#include <QString>

#include "foreign/model_verdict.hpp"

namespace ioscope::ui {

class VerdictText {
  Q_DECLARE_TR_FUNCTIONS(VerdictText)

 public:
  // "epoll, level-triggered", "signal-driven", "mixed", "no socket I/O".
  static QString modelWords(const std::string& model);
  // One line of the counts that decided the verdict; calls_seen for a program with none.
  static QString evidence(const ModelVerdict& v, std::size_t calls_seen);
};

}  // namespace ioscope::ui
