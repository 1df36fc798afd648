#include "window/race_view.hpp"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include "bridge/run_controller.hpp"
#include "models/model.hpp"
#include "record/replayed_summary.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_widget.hpp"

namespace ioscope::ui {

RaceView::RaceView(QWidget* parent) : QWidget(parent) {
  auto* column = new QVBoxLayout(this);
  column->setContentsMargins(8, 6, 8, 6);
  controls_ = new QWidget(this);
  auto* row = new QHBoxLayout(controls_);
  row->setContentsMargins(0, 0, 0, 0);
  // One word on the row (it must fit a 1280-pixel projector beside the lessons); the rest of
  // the sentence in the tooltip.
  auto* label = new QLabel(tr("Race:"), this);
  label->setToolTip(tr("Race these models: the same scenario, started at the same moment"));
  row->addWidget(label);
  for (const auto& m : all_models()) {
    const QString id = QString::fromStdString(m.id);
    auto* box = new QCheckBox(id, this);
    box->setObjectName(QStringLiteral("race_") + id);
    if (auto why = m.unavailable ? m.unavailable() : std::nullopt) {
      box->setEnabled(false);
      box->setToolTip(tr("Cannot run here: %1").arg(QString::fromStdString(*why)));
    }
    boxes_.emplace_back(id, box);
    row->addWidget(box);
  }
  row->addStretch(1);
  start_ = new QPushButton(tr("Start race"), this);
  stop_ = new QPushButton(tr("Stop"), this);
  stop_->setEnabled(false);
  row->addWidget(start_);
  row->addWidget(stop_);
  column->addWidget(controls_);
  message_ = new QLabel(this);
  column->addWidget(message_);
  timeline_ = new TimelineWidget(this);
  normal_font_ = asked_font_ = timeline_->font();
  column->addWidget(timeline_, 1);
  legend_ = new TimelineLegend(this);
  legend_font_ = legend_->font();
  column->addWidget(legend_);
  tick_ = new QTimer(this);
  tick_->setInterval(33);
  connect(tick_, &QTimer::timeout, this, [this] {
    if (!runs_.empty()) timeline_->setNow(runs_.front()->now_ns());
    timeline_->documentChanged();
  });
  connect(start_, &QPushButton::clicked, this, &RaceView::start);
  connect(stop_, &QPushButton::clicked, this, &RaceView::stop);
  setModels({QStringLiteral("blocking"), QStringLiteral("nonblocking"), QStringLiteral("epoll"),
             QStringLiteral("io_uring")});
}

RaceView::~RaceView() {
  stop();
}

void RaceView::setModels(const QStringList& ids) {
  for (auto& [id, box] : boxes_) box->setChecked(box->isEnabled() && ids.contains(id));
  applyTimelineFont();
}

QStringList RaceView::models() const {
  QStringList out;
  for (const auto& [id, box] : boxes_)
    if (box->isChecked()) out << id;
  return out;
}

void RaceView::setLook(TimelineLook look) {
  timeline_->setLook(look);
  legend_->setLook(look);
}

void RaceView::setControlsVisible(bool visible) {
  controls_->setVisible(visible);
  message_->setVisible(visible);
}

void RaceView::setTimelineFont(const QFont& font) {
  asked_font_ = font;
  applyTimelineFont();
}

void RaceView::applyTimelineFont() {
  QFont font = asked_font_;
  const auto stacked = static_cast<double>(models().size());
  if (stacked > 2 && font.pointSizeF() > normal_font_.pointSizeF())
    font.setPointSizeF(std::max(normal_font_.pointSizeF(), font.pointSizeF() * 2.0 / stacked));
  if (font == timeline_->font()) return;
  timeline_->setFont(font);
  if (TimelineMetrics::scaleFor(font) > 1.0) {
    // As the main window's legend: a key, not a caption, so a little smaller than the captions.
    QFont key = font;
    key.setPointSizeF(font.pointSizeF() * 0.8);
    legend_->setFont(key);
  } else {
    legend_->setFont(legend_font_);
  }
}

std::vector<std::pair<QString, const TraceDocument*>> RaceView::documents() const {
  std::vector<std::pair<QString, const TraceDocument*>> out;
  for (const auto& r : runs_)
    out.emplace_back(QString::fromStdString(r->summary().scenario.model), &r->document());
  return out;
}

QString RaceView::message() const {
  return message_->text();
}

bool RaceView::running() const {
  for (const auto& r : runs_)
    if (r->running()) return true;
  return false;
}

bool RaceView::start() {
  if (running()) return false;
  if (provider_) scenario_ = provider_();
  const QStringList ids = models();
  if (ids.size() < kMinModels || ids.size() > kMaxModels) {
    message_->setText(tr("Pick between %1 and %2 models to race.").arg(kMinModels).arg(kMaxModels));
    return false;
  }
  runs_.clear();
  applyTimelineFont();
  QList<TimelineRun> stacked;
  for (const QString& id : ids) {
    auto run = std::make_unique<RunController>();
    connect(run.get(), &RunController::finished, this, &RaceView::onRunFinished);
    Scenario s = scenario_;
    s.model = id.toStdString();
    if (!run->start(s)) {
      message_->setText(tr("%1 cannot run: %2").arg(id, run->error()));
      runs_.clear();
      return false;
    }
    stacked.append({&run->document(), id});
    runs_.push_back(std::move(run));
  }
  timeline_->setRuns(stacked);
  timeline_->setLive(true);
  tick_->start();
  start_->setEnabled(false);
  stop_->setEnabled(true);
  message_->setText(tr("Racing %1 models: %2 clients × %3 messages of %4 B, one every %5.")
                        .arg(ids.size())
                        .arg(scenario_.clients)
                        .arg(scenario_.messages)
                        .arg(scenario_.size)
                        .arg(QString::fromStdString(format_duration(scenario_.interval_ns))));
  emit started();
  return true;
}

bool RaceView::showRecording(const record::Recording& recording) {
  if (running()) return false;
  runs_.clear();
  QStringList ids;
  QList<TimelineRun> stacked;
  for (std::size_t i = 0; i < recording.meta.runs.size(); ++i) {
    auto run = std::make_unique<RunController>();
    run->showRecordedRun(recording.meta, i,
                         record::events_of(recording.meta.runs[i], recording.events));
    const QString id = QString::fromStdString(run->summary().scenario.model);
    ids << id;
    stacked.append({&run->document(), id});
    connect(run.get(), &RunController::finished, this, &RaceView::onRunFinished);
    runs_.push_back(std::move(run));
  }
  setModels(ids);
  applyTimelineFont();
  timeline_->setRuns(stacked);
  emit started();
  onRunFinished();
  return true;
}

bool RaceView::saveRecording(const QString& path, record::RecordingMeta meta) {
  if (!hasRace()) {
    message_->setText(running() ? tr("Stop the race before saving it.")
                                : tr("Nothing to save yet: run a race first."));
    return false;
  }
  std::vector<const RunController*> runs;
  for (const auto& r : runs_) runs.push_back(r.get());
  if (auto failed = RunController::save_runs(path.toStdString(), std::move(meta), runs)) {
    message_->setText(QString::fromStdString(failed->message));
    return false;
  }
  return true;
}

void RaceView::stop() {
  for (auto& r : runs_) r->stop();
}

void RaceView::onRunFinished() {
  if (running()) return;
  tick_->stop();
  timeline_->setLive(false);
  timeline_->documentChanged();
  timeline_->fit();
  start_->setEnabled(true);
  stop_->setEnabled(false);
  QStringList failed;
  for (const auto& r : runs_)
    if (!r->summary().error.empty())
      failed << QString::fromStdString(r->summary().scenario.model + ": " + r->summary().error);
  message_->setText(failed.isEmpty() ? tr("Race finished.") : failed.join(QStringLiteral("; ")));
  emit finished();
}

}  // namespace ioscope::ui
