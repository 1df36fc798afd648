#include "window/scenario_panel.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>

#include <cmath>

#include "models/model.hpp"

namespace ioscope::ui {

namespace {

QLabel* caption(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return l;
}

}  // namespace

ScenarioPanel::ScenarioPanel(QWidget* parent) : QWidget(parent) {
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(8, 6, 8, 6);
  row->setSpacing(8);

  model_ = new QComboBox(this);
  model_->setObjectName(QStringLiteral("modelPicker"));
  auto* items = new QStandardItemModel(model_);
  for (const auto& m : all_models()) {
    auto* item = new QStandardItem(QString::fromStdString(m.id));
    item->setData(QString::fromStdString(m.id), Qt::UserRole);
    QString tip = QString::fromStdString(m.title) + QStringLiteral("\n") + QString::fromStdString(m.summary);
    if (auto why = m.unavailable ? m.unavailable() : std::nullopt) {
      item->setEnabled(false);
      item->setText(tr("%1 (unavailable)").arg(QString::fromStdString(m.id)));
      tip += QStringLiteral("\n") + tr("Cannot run here: %1").arg(QString::fromStdString(*why));
    }
    item->setToolTip(tip);
    items->appendRow(item);
  }
  model_->setModel(items);
  model_->setCurrentIndex(model_->findData(QStringLiteral("epoll"), Qt::UserRole));

  preset_ = new QComboBox(this);
  preset_->setObjectName(QStringLiteral("presetPicker"));
  preset_->addItem(tr("Classroom (about one knife a second)"), static_cast<int>(Preset::Classroom));
  preset_->addItem(tr("Fast (measure, then zoom)"), static_cast<int>(Preset::Fast));
  preset_->addItem(tr("Custom"), static_cast<int>(Preset::Custom));

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

  run_ = new QPushButton(tr("Run"), this);
  run_->setObjectName(QStringLiteral("runButton"));
  run_->setDefault(true);
  stop_ = new QPushButton(tr("Stop"), this);
  stop_->setObjectName(QStringLiteral("stopButton"));
  stop_->setEnabled(false);

  row->addWidget(caption(tr("Model"), this));
  row->addWidget(model_, 2);
  row->addWidget(caption(tr("Preset"), this));
  row->addWidget(preset_, 2);
  row->addWidget(caption(tr("Clients"), this));
  row->addWidget(clients_);
  row->addWidget(caption(tr("Messages"), this));
  row->addWidget(messages_);
  row->addWidget(caption(tr("Size"), this));
  row->addWidget(size_);
  row->addWidget(caption(tr("Every"), this));
  row->addWidget(interval_ms_);
  row->addSpacing(12);
  row->addWidget(run_);
  row->addWidget(stop_);

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
    QSignalBlocker block(preset_);
    preset_->setCurrentIndex(custom);
  }
}

Scenario ScenarioPanel::scenario() const {
  Scenario s;
  s.model = model_->currentData(Qt::UserRole).toString().toStdString();
  s.clients = clients_->value();
  s.messages = messages_->value();
  s.size = static_cast<std::size_t>(size_->value());
  s.interval_ns = static_cast<std::int64_t>(std::llround(interval_ms_->value() * 1e6));
  return s;
}

void ScenarioPanel::setScenario(const Scenario& s) {
  const int i = model_->findData(QString::fromStdString(s.model), Qt::UserRole);
  const auto* items = qobject_cast<QStandardItemModel*>(model_->model());
  if (i >= 0 && items->item(i)->isEnabled()) model_->setCurrentIndex(i);
  applying_ = true;
  clients_->setValue(s.clients);
  messages_->setValue(s.messages);
  size_->setValue(static_cast<int>(s.size));
  interval_ms_->setValue(static_cast<double>(s.interval_ns) / 1e6);
  applying_ = false;
  Preset match = Preset::Custom;
  for (Preset p : {Preset::Classroom, Preset::Fast}) {
    const Scenario ps = presetScenario(p, s.model);
    if (ps.clients == s.clients && ps.messages == s.messages && ps.size == s.size &&
        ps.interval_ns == s.interval_ns)
      match = p;
  }
  QSignalBlocker block(preset_);
  preset_->setCurrentIndex(preset_->findData(static_cast<int>(match)));
}

void ScenarioPanel::setRunning(bool running) {
  run_->setEnabled(!running);
  stop_->setEnabled(running);
  for (QWidget* w : std::initializer_list<QWidget*>{model_, preset_, clients_, messages_, size_, interval_ms_})
    w->setEnabled(!running);
}

}  // namespace ioscope::ui
