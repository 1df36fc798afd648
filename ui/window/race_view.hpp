// The race: two to eight models run the same scenario at the same moment, stacked on one time
// axis, so the room sees who waits where.
#pragma once

#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

#include "lab/scenario.hpp"
#include "record/recording_reader.hpp"
#include "timeline/timeline_types.hpp"

class QCheckBox;
class QLabel;
class QPushButton;
class QTimer;

namespace ioscope::ui {

class RunController;
class TimelineLegend;
class TimelineWidget;

class RaceView : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kMinModels = 2;
  static constexpr int kMaxModels = 8;

  explicit RaceView(QWidget* parent = nullptr);
  ~RaceView() override;

  void setModels(const QStringList& ids);
  QStringList models() const;
  void setScenario(const Scenario& scenario) { scenario_ = scenario; }
  // Asked for the scenario at each start (the main window's controls), when set.
  void setScenarioProvider(std::function<Scenario()> provider) { provider_ = std::move(provider); }
  void setLook(TimelineLook look);
  // The font the stacked timeline draws with (presenter mode: large type; the timeline's rows,
  // gutter and ruler grow with it). The legend follows, a little smaller, as a key. Give the
  // timeline's normal font back to leave presenter mode.
  void setTimelineFont(const QFont& font);
  // Presenter mode runs races from the lesson pane and the keyboard: no boxes or buttons.
  void setControlsVisible(bool visible);
  // Starts every checked model with the scenario; false (and a message) if fewer than two.
  bool start();
  void stop();
  bool running() const;
  TimelineWidget* timeline() const { return timeline_; }
  // Each model's trace of the last race, by engine model id, in the race's order.
  std::vector<std::pair<QString, const TraceDocument*>> documents() const;
  QString message() const;

  // The race of a recording (record/recording_reader.hpp): each of its runs in its row, as after
  // the race; started() and finished() are emitted as for a race run here. False while racing.
  bool showRecording(const record::Recording& recording);
  // The last race as one recording (meta as RunController::saveRecording); false with the
  // reason in message() when there is none or it is still running.
  bool saveRecording(const QString& path, record::RecordingMeta meta);
  // A finished race is shown (one to save).
  bool hasRace() const { return !runs_.empty() && !running(); }

 signals:
  void started();  // an experiment began (MainWindow then stops any other)
  void finished();

 private:
  void onRunFinished();

  Scenario scenario_;
  std::function<Scenario()> provider_;
  std::vector<std::pair<QString, QCheckBox*>> boxes_;
  std::vector<std::unique_ptr<RunController>> runs_;
  QPushButton* start_;
  QPushButton* stop_;
  QLabel* message_;
  QWidget* controls_;  // the model boxes and Start/Stop
  TimelineWidget* timeline_;
  TimelineLegend* legend_;
  QFont legend_font_;  // the legend's own font, for the normal size
  QFont normal_font_;  // the timeline's own font
  QFont asked_font_;   // what setTimelineFont asked for (presenter mode: large)
  // The asked font, made smaller (never below normal) when more than two models are stacked,
  // so that every model's rows stay on the screen.
  void applyTimelineFont();
  QTimer* tick_;
};

}  // namespace ioscope::ui
