// Narrows the event list: by what kind of event (calls, EAGAIN only, data ready, ...) and by free
// text over the Event column. Reads events straight from the EventTableModel (no QVariant per
// row), so refiltering a million rows costs one pass of cheap checks.
#pragma once

#include <QSortFilterProxyModel>
#include <QString>
#include <QStringList>

#include <cstdint>

#include "trace/trace_event.hpp"

namespace ioscope::ui {

class EventTableModel;

class EventFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  // The choices the list offers, in combo-box order.
  enum Preset {
    All,
    Calls,
    EagainOnly,
    DataReady,
    Copies,
    Notifications,
    Factory,
    Work,
    Connections,
    PresetCount
  };

  explicit EventFilterProxy(QObject* parent = nullptr);

  // Must be an EventTableModel.
  void setSourceModel(QAbstractItemModel* model) override;

  static QString presetName(Preset preset);     // translated, for the combo box
  static std::uint32_t kindsOf(Preset preset);  // bit (1 << EventKind) per kind shown

  void setPreset(Preset preset);
  Preset preset() const { return preset_; }
  // Any set of kinds (bit 1 << int(EventKind)); clears the EAGAIN-only condition.
  void setKinds(std::uint32_t kinds);
  std::uint32_t kinds() const { return kinds_; }
  bool eagainOnly() const { return eagain_only_; }
  // Case-insensitive substring of the Event column; empty shows all.
  void setText(const QString& text);
  QString text() const { return text_; }

  static constexpr std::uint32_t kAllKinds = (1u << kEventKindCount) - 1;

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  void refilter();

  const EventTableModel* events_ = nullptr;
  Preset preset_ = All;
  std::uint32_t kinds_ = kAllKinds;
  bool eagain_only_ = false;
  QString text_;
};

}  // namespace ioscope::ui
