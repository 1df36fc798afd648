// The main window: pick a model and a workload, press Run, and watch the buyer wait. The
// timeline, the event list and the inspector show the same run and share one selection. The
// Lessons dock sits beside the views: open a lesson, predict, run it, read the verdict.
// Presenter mode (F5) is the classroom's: full screen, large type, keyboard only.
#pragma once

#include <QFont>
#include <QMainWindow>

#include <optional>

#include <utility>
#include <vector>

#include "foreign/foreign_trace.hpp"
#include "lab/scenario.hpp"
#include "lessons/lesson_checks.hpp"
#include "lessons/presenter_script.hpp"
#include "record/recording_meta.hpp"
#include "record/recording_reader.hpp"

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;
class QToolBar;

namespace ioscope::ui {

class EventListWidget;
class InspectorWidget;
class LatencyView;
class LessonPane;
class PresenterKeys;
class SpeakerNotes;
class RaceView;
class RunController;
class ScanView;
class StevensFigure;
class RegistrationView;
class ScenarioPanel;
class TimelineLegend;
class TimelineWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum class View { Timeline, Race, Scan, Latency, Figure, Register };

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  RunController* controller() const { return controller_; }
  ScenarioPanel* scenarioPanel() const { return panel_; }
  TimelineWidget* timeline() const { return timeline_; }
  EventListWidget* eventList() const { return events_; }
  InspectorWidget* inspector() const { return inspector_; }
  StevensFigure* figure() const { return figure_; }
  RegistrationView* registrationView() const { return register_; }
  RaceView* raceView() const { return race_; }
  ScanView* scanView() const { return scan_; }
  LatencyView* latencyView() const { return latency_; }
  LessonPane* lessonPane() const { return lessons_; }
  QDockWidget* lessonDock() const { return lesson_dock_; }
  View currentView() const;

  void setView(View view);
  void setAnalogyLook(bool analogy);
  bool startRun();  // the panel's scenario; false (and a message) if it cannot start
  // File > Trace a program: draws another program's calls live on the timeline, and names its
  // I/O model when the trace ends (Stop, duration_s seconds if > 0, or the program's exit).
  bool startTrace(const ForeignTarget& target, int duration_s = 0);
  // File > Open an strace log: the program's calls and its model, as a trace's (process side only).
  bool openStraceLog(const QString& path);
  void stopRun();
  // File > Save recording: the timeline's run, as it is on screen (events, summary, the lesson
  // and prediction it answered, pinned notes, look, selection), to path (".ioscope" appended if
  // missing). False, and the reason in the status bar, when it cannot be saved.
  bool saveRecording(const QString& path);
  // File > Open recording (and `ioscope --open FILE`): a saved run in every view as it was after
  // the run, its lesson's verdict too, without running anything; a bar above the views and the
  // title say it is a recording, from which machine and when. False (the reason in the status
  // bar) for a file that is not a whole recording; the run shown stays.
  bool openRecording(const QString& path);
  static QString recordingPath(const QString& picked);
  // Why the last saveRecording() or openRecording() failed ("" after a success).
  QString recordingError() const { return recording_error_; }
  QLabel* recordingBar() const { return recording_bar_; }
  // A run, race, scan, comparison or registration experiment is under way.
  bool anythingRunning() const;
  // Selects a telling event (the first call that returned data) so the inspector has a story.
  void selectFirstDataCall();
  // Zooms the timeline to the first piece the kernel probe measured (a receive's wake-up and
  // copy, or io_uring's kernel copy) and selects it. False when the run has none.
  bool zoomToMeasured();
  // Restores the window and the last scenario from QSettings (also the open lesson, a lesson
  // folder picked before, and presenter mode).
  void restoreState();

  // Lessons. openLesson() loads the lesson's scenario into the scenario panel (bugs too) and
  // opens its view; runLesson() (the pane's Run) reloads it and runs it in that view, and when
  // the run finishes the pane shows the verdict and lessonRunFinished() is emitted.
  bool openLesson(const QString& id);
  bool runLesson();
  // Runs one of the open lesson's experiments (a "#run-NAME" link in its text): its own
  // scenario, its own checks in the verdict. False if there is no such experiment or a run is on.
  bool runExperiment(const QString& name);
  bool lessonRunning() const { return lesson_run_; }
  // Adds the lessons in folder; returns how many loaded (errors are shown in the pane).
  int openLessonsFolder(const QString& folder);
  void setLessonsVisible(bool visible);

  // Presenter mode: menus, scenario controls and the event list hidden; the lesson text and the
  // timeline in large type; the keys of PresenterKeys. fullscreen=false keeps the window's size
  // (screenshots). Remembered in QSettings.
  void setPresenterMode(bool on, bool fullscreen = true);
  bool presenterMode() const { return presenter_; }
  static int presenterPixelSize();
  // Presenter mode's script: the open lesson step by step (N or Enter: next step, Backspace:
  // back); each step does what it needs (the text, the question, the run, the verdict, the
  // figure). Past the last step, the next lesson.
  void presenterStep(bool forward);
  const PresenterScript& presenterScript() const { return script_; }
  SpeakerNotes* speakerNotes() const { return notes_; }

