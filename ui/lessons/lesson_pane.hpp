// The lesson pane: the list of lessons (with the learner's progress), the open lesson's text, its
// prediction question (answered BEFORE the run), the mistakes it lets the learner switch on, a
// Run button, and after the run the verdict: was the pick right, and what the trace showed.
//
// The pane owns the LessonLibrary. It never runs anything itself: Run emits runRequested() and
// the main window answers with showResult() when the run finishes.
#pragma once

#include <QWidget>

#include <vector>

#include "lab/scenario.hpp"
#include "lessons/lesson.hpp"
#include "lessons/lesson_checks.hpp"
#include "lessons/lesson_library.hpp"

class QAbstractButton;
class QButtonGroup;
class QCheckBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QSplitter;
class QTextBrowser;
class QVBoxLayout;

namespace ioscope::ui {

struct RunFacts;

// Which lessons were run and how the prediction went, kept in QSettings ("lessons/ID/...").
class LessonProgress {
 public:
  static bool wasRun(const QString& id);
  // The choice picked before the last run (-1: none).
  static int choice(const QString& id);
  static bool answeredRight(const QString& id);
  static void record(const QString& id, int choice, bool right);
  static void clear(const QString& id);
};

class LessonPane : public QWidget {
  Q_OBJECT

 public:
  explicit LessonPane(QWidget* parent = nullptr);

  // The shipped lessons (LessonLibrary::load_shipped); called by the constructor.
  void loadShipped();
  // Adds the lessons in folder (replacing shipped ones with the same id and language). Returns
  // how many loaded; errorTexts() then names each file that did not, with its line.
  int loadFolder(const QString& folder);
  QStringList errorTexts() const { return errors_; }
  const LessonLibrary& library() const { return library_; }

  // "en" or "zh_CN": the language lessons are shown in (falling back to English).
  void setLanguage(const QString& lang);
  QString language() const { return language_; }

  QStringList lessonIds() const;
  bool hasLesson(const QString& id) const;
  // Opens the lesson (emits lessonOpened); false for an unknown id.
  bool openLesson(const QString& id);
  QString currentId() const { return current_; }
  const Lesson* currentLesson() const;
  bool next();
  bool previous();

  // The learner's prediction: index into the choices, -1 for none.
  int choice() const;
  void setChoice(int index);

  // The lesson's mistakes as ticked in the pane (only those the lesson offers can be on).
  Bugs bugs() const;
  // Ticks the offered mistakes to match (no bugsChanged).
  void syncBugs(const Bugs& bugs);
  // Which mistakes this lesson offers (its bugs and its toggles).
  Bugs offeredBugs() const;

  void setRunning(bool running);
  // The verdict after a run: facts from its trace (null when the view has no single trace, e.g.
  // the scan or a race), extra lines from the view, the lesson's checks evaluated on the run and,
  // when the run's scenario was not the lesson's, how it differed. Records progress.
  // An experiment's verdict (experiment names it) has no prediction and records no progress.
  void showResult(const RunFacts* facts, const QStringList& extra = {},
                  const std::vector<CheckOutcome>& checks = {}, const QString& differs = {},
                  const QString& experiment = {});
  bool hasVerdict() const;
  // Off: a verdict shown records no progress (a recording's run was someone else's answer).
  void setRecordsProgress(bool on) { records_progress_ = on; }
  QString verdictText() const;  // plain text

  // Presenter look: large type (pixel size of the lesson text), high contrast, no list.
  void setPresenter(bool on, int pixel_size = 30);
  bool presenter() const { return presenter_; }
  int textPixelSize() const;
  void scrollText(int pages);
  // Brings what a presenter step is about into view: the text's top (idea), the question
  // (prediction) or the verdict.
  void showStep(PresenterStep step);

  QListWidget* list() const { return list_; }
  QTextBrowser* textBrowser() const { return text_; }
  QPushButton* runButton() const { return run_; }
  QPushButton* nextButton() const { return next_; }
  QPushButton* previousButton() const { return previous_; }
  QAbstractButton* choiceButton(int i) const;
  QCheckBox* bugBox(int i) const { return bug_boxes_[i]; }  // ScenarioPanel's order
  QLabel* questionLabel() const { return question_; }
  QLabel* verdictLabel() const { return verdict_; }
  QLabel* errorsLabel() const { return errors_label_; }
  QGroupBox* predictBox() const { return predict_; }

 signals:
  void lessonOpened(const QString& id);
  void runRequested();
  void bugsChanged(const ioscope::Bugs& bugs);
  // The verdict's "see it as figure 6.6" link was followed.
  void figureRequested();
  // A "#run-NAME" link in the lesson's text was followed: run that experiment.
  void experimentRequested(const QString& name);

 private:
  // The mistakes changed after a verdict: it spoke of the run before, so it gives way to a note.
  void mistakesChanged();
  void refreshList();
  void showLesson();
  void updateButtons();
  void applyLook();
  void setMarkdown(const QString& markdown);

  LessonLibrary library_;
  QString language_ = QStringLiteral("en");
  QString current_;
  QStringList errors_;
  bool running_ = false;
  bool presenter_ = false;
  int presenter_px_ = 30;

  QListWidget* list_;
  QLabel* errors_label_;
  QSplitter* split_;
  QTextBrowser* text_;
  QScrollArea* lower_scroll_;
  QGroupBox* predict_;
  bool records_progress_ = true;
  QLabel* question_;
  QButtonGroup* choices_;
  QVBoxLayout* choice_column_;
  QGroupBox* mistakes_;
  QCheckBox* bug_boxes_[4];
  QPushButton* previous_;
  QPushButton* run_;
  QPushButton* next_;
  QLabel* verdict_;
};

}  // namespace ioscope::ui
