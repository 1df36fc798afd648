// A lesson presented step by step, one key press each: the idea (the text), the prediction (a
// show of hands before anything runs), the run, the verdict, and for a race lesson figure 6.6.
// Pure bookkeeping: MainWindow does what each step needs (the view, the run, the verdict).
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include "lessons/lesson.hpp"

namespace ioscope::ui {

class PresenterScript {
  Q_DECLARE_TR_FUNCTIONS(PresenterScript)

 public:
  // The steps of this lesson, in order (the figure only where the lesson has one).
  static QList<PresenterStep> stepsOf(const Lesson& lesson);
  // "the idea", "the prediction", ... (translated).
  static QString stepName(PresenterStep step);

  // Starts the lesson from its first step.
  void reset(const Lesson& lesson);
  bool empty() const { return steps_.isEmpty(); }
  int index() const { return index_; }
  int count() const { return static_cast<int>(steps_.size()); }
  PresenterStep current() const { return steps_.value(index_, PresenterStep::Idea); }
  // The step after the current one, if there is one.
  bool hasNext() const { return index_ + 1 < count(); }
  bool next();
  bool previous();
  // "Step 2 of 5: the prediction"
  QString title() const;
  // The teacher's note for the current step ("" when the lesson has none).
  QString note() const;

 private:
  QList<PresenterStep> steps_;
  std::array<QString, kPresenterStepCount> notes_;
  int index_ = 0;
};

}  // namespace ioscope::ui