  // Switches the interface language now: installs the translator, saves the choice, and builds
  // a new window in that language with this one's state (lesson, scenario, view, presenter),
  // shown in its place; this window closes (and is deleted if it has Qt::WA_DeleteOnClose,
  // which the new one inherits). Returns the new window (this if lang is already in effect).
  MainWindow* switchLanguage(const QString& lang);

 signals:
  void lessonRunFinished();
  // After switchLanguage(): the window that replaces this one.
  void replaced(ioscope::ui::MainWindow* next);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void buildMenus();
  void stopAllBut(const QObject* keep);
  void onEventsAdded(qsizetype first_changed, qsizetype old_rows);
  void onFinished();
  void onEventSelected(quint32 index);
  void updateStatus();
  void saveSettings() const;
  void onLessonOpened(const QString& id);
  void applyLessonScenario();
  // The scenario the lesson run under way (or about to start) makes: the experiment's or the
  // lesson's own; null without a lesson. Its checks likewise.
  const LessonScenario* activeLessonScenario() const;
  const QList<LessonCheck>* activeLessonChecks() const;
  bool startLessonRun();
  bool refuseUnavailableLessonModel();
  void finishLessonRun();
  std::pair<std::vector<CheckOutcome>, QString> checkLessonRun() const;
  void presenterSpace();
  void bindPresenterKeys();
  void applyPresenterStep();
  void updateSpeakerNotes();
  void updateRecordingBar();
  void onSomethingStarted();
  void finishOpeningRecording();
  bool openChromeJson(const QString& path);
  // Shows what reader holds (path names it). fallback_for: why the lesson's live run could not be
  // made, when this is the lesson's own recording run in its place.
  bool showRecording(record::RecordingReader reader, const QString& path,
                     const QString& fallback_for);
  // The open lesson's own recording (lessons/recordings/ID.ioscope), run in place of a live run
  // this machine cannot make (why); false when the lesson ships none.
  bool runLessonRecording(const QString& why);
  QString fallbackNote(const QString& why, const record::RecordingMeta& meta)
      const;  // a run, race, scan...: a recording shown is no longer
  bool recordingFailed(const QString& why);
  void promptSaveRecording();
  void promptOpenRecording();
  QString lastRecordingFolder() const;
  static QString defaultTitle();

  RunController* controller_;
  ScenarioPanel* panel_;
  QTabWidget* tabs_;
  TimelineWidget* timeline_;
  EventListWidget* events_;
  InspectorWidget* inspector_;
  RaceView* race_;
  ScanView* scan_;
  StevensFigure* figure_ = nullptr;
  RegistrationView* register_ =
      nullptr;  // lesson 11: registering interest  // the last race, as Stevens' figure 6.6
  LatencyView* latency_;
  QLabel* status_;
  QLabel* dropped_;
  QAction* analogy_;
  QAction* syscall_;
  TimelineLegend* legend_;
  QAction* follow_;
  QTimer* live_tick_;
  QSplitter* timeline_split_;
  QWidget* look_bar_;
  LessonPane* lessons_;
  QDockWidget* lesson_dock_;
  QAction* presenter_action_;
  QActionGroup* languages_;
  PresenterKeys* presenter_keys_;
  PresenterScript script_;
  SpeakerNotes* notes_;
  bool lesson_run_ = false;      // a run started by runLesson() is under way
  QString experiment_;           // the experiment that run is (empty: the lesson's own run)
  bool lesson_has_run_ = false;  // the open lesson has a finished run to replay
  View lesson_view_ = View::Timeline;
  bool presenter_ = false;
  bool was_fullscreen_ = false;
  bool dock_was_visible_ = true;
  QFont timeline_font_;
  QString lesson_folder_;
  bool sized_dock_ = false;
  QLabel* recording_bar_;
  QString recording_path_;
  QString recording_error_;  // the recording shown (absolute), or the last one
  std::optional<record::RecordingMeta> recording_;  // what the views show, when a recording
  bool opening_recording_ = false;  // its runs are being put in the views (not a new run)
  bool loading_recording_ = false;  // a recording's run is loading into the timeline
  // The lesson run the timeline (or the race) shows, saved with it: the lesson, its experiment,
  // the pick.
  struct RecordedLesson {
    QString id;
    QString experiment;
    int choice = -1;
  };
  RecordedLesson timeline_lesson_;
  RecordedLesson race_lesson_;
  // Said with the next lesson verdict (a recording run in the live one's place).
  QString lesson_note_;
  QString lesson_start_error_;  // why the last lesson run could not start
};

}  // namespace ioscope::ui
