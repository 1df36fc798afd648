#include "latency/latency_view.hpp"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTextStream>
#include <QVBoxLayout>

#include <array>
#include <cmath>
#include <vector>

#include "charts/bar_chart.hpp"
#include "charts/percentile_chart.hpp"
#include "charts/save_dialog.hpp"
#include "lab/scenario.hpp"
#include "latency/latency_controller.hpp"
#include "models/model.hpp"

namespace ioscope::ui {

namespace {

QString qs(const std::string& s) {
  return QString::fromStdString(s);
}

// A series' model: "io_uring+multishot" is io_uring's, in a shade of io_uring's colour.
int model_index(const std::string& series) {
  const std::string id = series.substr(0, series.find('+'));
  const auto& all = all_models();
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].id == id) return static_cast<int>(i);
  return 0;
}

// CPU time of the server's threads per verified message, in µs.
double cpu_us_per_message(const ModelResult& r) {
  return r.messages_verified
             ? static_cast<double>(r.cpu_ns) / 1e3 / static_cast<double>(r.messages_verified)
             : 0.0;
}

// The HdrHistogram plot's points: percentiles spaced evenly on the 1/(1-p) log axis up to the
// last sample, then the max. Latency in µs.
std::vector<QPointF> curve_of(const LatencyHistogram& h) {
  std::vector<QPointF> pts;
  const double n = static_cast<double>(h.count());
  if (n < 1) return pts;
  pts.emplace_back(0.0, static_cast<double>(h.min()) / 1e3);
  for (int i = 1;; ++i) {
    const double x = std::pow(10.0, i / 10.0);
    if (x >= n) break;
    const double p = 100.0 * (1.0 - 1.0 / x);
    pts.emplace_back(p, static_cast<double>(h.percentile(p)) / 1e3);
  }
  if (n > 1) pts.emplace_back(100.0 * (1.0 - 1.0 / n), static_cast<double>(h.max()) / 1e3);
  return pts;
}

QPushButton* export_button(QWidget* parent) {
  auto* b = new QPushButton(LatencyView::tr("Export PNG…"), parent);
  b->setToolTip(LatencyView::tr("Save this chart as a PNG image"));
  return b;
}

}  // namespace

QColor LatencyView::colorFor(const std::string& model) {
  static const std::array<QColor, 8> kColors = {
      QColor(0x00, 0x72, 0xB2),  // blue
      QColor(0xD5, 0x5E, 0x00),  // vermillion
      QColor(0x00, 0x9E, 0x73),  // bluish green
      QColor(0xE6, 0x9F, 0x00),  // orange
      QColor(0xCC, 0x79, 0xA7),  // reddish purple
      QColor(0x56, 0xB4, 0xE9),  // sky blue
      QColor(0x00, 0x00, 0x00),  // black
      QColor(0xC8, 0xB8, 0x00),  // yellow, darkened to read on white
  };
  const QColor base = kColors[static_cast<std::size_t>(model_index(model)) % kColors.size()];
  // io_uring's variants: darker shades of its yellow, so a bar tells them apart too.
  if (model == "io_uring+multishot") return base.darker(135);
  if (model == "io_uring+defer-taskrun") return base.darker(180);
  if (model == "io_uring+multishot+defer-taskrun") return base.darker(250);
  return base;
}

Qt::PenStyle LatencyView::styleFor(const std::string& model) {
  // io_uring's variants share its colour; the line tells them apart.
  if (model == "io_uring+multishot") return Qt::SolidLine;
  if (model == "io_uring+defer-taskrun") return Qt::DashLine;
  if (model == "io_uring+multishot+defer-taskrun") return Qt::DotLine;
  static const std::array<Qt::PenStyle, 4> kStyles = {Qt::SolidLine, Qt::DashLine, Qt::DotLine,
                                                      Qt::DashDotLine};
  return kStyles[static_cast<std::size_t>(model_index(model)) % kStyles.size()];
}

