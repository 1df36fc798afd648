// Main window: recordings (.ioscope). Save keeps the timeline's run as it is on screen (its
// events, summary, the lesson and prediction it answered, the notes pinned on it, the look and
// the selection); Open shows one again without running anything and says, above the views and in
// the title, that it is a recording and where and when it was made.
#include "window/main_window.hpp"

#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>

#include <span>

#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "inspector/inspector_widget.hpp"
#include "lessons/lesson_pane.hpp"
#include "record/recording_reader.hpp"
#include "record/replayed_summary.hpp"
#include "timeline/timeline_widget.hpp"
#include "trace/chrome_json_import.hpp"
#include "window/race_view.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {

namespace {

// The keys of RecordingMeta::extra this window writes and reads back.
constexpr const char* kView = "view";              // "timeline" | "race"
constexpr const char* kLook = "look";              // "analogy" | "syscall"
constexpr const char* kSelected = "selected";      // the selected event's index
constexpr const char* kExperiment = "experiment";  // the lesson experiment the run was
constexpr const char* kOrigin = "origin";          // the timeline's zoom: its left edge,
constexpr const char* kNsPerPx = "ns_per_px";      // and its scale (absent: the whole run)

QString text(const std::string& s) {
  return QString::fromStdString(s);
}

template <typename T>
std::optional<T> extra_value(const nlohmann::json& extra, const char* key) {
  const auto it = extra.find(key);
  if (it == extra.end()) return std::nullopt;
  try {
    return it->template get<T>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // another program's or version's extra: ignored, not an error
  }
}

}  // namespace

bool MainWindow::recordingFailed(const QString& why) {
  recording_error_ = why;
  status_->setText(why);
  return false;
}

QString MainWindow::recordingPath(const QString& picked) {
  if (picked.isEmpty() || picked.endsWith(QLatin1String(".ioscope"), Qt::CaseInsensitive))
    return picked;
  return picked + QStringLiteral(".ioscope");
}

bool MainWindow::saveRecording(const QString& picked) {
  const QString path = recordingPath(picked);
  // What the view shows: the race (or its figure) when there is one, else the timeline's run.
  const bool race =
      (currentView() == View::Race || currentView() == View::Figure) && race_->hasRace();
  const RecordedLesson& lesson = race ? race_lesson_ : timeline_lesson_;
  record::RecordingMeta meta;
  if (!lesson.id.isEmpty()) {
    meta.lesson_id = lesson.id.toStdString();
    meta.prediction = lesson.choice;
    if (const Lesson* l = lessons_->currentLesson();
        l && l->id == lesson.id && lesson.choice >= 0 && lesson.choice < l->predict.choices.size())
      meta.prediction_text = l->predict.choices[lesson.choice].toStdString();
    if (!lesson.experiment.isEmpty()) meta.extra[kExperiment] = lesson.experiment.toStdString();
  }
  meta.extra[kView] = race ? "race" : "timeline";
  meta.extra[kLook] = analogy_->isChecked() ? "analogy" : "syscall";
  TimelineWidget* shown = race ? race_->timeline() : timeline_;
  for (const TimelineNote& note : shown->notes())
    meta.annotations.push_back({note.t, std::nullopt, 0, note.text.toStdString(), 0});
  if (!race)
    if (const auto selected = timeline_->selectedEvent()) meta.extra[kSelected] = *selected;
  if (!shown->isFitted()) {  // the moment the teacher zoomed to
    const TimeAxis& axis = shown->axis();
    meta.extra[kOrigin] = axis.origin();
    meta.extra[kNsPerPx] = axis.ns_per_px();
  }
  const bool saved = race ? race_->saveRecording(path, std::move(meta))
                          : controller_->saveRecording(path, std::move(meta));
  if (!saved)
    return recordingFailed(
        tr("Cannot save the recording: %1").arg(race ? race_->message() : controller_->error()));
  recording_error_.clear();
  std::size_t events = 0;
  if (race) {
    for (const auto& [model, doc] : race_->documents()) events += doc ? doc->size() : 0;
  } else {
    events = controller_->document().size();
  }
  status_->setText(tr("Saved the %1 as %2 (%3 events, %4 KiB).")
                       .arg(race ? tr("race") : tr("run"), path)
                       .arg(events)
                       .arg((QFileInfo(path).size() + 1023) / 1024));
  return true;
}

bool MainWindow::openRecording(const QString& path) {
  if (controller_->running() || race_->running())
    return recordingFailed(tr("Stop the run before opening a recording."));
  if (path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) return openChromeJson(path);
  // The header and metadata first: what the recording is decides how it is shown.
  auto reader = record::RecordingReader::open(path.toStdString());
  if (!reader)
    return recordingFailed(tr("Cannot open the recording: %1").arg(text(reader.error().message)));
  return showRecording(std::move(*reader), path, {});
}

