#include "events/event_filter_proxy.hpp"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

#include "events/event_table_model.hpp"
#include "events/event_text.hpp"

namespace ioscope::ui {

namespace {

constexpr std::uint32_t bit(EventKind k) {
  return 1u << static_cast<unsigned>(k);
}

}  // namespace

// One slice of filtering on the UI thread: well under a 60 Hz frame, so the window keeps painting
// between slices.
constexpr std::int64_t kSliceNs = 8'000'000;

EventFilterProxy::EventFilterProxy(QObject* parent)
    : QAbstractProxyModel(parent), slicer_(new QTimer(this)) {
  slicer_->setInterval(0);
  connect(slicer_, &QTimer::timeout, this, [this] { scan(kSliceNs); });
}

void EventFilterProxy::setSourceModel(QAbstractItemModel* model) {
  if (sourceModel() != nullptr) disconnect(sourceModel(), nullptr, this, nullptr);
  events_ = qobject_cast<const EventTableModel*>(model);
  Q_ASSERT_X(model == nullptr || events_ != nullptr, "EventFilterProxy",
             "the source model must be an EventTableModel");
  beginResetModel();
  QAbstractProxyModel::setSourceModel(model);
  rows_.clear();
  scanned_ = 0;
  endResetModel();
  if (model == nullptr) return;
  // The event list's model only appends rows or resets (EventTableModel).
  connect(model, &QAbstractItemModel::rowsInserted, this,
          [this](const QModelIndex&, int first, int last) { onSourceRowsInserted(first, last); });
  connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
  connect(model, &QAbstractItemModel::modelReset, this, [this] {
    rows_.clear();
    scanned_ = 0;
    endResetModel();
    scan(kSliceNs);
  });
  connect(model, &QAbstractItemModel::dataChanged, this,
          [this](const QModelIndex& from, const QModelIndex& to, const QList<int>& roles) {
            const QModelIndex a = mapFromSource(from), b = mapFromSource(to);
            if (a.isValid() && b.isValid()) emit dataChanged(a, b, roles);
          });
  connect(model, &QAbstractItemModel::headerDataChanged, this,
          &QAbstractItemModel::headerDataChanged);
  scan(kSliceNs);
}

QString EventFilterProxy::presetName(Preset preset) {
  switch (preset) {
    case All:
      return tr("All events");
    case Calls:
      return tr("System calls");
    case EagainOnly:
      return tr("EAGAIN only (wasted calls)");
    case DataReady:
      return tr("Data ready in kernel");
    case Copies:
      return tr("Copies to user (phase 2)");
    case Notifications:
      return tr("Notifications");
    case Factory:
      return tr("Factory (clients)");
    case Work:
      return tr("Useful work");
    case Connections:
      return tr("Connections and errors");
    case PresetCount:
      break;
  }
  return {};
}

std::uint32_t EventFilterProxy::kindsOf(Preset preset) {
  switch (preset) {
    case All:
      return kAllKinds;
    case Calls:
      return bit(EventKind::SyscallBegin) | bit(EventKind::SyscallEnd);
    case EagainOnly:
      return bit(EventKind::SyscallEnd);
    case DataReady:
      return bit(EventKind::KernelReady);
    case Copies:
      return bit(EventKind::CopyBegin) | bit(EventKind::CopyEnd);
    case Notifications:
      return bit(EventKind::Notify) | bit(EventKind::Scan);
    case Factory:
      return bit(EventKind::ClientSend) | bit(EventKind::ClientRecv);
    case Work:
      return bit(EventKind::Work);
    case Connections:
      return bit(EventKind::Accept) | bit(EventKind::Close) | bit(EventKind::Error);
    case PresetCount:
      break;
  }
  return kAllKinds;
}

void EventFilterProxy::setPreset(Preset preset) {
  if (preset < All || preset >= PresetCount) preset = All;
  preset_ = preset;
  kinds_ = kindsOf(preset);
  eagain_only_ = preset == EagainOnly;
  refilter();
}

void EventFilterProxy::setKinds(std::uint32_t kinds) {
  kinds_ = kinds & kAllKinds;
  eagain_only_ = false;
  preset_ = All;
  for (int p = All; p < PresetCount; ++p)
    if (p != EagainOnly && kindsOf(static_cast<Preset>(p)) == kinds_)
      preset_ = static_cast<Preset>(p);
  refilter();
}

void EventFilterProxy::setText(const QString& text) {
  const QString trimmed = text.trimmed();
  if (trimmed == text_) return;
  text_ = trimmed;
  refilter();
}

void EventFilterProxy::refilter() {
  beginResetModel();
  rows_.clear();
  scanned_ = 0;
  longest_slice_ns_ = 0;
  endResetModel();
  scan(kSliceNs);
}

int EventFilterProxy::sourceRows() const {
  return events_ ? events_->rowCount() : 0;
}

void EventFilterProxy::finish() {
  scan(-1);
}

void EventFilterProxy::scan(std::int64_t budget_ns) {
  const int total = sourceRows();
  if (scanned_ >= total) {
    slicer_->stop();
    return;
  }
  QElapsedTimer clock;
  clock.start();
  std::vector<int> found;
  int row = scanned_;
  while (row < total) {
    // The clock is read every few hundred rows: reading it per row would cost more than a check.
    const int stop = std::min(total, row + 256);
    for (; row < stop; ++row)
      if (accepts(row)) found.push_back(row);
    if (budget_ns >= 0 && std::int64_t{clock.nsecsElapsed()} >= budget_ns) break;
  }
  scanned_ = row;
  longest_slice_ns_ = std::max<std::int64_t>(longest_slice_ns_, clock.nsecsElapsed());
  if (!found.empty()) {
    const int at = static_cast<int>(rows_.size());
    beginInsertRows({}, at, at + static_cast<int>(found.size()) - 1);
    rows_.insert(rows_.end(), found.begin(), found.end());
    endInsertRows();
  }
  if (scanned_ < total)
    slicer_->start();
  else
    slicer_->stop();
  emit progress(scanned_, total);
}

void EventFilterProxy::onSourceRowsInserted(int first, int /*last*/) {
  // While a scan is under way it reaches the new rows itself; otherwise check them now (a live
  // run appends a few thousand rows a tick).
  if (scanned_ == first) scan(kSliceNs);
}

bool EventFilterProxy::accepts(int source_row) const {
  if (!events_) return false;
  const TraceEvent* e = events_->eventAt(source_row);
  if (!e) return false;
  if (!(kinds_ & bit(e->kind))) return false;
  if (eagain_only_ && !text::isEagain(*e)) return false;
  if (!text_.isEmpty() && !text::eventLabel(*e).contains(text_, Qt::CaseInsensitive)) return false;
  return true;
}

QModelIndex EventFilterProxy::index(int row, int column, const QModelIndex& parent) const {
  if (parent.isValid() || row < 0 || row >= rowCount() || column < 0 || column >= columnCount())
    return {};
  return createIndex(row, column);
}

QModelIndex EventFilterProxy::parent(const QModelIndex&) const {
  return {};
}

int EventFilterProxy::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int EventFilterProxy::columnCount(const QModelIndex& parent) const {
  return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

QModelIndex EventFilterProxy::mapToSource(const QModelIndex& proxy_index) const {
  if (!proxy_index.isValid() || !sourceModel() || proxy_index.row() >= rowCount()) return {};
  return sourceModel()->index(rows_[static_cast<std::size_t>(proxy_index.row())],
                              proxy_index.column());
}

QModelIndex EventFilterProxy::mapFromSource(const QModelIndex& source_index) const {
  if (!source_index.isValid()) return {};
  const auto it = std::lower_bound(rows_.begin(), rows_.end(), source_index.row());
  if (it == rows_.end() || *it != source_index.row()) return {};
  return createIndex(static_cast<int>(it - rows_.begin()), source_index.column());
}

}  // namespace ioscope::ui