LatencyView::LatencyView(QWidget* parent)
    : QWidget(parent), controller_(new LatencyController(this)) {
  auto* outer = new QVBoxLayout(this);

  // The eight models on two rows of four: on one they need more width than a projector beside
  // the lesson pane has.
  auto* models_grid = new QGridLayout;
  models_grid->addWidget(new QLabel(tr("Models:"), this), 0, 0);
  all_box_ = new QCheckBox(tr("all"), this);
  models_grid->addWidget(all_box_, 1, 0);
  int placed = 0;
  for (const auto& m : all_models()) {
    auto* box = new QCheckBox(qs(m.id), this);
    box->setToolTip(qs(m.title));
    box->setChecked(m.id == "blocking" || m.id == "epoll" || m.id == "io_uring");
    model_boxes_[m.id] = box;
    models_grid->addWidget(box, placed % 2, 1 + placed / 2);
    ++placed;
    connect(box, &QCheckBox::toggled, this, [this] {
      bool all = true;
      for (const auto& [id, b] : model_boxes_) all = all && b->isChecked();
      all_box_->blockSignals(true);
      all_box_->setChecked(all);
      all_box_->blockSignals(false);
      updateButtons();
    });
  }
  connect(all_box_, &QCheckBox::toggled, this, [this](bool on) {
    for (const auto& [id, b] : model_boxes_) b->setChecked(on);
  });
  models_grid->setColumnStretch(models_grid->columnCount(), 1);
  outer->addLayout(models_grid);
  // io_uring's variants are series of their own, in shades of io_uring's colour, each with its
  // own line.
  auto* variants_row = new QHBoxLayout;
  variants_row->addWidget(new QLabel(tr("io_uring also as:"), this));
  const std::vector<std::string> variants = uring_variant_series();
  const QString tips[] = {
      tr("One receive per connection that stays armed, into buffers the kernel picks from a "
         "ring the server provided (Linux 6.0): no resubmission after each message, no buffer "
         "held by a quiet connection"),
      tr("IORING_SETUP_DEFER_TASKRUN (Linux 6.1): the kernel's copies wait until the server "
         "asks for completions and run then, in one batch, in its thread"),
      tr("Both: multishot receives and deferred task_work")};
  for (std::size_t i = 1; i < variants.size(); ++i) {
    auto* box = new QCheckBox(qs(variants[i].substr(variants[i].find('+') + 1)), this);
    box->setToolTip(tips[i - 1]);
    variant_boxes_[variants[i]] = box;
    variants_row->addWidget(box);
    connect(box, &QCheckBox::toggled, this, [this] { updateButtons(); });
  }
  variants_row->addStretch(1);
  outer->addLayout(variants_row);

  auto* params_row = new QHBoxLayout;
  auto spin = [this, params_row](const QString& label, int lo, int hi, int value,
                                 const QString& suffix, const QString& tip) {
    params_row->addWidget(new QLabel(label, this));
    auto* s = new QSpinBox(this);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setSuffix(suffix);
    s->setToolTip(tip);
    params_row->addWidget(s);
    return s;
  };
  clients_ = spin(tr("Clients:"), 1, kMaxClients, 16, QString(),
                  tr("Clients, each sending on its own fixed schedule (open loop)"));
  rate_ = spin(tr("Rate:"), 1, static_cast<int>(kMaxRate), 5000, tr(" msg/s"),
               tr("Messages per second, all clients together"));
  duration_ = spin(tr("Duration:"), 1, 60000, 1000, tr(" ms"), tr("How long each model runs"));
  size_ = spin(tr("Size:"), 1, static_cast<int>(kMaxMessageSize), 64, tr(" B"),
               tr("Bytes per message"));
  run_button_ = new QPushButton(tr("Run"), this);
  stop_button_ = new QPushButton(tr("Stop"), this);
  csv_button_ = new QPushButton(tr("Export CSV…"), this);
  params_row->addStretch(1);
  outer->addLayout(params_row);
  keep_working_ = new QCheckBox(tr("sigio and io_uring keep working while they wait"), this);
  keep_working_->setToolTip(
      tr("Unticked, sigio and io_uring sleep until there is something to do (in sigtimedwait, "
         "in io_uring_enter), as the other models do: a fair comparison. Ticked, they do units "
         "of useful work and check for signals or completions between units, as in the "
         "lessons: they use a whole core, and their latency shows the length of a unit, not "
         "the model."));
  // Run, Stop and how the waiting models run share one row: at 1366x768 the charts need the
  // height.
  auto* buttons_row = new QHBoxLayout;
  buttons_row->addWidget(run_button_);
  buttons_row->addWidget(stop_button_);
  buttons_row->addSpacing(24);
  buttons_row->addWidget(keep_working_);
  buttons_row->addStretch(1);
  buttons_row->addWidget(csv_button_);
  outer->addLayout(buttons_row);

  info_ = new QLabel(this);
  info_->setWordWrap(true);
  info_->setText(
      tr("Each model runs the same open-loop workload, one after the other with "
         "identical parameters; latency runs from a message's intended send time "
         "to its whole echo. By default sigio and io_uring sleep until there is something to "
         "do, like the other models; when they keep working instead, a message waits for the "
         "unit of work in hand, so their tail latency measures their work loop, not the "
         "model."));
  outer->addWidget(info_);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  hover_ = new QLabel(tr("Hover a curve or a bar to read its value."), this);
  hover_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  auto* status_row = new QHBoxLayout;
  status_row->addWidget(status_, 1);
  status_row->addWidget(hover_, 1);
  outer->addLayout(status_row);

  auto* charts = new QVBoxLayout;
  percentiles_ = new PercentileChart(this);
  percentiles_->setTitle(tr("Latency by percentile"));
  percentiles_->setAxisTitles(tr("percentile as 1/(1−p): 10 = p90, 100 = p99, 1000 = p99.9"),
                              tr("latency (µs)"));
  latency_bars_ = new BarChart(this);
  latency_bars_->setTitle(tr("p50 and p99 latency"));
  latency_bars_->setAxisTitle(tr("µs"));
  latency_bars_->setCategories({tr("p50"), tr("p99")});
  throughput_bars_ = new BarChart(this);
  throughput_bars_->setTitle(tr("Throughput"));
  throughput_bars_->setAxisTitle(tr("msg/s"));
  throughput_bars_->setCategories({tr("throughput")});
  throughput_bars_->setDecimals(0);
  cpu_bars_ = new BarChart(this);
  cpu_bars_->setTitle(tr("Server CPU per message"));
  cpu_bars_->setAxisTitle(tr("µs"));
  cpu_bars_->setCategories({tr("CPU")});
  cpu_bars_->setDecimals(2);

  auto with_export = [this](QWidget* chart, const QString& name) {
    auto* box = new QWidget(this);
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->addWidget(chart, 1);
    auto* b = export_button(box);
    v->addWidget(b, 0, Qt::AlignRight);
    connect(b, &QPushButton::clicked, this, [this, chart, name] { exportChartPng(chart, name); });
    return box;
  };
  auto* top = new QHBoxLayout;
  top->addWidget(with_export(percentiles_, QStringLiteral("percentiles")), 3);
  top->addWidget(with_export(latency_bars_, QStringLiteral("latency")), 2);
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(with_export(throughput_bars_, QStringLiteral("throughput")), 1);
  bottom->addWidget(with_export(cpu_bars_, QStringLiteral("cpu")), 1);
  // 4:3, not more: at 1366x768 the lower charts need room for a value axis and its title.
  charts->addLayout(top, 4);
  charts->addLayout(bottom, 3);
  outer->addLayout(charts, 1);

  auto show_hover = [this](const QString& text) { hover_->setText(text); };
  connect(percentiles_, &PercentileChart::hovered, this, show_hover);
  for (BarChart* b : {latency_bars_, throughput_bars_, cpu_bars_})
    connect(b, &BarChart::hovered, this, show_hover);

  connect(run_button_, &QPushButton::clicked, this, [this] { run(); });
  connect(stop_button_, &QPushButton::clicked, this, [this] { stop(); });
  connect(csv_button_, &QPushButton::clicked, this, [this] { exportCsvDialog(); });
  connect(controller_, &LatencyController::modelStarted, this, &LatencyView::onModelStarted);
  connect(controller_, &LatencyController::modelFinished, this, &LatencyView::onModelFinished);
  connect(controller_, &LatencyController::modelProgress, this, &LatencyView::onModelProgress);
  connect(controller_, &LatencyController::finished, this, &LatencyView::onFinished);
  updateButtons();
}

