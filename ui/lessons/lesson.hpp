// One lesson in one language, as parsed from a lessons/*.md file: the scenario it runs, the view
// it opens, the question it asks before the run, and the Markdown text to show beside the view.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <array>
#include <cstddef>
#include <cstdint>

#include "lab/scenario.hpp"

namespace ioscope::ui {

// The view a lesson opens next to its text.
enum class LessonView { Timeline, Race, Scan, Latency, Register };

struct LessonScenario {
  QStringList models;  // engine ids (find_model), in the order the lesson runs them
  int clients = 0;
  int messages = 0;
  std::size_t size = 0;
  std::int64_t interval_ns = 0;
  LessonView view = LessonView::Timeline;
  Bugs bugs;     // "bugs: et-no-drain, ..." (optional): mistakes switched on when the lesson loads
  Bugs toggles;  // "toggles: high-fd, ..." (optional): mistakes offered to the learner, off at load
  QList<int> fds;       // "fds: 10, 100, 1000" (optional): the scan view's descriptor counts
  bool figure = false;  // "figure: yes" (race lessons): the verdict offers the race as figure 6.6

  bool operator==(const LessonScenario&) const = default;
};

struct LessonPredict {
  QString question;
  QStringList choices;  // 2 to 4, labelled A, B, C, D in the file
  int answer = -1;      // index into choices

  bool operator==(const LessonPredict&) const = default;
};

// One claim of the lesson's text, checked on the run (see lesson_checks.hpp).
struct LessonCheck {
  QString model;             // empty: every model the lesson runs
  bool needs_probe = false;  // "(probe)": checked only on a run the kernel probe measured
  QString fact;   // "serving_threads", "eagain", ... (RunFacts::names(), scan_fact_names())
  QString op;     // == != >= <= > <
  QString value;  // a whole number, or clients, messages, clients*messages, fds
  QString text;   // the claim, in the lesson's language
  int line = 0;   // where it is in the file

  // Two languages' files make the same check when all but the text and line agree.
  bool sameCheck(const LessonCheck& o) const {
    return model == o.model && needs_probe == o.needs_probe && fact == o.fact && op == o.op &&
           value == o.value;
  }
  bool operator==(const LessonCheck&) const = default;
};

// A second run a lesson offers beside its own, to answer a myth with a measurement: a
// "```scenario NAME" block and its "```checks NAME" claims. The text starts it with a link to
// "#run-NAME" placed where the learner reads the claim.
struct LessonExperiment {
  QString name;  // [a-z0-9-]+, unique in the lesson
  LessonScenario scenario;
  QList<LessonCheck> checks;
  int line = 0;  // where its scenario block opens

  bool operator==(const LessonExperiment&) const = default;
};

// The steps a lesson is presented in, one key press each (presenter_script.hpp).
enum class PresenterStep { Idea, Predict, Run, Verdict, Figure };
inline constexpr int kPresenterStepCount = 5;

struct Lesson {
  QString id;        // from the file name: "01-two-phases"
  QString language;  // from the file name: "en", "zh_CN"
  QString source;    // where it was loaded from (":/lessons/01-two-phases.en.md" or a path)
  QString title;     // the first "# " heading
  LessonScenario scenario;
  LessonPredict predict;
  QList<LessonCheck> checks;            // from the ```checks blocks, in file order
  QList<LessonExperiment> experiments;  // from "```scenario NAME" blocks, in file order
  QString markdown;                     // the text with the scenario and predict blocks taken out
  const LessonExperiment* experiment(const QString& name) const {
    for (const LessonExperiment& e : experiments)
      if (e.name == name) return &e;
    return nullptr;
  }
  // Speaker notes per step, from the ```notes block (optional): shown to the teacher only.
  std::array<QString, kPresenterStepCount> notes;
};

// What is wrong with a lesson file, and where.
struct LessonError {
  QString file;
  int line = 0;  // 1-based; 0 when the error is about the whole file
  QString message;

  // "01-two-phases.en.md:12: unknown model 'epol'"
  QString text() const;
};

QString to_string(LessonView view);

}  // namespace ioscope::ui
