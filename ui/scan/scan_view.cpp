#include "scan/scan_view.hpp"

#include "model/engine_text.hpp"

#include <sys/select.h>

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "charts/log_log_chart.hpp"
#include "scan/scan_board.hpp"
#include "scan/scan_controller.hpp"
#include "timeline/timeline_palette.hpp"

namespace ioscope::ui {

namespace {

QString mech_name(ScanMechanism m) {
  const std::string_view id = mechanism_id(m);
  return QString::fromLatin1(id.data(), static_cast<qsizetype>(id.size()));
}

QLabel* wrapped_label(QWidget* parent) {
  auto* l = new QLabel(parent);
  l->setWordWrap(true);
  l->setTextFormat(Qt::PlainText);
  return l;
}

QString format_ns(std::int64_t ns) {
  if (ns < 1000) return ScanView::tr("%1 ns").arg(ns);
  if (ns < 1'000'000) return ScanView::tr("%1 µs").arg(static_cast<double>(ns) / 1e3, 0, 'f', 1);
  return ScanView::tr("%1 ms").arg(static_cast<double>(ns) / 1e6, 0, 'f', 2);
}

}  // namespace

ScanView::ScanView(QWidget* parent) : QWidget(parent), controller_(new ScanController(this)) {
  QFont f = font();
  f.setPointSizeF(f.pointSizeF() * 1.25);
  setFont(f);

  // Controls: the classroom (N, k, select or poll) and the sweep.
  students_ = new QSpinBox(this);
  students_->setRange(1, 1000);
  students_->setValue(50);
  active_ = new QSpinBox(this);
  active_->setRange(1, 50);
  active_->setValue(1);
  left_mech_ = new QComboBox(this);
  left_mech_->addItem(tr("select"), static_cast<int>(ScanMechanism::Select));
  left_mech_->addItem(tr("poll"), static_cast<int>(ScanMechanism::Poll));
  io_uring_ = new QCheckBox(tr("io_uring too"), this);
  sweep_ = new QLineEdit(QStringLiteral("10,100,1000,10000"), this);
  sweep_->setToolTip(tr("The N values of the sweep, comma-separated."));
  rounds_ = new QSpinBox(this);
  rounds_->setRange(1, kMaxScanRounds);
  rounds_->setValue(25);
  run_ = new QPushButton(tr("Run sweep"), this);
  stop_ = new QPushButton(tr("Stop"), this);
  run_->setDefault(true);

  // Two rows, the classroom's and the sweep's: in one they need more width than a projector
  // beside the lesson pane has.
  auto* classroom_row = new QHBoxLayout;
  auto* sweep_row = new QHBoxLayout;
  auto add = [&](QHBoxLayout* row, const QString& label, QWidget* w) {
    auto* l = new QLabel(label, this);
    l->setBuddy(w);
    row->addWidget(l);
    row->addWidget(w);
  };
  add(classroom_row, tr("Students N:"), students_);
  add(classroom_row, tr("Done k:"), active_);
  add(classroom_row, tr("Left:"), left_mech_);
  classroom_row->addStretch(1);
  add(sweep_row, tr("Sweep N:"), sweep_);
  add(sweep_row, tr("Rounds:"), rounds_);
  sweep_row->addWidget(io_uring_);
  sweep_row->addStretch(1);
  sweep_row->addWidget(run_);
  sweep_row->addWidget(stop_);
  auto* controls = new QVBoxLayout;
  controls->addLayout(classroom_row);
  controls->addLayout(sweep_row);

  analogy_ = wrapped_label(this);

  // The two classrooms.
  QFont title_font = f;
  title_font.setBold(true);
  title_font.setPointSizeF(f.pointSizeF() * 1.1);
  auto make_panel = [&](QLabel*& title, ScanBoard*& board, ScanBoard::Mode mode, QLabel*& counters,
                        QLabel*& cost) {
    auto* box = new QWidget(this);
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);
    title = wrapped_label(box);
    title->setFont(title_font);
    board = new ScanBoard(mode, box);
    counters = wrapped_label(box);
    cost = wrapped_label(box);
    QFont cost_font = f;
    cost_font.setBold(true);
    cost->setFont(cost_font);
    v->addWidget(title);
    v->addWidget(board, 1);
    v->addWidget(counters);
    v->addWidget(cost);
    return box;
  };
  auto* panels = new QHBoxLayout;
  panels->setSpacing(16);
  panels->addWidget(
      make_panel(left_title_, left_board_, ScanBoard::Mode::Scan, left_counters_, left_cost_), 1);
  panels->addWidget(
      make_panel(right_title_, right_board_, ScanBoard::Mode::Hands, right_counters_, right_cost_),
      1);