bool MainWindow::showRecording(record::RecordingReader reader, const QString& path,
                               const QString& fallback_for) {
  record::RecordingMeta meta = reader.meta();
  if (meta.runs.empty())
    return recordingFailed(tr("Cannot open the recording: %1 holds no run.").arg(path));
  const bool race =
      meta.runs.size() > 1 || extra_value<std::string>(meta.extra, kView).value_or("") == "race";
  // A race is read whole before it is shown (its runs are side by side), and so is a lesson's
  // own recording (it is small, and its bytes are the caller's); a single run from a file loads
  // progressively (RunController::loadRecording).
  const bool whole = race || !fallback_for.isEmpty();
  std::vector<TraceEvent> all_events;
  if (whole)
    if (auto failed = reader.read_rest(all_events))
      return recordingFailed(tr("Cannot open the recording: %1").arg(text(failed->message)));

  // The lesson the run answered is opened before the runs are shown, so its verdict is made from
  // them as it was after the run.
  // A lesson's own recording, run in place of a live run this machine cannot make, answers the
  // learner's prediction; a recording opened by hand shows the recorder's.
  const bool fallback = !fallback_for.isEmpty();
  const QString lesson = text(meta.lesson_id);
  const bool with_lesson = !lesson.isEmpty() && lessons_->hasLesson(lesson);
  if (with_lesson && !fallback) {
    openLesson(lesson);
    setLessonsVisible(true);
    lessons_->setChoice(meta.prediction);
  }
  // The run's own scenario in the panel: Run makes it again, live, on this machine.
  if (const Scenario& s = meta.runs.front().summary.scenario; !validate(s) && !fallback)
    panel_->setScenario(s);
  if (with_lesson && lesson_view_ == (race ? View::Race : View::Timeline)) {
    experiment_ = text(extra_value<std::string>(meta.extra, kExperiment).value_or(""));
    lesson_run_ = true;
    if (fallback) {
      lessons_->setRunning(true);
      lesson_note_ = fallbackNote(fallback_for, meta);
    } else {
      lessons_->setRecordsProgress(false);  // the verdict is the recorder's, not this learner's
    }
  }
  inspector_->clear();
  events_->clearSelection();
  recording_ = meta;
  recording_path_ = QFileInfo(path).absoluteFilePath();
  recording_error_.clear();
  opening_recording_ = true;
  setView(race ? View::Race : View::Timeline);
  if (const auto look = extra_value<std::string>(meta.extra, kLook))
    setAnalogyLook(*look != "syscall");
  updateRecordingBar();
  if (whole) {
    // The timeline shows the first run (of a race too: the event list and inspector have one).
    const record::Recording r{std::move(meta), std::move(all_events)};
    controller_->showRecordedRun(r.meta, 0, record::events_of(r.meta.runs.front(), r.events));
    if (race) race_->showRecording(r);
    opening_recording_ = false;
    finishOpeningRecording();
    return true;
  }
  loading_recording_ = true;
  controller_->loadRecording(std::move(reader));
  opening_recording_ = false;
  if (controller_->loading()) {
    timeline_->fit();          // the first frame: the first block, whole
    panel_->setRunning(true);  // Stop ends the loading, with what is in
    status_->setText(tr("Opening %1…").arg(QFileInfo(path).fileName()));
  }
  return true;
}

// A Chrome JSON trace that `ioscope-cli run --trace` wrote: its events, exactly, as a recording
// of one run that does not say where or when it was made (the file does not keep it).
bool MainWindow::openChromeJson(const QString& path) {
  auto loaded = load_chrome_json(path.toStdString());
  if (!loaded)
    return recordingFailed(tr("Cannot open the trace: %1").arg(text(loaded.error().message)));
  record::RecordingMeta meta;
  meta.runs.push_back(recorded_run_of(*loaded));
  meta.extra[kView] = "timeline";
  inspector_->clear();
  events_->clearSelection();
  recording_ = meta;
  recording_path_ = QFileInfo(path).absoluteFilePath();
  recording_error_.clear();
  opening_recording_ = true;
  setView(View::Timeline);
  controller_->showRecordedRun(meta, 0, loaded->events);
  opening_recording_ = false;
  updateRecordingBar();
  return true;
}

QString MainWindow::fallbackNote(const QString& why, const record::RecordingMeta& meta) const {
  const record::MachineInfo& m = meta.machine;
  return tr("This machine cannot make this run (%1), so this is the run recorded for the lesson "
            "on %2 (Linux %3, %4) on %5.")
      .arg(why, m.hostname.empty() ? tr("an unnamed machine") : text(m.hostname), text(m.kernel),
           text(m.cpu_model),
           QDateTime::fromMSecsSinceEpoch(meta.created_unix_ns / 1'000'000)
               .toString(QStringLiteral("yyyy-MM-dd")));
}

bool MainWindow::runLessonRecording(const QString& why) {
  const Lesson* l = lessons_->currentLesson();
  if (!l) return false;
  QFile file(QStringLiteral(":/lessons/recordings/%1.ioscope").arg(l->id));
  if (!file.open(QIODevice::ReadOnly)) return false;  // this lesson ships none
  const QByteArray bytes = file.readAll();
  const auto span =
      std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(bytes.constData()),
                                     static_cast<std::size_t>(bytes.size()));
  auto reader = record::RecordingReader::from_bytes(span, l->id.toStdString() + ".ioscope");
  if (!reader) return recordingFailed(text(reader.error().message));
  // Read whole inside showRecording: the bytes need not outlive this call.
  return showRecording(std::move(*reader), l->id + QStringLiteral(".ioscope"), why);
}