LatencyView::~LatencyView() = default;

void LatencyView::setModels(const QStringList& ids) {
  const bool all = ids.contains(QStringLiteral("all"));
  for (const auto& [id, box] : model_boxes_) box->setChecked(all || ids.contains(qs(id)));
  for (const auto& [series, box] : variant_boxes_) box->setChecked(ids.contains(qs(series)));
}

QStringList LatencyView::models() const {
  QStringList out;
  for (const auto& m : all_models())
    if (model_boxes_.at(m.id)->isChecked()) out << qs(m.id);
  for (const std::string& series : uring_variant_series())
    if (variant_boxes_.contains(series) && variant_boxes_.at(series)->isChecked())
      out << qs(series);
  return out;
}

void LatencyView::setWorkload(int clients, int rate, int duration_ms, int size) {
  clients_->setValue(clients);
  rate_->setValue(rate);
  duration_->setValue(duration_ms);
  size_->setValue(size);
}

void LatencyView::setIdleMode(IdleMode idle) {
  keep_working_->setChecked(idle == IdleMode::Work);
}

IdleMode LatencyView::idleMode() const {
  return keep_working_->isChecked() ? IdleMode::Work : IdleMode::Sleep;
}

QString LatencyView::seriesLabel(const std::string& model, IdleMode idle) {
  if (!idle_applies(model)) return qs(model);
  return idle == IdleMode::Sleep ? tr("%1 (sleeps)").arg(qs(model))
                                 : tr("%1 (keeps working)").arg(qs(model));
}

