// A lesson's claims about its run, checked on that run. A lesson file holds them in ```checks
// blocks next to the text they back, one per line:
//
//   (probe) [model] fact op value: the claim, in the lesson's language
//
// "[model]" (optional) limits the check to one of the lesson's models; without it the check holds
// for every model the lesson runs. "(probe)" (optional) marks a claim only the kernel probe can
// show: it is checked on runs the probe measured, and left out of the others. fact is a RunFacts
// name (serving_threads, eagain, ...) or, for a scan lesson, a scan fact at the sweep's largest N
// (scanned, ready, skipped). op is one of
// == != >= <= > <. value is a whole number, clients, messages, clients*messages, fds (the
// sweep's largest N), or another fact of the same run ("eagain > data_reads").
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "lab/registration_experiment.hpp"
#include "lab/scan_experiment.hpp"
#include "lessons/lesson.hpp"

namespace ioscope::ui {

class TraceDocument;

// Facts of one run of each model, by model id.
using FactTable = std::map<QString, QMap<QString, std::int64_t>>;

// Parses one check line (its text without the line break); an error names what is wrong.
std::optional<QString> parse_check(const QString& text, int line, LessonCheck& out);
// A check's fact and model make sense for the lesson (a known fact, one of its models).
std::optional<QString> validate_check(const LessonCheck& check, const LessonScenario& scenario);

// What the variables of a check's value stand for in the run that was made.
struct CheckVariables {
  std::int64_t clients = 0;
  std::int64_t messages = 0;
  std::int64_t fds = 0;
};

struct CheckOutcome {
  LessonCheck check;
  QString model;  // the model the check was evaluated on
  std::int64_t actual = 0;
  std::int64_t expected = 0;
  bool holds = false;
};

// Every check on every model it concerns that ran (a model missing from facts, e.g. io_uring on
// a kernel without it, is left out).
std::vector<CheckOutcome> evaluate_checks(const QList<LessonCheck>& checks, const FactTable& facts,
                                          const CheckVariables& variables);

// Scan facts by mechanism id at N = fds: scanned and ready per call (medians), skipped (0 or 1).
FactTable scan_facts(const std::vector<ScanResult>& results, int fds);
// The facts names a scan lesson may check.
const QStringList& scan_fact_names();

// Registration facts at N = fds, by model: "epoll" (epoll_ctl one by one, and the many-kinds
// loop) and "io_uring" (one batched enter): syscalls, registered, effective (0 or 1); for epoll
// also loop_sources (kinds of event the one loop woke for).
FactTable register_facts(const RegistrationReport& report, int fds);
const QStringList& register_fact_names();

// tr() context for the checks' messages.
class LessonChecksText {
  Q_DECLARE_TR_FUNCTIONS(ioscope::ui::LessonChecks)
};

}  // namespace ioscope::ui
