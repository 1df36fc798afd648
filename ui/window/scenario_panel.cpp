#include "window/scenario_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QResizeEvent>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "lab/compare.hpp"
#include "model/engine_text.hpp"
#include "models/model.hpp"
#include "probe/probe_availability.hpp"

namespace ioscope::ui {

namespace {

// Characters the model picker always has room for ("epoll-et", "blocking").
constexpr int kShortestModelName = 9;
// Characters the preset picker always has room for ("Custom", "自定义").
constexpr int kShortestPresetName = 12;

// Asked once: it reads the kernel's BTF.
const ProbeAvailability& probeAvailability() {
  static const ProbeAvailability a = check_probe_availability();
  return a;
}

QLabel* caption(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return l;
}

}  // namespace

ScenarioPanel::ScenarioPanel(QWidget* parent) : QWidget(parent) {
  auto* row = new QVBoxLayout(this);
  row->setContentsMargins(8, 6, 8, 6);
  row->setSpacing(8);

  model_ = new QComboBox(this);
  model_->setObjectName(QStringLiteral("modelPicker"));
  auto* items = new QStandardItemModel(model_);
  for (const auto& m : all_models()) {
    auto* item = new QStandardItem(QString::fromStdString(m.id));
    item->setData(QString::fromStdString(m.id), Qt::UserRole);
    QString tip =
        QString::fromStdString(m.title) + QStringLiteral("\n") + QString::fromStdString(m.summary);
    if (auto why = m.unavailable ? m.unavailable() : std::nullopt) {
      item->setEnabled(false);
      item->setText(tr("%1 (unavailable)").arg(QString::fromStdString(m.id)));
      tip += QStringLiteral("\n") + tr("Cannot run here: %1").arg(QString::fromStdString(*why));
    }
    item->setToolTip(tip);
    items->appendRow(item);
    if (m.id == "io_uring") addUringVariants(items, item->isEnabled());
  }
  model_->setModel(items);
  // Narrow enough to leave room for the Lessons pane beside the views on a 1366-pixel screen,
  // and wider when the chosen name needs it (fitChosenNames).
  model_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  model_->setMinimumContentsLength(kShortestModelName);
  model_->setCurrentIndex(model_->findData(QStringLiteral("epoll"), Qt::UserRole));

  preset_ = new QComboBox(this);
  preset_->setObjectName(QStringLiteral("presetPicker"));
  // One word each, so the toolbar stays one row on a 1366-pixel projector and the name is never
  // cut with the Lessons pane open; the tooltip says what each is for, the fields beside it
  // show its numbers.
  const auto addPreset = [this](const QString& name, Preset preset, const QString& tip) {
    preset_->addItem(name, static_cast<int>(preset));
    preset_->setItemData(preset_->count() - 1, tip, Qt::ToolTipRole);
  };
  addPreset(tr("Classroom"), Preset::Classroom,
            tr("Two clients, a knife about once a second: slow enough for the room to watch the "
               "buyer wait for each one"));
  addPreset(tr("Fast"), Preset::Fast,
            tr("Four clients, 200 messages 1 ms apart: run at full speed, then zoom into the "
               "timeline to read it"));
  addPreset(tr("Custom"), Preset::Custom, tr("The workload as you set it"));
  preset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  preset_->setMinimumContentsLength(kShortestPresetName);

  clients_ = new QSpinBox(this);
  clients_->setRange(1, kMaxClients);
  messages_ = new QSpinBox(this);
  messages_->setRange(1, 1'000'000);
  size_ = new QSpinBox(this);
  size_->setRange(1, static_cast<int>(kMaxMessageSize));
  size_->setSuffix(tr(" B"));
  interval_ms_ = new QDoubleSpinBox(this);
  interval_ms_->setRange(0, 60'000);
  interval_ms_->setDecimals(3);
  interval_ms_->setSuffix(tr(" ms"));
  clients_->setToolTip(tr("Clients: the factory's connections"));
  messages_->setToolTip(tr("Messages each client sends"));
  size_->setToolTip(tr("Bytes per message"));
  interval_ms_->setToolTip(tr("Time between one client's messages (open loop)"));

  // The deliberate mistakes (lessons switch them on; the learner can too).
  bugs_button_ = new QPushButton(this);
  bugs_button_->setObjectName(QStringLiteral("bugsButton"));
  auto* bug_menu = new QMenu(bugs_button_);
  const QString bug_texts[kBugCount] = {
      tr("Edge-triggered without draining (et-no-drain): one short read per wake-up"),
      tr("Descriptors above 1023 (high-fd): select cannot watch them"),
      tr("Thundering herd (thundering-herd): every waiter woken for one connection"),
      tr("Tiny receive buffer (tiny-rcvbuf): big messages arrive in pieces"),
  };
  for (int i = 0; i < kBugCount; ++i) {
    bug_actions_[i] = bug_menu->addAction(bug_texts[i]);
    bug_actions_[i]->setCheckable(true);
    connect(bug_actions_[i], &QAction::toggled, this, [this] {
      updateBugsButton();
      if (!applying_) emit bugsChanged(bugs());
    });
  }
  bugs_button_->setMenu(bug_menu);
  bugs_button_->setToolTip(tr("Mistakes to try: deliberate bugs the run will show"));
  updateBugsButton();

  probe_ = new QCheckBox(tr("Kernel probe"), this);
  probe_->setObjectName(QStringLiteral("probeCheck"));
  if (probeAvailability().can_run()) {
    probe_->setChecked(true);
    probe_->setToolTip(
        tr("Measure the kernel's side with eBPF: data queued on the socket, the "
           "waiting thread woken, the copy to user memory, io_uring's steps"));
  } else {
    probe_->setChecked(false);
    probe_->setEnabled(false);
    QStringList why;
    for (const auto& r : probeAvailability().reasons) why << engineText(r);
    probe_->setToolTip(tr("The kernel probe cannot run here, so the kernel's side is inferred "
                          "from user space: %1")
                           .arg(why.join(QStringLiteral("; "))));
  }

  run_ = new QPushButton(tr("Run"), this);
  run_->setObjectName(QStringLiteral("runButton"));
  run_->setDefault(true);
  stop_ = new QPushButton(tr("Stop"), this);
  stop_->setObjectName(QStringLiteral("stopButton"));
  stop_->setEnabled(false);

  // Three groups: what runs, the workload and its mistakes, Run/Stop. One row when the window is
  // wide enough; the workload wraps to a second row when it is not (the Lessons pane beside the
  // views on a 1366-pixel screen).
  const auto group = [this](std::initializer_list<std::pair<QString, QWidget*>> parts) {
    auto* g = new QWidget(this);
    auto* h = new QHBoxLayout(g);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(8);
    for (const auto& [label, w] : parts) {
      if (!label.isEmpty()) h->addWidget(caption(label, g));
      w->setParent(g);
      h->addWidget(w, qobject_cast<QComboBox*>(w) ? 2 : 0);
    }
    return g;
  };
  what_ = group({{tr("Model"), model_}, {tr("Preset"), preset_}, {QString(), probe_}});
  workload_ = group({{tr("Clients"), clients_},
                     {tr("Messages"), messages_},
                     {tr("Size"), size_},
                     {tr("Every"), interval_ms_},
                     {QString(), bugs_button_}});
  buttons_ = group({{QString(), run_}, {QString(), stop_}});
  grid_ = new QGridLayout();
  grid_->setContentsMargins(0, 0, 0, 0);
  grid_->setHorizontalSpacing(12);
  grid_->setVerticalSpacing(2);
  row->addLayout(grid_);
  arrange(false);

  connect(model_, &QComboBox::currentIndexChanged, this, &ScenarioPanel::fitChosenNames);
  connect(preset_, &QComboBox::currentIndexChanged, this, &ScenarioPanel::fitChosenNames);
  connect(run_, &QPushButton::clicked, this, &ScenarioPanel::runRequested);
  connect(stop_, &QPushButton::clicked, this, &ScenarioPanel::stopRequested);
  connect(preset_, &QComboBox::currentIndexChanged, this, [this](int i) {
    const auto p = static_cast<Preset>(preset_->itemData(i).toInt());
    if (p != Preset::Custom) applyPreset(p);
  });
  for (auto* spin : {clients_, messages_, size_})
    connect(spin, &QSpinBox::valueChanged, this, &ScenarioPanel::markCustom);
  connect(interval_ms_, &QDoubleSpinBox::valueChanged, this, &ScenarioPanel::markCustom);
  applyPreset(Preset::Classroom);
  fitChosenNames();
}

// io_uring as an engineer writes it today, right under the plain one-shot server it is
// compared with; each runs the io_uring model with its features (Scenario::uring).
void ScenarioPanel::addUringVariants(QStandardItemModel* items, bool available) {
  const QString tips[] = {
      tr("One standing receive per connection (multishot RECVMSG, Linux 6.0) into buffers the "
         "kernel picks from a ring given once: no new submission after each message"),
      tr("The kernel's copies wait until the server asks for completions, and run then in one "
         "batch inside its io_uring_enter (SINGLE_ISSUER | DEFER_TASKRUN, Linux 6.1)"),
      tr("Both: a standing multishot receive, and the copies deferred to io_uring_enter"),
  };
  const std::vector<std::string> variants = uring_variant_series();
  for (std::size_t i = 1; i < variants.size(); ++i) {
    const QString id = QString::fromStdString(variants[i]);
    auto* item = new QStandardItem(id);
    item->setData(id, Qt::UserRole);
    item->setToolTip(tips[i - 1]);
    item->setEnabled(available);
    items->appendRow(item);
  }
}

// The chosen model's and preset's names are what the room reads: never cut
// ("io_uring+multishi…", "Classr…"). A long one widens its picker, and the
// workload wraps to a second row if the window has no room for it.
void ScenarioPanel::fitChosenNames() {
  const auto fit = [](QComboBox* picker, int shortest) {
    const int length = static_cast<int>(picker->currentText().size());
    picker->setMinimumContentsLength(std::max(shortest, length));
    // QComboBox keeps its first minimum size hint for good; its size hint follows the length.
    picker->setMinimumWidth(picker->sizeHint().width());
  };
  fit(model_, kShortestModelName);
  fit(preset_, kShortestPresetName);
  what_->layout()->invalidate();  // its cached width is the old names'
  arrange(width() < oneRowWidth());
}

int ScenarioPanel::oneRowWidth() const {
  const QMargins m = contentsMargins() + layout()->contentsMargins();
  return what_->minimumSizeHint().width() + workload_->minimumSizeHint().width() +
         buttons_->minimumSizeHint().width() + 2 * grid_->horizontalSpacing() + m.left() +
         m.right();
}

void ScenarioPanel::arrange(bool two_rows) {
  if (grid_->count() > 0 && two_rows == two_rows_) return;
  two_rows_ = two_rows;
  for (QWidget* w : {what_, workload_, buttons_}) grid_->removeWidget(w);
  if (two_rows) {
    grid_->addWidget(what_, 0, 0);
    grid_->addWidget(buttons_, 0, 1, Qt::AlignRight);
    grid_->addWidget(workload_, 1, 0, 1, 2, Qt::AlignLeft);
    grid_->setColumnStretch(0, 1);
    grid_->setColumnStretch(1, 0);
    grid_->setColumnStretch(2, 0);
  } else {
    grid_->addWidget(what_, 0, 0);
    grid_->addWidget(workload_, 0, 1);
    grid_->addWidget(buttons_, 0, 2);
    grid_->setColumnStretch(0, 1);
    grid_->setColumnStretch(1, 0);
    grid_->setColumnStretch(2, 0);
  }
  updateGeometry();
}

QSize ScenarioPanel::minimumSizeHint() const {
  // As narrow as two rows allow, whichever arrangement is on screen now.
  const QMargins m = contentsMargins() + layout()->contentsMargins();
  const int two = std::max(what_->minimumSizeHint().width() + grid_->horizontalSpacing() +
                               buttons_->minimumSizeHint().width(),
                           workload_->minimumSizeHint().width()) +
                  m.left() + m.right();
  return {two, QWidget::minimumSizeHint().height()};
}

void ScenarioPanel::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  arrange(event->size().width() < oneRowWidth());
}

Scenario ScenarioPanel::presetScenario(Preset preset, const std::string& model) {
  Scenario s;
  s.model = model;
  if (preset == Preset::Classroom) {
    // Human speed: the room can watch the buyer wait for each knife.
    s.clients = 2;
    s.messages = 5;
    s.size = 64;
    s.interval_ns = 1'000'000'000;
  } else {
    s.clients = 4;
    s.messages = 200;
    s.size = 512;
    s.interval_ns = 1'000'000;
  }
  return s;
}

void ScenarioPanel::applyPreset(Preset preset) {
  if (preset == Preset::Custom) return;
  const Scenario s = presetScenario(preset, scenario().model);
  applying_ = true;
  clients_->setValue(s.clients);
  messages_->setValue(s.messages);
  size_->setValue(static_cast<int>(s.size));
  interval_ms_->setValue(static_cast<double>(s.interval_ns) / 1e6);
  preset_->setCurrentIndex(preset_->findData(static_cast<int>(preset)));
  applying_ = false;
}

void ScenarioPanel::markCustom() {
  if (applying_) return;
  const int custom = preset_->findData(static_cast<int>(Preset::Custom));
  if (preset_->currentIndex() != custom) {
    {
      QSignalBlocker block(preset_);
      preset_->setCurrentIndex(custom);
    }
    fitChosenNames();
  }
}

Scenario ScenarioPanel::scenario() const {
  Scenario s;
  const Series series = series_or_model(model_->currentData(Qt::UserRole).toString().toStdString());
  s.model = series.model;
  s.uring = series.uring;
  s.clients = clients_->value();
  s.messages = messages_->value();
  s.size = static_cast<std::size_t>(size_->value());
  s.interval_ns = static_cast<std::int64_t>(std::llround(interval_ms_->value() * 1e6));
  s.bugs = bugs();
  s.probe = probe_->isEnabled() && probe_->isChecked() ? ProbeMode::Auto : ProbeMode::Off;
  return s;
}

Bugs ScenarioPanel::bugs() const {
  Bugs b;
  b.et_no_drain = bug_actions_[0]->isChecked();
  b.high_fd = bug_actions_[1]->isChecked();
  b.thundering_herd = bug_actions_[2]->isChecked();
  b.tiny_rcvbuf = bug_actions_[3]->isChecked();
  return b;
}

void ScenarioPanel::setBugs(const Bugs& b) {
  if (b == bugs()) return;
  const bool was = applying_;
  applying_ = true;
  bug_actions_[0]->setChecked(b.et_no_drain);
  bug_actions_[1]->setChecked(b.high_fd);
  bug_actions_[2]->setChecked(b.thundering_herd);
  bug_actions_[3]->setChecked(b.tiny_rcvbuf);
  applying_ = was;
  emit bugsChanged(bugs());
}

void ScenarioPanel::updateBugsButton() {
  int on = 0;
  for (QAction* a : bug_actions_) on += a->isChecked() ? 1 : 0;
  bugs_button_->setText(on == 0 ? tr("Mistakes: none") : tr("Mistakes: %n on", nullptr, on));
  bugs_button_->setStyleSheet(
      on == 0 ? QString() : QStringLiteral("QPushButton { color: #b00020; font-weight: bold; }"));
}

void ScenarioPanel::setScenario(const Scenario& s) {
  const int i =
      model_->findData(QString::fromStdString(series_name(s.model, s.uring)), Qt::UserRole);
  const auto* items = qobject_cast<QStandardItemModel*>(model_->model());
  if (i >= 0 && items->item(i)->isEnabled()) model_->setCurrentIndex(i);
  applying_ = true;
  clients_->setValue(s.clients);
  messages_->setValue(s.messages);
  size_->setValue(static_cast<int>(s.size));
  interval_ms_->setValue(static_cast<double>(s.interval_ns) / 1e6);
  applying_ = false;
  setBugs(s.bugs);
  Preset match = Preset::Custom;
  for (Preset p : {Preset::Classroom, Preset::Fast}) {
    const Scenario ps = presetScenario(p, s.model);
    if (ps.clients == s.clients && ps.messages == s.messages && ps.size == s.size &&
        ps.interval_ns == s.interval_ns)
      match = p;
  }
  {
    QSignalBlocker block(preset_);
    preset_->setCurrentIndex(preset_->findData(static_cast<int>(match)));
  }
  fitChosenNames();
}

void ScenarioPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  stop_->setEnabled(running);
  for (QWidget* w : std::initializer_list<QWidget*>{model_, preset_, clients_, messages_, size_,
                                                    interval_ms_, bugs_button_})
    w->setEnabled(!running);
  probe_->setEnabled(!running && probeAvailability().can_run());
}

}  // namespace ioscope::ui