  // The sweep chart.
  chart_ = new LogLogChart(this);
  chart_->setFontPointSize(static_cast<int>(f.pointSizeF()));
  chart_->setAxisTitles(tr("N: descriptors watched"), tr("µs per call"));
  chart_->setMinimumHeight(260);
  skips_ = wrapped_label(this);
  status_ = wrapped_label(this);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(controls);
  layout->addWidget(analogy_);
  layout->addLayout(panels, 1);
  layout->addWidget(chart_, 1);
  layout->addWidget(skips_);
  layout->addWidget(status_);

  connect(run_, &QPushButton::clicked, this, [this] { start(); });
  connect(stop_, &QPushButton::clicked, this, &ScanView::stop);
  connect(students_, &QSpinBox::valueChanged, this, [this](int n) {
    active_->setMaximum(n);
    onClassroomChanged();
  });
  connect(active_, &QSpinBox::valueChanged, this, &ScanView::onClassroomChanged);
  connect(left_mech_, &QComboBox::currentIndexChanged, this, &ScanView::showLeft);
  connect(controller_, &ScanController::resultAdded, this, &ScanView::onResult);
  connect(controller_, &ScanController::finished, this, &ScanView::onFinished);
  connect(left_board_, &ScanBoard::callAnimated, this, &ScanView::updateLeftCounters);
  connect(right_board_, &ScanBoard::callAnimated, this, &ScanView::updateRightCounters);

  onClassroomChanged();
  status_->setText(tr("Press Run sweep: the machine measures each mechanism at every N."));
  updateButtons();
}

ScanView::~ScanView() = default;

void ScanView::setStudents(int n) {
  students_->setValue(n);
}
int ScanView::students() const {
  return students_->value();
}
void ScanView::setActive(int k) {
  active_->setValue(k);
}
int ScanView::active() const {
  return active_->value();
}

void ScanView::setLeftMechanism(ScanMechanism m) {
  const int i = left_mech_->findData(static_cast<int>(m));
  if (i >= 0) left_mech_->setCurrentIndex(i);
}

ScanMechanism ScanView::leftMechanism() const {
  return static_cast<ScanMechanism>(left_mech_->currentData().toInt());
}

void ScanView::setSweep(const std::vector<int>& fds) {
  QStringList parts;
  for (int n : fds) parts << QString::number(n);
  sweep_->setText(parts.join(QLatin1Char(',')));
}

std::vector<int> ScanView::sweep() const {
  std::vector<int> out;
  for (const QString& s : sweep_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const int n = s.trimmed().toInt(&ok);
    if (ok) out.push_back(n);
  }
  return out;
}

void ScanView::setRounds(int rounds) {
  rounds_->setValue(rounds);
}
void ScanView::setIncludeIoUring(bool on) {
  io_uring_->setChecked(on);
}

ScanParams ScanView::params() const {
  ScanParams p;
  p.mechanisms = {ScanMechanism::Select, ScanMechanism::Poll, ScanMechanism::Epoll};
  if (io_uring_->isChecked()) p.mechanisms.push_back(ScanMechanism::IoUring);
  p.active = active();
  p.rounds = rounds_->value();
  // The classroom's N first, so the panels come alive at once; then the sweep, smallest first.
  // N values below k cannot have k ready descriptors and are left out.
  p.fds = {students()};
  std::vector<int> rest = sweep();
  std::sort(rest.begin(), rest.end());
  for (int n : rest)
    if (n >= p.active && std::find(p.fds.begin(), p.fds.end(), n) == p.fds.end())
      p.fds.push_back(n);
  return p;
}