bool LatencyView::run() {
  CompareParams p;
  p.idle = idleMode();
  for (const QString& id : models()) p.models.push_back(id.toStdString());
  p.clients = clients_->value();
  p.rate = rate_->value();
  p.duration_ns = static_cast<std::int64_t>(duration_->value()) * 1'000'000;
  p.size = static_cast<std::size_t>(size_->value());
  if (controller_->isRunning()) {
    status_->setText(tr("A comparison is already running."));
    return false;
  }
  if (p.models.empty()) {
    status_->setText(tr("Tick at least one model."));
    return false;
  }
  clearCharts();
  if (!controller_->start(p)) {
    status_->setText(tr("Cannot run: %1").arg(controller_->lastError()));
    updateButtons();
    return false;
  }
  const MachineInfo& m = controller_->machine();
  info_->setText(tr("The models run one after the other with identical parameters: %1 clients, "
                    "%2 messages/s in total (open loop), %3 ms each, %4 B per message. "
                    "Machine: %5 cores, %6.")
                     .arg(p.clients)
                     .arg(p.rate)
                     .arg(duration_->value())
                     .arg(size_->value())
                     .arg(m.cores)
                     .arg(qs(m.kernel)));
  updateButtons();
  emit started();
  return true;
}

void LatencyView::stop() {
  controller_->stop();
}

bool LatencyView::isRunning() const {
  return controller_->isRunning();
}

QString LatencyView::statusText() const {
  return status_->text();
}

QString LatencyView::hoverText() const {
  return hover_->text();
}

void LatencyView::clearCharts() {
  live_index_ = -1;
  live_series_ = -1;
  percentiles_->clear();
  latency_bars_->clear();
  throughput_bars_->clear();
  cpu_bars_->clear();
  status_->clear();
}

void LatencyView::onModelStarted(int index) {
  const auto& models = controller_->params().models;
  if (index < 0 || index >= static_cast<int>(models.size())) return;
  status_->setText(
      tr("Running %1 (%2 of %3)…")
          .arg(seriesLabel(models[static_cast<std::size_t>(index)], controller_->params().idle))
          .arg(index + 1)
          .arg(models.size()));
}

// The running model's curve grows while it runs; its bars come when it finishes.
void LatencyView::onModelProgress(int index) {
  const auto& models = controller_->params().models;
  if (index < 0 || index >= static_cast<int>(models.size())) return;
  if (live_index_ != index) {
    const std::string& model = models[static_cast<std::size_t>(index)];
    live_series_ = percentiles_->addSeries(seriesLabel(model, controller_->params().idle),
                                           colorFor(model), styleFor(model));
    live_index_ = index;
  }
  percentiles_->setPoints(live_series_, curve_of(controller_->progress()));
}

