// The event list's search on a big trace: it works in slices on the event loop (the window keeps
// painting), finds exactly what a full pass would, says how far it got, takes in rows a live run
// appends meanwhile, and selects the selected event again once its row is found. How long the
// UI thread is kept is measured by a benchmark (BM_EventSearch4M), not here.
#include <gtest/gtest.h>

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <cerrno>

#include "events/event_list_widget.hpp"
#include "events/event_text.hpp"

namespace ioscope::ui {
namespace {

TraceEvent ev(std::int64_t t, EventKind kind, Sys sys, std::int64_t value = 0,
              std::uint16_t err = 0, std::int32_t fd = 7) {
  return {.t_ns = t, .value = value, .fd = fd, .err = err, .kind = kind, .sys = sys};
}

// n message cycles: a recvmsg that finds nothing (EAGAIN), a select, a recvmsg that reads.
void fill(TraceDocument& doc, int cycles, std::int64_t t0 = 0) {
  std::vector<TraceEvent> batch;
  for (int i = 0; i < cycles; ++i) {
    const std::int64_t t = t0 + std::int64_t{i} * 1000;
    batch.push_back(ev(t, EventKind::SyscallBegin, Sys::recvmsg, 0, 0, 3 + i % 10));
    batch.push_back(ev(t + 100, EventKind::SyscallEnd, Sys::recvmsg, -1, EAGAIN, 3 + i % 10));
    batch.push_back(ev(t + 200, EventKind::SyscallBegin, Sys::select));
    batch.push_back(ev(t + 300, EventKind::SyscallEnd, Sys::select, 1));
    batch.push_back(ev(t + 400, EventKind::SyscallBegin, Sys::recvmsg, 0, 0, 3 + i % 10));
    batch.push_back(ev(t + 500, EventKind::SyscallEnd, Sys::recvmsg, 64, 0, 3 + i % 10));
  }
  doc.append(batch);
}

// What a full pass over the rows would show for this text (the reference the slices must match).
int fullPassCount(const TraceDocument& doc, const QString& text) {
  int n = 0;
  for (std::size_t i = 0; i < doc.size(); ++i)
    if (text::eventLabel(doc.event(static_cast<std::uint32_t>(i)))
            .contains(text, Qt::CaseInsensitive))
      ++n;
  return n;
}

TEST(EventSearch, ABigSearchComesInSlicesAndFindsWhatAFullPassFinds) {
  TraceDocument doc;
  fill(doc, 200'000);  // 1.2 M events
  EventListWidget list;
  list.resize(1000, 500);
  list.show();
  list.setDocument(&doc);
  list.proxy()->finish();
  QSignalSpy progress(list.proxy(), &EventFilterProxy::progress);
  list.proxy()->setText(QStringLiteral("EAGAIN"));
  // The call returned after one slice: the rest is left to the event loop, and the list says so.
  ASSERT_TRUE(list.proxy()->filtering());
  EXPECT_LT(list.proxy()->scanned(), list.proxy()->sourceRows());
  QCoreApplication::processEvents();
  auto* count = list.findChild<QLabel*>();
  ASSERT_NE(count, nullptr);
  QTRY_VERIFY_WITH_TIMEOUT(!list.proxy()->filtering(), 60'000);
  EXPECT_GT(progress.count(), 2) << "one slice did everything: the window froze for it";
  EXPECT_EQ(list.proxy()->rowCount(), fullPassCount(doc, QStringLiteral("EAGAIN")));
  EXPECT_EQ(list.proxy()->rowCount(), 200'000);
  // Every row shown matches, in time order.
  for (int r = 0; r < list.proxy()->rowCount(); r += 997) {
    const QModelIndex i = list.proxy()->index(r, EventTableModel::EventColumn);
    EXPECT_TRUE(i.data().toString().contains(QStringLiteral("EAGAIN"))) << r;
  }
}

TEST(EventSearch, OneCharacterIsASearchToo) {
  TraceDocument doc;
  fill(doc, 1000);
  EventListWidget list;
  list.setDocument(&doc);
  // "6": the reads that returned 64 bytes, whatever else a full pass finds.
  list.textFilter()->setText(QStringLiteral("6"));
  QTRY_VERIFY(list.proxy()->text() == QStringLiteral("6") && !list.proxy()->filtering());
  const int expected = fullPassCount(doc, QStringLiteral("6"));
  ASSERT_GT(expected, 0);
  ASSERT_LT(expected, static_cast<int>(doc.size()));
  EXPECT_EQ(list.proxy()->rowCount(), expected);
}

TEST(EventSearch, TheCountSaysSearchingThenHowManyOfHowMany) {
  TraceDocument doc;
  fill(doc, 200'000);
  EventListWidget list;
  list.setDocument(&doc);
  list.proxy()->finish();
  auto* count = list.findChild<QLabel*>(QString(), Qt::FindDirectChildrenOnly);
  QLabel* label = nullptr;
  for (QLabel* l : list.findChildren<QLabel*>())
    if (l->text().contains(QStringLiteral("events"))) label = l;
  ASSERT_NE(label, nullptr) << (count ? count->text().toStdString() : std::string());
  list.proxy()->setText(QStringLiteral("select"));
  QCoreApplication::processEvents();
  EXPECT_TRUE(label->text().contains(QStringLiteral("searching"))) << label->text().toStdString();
  QTRY_VERIFY_WITH_TIMEOUT(!list.proxy()->filtering(), 60'000);
  EXPECT_EQ(label->text(), QStringLiteral("400,000 of 1,200,000 events")
                               .replace(QLatin1Char(','), QLocale().groupSeparator()));
}

TEST(EventSearch, RowsALiveRunAppendsDuringASearchAreSearchedToo) {
  TraceDocument doc;
  fill(doc, 200'000);
  EventListWidget list;
  list.setDocument(&doc);
  list.proxy()->finish();
  list.proxy()->setText(QStringLiteral("select"));
  ASSERT_TRUE(list.proxy()->filtering());
  // The run goes on while the search is under way.
  const auto old_rows = static_cast<qsizetype>(doc.size());
  fill(doc, 10, 1'000'000'000);
  list.model()->onEventsAdded(old_rows, old_rows);
  QTRY_VERIFY_WITH_TIMEOUT(!list.proxy()->filtering(), 60'000);
  EXPECT_EQ(list.proxy()->rowCount(), 2 * 200'010);
  // And once it is over, new rows are checked as they come.
  const auto rows = static_cast<qsizetype>(doc.size());
  fill(doc, 5, 2'000'000'000);
  list.model()->onEventsAdded(rows, rows);
  EXPECT_FALSE(list.proxy()->filtering());
  EXPECT_EQ(list.proxy()->rowCount(), 2 * 200'015);
}

TEST(EventSearch, TheSelectedEventIsSelectedAgainWhenTheSearchReachesIt) {
  TraceDocument doc;
  fill(doc, 200'000);
  EventListWidget list;
  list.setDocument(&doc);
  list.proxy()->finish();
  // A select near the end: arrival index = row here (the batch is in time order).
  const quint32 target = static_cast<quint32>(doc.size() - 4);
  ASSERT_EQ(doc.event(target).sys, Sys::select);
  list.selectEvent(target);
  list.proxy()->setText(QStringLiteral("select"));
  EXPECT_FALSE(list.view()->currentIndex().isValid());  // not found yet
  QTRY_VERIFY_WITH_TIMEOUT(!list.proxy()->filtering(), 60'000);
  const QModelIndex current = list.view()->currentIndex();
  ASSERT_TRUE(current.isValid());
  EXPECT_EQ(list.model()->arrivalIndexAt(list.proxy()->mapToSource(current).row()), target);
}

}  // namespace
}  // namespace ioscope::ui
