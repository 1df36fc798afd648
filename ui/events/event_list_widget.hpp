// The event list: a filter row (kind + search text) above a table of every event in time order.
// Selecting a row announces the event; selectEvent() follows a selection made elsewhere (the
// timeline) without announcing it back. Built for a million rows: fixed row heights, fixed
// column widths, no per-row measuring.
#pragma once

#include <QWidget>

#include <cstdint>
#include <limits>

#include "events/event_filter_proxy.hpp"
#include "events/event_table_model.hpp"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace ioscope::ui {

class EventListWidget : public QWidget {
  Q_OBJECT

 public:
  explicit EventListWidget(QWidget* parent = nullptr);

  // Shorthand for model()->setDocument(document).
  void setDocument(const TraceDocument* document);
  EventTableModel* model() const { return model_; }
  EventFilterProxy* proxy() const { return proxy_; }
  QTableView* view() const { return view_; }
  QComboBox* kindFilter() const { return kinds_; }
  QLineEdit* textFilter() const { return search_; }

  // The selected event's arrival index, or kNone.
  quint32 selectedEvent() const { return selected_; }
  static constexpr quint32 kNone = std::numeric_limits<quint32>::max();

 public slots:
  // Selects the row of this event and scrolls to it; does not emit eventSelected. If the
  // filter hides the event, the selection is cleared.
  void selectEvent(quint32 arrivalIndex);
  void clearSelection();

 signals:
  // The user selected a row (click, keyboard).
  void eventSelected(quint32 arrivalIndex);

 private:
  void onCurrentChanged(const QModelIndex& current);
  void reselect();
  void updateCount();
  void applyFonts();
  void changeEvent(QEvent* event) override;

  EventTableModel* model_;
  EventFilterProxy* proxy_;
  QComboBox* kinds_;
  QLineEdit* search_;
  QLabel* count_;
  QTableView* view_;
  QTimer* search_delay_;
  quint32 selected_ = kNone;
  bool syncing_ = false;  // a programmatic selection is in progress: don't emit
  bool follow_ = false;   // the view sat at the bottom before rows came in
};

}  // namespace ioscope::ui
