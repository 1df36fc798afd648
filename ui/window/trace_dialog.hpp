// File > Trace a program: a command line to start, or a running process picked from those with a
// TCP socket, and for how long. The app then draws the program's calls and names its model.
#pragma once

#include <QDialog>

#include "foreign/foreign_trace.hpp"

class QLineEdit;
class QListWidget;
class QSpinBox;
class QLabel;

namespace ioscope::ui {

class TraceDialog : public QDialog {
  Q_OBJECT

 public:
  explicit TraceDialog(QWidget* parent = nullptr);

  // What to trace, as the user gave it: the command (split as a shell would, without running
  // one) when one is typed, else the process picked; empty when neither.
  ForeignTarget target() const;
  int durationSeconds() const;
  // Fills the list again from /proc.
  void refreshProcesses();

  QLineEdit* commandEdit() const { return command_; }
  QListWidget* processList() const { return processes_; }

 private:
  void updateOk();

  QLineEdit* command_;
  QListWidget* processes_;
  QSpinBox* duration_;
  QLabel* note_;
  QPushButton* ok_ = nullptr;
};

}  // namespace ioscope::ui
