#include "events/event_table_model.hpp"

#include <QBrush>
#include <QColor>

#include <algorithm>
#include <limits>

#include "events/event_text.hpp"
#include "events/span_lookup.hpp"

namespace ioscope::ui {

namespace {

int clampRows(std::size_t n) {
  return static_cast<int>(std::min<std::size_t>(n, std::numeric_limits<int>::max()));
}

}  // namespace

EventTableModel::EventTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void EventTableModel::setDocument(const TraceDocument* document) {
  beginResetModel();
  doc_ = document;
  rows_ = doc_ ? clampRows(doc_->size()) : 0;
  endResetModel();
}

void EventTableModel::reset() {
  beginResetModel();
  rows_ = doc_ ? clampRows(doc_->size()) : 0;
  endResetModel();
}

void EventTableModel::onEventsAdded(qsizetype first_changed, qsizetype old_rows) {
  if (!doc_) return;
  const int now = clampRows(doc_->size());
  if (first_changed == old_rows && old_rows == rows_) {
    if (now > rows_) {
      beginInsertRows({}, rows_, now - 1);
      rows_ = now;
      endInsertRows();
    }
    return;
  }
  // A late event landed among rows already shown (or we missed a clear): rows moved.
  reset();
}

int EventTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : rows_;
}

int EventTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

const TraceEvent* EventTableModel::eventAt(int row) const {
  if (!doc_ || row < 0 || row >= rows_ || static_cast<std::size_t>(row) >= doc_->size())
    return nullptr;
  return &doc_->event(doc_->by_time(static_cast<std::size_t>(row)));
}

quint32 EventTableModel::arrivalIndexAt(int row) const {
  if (!eventAt(row)) return std::numeric_limits<quint32>::max();
  return doc_->by_time(static_cast<std::size_t>(row));
}

int EventTableModel::rowOfArrivalIndex(quint32 index) const {
  if (!doc_) return -1;
  const long row = doc_->row_of(index);
  return row >= 0 && row < rows_ ? static_cast<int>(row) : -1;
}

std::int64_t EventTableModel::durationOf(quint32 index) const {
  if (!doc_ || index >= doc_->size()) return -1;
  const TraceEvent& e = doc_->event(index);
  if (e.kind == EventKind::Work) return e.aux;
  if (e.kind == EventKind::ClientRecv) return e.value;  // the message's round trip (latency)
  const std::optional<Span> s = spanEndedBy(*doc_, index);
  return s ? s->t1 - s->t0 : -1;
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const {
  const TraceEvent* e = index.isValid() ? eventAt(index.row()) : nullptr;
  if (!e) return {};
  const int column = index.column();
  switch (role) {
    case Qt::DisplayRole:
      switch (column) {
        case Time:
          return text::relativeTime(e->t_ns - doc_->first_time());
        case LaneColumn:
          return text::laneName(e->lane, e->track);
        case EventColumn:
          return text::eventLabel(*e);
        case Fd:
          return e->fd >= 0 ? QVariant(e->fd) : QVariant();
        case Result:
          return text::resultText(*e);
        case Duration: {
          const std::int64_t d = durationOf(arrivalIndexAt(index.row()));
          return d >= 0 ? text::duration(d) : QString();
        }
        default:
          return {};
      }
    case Qt::TextAlignmentRole:
      if (column == Time || column == Fd || column == Duration)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
      return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
      // Wasted calls and failures stand out; dark enough to read on a light table.
      if (column == Result || column == EventColumn) {
        if (text::isEagain(*e)) return QBrush(QColor(0xB3, 0x4A, 0x00));
        const bool failed = e->kind == EventKind::SyscallEnd && e->value < 0 &&
                            !(e->flags & flag::kStopping);  // the shop closing is no failure
        if (failed || e->kind == EventKind::Error) return QBrush(QColor(0xC6, 0x28, 0x28));
      }
      return {};
    case ArrivalIndexRole:
      return arrivalIndexAt(index.row());
    case KindRole:
      return static_cast<int>(e->kind);
    case EagainRole:
      return text::isEagain(*e);
    default:
      return {};
  }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal) return {};
  if (role == Qt::DisplayRole) {
    switch (section) {
      case Time:
        return tr("Time");
      case LaneColumn:
        return tr("Lane");
      case EventColumn:
        return tr("Event");
      case Fd:
        return tr("fd");
      case Result:
        return tr("Result");
      case Duration:
        return tr("Duration");
      default:
        return {};
    }
  }
  if (role == Qt::ToolTipRole) {
    switch (section) {
      case Time:
        return tr("Time since the first event of the run");
      case LaneColumn:
        return tr("Who: a buyer thread (your process), the kernel, or a client");
      case EventColumn:
        return tr("What happened");
      case Fd:
        return tr("The file descriptor involved");
      case Result:
        return tr("What the call returned (or errno), bytes, or how many were ready");
      case Duration:
        return tr("How long the call, copy or work took; for an echo, its round trip");
      default:
        return {};
    }
  }
  if (role == Qt::TextAlignmentRole) {
    if (section == Time || section == Fd || section == Duration)
      return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
  }
  return {};
}

}  // namespace ioscope::ui