bool ScanView::start() {
  if (sweep_->text().trimmed().isEmpty() == false && sweep().empty()) {
    status_->setText(tr("The sweep wants numbers separated by commas, e.g. 10,100,1000."));
    return false;
  }
  const ScanParams p = params();
  chart_->clearPoints();
  at_n_.clear();
  skips_->clear();
  showLeft();
  showRight();
  if (!controller_->start(p)) {
    status_->setText(controller_->error());
    updateButtons();
    return false;
  }
  status_->setText(tr("Measuring… each point appears as soon as it is known."));
  updateButtons();
  emit started();
  return true;
}

void ScanView::stop() {
  controller_->stop();
}

bool ScanView::running() const {
  return controller_->running();
}

QString ScanView::message() const {
  return status_->text();
}

int ScanView::seriesOf(ScanMechanism m) const {
  const auto it = series_.find(m);
  return it == series_.end() ? -1 : it->second;
}

QString ScanView::leftText() const {
  return left_counters_->text() + QLatin1Char('\n') + left_cost_->text();
}
QString ScanView::rightText() const {
  return right_counters_->text() + QLatin1Char('\n') + right_cost_->text();
}
QString ScanView::skipText() const {
  return skips_->text();
}

void ScanView::onResult(int index) {
  const ScanResult& r = controller_->results()[static_cast<std::size_t>(index)];
  if (r.fds == students() && r.active == active()) {
    at_n_[r.mechanism] = r;
    if (r.mechanism == leftMechanism()) showLeft();
    if (r.mechanism == ScanMechanism::Epoll) showRight();
  }
  if (r.skipped) {
    QString line = tr("%1 skipped at N = %2: %3")
                       .arg(mech_name(r.mechanism))
                       .arg(r.fds)
                       .arg(engineText(r.reason));
    skips_->setText(skips_->text().isEmpty() ? line : skips_->text() + QLatin1Char('\n') + line);
    return;
  }
  int id = seriesOf(r.mechanism);
  if (id < 0) {
    switch (r.mechanism) {
      case ScanMechanism::Select:
        id = chart_->addSeries(tr("select"), okabe_ito::kVermillion, Qt::SolidLine,
                               LogLogChart::Marker::Circle, 19.0);
        chart_->addVerticalWall(FD_SETSIZE, tr("FD_SETSIZE = %1: select's wall").arg(FD_SETSIZE),
                                okabe_ito::kReddishPurple);
        break;
      case ScanMechanism::Poll:
        id = chart_->addSeries(tr("poll"), okabe_ito::kOrange, Qt::DashLine,
                               LogLogChart::Marker::Square);
        break;
      case ScanMechanism::Epoll:
        id = chart_->addSeries(tr("epoll"), okabe_ito::kBlue, Qt::SolidLine,
                               LogLogChart::Marker::Triangle);
        break;
      case ScanMechanism::IoUring:
        id = chart_->addSeries(tr("io_uring"), okabe_ito::kBluishGreen, Qt::DotLine,
                               LogLogChart::Marker::Diamond);
        break;
    }
    series_[r.mechanism] = id;
  }
  chart_->addPoint(id, r.fds,
                   static_cast<double>(std::max<std::int64_t>(1, r.ns_per_call.median)) / 1e3);
}

void ScanView::onFinished(bool cancelled) {
  if (cancelled)
    status_->setText(tr("Stopped. The points measured so far stay on the chart."));
  else if (!controller_->error().isEmpty())
    status_->setText(controller_->error());
  else {
    status_->setText(
        tr("Done: %1 results, each the median of %2 waiting calls. Largest N here: %3.")
            .arg(controller_->results().size())
            .arg(rounds_->value())
            .arg(controller_->ceiling().max_fds));
    status_->setToolTip(QString::fromStdString(controller_->ceiling().why));
  }
  updateButtons();
  emit finished();
}

void ScanView::onClassroomChanged() {
  const int n = students(), k = active();
  analogy_->setText(
      tr("A teacher asks %1 students one by one whether their homework is done (select, poll), or "
         "the students who are done (k = %2) raise their hands (epoll). Each box is one "
         "descriptor; the animation replays the real run's counts.")
          .arg(n)
          .arg(k));
  chart_->setTitle(tr("Median cost of one waiting call as N grows (k = %1 ready)").arg(k));
  left_board_->setStudents(n);
  right_board_->setStudents(n);
  at_n_.clear();
  showLeft();
  showRight();
}