// After every run of the recording is in: what the views showed is put back as it was.
void MainWindow::finishOpeningRecording() {
  loading_recording_ = false;
  lessons_->setRecordsProgress(true);
  lesson_run_ = false;
  if (!recording_) return;
  const record::RecordingMeta& meta = *recording_;
  const bool race = currentView() == View::Race;
  TimelineWidget* shown = race ? race_->timeline() : timeline_;
  for (const record::Annotation& a : meta.annotations) shown->pinNote(a.t_ns, text(a.text));
  if (const auto selected = extra_value<std::uint32_t>(meta.extra, kSelected);
      !race && selected && *selected < controller_->document().size()) {
    timeline_->setSelectedEvent(*selected);
    events_->selectEvent(*selected);
    inspector_->showEvent(*selected);
  }
  // After the selection, which scrolls it into view.
  const auto origin = extra_value<std::int64_t>(meta.extra, kOrigin);
  const auto ns_per_px = extra_value<double>(meta.extra, kNsPerPx);
  if (origin && ns_per_px && *ns_per_px > 0) shown->setAxis(TimeAxis(*origin, *ns_per_px));
  if (!race && !controller_->error().isEmpty()) {
    recording_error_ = controller_->error();
    status_->setText(tr("Only part of the recording could be read: %1").arg(recording_error_));
  }
}

void MainWindow::onSomethingStarted() {
  if (opening_recording_) return;
  recording_.reset();
  updateRecordingBar();
}

void MainWindow::updateRecordingBar() {
  if (!recording_) {
    recording_bar_->hide();
    setWindowTitle(defaultTitle());
    return;
  }
  const record::RecordingMeta& meta = *recording_;
  const record::MachineInfo& m = meta.machine;
  if (meta.created_unix_ns == 0) {  // a Chrome JSON trace: where and when are not in the file
    const QString file = QFileInfo(recording_path_).fileName();
    recording_bar_->setText(tr("\u25cf Trace %1 (Chrome JSON)").arg(file));
    recording_bar_->setToolTip(
        tr("The Chrome JSON trace %1, written by ioscope-cli run --trace: every event as it was "
           "recorded. The file does not say where or when it was made, the message size or the "
           "probe's report. Nothing is running: Run makes the run again, live, on this machine.")
            .arg(file));
    recording_bar_->show();
    setWindowTitle(tr("%1 — trace — ioscope").arg(file));
    return;
  }
  const QString when = QDateTime::fromMSecsSinceEpoch(meta.created_unix_ns / 1'000'000)
                           .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
  const QString host = m.hostname.empty() ? tr("an unnamed machine") : text(m.hostname);
  const QString machine = tr("Linux %1, %2, %n CPU(s), clock %3", nullptr, m.cpus)
                              .arg(text(m.kernel), text(m.cpu_model), text(m.clock_source));
  const QString file = QFileInfo(recording_path_).fileName();
  // Short, beside the view tabs; the rest in its tooltip.
  recording_bar_->setText(tr("\u25cf Recording %1, made on %2, %3").arg(file, host, when));
  QString details = tr("Recording %1, made on %2 (%3) on %4 by ioscope %5. Nothing is running: "
                       "Run makes the run again, live, on this machine.")
                        .arg(file, host, machine, when, text(meta.ioscope_version));
  if (meta.runs.size() > 1) {
    QStringList models;
    for (const std::string& model : meta.models()) models << text(model);
    details += QLatin1Char(' ') + tr("A race of %1.").arg(models.join(QStringLiteral(", ")));
  }
  if (!meta.lesson_id.empty() && !lessons_->hasLesson(text(meta.lesson_id)))
    details += QLatin1Char(' ') +
               tr("It was lesson %1's run, which is not loaded here.").arg(text(meta.lesson_id));
  recording_bar_->setToolTip(details);
  recording_bar_->show();
  setWindowTitle(tr("%1 — recording — ioscope").arg(QFileInfo(recording_path_).fileName()));
}

void MainWindow::promptSaveRecording() {
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Save the timeline's run as a recording"),
                                   lastRecordingFolder(), tr("ioscope recordings (*.ioscope)"));
  if (!path.isEmpty()) saveRecording(path);
}

void MainWindow::promptOpenRecording() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open a recording"), lastRecordingFolder(),
      tr("ioscope recordings (*.ioscope);;Chrome JSON traces written by ioscope (*.json);;All "
         "files (*)"));
  if (!path.isEmpty()) openRecording(path);
}

QString MainWindow::lastRecordingFolder() const {
  return recording_path_.isEmpty() ? QString() : QFileInfo(recording_path_).absolutePath();
}

}  // namespace ioscope::ui
