#include "events/event_filter_proxy.hpp"

#include "events/event_table_model.hpp"
#include "events/event_text.hpp"

namespace ioscope::ui {

namespace {

constexpr std::uint32_t bit(EventKind k) {
  return 1u << static_cast<unsigned>(k);
}

}  // namespace

EventFilterProxy::EventFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  // Rows are already in time order: never sort (sorting a million rows would stall the GUI).
  setDynamicSortFilter(false);
}

void EventFilterProxy::setSourceModel(QAbstractItemModel* model) {
  events_ = qobject_cast<const EventTableModel*>(model);
  Q_ASSERT_X(model == nullptr || events_ != nullptr, "EventFilterProxy",
             "the source model must be an EventTableModel");
  QSortFilterProxyModel::setSourceModel(model);
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
  // invalidateRowsFilter() would remove and insert every run of rows that changed, one signal
  // and one O(rows) mapping update per run: quadratic on a big trace where EAGAIN rows alternate
  // with others. Dropping the mapping costs one filtering pass; selections survive (persistent
  // indexes are remapped).
  invalidate();
}

bool EventFilterProxy::filterAcceptsRow(int source_row, const QModelIndex& source_parent) const {
  if (source_parent.isValid() || !events_) return false;
  const TraceEvent* e = events_->eventAt(source_row);
  if (!e) return false;
  if (!(kinds_ & bit(e->kind))) return false;
  if (eagain_only_ && !text::isEagain(*e)) return false;
  if (!text_.isEmpty() && !text::eventLabel(*e).contains(text_, Qt::CaseInsensitive)) return false;
  return true;
}

}  // namespace ioscope::ui