void ScanView::showLeft() {
  const ScanMechanism m = leftMechanism();
  left_title_->setText(m == ScanMechanism::Select
                           ? tr("select: the teacher asks every student, every call")
                           : tr("poll: the teacher asks every student, every call"));
  const auto it = at_n_.find(m);
  if (it == at_n_.end() || it->second.skipped) {
    left_board_->clearMeasured();
    left_counters_->setText(tr("Descriptors examined: N per call"));
    left_cost_->setText(it == at_n_.end() ? tr("Not measured yet at N = %1.").arg(students())
                                          : QString::fromStdString(it->second.reason));
    return;
  }
  const ScanResult& r = it->second;
  left_board_->setMeasured(r.scanned, r.ready, r.calls);
  left_cost_->setText(tr("Measured: %1 per call (min %2, max %3)")
                          .arg(format_ns(r.ns_per_call.median), format_ns(r.ns_per_call.min),
                               format_ns(r.ns_per_call.max)));
}

void ScanView::showRight() {
  right_title_->setText(tr("epoll: the students who are done raise their hands"));
  const auto it = at_n_.find(ScanMechanism::Epoll);
  if (it == at_n_.end() || it->second.skipped) {
    right_board_->clearMeasured();
    right_counters_->setText(tr("Examined per call: k"));
    right_cost_->setText(it == at_n_.end() ? tr("Not measured yet at N = %1.").arg(students())
                                           : QString::fromStdString(it->second.reason));
    return;
  }
  const ScanResult& r = it->second;
  right_board_->setMeasured(r.scanned, r.ready, r.calls);
  QString cost = tr("Measured: %1 per call (min %2, max %3)")
                     .arg(format_ns(r.ns_per_call.median), format_ns(r.ns_per_call.min),
                          format_ns(r.ns_per_call.max));
  right_cost_->setText(cost);
}

void ScanView::updateLeftCounters(int call) {
  const auto it = at_n_.find(leftMechanism());
  if (it == at_n_.end()) return;
  const ScanResult& r = it->second;
  const QString copies = r.mechanism == ScanMechanism::Select
                             ? tr("fd_set copies in and out")
                             : tr("pollfd array copies in and out");
  QString text = tr("Call %1 of %2.  %3: %4.  Descriptors examined: %5 per call. Ready: %6.")
                     .arg(call)
                     .arg(r.calls)
                     .arg(copies)
                     .arg(2 * call)
                     .arg(r.scanned)
                     .arg(r.ready);
  if (r.mechanism == ScanMechanism::Select && r.scanned > r.fds)
    text += QLatin1Char(' ') + tr("(select scans every number from 0 to %1.)").arg(r.max_fd);
  left_counters_->setText(text);
}

void ScanView::updateRightCounters(int call) {
  const auto it = at_n_.find(ScanMechanism::Epoll);
  if (it == at_n_.end()) return;
  const ScanResult& r = it->second;
  QString text = tr("Call %1 of %2.  epoll_ctl calls: %3 (once, at registration).  Examined per "
                    "call: %4. Ready: %5.")
                     .arg(call)
                     .arg(r.calls)
                     .arg(r.registration ? r.registration->fds : r.fds)
                     .arg(r.scanned)
                     .arg(r.ready);
  if (r.registration)
    text += QLatin1Char(' ') +
            tr("Registration took %1 in all.").arg(format_ns(r.registration->total_ns));
  right_counters_->setText(text);
}

void ScanView::updateButtons() {
  const bool busy = controller_->running();
  run_->setEnabled(!busy);
  stop_->setEnabled(busy);
  for (QWidget* w : {static_cast<QWidget*>(students_), static_cast<QWidget*>(active_),
                     static_cast<QWidget*>(sweep_), static_cast<QWidget*>(rounds_),
                     static_cast<QWidget*>(io_uring_)})
    w->setEnabled(!busy);
}

}  // namespace ioscope::ui
