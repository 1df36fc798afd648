// The event list: its model stays consistent while a real run streams in, the filters show what
// they say, and selection flows out on a click but not back on selectEvent().
#include "events/event_list_widget.hpp"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <cerrno>
#include <mutex>

#include "bridge/run_controller.hpp"
#include "events/event_text.hpp"
#include "inspector/event_explainer.hpp"
#include "timeline/time_axis.hpp"
#include "timeline/timeline_text.hpp"

namespace ioscope::ui {
namespace {

// QAbstractItemModelTester in Warning mode reports through the "qt.modeltest" category; collect
// those reports so a broken model fails the test instead of only printing.
class ModelTesterFailures {
 public:
  ModelTesterFailures() {
    instance() = this;
    previous_ = qInstallMessageHandler(&ModelTesterFailures::handle);
  }
  ~ModelTesterFailures() {
    qInstallMessageHandler(previous_);
    instance() = nullptr;
  }
  QStringList messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  static ModelTesterFailures*& instance() {
    static ModelTesterFailures* self = nullptr;
    return self;
  }
  static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    ModelTesterFailures* self = instance();
    if (self && type >= QtWarningMsg && context.category &&
        QLatin1String(context.category) == QLatin1String("qt.modeltest")) {
      std::lock_guard lock(self->mutex_);
      self->messages_.append(message);
    }
    if (self && self->previous_) self->previous_(type, context, message);
  }

