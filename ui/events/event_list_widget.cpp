#include "events/event_list_widget.hpp"

#include <QApplication>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace ioscope::ui {

namespace {

// Breathing room between columns: a right-aligned time must not touch the lane next to it.
// The row's background still fills the whole cell, so selection has no gaps.
class PaddedDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  int padding = 8;

  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    QStyleOptionViewItem full = option;
    initStyleOption(&full, index);
    full.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &full, painter, widget);
    QStyleOptionViewItem inner = option;
    inner.rect.adjust(padding, 0, -padding, 0);
    QStyledItemDelegate::paint(painter, inner, index);
  }
};

}  // namespace

EventListWidget::EventListWidget(QWidget* parent)
    : QWidget(parent),
      model_(new EventTableModel(this)),
      proxy_(new EventFilterProxy(this)),
      kinds_(new QComboBox(this)),
      search_(new QLineEdit(this)),
      count_(new QLabel(this)),
      view_(new QTableView(this)),
      search_delay_(new QTimer(this)) {
  proxy_->setSourceModel(model_);

  auto* show = new QLabel(tr("&Show:"), this);
  show->setBuddy(kinds_);
  for (int p = EventFilterProxy::All; p < EventFilterProxy::PresetCount; ++p)
    kinds_->addItem(EventFilterProxy::presetName(static_cast<EventFilterProxy::Preset>(p)), p);
  kinds_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  kinds_->setToolTip(tr("Show only one kind of event"));
  search_->setPlaceholderText(tr("Search events: recvmsg, EAGAIN, message 7…"));
  search_->setClearButtonEnabled(true);
  search_->setToolTip(tr("Shows only events whose description contains this text"));
  count_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

  auto* filters = new QHBoxLayout;
  filters->addWidget(show);
  filters->addWidget(kinds_);
  filters->addWidget(search_, 1);
  filters->addWidget(count_);

  view_->setModel(proxy_);
  view_->setItemDelegate(new PaddedDelegate(view_));
  view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  view_->setSelectionMode(QAbstractItemView::SingleSelection);
  view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  view_->setSortingEnabled(false);
  view_->setWordWrap(false);
  view_->setShowGrid(false);
  view_->setAlternatingRowColors(true);
  view_->setTabKeyNavigation(false);
  view_->setCornerButtonEnabled(false);
  view_->setTextElideMode(Qt::ElideRight);
  view_->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
  // Every row the same height and every column a set width: nothing is measured per row.
  view_->verticalHeader()->hide();
  view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  QHeaderView* header = view_->horizontalHeader();
  header->setSectionResizeMode(QHeaderView::Interactive);
  header->setSectionResizeMode(EventTableModel::EventColumn, QHeaderView::Stretch);
  header->setHighlightSections(false);
  header->setSectionsMovable(false);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(filters);
  layout->addWidget(view_, 1);

  applyFonts();
  updateCount();

  search_delay_->setSingleShot(true);
  search_delay_->setInterval(200);  // refiltering a big trace per keystroke would stutter
  connect(search_, &QLineEdit::textChanged, search_delay_, qOverload<>(&QTimer::start));
  connect(search_delay_, &QTimer::timeout, this, [this] {
    proxy_->setText(search_->text());
    reselect();
  });
  connect(kinds_, &QComboBox::currentIndexChanged, this, [this](int i) {
    proxy_->setPreset(static_cast<EventFilterProxy::Preset>(kinds_->itemData(i).toInt()));
    reselect();
  });

  connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current, const QModelIndex&) { onCurrentChanged(current); });

  // Follow live runs while the view sits at the bottom and nothing is selected.
  connect(proxy_, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
    const QScrollBar* bar = view_->verticalScrollBar();
    follow_ = selected_ == kNone && bar->value() == bar->maximum();
  });
  connect(proxy_, &QAbstractItemModel::rowsInserted, this, [this] {
    if (follow_) view_->scrollToBottom();
    updateCount();
  });
  // A search over a big trace comes in slices: the count says how far it got, and the selected
  // event is selected again as soon as its row is found.
  connect(proxy_, &EventFilterProxy::progress, this, [this] {
    updateCount();
    if (selected_ != kNone && !view_->currentIndex().isValid()) reselect();
  });
  connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &EventListWidget::updateCount);
  connect(proxy_, &QAbstractItemModel::layoutChanged, this, &EventListWidget::updateCount);
  connect(proxy_, &QAbstractItemModel::modelReset, this, [this] {
    updateCount();
    reselect();
  });
}

void EventListWidget::setDocument(const TraceDocument* document) {
  selected_ = kNone;
  model_->setDocument(document);
}

void EventListWidget::onCurrentChanged(const QModelIndex& current) {
  if (syncing_ || !current.isValid()) return;
  const QModelIndex source = proxy_->mapToSource(current);
  const quint32 index = model_->arrivalIndexAt(source.row());
  if (index == kNone) return;
  selected_ = index;
  emit eventSelected(index);
}

