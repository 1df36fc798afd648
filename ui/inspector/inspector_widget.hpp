// The inspector: the selected event in full — the call and its arguments, its result or errno,
// how long it took, which phase it belongs to, and what it means both in the analogy and in
// syscall terms. Words come from EventExplainer; this widget only lays them out.
#pragma once

#include <QWidget>

#include <limits>

#include "inspector/event_explainer.hpp"

class QLabel;
class QTextBrowser;

namespace ioscope::ui {

class InspectorWidget : public QWidget {
  Q_OBJECT

 public:
  explicit InspectorWidget(QWidget* parent = nullptr);

  // The document is observed, not owned. Clears what is shown.
  void setDocument(const TraceDocument* document);

  static constexpr quint32 kNone = std::numeric_limits<quint32>::max();
  quint32 currentEvent() const { return current_; }
  const EventExplanation& explanation() const { return shown_; }
  // The shown text, plain (for tests and copying).
  QString titleText() const;
  QString bodyText() const;

 public slots:
  // Shows event arrivalIndex of the document (pass a quint32: a literal 0 would also match
  // QWidget::showEvent(QShowEvent*)).
  void showEvent(quint32 arrivalIndex);
  // Re-reads the shown event (connect to eventsAdded: a call shown while open may have returned).
  void refresh();
  void clear();

 protected:
  using QWidget::showEvent;
  void changeEvent(QEvent* event) override;

 private:
  void render();
  void applyFonts();
  QString phaseColor(EventExplanation::Phase phase) const;

  const TraceDocument* doc_ = nullptr;
  quint32 current_ = kNone;
  EventExplanation shown_;
  QLabel* icon_;
  QLabel* title_;
  QLabel* phase_;
  QTextBrowser* body_;
};

}  // namespace ioscope::ui