  QtMessageHandler previous_ = nullptr;
  mutable std::mutex mutex_;
  QStringList messages_;
};

TraceEvent ev(std::int64_t t, EventKind kind, Sys sys = Sys::none, std::int64_t value = 0,
              std::uint16_t err = 0, std::int32_t fd = 7) {
  return {.t_ns = t, .value = value, .fd = fd, .err = err, .kind = kind, .sys = sys};
}

// Calls, an EAGAIN, data, an epoll notification; delivered out of time order so that arrival
// index and row differ.
std::vector<TraceEvent> sampleBatch() {
  std::vector<TraceEvent> v;
  v.push_back(ev(1000, EventKind::SyscallBegin, Sys::epoll_wait, 0, 0, 3));
  v.push_back(ev(5000, EventKind::SyscallEnd, Sys::epoll_wait, 1, 0, 3));
  TraceEvent notify = ev(5100, EventKind::Notify, Sys::epoll_wait, 1);
  notify.fd = -1;
  notify.aux = 1;
  v.push_back(notify);
  v.push_back(ev(6000, EventKind::SyscallBegin, Sys::recvmsg));
  v.push_back(ev(6500, EventKind::SyscallEnd, Sys::recvmsg, 64));
  TraceEvent ready = ev(4000, EventKind::KernelReady, Sys::none, 64);
  ready.lane = Lane::Shopkeeper;
  ready.aux = 0;
  v.push_back(ready);  // arrives after the recvmsg, belongs before the notify
  v.push_back(ev(6000, EventKind::CopyBegin, Sys::none, 64));
  v.push_back(ev(6500, EventKind::CopyEnd, Sys::none, 64));
  v.push_back(ev(7000, EventKind::SyscallBegin, Sys::recvmsg));
  v.push_back(ev(7200, EventKind::SyscallEnd, Sys::recvmsg, -1, EAGAIN));
  return v;
}

Scenario smallRun(const char* model, int messages = 5) {
  Scenario s;
  s.model = model;
  s.clients = 2;
  s.messages = messages;
  s.size = 64;
  s.interval_ns = 2'000'000;
  return s;
}

void runToEnd(RunController& ctl, const Scenario& s) {
  QSignalSpy finished(&ctl, &RunController::finished);
  ASSERT_TRUE(ctl.start(s)) << ctl.error().toStdString();
  ASSERT_TRUE(finished.wait(30000)) << "the run did not finish";
  ASSERT_TRUE(ctl.error().isEmpty()) << ctl.error().toStdString();
}

int eagainEnds(const TraceDocument& doc) {
  int n = 0;
  for (std::size_t i = 0; i < doc.size(); ++i)
    n += text::isEagain(doc.event(static_cast<std::uint32_t>(i)));
  return n;
}

TEST(EventTableModel, StaysConsistentUnderTheModelTesterWhileARealRunAppends) {
  ModelTesterFailures failures;
  RunController ctl;
  EventListWidget list;  // the proxy and the view are tested along with the model
  list.setDocument(&ctl.document());
  EventTableModel& model = *list.model();
  QAbstractItemModelTester modelTester(&model,
                                       QAbstractItemModelTester::FailureReportingMode::Warning);
  QAbstractItemModelTester proxyTester(list.proxy(),
                                       QAbstractItemModelTester::FailureReportingMode::Warning);
  QObject::connect(&ctl, &RunController::started, &model, &EventTableModel::reset);
  QObject::connect(&ctl, &RunController::eventsAdded, &model, &EventTableModel::onEventsAdded);
  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  QSignalSpy added(&ctl, &RunController::eventsAdded);
  list.resize(900, 500);
  list.show();

  runToEnd(ctl, smallRun("epoll", 40));  // ~80 ms: several drains append while we watch

  EXPECT_TRUE(failures.messages().isEmpty())
      << failures.messages().join(QLatin1Char('\n')).toStdString();
  const TraceDocument& doc = ctl.document();
  ASSERT_GT(doc.size(), 20u);
  EXPECT_GE(added.count(), 2);
  EXPECT_GE(inserted.count(), 2);
  ASSERT_EQ(model.rowCount(), static_cast<int>(doc.size()));
  EXPECT_EQ(list.proxy()->rowCount(), model.rowCount());
  std::int64_t last = INT64_MIN;
  for (int r = 0; r < model.rowCount(); ++r) {
    const quint32 index = model.arrivalIndexAt(r);
    ASSERT_LT(index, doc.size());
    EXPECT_EQ(model.rowOfArrivalIndex(index), r);
    EXPECT_GE(doc.event(index).t_ns, last) << "rows out of time order at " << r;
    last = doc.event(index).t_ns;
  }
  // The first row is the run's first event: time zero.
  EXPECT_EQ(model.index(0, EventTableModel::Time).data().toString(), QStringLiteral("+0 ns"));

  // A second run on the same controller starts from an empty document.
  runToEnd(ctl, smallRun("epoll"));
  EXPECT_TRUE(failures.messages().isEmpty())
      << failures.messages().join(QLatin1Char('\n')).toStdString();
  EXPECT_EQ(model.rowCount(), static_cast<int>(ctl.document().size()));
}

TEST(EventTableModel, ALateEventResetsTheRowsAndKeepsTimeOrder) {
  ModelTesterFailures failures;
  TraceDocument doc;
  EventTableModel model;
  model.setDocument(&doc);
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

  auto feed = [&](const std::vector<TraceEvent>& batch) {
    const auto old_rows = static_cast<qsizetype>(doc.size());
    const auto first = static_cast<qsizetype>(doc.append(batch));
    model.onEventsAdded(first, old_rows);
  };
  feed({ev(10, EventKind::Notify), ev(30, EventKind::Notify)});
  EXPECT_EQ(inserted.count(), 1);
  EXPECT_EQ(reset.count(), 0);
  feed({ev(40, EventKind::Notify)});
  EXPECT_EQ(inserted.count(), 2);
  TraceEvent late = ev(20, EventKind::KernelReady, Sys::none, 64);
  late.lane = Lane::Shopkeeper;
  late.aux = -1;
  feed({late});  // lands between rows already shown
  EXPECT_EQ(reset.count(), 1);
  ASSERT_EQ(model.rowCount(), 4);
  EXPECT_EQ(model.arrivalIndexAt(1), 3u);
  EXPECT_EQ(model.index(1, EventTableModel::LaneColumn).data().toString(),
            QStringLiteral("kernel"));
  EXPECT_EQ(model.index(1, EventTableModel::EventColumn).data().toString(),
            QStringLiteral("data ready in kernel (64 B)"));
  EXPECT_TRUE(failures.messages().isEmpty())
      << failures.messages().join(QLatin1Char('\n')).toStdString();
}

TEST(EventTableModel, ColumnsDescribeCallsResultsAndDurations) {
  TraceDocument doc;
  doc.append(sampleBatch());
  EventTableModel model;
  model.setDocument(&doc);
  ASSERT_EQ(model.rowCount(), 10);
  auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
  // Row order: epoll begin, kernel ready, epoll end, notify, recvmsg begin, copy begin, ...
  EXPECT_EQ(cell(0, EventTableModel::EventColumn), QStringLiteral("epoll_wait begin"));
  EXPECT_EQ(cell(1, EventTableModel::EventColumn),
            QStringLiteral("data ready in kernel (64 B, message 0)"));
  EXPECT_EQ(cell(1, EventTableModel::LaneColumn), QStringLiteral("kernel"));
  EXPECT_EQ(cell(1, EventTableModel::Time), QStringLiteral("+3 µs"));
  EXPECT_EQ(cell(2, EventTableModel::EventColumn), QStringLiteral("epoll_wait = 1"));
  EXPECT_EQ(cell(2, EventTableModel::Duration), QString::fromStdString(TimeAxis::format(4000)));
  EXPECT_EQ(cell(2, EventTableModel::LaneColumn), QStringLiteral("buyer 0"));
  EXPECT_EQ(cell(3, EventTableModel::EventColumn), QStringLiteral("epoll_wait → 1 ready"));
  EXPECT_EQ(cell(3, EventTableModel::Fd), QString());
  EXPECT_EQ(cell(4, EventTableModel::Duration), QString()) << "a begin has no duration";
  // The copy's end and the recvmsg's end both carry their own span's duration.
  const int recvEnd = model.rowOfArrivalIndex(4);
  const int copyEnd = model.rowOfArrivalIndex(7);
  EXPECT_EQ(cell(recvEnd, EventTableModel::EventColumn), QStringLiteral("recvmsg = 64"));
  EXPECT_EQ(cell(recvEnd, EventTableModel::Duration), QStringLiteral("500 ns"));
  EXPECT_EQ(cell(recvEnd, EventTableModel::Fd), QStringLiteral("7"));
  EXPECT_EQ(cell(copyEnd, EventTableModel::Duration), QStringLiteral("500 ns"));
  EXPECT_EQ(cell(9, EventTableModel::EventColumn), QStringLiteral("recvmsg = -1 EAGAIN"));
  EXPECT_EQ(cell(9, EventTableModel::Result), QStringLiteral("-1 EAGAIN"));
  EXPECT_TRUE(model.index(9, 0).data(EventTableModel::EagainRole).toBool());
  EXPECT_EQ(model.index(9, 0).data(EventTableModel::ArrivalIndexRole).toUInt(), 9u);

  // An echo's round trip shows as its duration; a Work span as its own.
  TraceEvent echo = ev(9000, EventKind::ClientRecv, Sys::none, 8000, 0, 11);
  echo.lane = Lane::Factory;
  echo.track = 3;
  echo.aux = 2;
  TraceEvent work = ev(9500, EventKind::Work, Sys::none, 4, 0, -1);
  work.aux = 1500;
  doc.append({echo, work});
  model.reset();
  EXPECT_EQ(cell(10, EventTableModel::LaneColumn), QStringLiteral("client 3"));
  EXPECT_EQ(cell(10, EventTableModel::EventColumn), QStringLiteral("echo of message 2 back"));
  EXPECT_EQ(cell(10, EventTableModel::Duration), QStringLiteral("8 µs"));
  EXPECT_EQ(cell(11, EventTableModel::Duration), QStringLiteral("1.5 µs"));
}

TEST(EventFilterProxy, EagainOnlyShowsExactlyTheWastedCallsOfANonblockingRun) {
  RunController ctl;
  EventListWidget list;
  list.setDocument(&ctl.document());
  QObject::connect(&ctl, &RunController::started, list.model(), &EventTableModel::reset);
  QObject::connect(&ctl, &RunController::eventsAdded, list.model(),
                   &EventTableModel::onEventsAdded);
  runToEnd(ctl, smallRun("nonblocking"));

  const int expected = eagainEnds(ctl.document());
  ASSERT_GT(expected, 0) << "a polling loop must ask before the data is there";
  if (ctl.summary().dropped == 0) {
    EXPECT_EQ(static_cast<std::uint64_t>(expected), ctl.summary().counters.eagain);
  }

  // Through the combo box, as a user would.
  QComboBox* kinds = list.kindFilter();
  kinds->setCurrentIndex(kinds->findData(EventFilterProxy::EagainOnly));
  EXPECT_EQ(list.proxy()->preset(), EventFilterProxy::EagainOnly);
  ASSERT_EQ(list.proxy()->rowCount(), expected);
  for (int r = 0; r < list.proxy()->rowCount(); ++r) {
    EXPECT_TRUE(list.proxy()->index(r, 0).data(EventTableModel::EagainRole).toBool());
    EXPECT_TRUE(list.proxy()
                    ->index(r, EventTableModel::EventColumn)
                    .data()
                    .toString()
                    .endsWith(QStringLiteral("EAGAIN")));
  }

  // Free text narrows further: only the recvmsg ones (accept4 also returns EAGAIN).
  int recvEagain = 0;
  for (std::size_t i = 0; i < ctl.document().size(); ++i) {
    const TraceEvent& e = ctl.document().event(static_cast<std::uint32_t>(i));
    recvEagain += text::isEagain(e) && e.sys == Sys::recvmsg;
  }
  list.textFilter()->setText(QStringLiteral("recvmsg"));
  QTRY_COMPARE(list.proxy()->text(), QStringLiteral("recvmsg"));
  EXPECT_EQ(list.proxy()->rowCount(), recvEagain);

  list.textFilter()->clear();
  kinds->setCurrentIndex(kinds->findData(EventFilterProxy::All));
  QTRY_COMPARE(list.proxy()->rowCount(), list.model()->rowCount());
}

TEST(EventFilterProxy, KindPresetsAndTextMatchTheirEvents) {
  TraceDocument doc;
  doc.append(sampleBatch());
  doc.append(
      {ev(8000, EventKind::SyscallEnd, Sys::recvmsg, -1, ECONNRESET)});  // failed, not wasted
  EventTableModel model;
  model.setDocument(&doc);
  EventFilterProxy proxy;
  proxy.setSourceModel(&model);
  proxy.setPreset(EventFilterProxy::EagainOnly);
  ASSERT_EQ(proxy.rowCount(), 1);
  EXPECT_EQ(proxy.index(0, EventTableModel::EventColumn).data().toString(),
            QStringLiteral("recvmsg = -1 EAGAIN"));
  proxy.setPreset(EventFilterProxy::Calls);
  EXPECT_EQ(proxy.rowCount(), 7);
  proxy.setPreset(EventFilterProxy::DataReady);
  EXPECT_EQ(proxy.rowCount(), 1);
  proxy.setPreset(EventFilterProxy::Notifications);
  EXPECT_EQ(proxy.rowCount(), 1);
  proxy.setPreset(EventFilterProxy::Copies);
  EXPECT_EQ(proxy.rowCount(), 2);
  proxy.setPreset(EventFilterProxy::Factory);
  EXPECT_EQ(proxy.rowCount(), 0);
  proxy.setPreset(EventFilterProxy::All);
  proxy.setText(QStringLiteral("eagain"));  // case-insensitive
  EXPECT_EQ(proxy.rowCount(), 1);
  proxy.setText(QString());
  EXPECT_EQ(proxy.rowCount(), 11);
  proxy.setKinds(EventFilterProxy::kindsOf(EventFilterProxy::Copies));
  EXPECT_EQ(proxy.preset(), EventFilterProxy::Copies);
  EXPECT_EQ(proxy.rowCount(), 2);
}

class EventListSelection : public ::testing::Test {
 protected:
  void SetUp() override {
    doc.append(sampleBatch());
    list.setDocument(&doc);
    list.resize(900, 500);
    list.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&list));
  }
  TraceDocument doc;
  EventListWidget list;
};

