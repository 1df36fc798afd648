#include "window/trace_dialog.hpp"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <string>
#include <vector>

#include "foreign/tcp_processes.hpp"
#include "probe/probe_availability.hpp"

namespace ioscope::ui {

namespace {

// Words as a POSIX shell splits them, without running one: blanks separate, '...' is literal,
// "..." keeps blanks (\" and \\ inside), a backslash outside quotes escapes one character.
std::vector<std::string> shell_words(const QString& line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  const std::string s = line.toStdString();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\'') {
      const auto end = s.find('\'', i + 1);
      word += s.substr(i + 1, (end == std::string::npos ? s.size() : end) - i - 1);
      i = end == std::string::npos ? s.size() : end;
      in_word = true;
    } else if (c == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
        word += s[i];
      }
      in_word = true;
    } else if (c == '\\' && i + 1 < s.size()) {
      word += s[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

}  // namespace

TraceDialog::TraceDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Trace a program"));
  auto* column = new QVBoxLayout(this);
  auto* intro = new QLabel(
      tr("ioscope draws a program you wrote as it runs, with the kernel probe, and names the I/O "
         "model its code uses. Start one, or pick a running one."),
      this);
  intro->setWordWrap(true);
  column->addWidget(intro);
  auto* form = new QFormLayout;
  command_ = new QLineEdit(this);
  command_->setPlaceholderText(tr("python3 server.py 9000"));
  form->addRow(tr("Command to start:"), command_);
  processes_ = new QListWidget(this);
  processes_->setMinimumHeight(140);
  form->addRow(tr("…or a running process\nwith a TCP socket:"), processes_);
  duration_ = new QSpinBox(this);
  duration_->setRange(0, 3600);
  duration_->setValue(10);
  duration_->setSuffix(tr(" s"));
  duration_->setSpecialValueText(tr("until Stop"));
  form->addRow(tr("Trace for:"), duration_);
  column->addLayout(form);
  note_ = new QLabel(this);
  note_->setWordWrap(true);
  column->addWidget(note_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  ok_->setText(tr("Trace"));
  column->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(command_, &QLineEdit::textChanged, this, [this] {
    if (!command_->text().trimmed().isEmpty()) processes_->clearSelection();
    updateOk();
  });
  connect(processes_, &QListWidget::itemSelectionChanged, this, [this] {
    if (!processes_->selectedItems().isEmpty()) command_->clear();
    updateOk();
  });
  const ProbeAvailability probe = check_probe_availability();
  if (!probe.can_run())
    note_->setText(
        tr("The kernel probe cannot run here (%1). Record the program with strace -f "
           "-tt -T -yy -o LOG and run ioscope-cli import LOG instead.")
            .arg(QString::fromStdString(probe.reasons.empty() ? std::string() : probe.reasons[0])));
  refreshProcesses();
  updateOk();
}

void TraceDialog::refreshProcesses() {
  processes_->clear();
  for (const TcpProcess& p : tcp_processes()) {
    QStringList ports;
    for (int port : p.listening) ports << QString::number(port);
    QString text = tr("%1  %2").arg(p.pid).arg(QString::fromStdString(p.command).left(80));
    if (!ports.isEmpty()) text += tr("  (listening on %1)").arg(ports.join(QStringLiteral(", ")));
    if (p.connections > 0) text += tr("  (%n connection(s))", nullptr, p.connections);
    auto* item = new QListWidgetItem(text, processes_);
    item->setData(Qt::UserRole, static_cast<int>(p.pid));
  }
}

ForeignTarget TraceDialog::target() const {
  ForeignTarget t;
  t.argv = shell_words(command_->text());
  if (t.argv.empty() && !processes_->selectedItems().isEmpty())
    t.pid = processes_->selectedItems().front()->data(Qt::UserRole).toInt();
  return t;
}

int TraceDialog::durationSeconds() const {
  return duration_->value();
}

void TraceDialog::updateOk() {
  const ForeignTarget t = target();
  ok_->setEnabled(!t.argv.empty() || t.pid > 0);
}

}  // namespace ioscope::ui