void EventListWidget::selectEvent(quint32 arrivalIndex) {
  selected_ = arrivalIndex;
  reselect();
  const QModelIndex current = view_->currentIndex();
  if (!current.isValid()) return;
  // Keep the view still if the row is already well on screen; otherwise bring it to the middle.
  const QRect rect = view_->visualRect(current);
  const int margin = rect.height() * 2;
  if (!view_->viewport()->rect().adjusted(0, margin, 0, -margin).contains(rect))
    view_->scrollTo(current, QAbstractItemView::PositionAtCenter);
}

void EventListWidget::clearSelection() {
  selected_ = kNone;
  syncing_ = true;
  view_->selectionModel()->clear();
  syncing_ = false;
}

void EventListWidget::reselect() {
  syncing_ = true;
  QModelIndex index;
  const int row = selected_ == kNone ? -1 : model_->rowOfArrivalIndex(selected_);
  if (row >= 0) index = proxy_->mapFromSource(model_->index(row, EventTableModel::EventColumn));
  if (index.isValid()) {
    view_->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  } else {
    // Hidden by the filter (or not there yet): show nothing selected, but remember it.
    view_->selectionModel()->clear();
  }
  syncing_ = false;
}

void EventListWidget::updateCount() {
  const QLocale locale;
  const int shown = proxy_->rowCount();
  const int total = model_->rowCount();
  if (proxy_->filtering()) {
    const int percent = static_cast<int>(100.0 * proxy_->scanned() / std::max(1, total));
    count_->setText(tr("searching… %1 found (%2%)").arg(locale.toString(shown)).arg(percent));
  } else if (shown == total)
    count_->setText(tr("%1 events").arg(locale.toString(total)));
  else
    count_->setText(tr("%1 of %2 events").arg(locale.toString(shown), locale.toString(total)));
}

void EventListWidget::applyFonts() {
  // Readable from the back of a classroom: a size up from the surrounding UI.
  QFont big = font();
  if (big.pointSizeF() > 0)
    big.setPointSizeF(std::max(big.pointSizeF() * 1.25, 12.0));
  else
    big.setPixelSize(std::max(big.pixelSize() * 5 / 4, 16));
  for (QWidget* w : {static_cast<QWidget*>(kinds_), static_cast<QWidget*>(search_),
                     static_cast<QWidget*>(count_), static_cast<QWidget*>(view_)})
    w->setFont(big);
  QFont head = big;
  head.setBold(true);
  // The same breathing room as the cells below (PaddedDelegate), so titles line up with them. A
  // style sheet decides the section's font too, so the font is named here.
  const QString size = big.pointSizeF() > 0 ? QStringLiteral("%1pt").arg(big.pointSizeF())
                                            : QStringLiteral("%1px").arg(big.pixelSize());
  view_->horizontalHeader()->setStyleSheet(
      QStringLiteral("QHeaderView::section { padding: 2px 8px; font-weight: bold; font-size: %1; }")
          .arg(size));
  view_->horizontalHeader()->setFont(head);
  for (QLabel* label : findChildren<QLabel*>(QString(), Qt::FindDirectChildrenOnly))
    label->setFont(big);

  const QFontMetrics fm(big);
  const QFontMetrics hm(head);
  view_->verticalHeader()->setMinimumSectionSize(fm.height());
  view_->verticalHeader()->setDefaultSectionSize(fm.height() + fm.height() / 2);
  const int pad = fm.horizontalAdvance(QLatin1Char('M')) + 16;  // + the delegate's padding
  auto width = [&](const QString& sample, int column) {
    const QString title = model_->headerData(column, Qt::Horizontal).toString();
    return std::max(fm.horizontalAdvance(sample), hm.horizontalAdvance(title)) + pad;
  };
  QHeaderView* header = view_->horizontalHeader();
  header->setMinimumSectionSize(fm.horizontalAdvance(QStringLiteral("00")) + pad);
  header->resizeSection(EventTableModel::Time,
                        width(QStringLiteral("+999.999 ms"), EventTableModel::Time));
  header->resizeSection(EventTableModel::LaneColumn,
                        width(tr("client 999"), EventTableModel::LaneColumn));
  header->resizeSection(EventTableModel::Fd, width(QStringLiteral("9999"), EventTableModel::Fd));
  header->resizeSection(EventTableModel::Result,
                        width(QStringLiteral("-1 ECONNRESET"), EventTableModel::Result));
  header->resizeSection(EventTableModel::Duration,
                        width(QStringLiteral("999.999 µs"), EventTableModel::Duration));
}

void EventListWidget::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) applyFonts();
  QWidget::changeEvent(event);
}

}  // namespace ioscope::ui