TEST_F(EventListSelection, ClickingARowEmitsItsArrivalIndex) {
  QSignalSpy selected(&list, &EventListWidget::eventSelected);
  QTableView* view = list.view();
  const QModelIndex row1 =
      list.proxy()->index(1, EventTableModel::EventColumn);  // the late kernel event
  QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(row1).center());
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.at(0).at(0).value<quint32>(), 5u);  // arrival index 5 shows at row 1
  EXPECT_EQ(list.selectedEvent(), 5u);

  QTest::keyClick(view, Qt::Key_Down);  // stepping through with the keyboard announces too
  ASSERT_EQ(selected.count(), 2);
  EXPECT_EQ(selected.at(1).at(0).value<quint32>(), list.model()->arrivalIndexAt(2));
}

TEST_F(EventListSelection, SelectEventSelectsTheRowWithoutEmitting) {
  QSignalSpy selected(&list, &EventListWidget::eventSelected);
  list.selectEvent(9);  // the EAGAIN recvmsg, last row
  EXPECT_EQ(selected.count(), 0);
  const QModelIndex current = list.view()->currentIndex();
  ASSERT_TRUE(current.isValid());
  EXPECT_EQ(list.model()->arrivalIndexAt(list.proxy()->mapToSource(current).row()), 9u);
  EXPECT_TRUE(list.view()->selectionModel()->isRowSelected(current.row(), {}));

  // Hidden by the filter: nothing selected, but remembered for when the filter opens again.
  list.kindFilter()->setCurrentIndex(list.kindFilter()->findData(EventFilterProxy::DataReady));
  list.selectEvent(9);
  EXPECT_FALSE(list.view()->currentIndex().isValid());
  list.kindFilter()->setCurrentIndex(list.kindFilter()->findData(EventFilterProxy::All));
  ASSERT_TRUE(list.view()->currentIndex().isValid());
  EXPECT_EQ(
      list.model()->arrivalIndexAt(list.proxy()->mapToSource(list.view()->currentIndex()).row()),
      9u);
  EXPECT_EQ(selected.count(), 0);
}

