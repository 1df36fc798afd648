// Main window: recordings (.ioscope). Save keeps the timeline's run as it is on screen (its
// events, summary, the lesson and prediction it answered, the notes pinned on it, the look and
// the selection); Open shows one again without running anything and says, above the views and in
// the title, that it is a recording and where and when it was made.
#include "window/main_window.hpp"

#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>

#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "inspector/inspector_widget.hpp"
#include "lessons/lesson_pane.hpp"
#include "record/recording_reader.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {

namespace {

// The keys of RecordingMeta::extra this window writes and reads back.
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
  record::RecordingMeta meta;
  if (!recorded_lesson_.isEmpty()) {
    meta.lesson_id = recorded_lesson_.toStdString();
    meta.prediction = recorded_choice_;
    if (const Lesson* l = lessons_->currentLesson(); l && l->id == recorded_lesson_ &&
                                                     recorded_choice_ >= 0 &&
                                                     recorded_choice_ < l->predict.choices.size())
      meta.prediction_text = l->predict.choices[recorded_choice_].toStdString();
  }
  for (const TimelineNote& note : timeline_->notes())
    meta.annotations.push_back({note.t, std::nullopt, 0, note.text.toStdString(), 0});
  meta.extra[kLook] = analogy_->isChecked() ? "analogy" : "syscall";
  if (const auto selected = timeline_->selectedEvent()) meta.extra[kSelected] = *selected;
  if (!recorded_experiment_.isEmpty()) meta.extra[kExperiment] = recorded_experiment_.toStdString();
  if (!timeline_->isFitted()) {  // the moment the teacher zoomed to
    const TimeAxis& axis = timeline_->axis();
    meta.extra[kOrigin] = axis.origin();
    meta.extra[kNsPerPx] = axis.ns_per_px();
  }
  if (!controller_->saveRecording(path, std::move(meta))) {
    return recordingFailed(tr("Cannot save the recording: %1").arg(controller_->error()));
  }
  recording_error_.clear();
  status_->setText(tr("Saved the run as %1 (%2 events, %3 KiB).")
                       .arg(path)
                       .arg(controller_->document().size())
                       .arg((QFileInfo(path).size() + 1023) / 1024));
  return true;
}

bool MainWindow::openRecording(const QString& path) {
  if (controller_->running()) {
    return recordingFailed(tr("Stop the run before opening a recording."));
  }
  // The header and metadata first (cheap): the lesson the run answered is opened before its
  // events arrive, so the verdict is made from them as it was after the run.
  QString lesson, experiment;
  int prediction = -1;
  std::optional<Scenario> scenario;
  {
    auto reader = record::RecordingReader::open(path.toStdString());
    if (!reader) {
      return recordingFailed(tr("Cannot open the recording: %1").arg(text(reader.error().message)));
    }
    const record::RecordingMeta& peek = reader->meta();
    lesson = text(peek.lesson_id);
    prediction = peek.prediction;
    experiment = text(extra_value<std::string>(peek.extra, kExperiment).value_or(""));
    if (!peek.runs.empty()) scenario = peek.runs.front().summary.scenario;
  }
  const bool with_lesson = !lesson.isEmpty() && lessons_->hasLesson(lesson);
  if (with_lesson) {
    openLesson(lesson);
    setLessonsVisible(true);
    lessons_->setChoice(prediction);
  }
  // The run's own scenario in the panel: Run makes it again, live, on this machine.
  if (scenario && !validate(*scenario)) panel_->setScenario(*scenario);
  if (with_lesson && lesson_view_ == View::Timeline) {
    experiment_ = experiment;
    lesson_run_ = true;
    lessons_->setRecordsProgress(false);  // the verdict is the recorder's, not this learner's
  }
  inspector_->clear();
  events_->clearSelection();
  const bool opened = controller_->openRecording(path);
  lessons_->setRecordsProgress(true);
  if (!opened) {
    lesson_run_ = false;
    experiment_.clear();
    return recordingFailed(tr("Cannot open the recording: %1").arg(controller_->error()));
  }
  const record::RecordingMeta& meta = *controller_->recording();
  setView(View::Timeline);
  if (const auto look = extra_value<std::string>(meta.extra, kLook))
    setAnalogyLook(*look != "syscall");
  for (const record::Annotation& a : meta.annotations) timeline_->pinNote(a.t_ns, text(a.text));
  if (const auto selected = extra_value<std::uint32_t>(meta.extra, kSelected);
      selected && *selected < controller_->document().size()) {
    timeline_->setSelectedEvent(*selected);
    events_->selectEvent(*selected);
    inspector_->showEvent(*selected);
  }
  // After the selection, which scrolls it into view.
  const auto origin = extra_value<std::int64_t>(meta.extra, kOrigin);
  const auto ns_per_px = extra_value<double>(meta.extra, kNsPerPx);
  if (origin && ns_per_px && *ns_per_px > 0) timeline_->setAxis(TimeAxis(*origin, *ns_per_px));
  recording_path_ = QFileInfo(path).absoluteFilePath();
  recording_error_.clear();
  updateRecordingBar();
  return true;
}

void MainWindow::updateRecordingBar() {
  const auto& meta = controller_->recording();
  if (!meta) {
    recording_bar_->hide();
    setWindowTitle(defaultTitle());
    return;
  }
  const record::MachineInfo& m = meta->machine;
  const QString when = QDateTime::fromMSecsSinceEpoch(meta->created_unix_ns / 1'000'000)
                           .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
  const QString host = m.hostname.empty() ? tr("an unnamed machine") : text(m.hostname);
  const QString machine = tr("Linux %1, %2, %n CPU(s), clock %3", nullptr, m.cpus)
                              .arg(text(m.kernel), text(m.cpu_model), text(m.clock_source));
  QString line = tr("Recording %1, made on %2 (%3) on %4 by ioscope %5. Nothing is running: "
                    "Run makes the run again, live, on this machine.")
                     .arg(QFileInfo(recording_path_).fileName(), host, machine, when,
                          text(meta->ioscope_version));
  if (meta->runs.size() > 1)
    line += QLatin1Char(' ') + tr("It holds %n run(s); the timeline shows the first.", nullptr,
                                  static_cast<int>(meta->runs.size()));
  if (!meta->lesson_id.empty() && !lessons_->hasLesson(text(meta->lesson_id)))
    line += QLatin1Char(' ') +
            tr("It was lesson %1's run, which is not loaded here.").arg(text(meta->lesson_id));
  recording_bar_->setText(line);
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
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Open a recording"), lastRecordingFolder(),
                                   tr("ioscope recordings (*.ioscope);;All files (*)"));
  if (!path.isEmpty()) openRecording(path);
}

QString MainWindow::lastRecordingFolder() const {
  return recording_path_.isEmpty() ? QString() : QFileInfo(recording_path_).absolutePath();
}

}  // namespace ioscope::ui
