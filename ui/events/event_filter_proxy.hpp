// Narrows the event list: by what kind of event (calls, EAGAIN only, data ready, ...) and by free
// text over the Event column. Reads events straight from the EventTableModel (no QVariant per
// row). Filtering is incremental: a change of filter checks rows in slices of a few
// milliseconds on the UI thread's event loop, appending matches as it goes, so a search over
// millions of rows never freezes the window; filtering() and progress() say how far it got.
// Rows the source appends (a live run) are checked as they come.
#pragma once

#include <QAbstractProxyModel>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

#include "trace/trace_event.hpp"

class QTimer;

namespace ioscope::ui {

class EventTableModel;

class EventFilterProxy : public QAbstractProxyModel {
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

  // A change of filter is still being applied (rows shown so far are a prefix of the result).
  bool filtering() const { return scanned_ < sourceRows(); }
  // Source rows checked so far, of sourceRows().
  int scanned() const { return scanned_; }
  int sourceRows() const;
  // Applies the filter to every row now (tests, and small traces: the first slice is taken at
  // once, so most filters end within the call that changed them).
  void finish();
  // The longest a single slice kept the UI thread, in ns, since the last change (a benchmark
  // reads it).
  std::int64_t longestSliceNs() const { return longest_slice_ns_; }

  bool accepts(int source_row) const;

  QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
  QModelIndex parent(const QModelIndex& child) const override;
  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QModelIndex mapToSource(const QModelIndex& proxy_index) const override;
  QModelIndex mapFromSource(const QModelIndex& source_index) const override;

 signals:
  // Emitted after each slice and when filtering ends (scanned == total).
  void progress(int scanned, int total);

 private:
  void refilter();
  // Checks rows for up to budget_ns (all of them when budget_ns < 0), appending matches.
  void scan(std::int64_t budget_ns);
  void onSourceRowsInserted(int first, int last);

  const EventTableModel* events_ = nullptr;
  std::vector<int> rows_;  // the source rows shown, ascending
  int scanned_ = 0;
  QTimer* slicer_;
  std::int64_t longest_slice_ns_ = 0;
  Preset preset_ = All;
  std::uint32_t kinds_ = kAllKinds;
  bool eagain_only_ = false;
  QString text_;
};

}  // namespace ioscope::ui