TEST_F(EventListSelection, SelectionSurvivesALateEventThatResetsTheRows) {
  list.selectEvent(4);  // recvmsg = 64
  const auto old_rows = static_cast<qsizetype>(doc.size());
  TraceEvent late = ev(2000, EventKind::Work, Sys::none, 3);
  late.aux = 500;
  const auto first = static_cast<qsizetype>(doc.append({late}));
  ASSERT_LT(first, old_rows);
  QSignalSpy selected(&list, &EventListWidget::eventSelected);
  list.model()->onEventsAdded(first, old_rows);
  const QModelIndex current = list.view()->currentIndex();
  ASSERT_TRUE(current.isValid());
  EXPECT_EQ(list.model()->arrivalIndexAt(list.proxy()->mapToSource(current).row()), 4u);
  EXPECT_EQ(selected.count(), 0);
}

TEST(EventListWidget, AMillionRowsStayResponsive) {
  TraceDocument doc;
  std::vector<TraceEvent> batch;
  batch.reserve(1'000'000);
  for (int i = 0; i < 500'000; ++i) {
    const std::int64_t t = std::int64_t{i} * 1000;
    batch.push_back(ev(t, EventKind::SyscallBegin, Sys::recvmsg));
    batch.push_back(
        ev(t + 400, EventKind::SyscallEnd, Sys::recvmsg, i % 3 ? -1 : 64, i % 3 ? EAGAIN : 0));
  }
  doc.append(batch);
  EventListWidget list;
  list.resize(1200, 700);
  list.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&list));

  QElapsedTimer clock;
  clock.start();
  list.setDocument(&doc);
  list.view()->scrollToBottom();
  QCoreApplication::processEvents();
  list.selectEvent(500'001);
  list.proxy()->setPreset(EventFilterProxy::EagainOnly);
  // Filtered in slices on the event loop: the window paints between them.
  QTRY_VERIFY_WITH_TIMEOUT(!list.proxy()->filtering(), 20'000);
  EXPECT_EQ(list.proxy()->rowCount(), 333'333);
  QCoreApplication::processEvents();
  list.proxy()->setPreset(EventFilterProxy::All);
  QCoreApplication::processEvents();
  // Appending while live is an insert at the end, not a reset.
  QSignalSpy reset(list.model(), &QAbstractItemModel::modelReset);
  const auto old_rows = static_cast<qsizetype>(doc.size());
  std::vector<TraceEvent> more;
  for (int i = 0; i < 60; ++i) {
    more.assign({ev(600'000'000 + i * 1000, EventKind::SyscallBegin, Sys::recvmsg)});
    const auto rows = static_cast<qsizetype>(doc.size());
    list.model()->onEventsAdded(static_cast<qsizetype>(doc.append(more)), rows);
    QCoreApplication::processEvents();
  }
  EXPECT_EQ(reset.count(), 0);
  EXPECT_EQ(list.model()->rowCount(), old_rows + 60);
  // Generous: a per-row cost or a quadratic refilter would take minutes, not seconds.
  EXPECT_LT(clock.elapsed(), 8000) << "took " << clock.elapsed() << " ms";
}

}  // namespace
}  // namespace ioscope::ui

