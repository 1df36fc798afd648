#include "lessons/presenter_script.hpp"

namespace ioscope::ui {

QList<PresenterStep> PresenterScript::stepsOf(const Lesson& lesson) {
  QList<PresenterStep> steps{PresenterStep::Idea, PresenterStep::Predict, PresenterStep::Run,
                             PresenterStep::Verdict};
  if (lesson.scenario.figure) steps.push_back(PresenterStep::Figure);
  return steps;
}

QString PresenterScript::stepName(PresenterStep step) {
  switch (step) {
    case PresenterStep::Idea:
      return tr("the idea");
    case PresenterStep::Predict:
      return tr("the prediction");
    case PresenterStep::Run:
      return tr("the run");
    case PresenterStep::Verdict:
      return tr("the verdict");
    case PresenterStep::Figure:
      return tr("figure 6.6");
  }
  return {};
}

void PresenterScript::reset(const Lesson& lesson) {
  steps_ = stepsOf(lesson);
  notes_ = lesson.notes;
  index_ = 0;
}

bool PresenterScript::next() {
  if (!hasNext()) return false;
  ++index_;
  return true;
}

bool PresenterScript::previous() {
  if (index_ == 0) return false;
  --index_;
  return true;
}

QString PresenterScript::title() const {
  if (empty()) return {};
  return tr("Step %1 of %2: %3").arg(index_ + 1).arg(count()).arg(stepName(current()));
}

QString PresenterScript::note() const {
  if (empty()) return {};
  return notes_[static_cast<std::size_t>(current())];
}

}  // namespace ioscope::ui