void LatencyView::onModelFinished(int index) {
  const auto& results = controller_->results();
  if (index < 0 || index >= static_cast<int>(results.size())) return;
  const ModelResult& r = results[static_cast<std::size_t>(index)];
  const QString name = seriesLabel(r.model, r.idle);
  if (!r.skipped.empty()) {
    status_->setText(tr("%1 skipped: %2").arg(name, qs(r.skipped)));
    return;
  }
  if (!r.error.empty()) {
    status_->setText(tr("%1 failed: %2").arg(name, qs(r.error)));
    return;
  }
  const QColor color = colorFor(r.model);
  // The series the model's progress drew, if any, gets the final curve.
  const auto& models = controller_->params().models;
  const bool live = live_index_ >= 0 && live_index_ < static_cast<int>(models.size()) &&
                    models[static_cast<std::size_t>(live_index_)] == r.model;
  const int s = live ? live_series_ : percentiles_->addSeries(name, color, styleFor(r.model));
  live_index_ = -1;
  percentiles_->setPoints(s, curve_of(r.histogram));
  latency_bars_->addSeries(
      name, color,
      {static_cast<double>(r.latency.p50) / 1e3, static_cast<double>(r.latency.p99) / 1e3});
  throughput_bars_->addSeries(name, color, {r.throughput});
  // One bar per model on a linear axis: a busy-polling model's bar can be a hundred times
  // another's, so the legend carries each value too and the small ones stay readable.
  const double cpu = cpu_us_per_message(r);
  cpu_bars_->addSeries(QStringLiteral("%1: %2 µs")
                           .arg(name, QString::number(cpu, 'f',
                                                      cpu < 10    ? 2
                                                      : cpu < 100 ? 1
                                                                  : 0)),
                       color, {cpu});
}

void LatencyView::onFinished(bool cancelled) {
  status_->setText(cancelled ? tr("Stopped.")
                             : tr("Done: %n model(s) compared.", nullptr,
                                  static_cast<int>(controller_->results().size())));
  updateButtons();
  emit finished(cancelled);
}

void LatencyView::updateButtons() {
  const bool running = controller_->isRunning();
  run_button_->setEnabled(!running && !models().isEmpty());
  stop_button_->setEnabled(running);
  csv_button_->setEnabled(!controller_->results().empty());
}

void LatencyView::exportChartPng(QWidget* chart, const QString& name) {
  const QString path =
      askSavePath(this, tr("Export chart"), QStringLiteral("ioscope-%1.png").arg(name),
                  tr("PNG image (*.png)"), QStringLiteral("png"));
  if (path.isEmpty()) return;
  QString error = tr("cannot write '%1': %2").arg(path, tr("not a chart"));
  if (auto* c = qobject_cast<ChartWidget*>(chart)) error = c->savePng(path);
  if (!error.isEmpty()) status_->setText(error);
}

void LatencyView::exportCsvDialog() {
  const QString path = askSavePath(this, tr("Export CSV"), QStringLiteral("ioscope-latency.csv"),
                                   tr("CSV (*.csv)"), QStringLiteral("csv"));
  if (path.isEmpty()) return;
  const QString error = exportCsv(path);
  if (!error.isEmpty()) status_->setText(error);
}

QString LatencyView::exportCsv(const QString& path) const {
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
    return tr("cannot write '%1': %2").arg(path, f.errorString());
  QTextStream out(&f);
  const CompareParams& p = controller_->params();
  out << "model,clients,rate,duration_ns,size,count,p50_ns,p90_ns,p99_ns,p99_9_ns,max_ns,"
         "throughput_per_s,cpu_ns,cpu_ns_per_message,ctx_switches,work_units,skipped,error,idle\n";
  auto field = [](const std::string& s) {
    QString q = qs(s);
    if (!q.contains(QLatin1Char(',')) && !q.contains(QLatin1Char('"')) &&
        !q.contains(QLatin1Char('\n')))
      return q;
    q.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QStringLiteral("\"%1\"").arg(q);
  };
  for (const ModelResult& r : controller_->results()) {
    out << field(r.model) << ',' << p.clients << ',' << r.rate << ',' << p.duration_ns << ','
        << p.size << ',' << r.latency.count << ',' << r.latency.p50 << ',' << r.latency.p90 << ','
        << r.latency.p99 << ',' << r.latency.p99_9 << ',' << r.latency.max << ','
        << QString::number(r.throughput, 'f', 1) << ',' << r.cpu_ns << ','
        << QString::number(cpu_us_per_message(r) * 1e3, 'f', 0) << ',' << r.ctx_switches << ','
        << r.work_units << ',' << field(r.skipped) << ',' << field(r.error) << ','
        << (idle_applies(r.model) ? to_string(r.idle) : "") << '\n';
  }
  out.flush();
  if (f.flush() && f.error() == QFile::NoError) return {};
  return tr("cannot write '%1': %2").arg(path, f.errorString());
}

}  // namespace ioscope::ui