namespace ioscope::ui {
namespace {

// A blocking server's door closing at the end (accept4 = -1 EINVAL, woken by the run's own
// shutdown) is the shop closing, not a failure: not red, named so in the list, on the timeline
// and in the inspector. A real failure stays red.
TEST(EventTableModel, TheShopClosingIsNotAFailure) {
  TraceDocument doc;
  TraceEvent closing = ev(3000, EventKind::SyscallEnd, Sys::accept4, -1, EINVAL, 3);
  closing.flags = flag::kStopping;
  doc.append({ev(1000, EventKind::SyscallBegin, Sys::accept4, 0, 0, 3), closing,
              ev(4000, EventKind::SyscallEnd, Sys::recvmsg, -1, ECONNRESET, 5)});
  EventTableModel model;
  model.setDocument(&doc);
  ASSERT_EQ(model.rowCount(), 3);
  const QModelIndex end = model.index(model.rowOfArrivalIndex(1), EventTableModel::EventColumn);
  EXPECT_FALSE(end.data(Qt::ForegroundRole).isValid()) << "drawn as a failure";
  EXPECT_TRUE(end.data().toString().contains(QStringLiteral("closed to stop the run")))
      << end.data().toString().toStdString();
  const QModelIndex failed = model.index(model.rowOfArrivalIndex(2), EventTableModel::EventColumn);
  EXPECT_TRUE(failed.data(Qt::ForegroundRole).isValid()) << "a real failure lost its colour";

  Span s;
  s.t0 = 1000;
  s.t1 = 3000;
  s.sys = Sys::accept4;
  const TraceEvent& b = doc.event(0);
  EXPECT_EQ(TimelineText::callCaption(TimelineLook::Analogy, CallClass::Accept, b, closing, false),
            QStringLiteral("at the door, until the shop closed"));
  const EventExplanation x = EventExplainer::explain(doc, 1);
  EXPECT_TRUE(x.syscall.contains(QStringLiteral("Not an error"))) << x.syscall.toStdString();
}

}  // namespace
}  // namespace ioscope::ui
