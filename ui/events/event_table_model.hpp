// The event list's model: one row per trace event in time order, over a TraceDocument it does not
// own. Rows only grow while a run streams in (beginInsertRows); a late event that lands before
// rows already shown resets the model. Every data() call is O(1) or O(log n): no per-row scans,
// so a million rows stay responsive.
#pragma once

#include <QAbstractTableModel>

#include <cstdint>

#include "model/trace_document.hpp"

namespace ioscope::ui {

class EventTableModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Time, LaneColumn, EventColumn, Fd, Result, Duration, ColumnCount };
  enum Role {
    ArrivalIndexRole = Qt::UserRole + 1,  // quint32: the event's index in arrival order
    KindRole,                             // int: EventKind
    EagainRole,                           // bool: a call that returned EAGAIN
  };

  explicit EventTableModel(QObject* parent = nullptr);

  // The document is observed, not owned; nullptr empties the list.
  void setDocument(const TraceDocument* document);
  const TraceDocument* document() const { return doc_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation,
                      int role = Qt::DisplayRole) const override;

  // Row <-> arrival index. arrivalIndexAt returns UINT32_MAX for a row out of range;
  // rowOfArrivalIndex returns -1 for an index not (yet) shown.
  quint32 arrivalIndexAt(int row) const;
  int rowOfArrivalIndex(quint32 index) const;
  // The event shown at row, or nullptr.
  const TraceEvent* eventAt(int row) const;

  // Duration of the call/copy an end event closes (from its span), of a Work event, or an
  // echo's round trip (ClientRecv); -1 if there is none (a begin, an instant, an open span).
  std::int64_t durationOf(quint32 index) const;

 public slots:
  // Connect to RunController::eventsAdded. Appends rows, or resets when rows moved (or the
  // document was cleared behind our back).
  void onEventsAdded(qsizetype first_changed, qsizetype old_rows);
  // Re-reads the whole document (connect to RunController::started: it cleared the document).
  void reset();

 private:
  const TraceDocument* doc_ = nullptr;
  int rows_ = 0;  // rows announced to views; may lag the document between signals
};

}  // namespace ioscope::ui
