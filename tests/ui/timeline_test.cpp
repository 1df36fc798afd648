// The timeline widget and its painter, driven for real under the offscreen platform.
#include <gtest/gtest.h>

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

#include <cerrno>
#include <memory>

#include "../test_scenario.hpp"
#include "bridge/run_controller.hpp"
#include "lessons/app_language.hpp"
#include "models/model.hpp"
#include "timeline/lane_layout.hpp"
#include "timeline/synthetic_trace.hpp"
#include "timeline/timeline_flow.hpp"
#include "timeline/timeline_legend.hpp"
#include "timeline/timeline_painter.hpp"
#include "timeline/timeline_palette.hpp"
#include "timeline/timeline_widget.hpp"
#include "timeline_test_support.hpp"

namespace ioscope::ui {
namespace {

using test::scenario;

constexpr std::int64_t kBase = 5'000'000'000;  // the synthetic run's clock starts here
constexpr std::int64_t kUs = 1000;

TraceEvent ev(std::int64_t t, EventKind kind, Lane lane = Lane::Buyer, Sys sys = Sys::none) {
  return syntheticEvent(kBase, t, kind, lane, sys);
}

// One waited recvmsg: called at 0, data ready at 600 us, copied until 1000 us. A client sent
// it at 500 us. Arrival order as the engine delivers it (ready after the call's end).
struct WaitedRecv {
  TraceDocument doc;
  std::uint32_t begin = 0, end = 0, ready = 0, copy_begin = 0, send = 0;

  WaitedRecv() {
    std::vector<TraceEvent> v;
    TraceEvent send_ev = ev(500 * kUs, EventKind::ClientSend, Lane::Factory);
    send_ev.conn = 40001;
    send_ev.aux = 0;
    send_ev.fd = 9;
    v.push_back(send_ev);
    send = 0;
    begin = 1;
    v.push_back(ev(0, EventKind::SyscallBegin, Lane::Buyer, Sys::recvmsg));
    TraceEvent end_ev = ev(1000 * kUs, EventKind::SyscallEnd, Lane::Buyer, Sys::recvmsg);
    end_ev.value = 64;
    end = 2;
    v.push_back(end_ev);
    TraceEvent ready_ev = ev(600 * kUs, EventKind::KernelReady, Lane::Shopkeeper);
    ready_ev.conn = 40001;
    ready_ev.aux = 0;
    ready_ev.value = 64;
    ready = 3;
    v.push_back(ready_ev);
    TraceEvent cb = ev(600 * kUs, EventKind::CopyBegin);
    cb.flags = flag::kWaited;
    cb.conn = 40001;
    cb.value = 64;
    copy_begin = 4;
    v.push_back(cb);
    TraceEvent ce = cb;
    ce.kind = EventKind::CopyEnd;
    ce.t_ns = kBase + 1000 * kUs;
    v.push_back(ce);
    doc.append(v);
  }
};

void runToEnd(RunController& ctl, const Scenario& s) {
  QSignalSpy finished(&ctl, &RunController::finished);
  ASSERT_TRUE(ctl.start(s)) << ctl.error().toStdString();
  ASSERT_TRUE(finished.wait(60000));
  ASSERT_TRUE(ctl.summary().ok()) << ctl.summary().error;
}

TEST(TimelinePainter, RealEpollRunFillsBuyerAndShopkeeperRowsInBothLooks) {
  RunController ctl;
  runToEnd(ctl, scenario("epoll", 2, 5, 64, 2'000'000));
  const TraceDocument& doc = ctl.document();
  const QRect rect(0, 0, 1200, 600);
  const QList<TimelineRun> runs{{&doc, QString()}};
  const LaneLayout layout = TimelinePainter::layout(rect, runs);
  const LaneRow* buyer = firstRow(layout, RowKind::Buyer);
  const LaneRow* shop = firstRow(layout, RowKind::Shopkeeper);
  ASSERT_TRUE(buyer && shop);
  const TimeRange r = TimelinePainter::extent(runs, false, 0);
  TimeAxis axis;
  axis.fit(r.t0, r.t1, TimelinePainter::plotRect(rect).width());
  QImage images[2];
  for (TimelineLook look : {TimelineLook::Analogy, TimelineLook::Syscall}) {
    QImage& img = images[static_cast<int>(look)];
    img = QImage(rect.size(), QImage::Format_ARGB32);
    QPainter p(&img);
    const PaintStats stats = TimelinePainter::paint(p, rect, doc, axis, look);
    p.end();
    EXPECT_GT(stats.items, 0u);
    EXPECT_GT(nonBackground(img, rowRect(rect, *buyer)), 500) << "buyer row is blank";
    EXPECT_GT(nonBackground(img, rowRect(rect, *shop)), 100) << "shopkeeper row is blank";
  }
  EXPECT_NE(images[0], images[1]) << "the two looks draw the same picture";
}

// A race stacks five models, so its rows give up height (to 0.6 of a single run's): a factory
// row is then too short for "send #0" above "got #0 back". No caption may be drawn over
// another, in either language (Chinese glyphs are taller); the sends keep theirs.
TEST(TimelinePainter, CaptionsOfAStackedRaceNeverOverlapInEitherLanguage) {
  RunController ctl;
  runToEnd(ctl, scenario("epoll", 1, 4, 64, 40'000'000));
  const TraceDocument& doc = ctl.document();
  const QList<TimelineRun> runs{{&doc, QStringLiteral("a")},
                                {&doc, QStringLiteral("b")},
                                {&doc, QStringLiteral("c")},
                                {&doc, QStringLiteral("d")},
                                {&doc, QStringLiteral("e")}};
  const QRect rect(0, 0, 1200, 500);
  const TimeRange r = TimelinePainter::extent(runs, false, 0);
  TimeAxis axis;
  axis.fit(r.t0, r.t1, TimelinePainter::plotRect(rect).width());
  for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
    AppLanguage::apply(lang);
    QImage img(rect.size(), QImage::Format_ARGB32);
    QPainter p(&img);
    TimelineOptions options;
    const PaintStats stats = TimelinePainter::paint(p, rect, runs, axis, options);
    p.end();
    const LaneLayout layout = TimelinePainter::layout(rect, runs);
    const LaneRow* factory = firstRow(layout, RowKind::Factory);
    ASSERT_NE(factory, nullptr);
    ASSERT_LT(factory->height, LaneLayout::kFactoryHeight) << "the race's rows were not squeezed";
    const QRectF factory_row = rowRect(rect, *factory);
    int in_factory_row = 0;
    for (const QRectF& box : stats.caption_boxes)
      if (factory_row.contains(box.center())) ++in_factory_row;
    EXPECT_GE(in_factory_row, 3) << lang.toStdString() << ": the sends lost their captions";
    for (std::size_t i = 0; i < stats.caption_boxes.size(); ++i)
      for (std::size_t j = i + 1; j < stats.caption_boxes.size(); ++j) {
        const QRectF both = stats.caption_boxes[i].intersected(stats.caption_boxes[j]);
        EXPECT_FALSE(both.width() > 1 && both.height() > 1)
            << lang.toStdString() << ": caption " << i << " and " << j << " overlap";
      }
  }
  AppLanguage::apply(QStringLiteral("en"));
}

TEST(TimelinePainter, WaitedRecvShowsPhaseOneThenPhaseTwoAtTheirTimes) {
  WaitedRecv w;
  const QRect rect(0, 0, 1400, 400);
  TimeAxis axis(0, 1000.0);  // 1 us per px, timeline time 0 at plot x 0
  QImage img(rect.size(), QImage::Format_ARGB32);
  QPainter p(&img);
  TimelinePainter::paint(p, rect, w.doc, axis, TimelineLook::Syscall);
  p.end();
  const LaneLayout layout = TimelinePainter::layout(rect, {{&w.doc, QString()}});
  const QRect row = rowRect(rect, *firstRow(layout, RowKind::Buyer));
  const QRectF bars = RowBands::buyerBars(row);
  const int y0 = static_cast<int>(bars.top()) + 3, y1 = static_cast<int>(bars.bottom()) - 3;
  const TimelinePalette& pal = TimelinePalette::standard();
  const int left = row.left();
  // Phase 1 (hatched light blue) from 0 to 600 us, phase 2 (solid vermillion) to 1000 us.
  for (int us : {50, 300, 580}) {
    EXPECT_GT(columnShare(img, left + us, y0, y1, pal.wait_fill), 0.3) << "at " << us << " us";
    EXPECT_LT(columnShare(img, left + us, y0, y1, pal.copy_fill), 0.05) << "at " << us << " us";
  }
  for (int us : {620, 800, 980}) {
    EXPECT_GT(columnShare(img, left + us, y0, y1, pal.copy_fill), 0.5) << "at " << us << " us";
    EXPECT_LT(columnShare(img, left + us, y0, y1, pal.wait_fill), 0.05) << "at " << us << " us";
  }
  int first_copy = -1;
  for (int x = left; x < left + 1100 && first_copy < 0; ++x)
    if (columnShare(img, x, y0, y1, pal.copy_fill) > 0.5) first_copy = x - left;
  EXPECT_NEAR(first_copy, 600, 3);
  // Nothing after the call returned.
  EXPECT_LT(columnShare(img, left + 1050, y0, y1, pal.copy_fill), 0.05);
}

TEST(TimelineFlow, SendLeadsToItsKernelReadyAndTheCallThatTookIt) {
  WaitedRecv w;
  const Track* client = w.doc.find_track({Lane::Factory, 0});
  ASSERT_NE(client, nullptr);
  ASSERT_EQ(client->marks.size(), 1u);
  const FlowLink link = resolveFlow(w.doc, client->marks[0]);
  ASSERT_TRUE(link.ready);
  EXPECT_EQ(link.ready->event, w.ready);
  ASSERT_TRUE(link.taker);
  EXPECT_EQ(link.taker->event, w.begin);
}

class TimelineWidgetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    widget.resize(1400, 500);
    widget.setDocument(&w.doc);
    widget.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&widget));
    widget.setAxis(TimeAxis(0, 1000.0));  // 1 us per px
  }
  QPoint at(std::int64_t t_rel, RowKind kind, double fy) {
    const LaneLayout layout = TimelinePainter::layout(widget.rect(), widget.runs());
    const LaneRow* row = firstRow(layout, kind);
    const QRect plot = widget.plotRect();
    return QPoint(plot.left() + static_cast<int>(widget.axis().x_of(t_rel)),
                  plot.top() + row->y + static_cast<int>(row->height * fy));
  }
  WaitedRecv w;
  TimelineWidget widget;
};

TEST_F(TimelineWidgetTest, ClickingASpanOrMarkSelectsItsEvent) {
  QSignalSpy selected(&widget, &TimelineWidget::eventSelected);
  QTest::mouseClick(&widget, Qt::LeftButton, {}, at(300 * kUs, RowKind::Buyer, 0.6));
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.takeFirst().at(0).value<quint32>(), w.begin);
  QTest::mouseClick(&widget, Qt::LeftButton, {}, at(800 * kUs, RowKind::Buyer, 0.6));
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.takeFirst().at(0).value<quint32>(), w.copy_begin) << "phase 2 is the copy";
  QTest::mouseClick(&widget, Qt::LeftButton, {}, at(600 * kUs, RowKind::Shopkeeper, 0.5));
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.takeFirst().at(0).value<quint32>(), w.ready);
  EXPECT_EQ(widget.selectedEvent(), std::optional<quint32>(w.ready));
  // Far from anything: no selection change.
  QTest::mouseClick(&widget, Qt::LeftButton, {}, at(1200 * kUs, RowKind::Shopkeeper, 0.5));
  EXPECT_EQ(selected.count(), 0);
}

TEST_F(TimelineWidgetTest, StepNextVisitsEveryEventInTimeOrderAndStepPreviousReturns) {
  QSignalSpy selected(&widget, &TimelineWidget::eventSelected);
  for (std::size_t i = 0; i < w.doc.size() + 2; ++i) widget.stepNext();
  ASSERT_EQ(static_cast<std::size_t>(selected.count()), w.doc.size());
  std::int64_t last = INT64_MIN;
  for (std::size_t r = 0; r < w.doc.size(); ++r) {
    const auto index = selected.at(static_cast<int>(r)).at(0).value<quint32>();
    EXPECT_EQ(index, w.doc.by_time(r));
    EXPECT_GE(w.doc.event(index).t_ns, last);
    last = w.doc.event(index).t_ns;
  }
  // The ready mark arrived after the call's end but happened before it.
  EXPECT_LT(w.doc.row_of(w.ready), w.doc.row_of(w.end));
  EXPECT_EQ(widget.playhead(), w.doc.event(w.doc.by_time(w.doc.size() - 1)).t_ns - kBase);
  selected.clear();
  widget.stepPrevious();
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.at(0).at(0).value<quint32>(), w.doc.by_time(w.doc.size() - 2));
}

TEST_F(TimelineWidgetTest, ZoomPanAndFitKeysChangeTheAxis) {
  widget.fit();
  const TimeAxis fitted = widget.axis();
  QTest::keyClick(&widget, Qt::Key_Plus);
  EXPECT_LT(widget.axis().ns_per_px(), fitted.ns_per_px());
  const double zoomed = widget.axis().ns_per_px();
  QTest::keyClick(&widget, Qt::Key_Minus);
  EXPECT_GT(widget.axis().ns_per_px(), zoomed);
  const std::int64_t origin = widget.axis().origin();
  QTest::keyClick(&widget, Qt::Key_Right);
  EXPECT_GT(widget.axis().origin(), origin);
  QTest::keyClick(&widget, Qt::Key_Left);
  QTest::keyClick(&widget, Qt::Key_Left);
  EXPECT_LT(widget.axis().origin(), origin);
  QTest::keyClick(&widget, Qt::Key_F);
  EXPECT_DOUBLE_EQ(widget.axis().ns_per_px(), fitted.ns_per_px());
  EXPECT_EQ(widget.axis().origin(), fitted.origin());
  QTest::keyClick(&widget, Qt::Key_Plus);
  QTest::keyClick(&widget, Qt::Key_0);
  EXPECT_DOUBLE_EQ(widget.axis().ns_per_px(), fitted.ns_per_px());
  // The whole run fits: 0 and 1000 us are both inside the plot.
  EXPECT_GE(widget.axis().x_of(0), 0);
  EXPECT_LE(widget.axis().x_of(1000 * kUs), widget.plotRect().width());
}

TEST_F(TimelineWidgetTest, MarkersAndRangeMeasureTime) {
  widget.setMarkerA(100 * kUs);
  widget.setMarkerB(350 * kUs);
  EXPECT_EQ(*widget.markerB() - *widget.markerA(), 250 * kUs);
  widget.setRange(0, 2000 * kUs);
  const QStringList summary = widget.rangeSummary();
  ASSERT_GE(summary.size(), 2);
  EXPECT_TRUE(summary[1].contains(QStringLiteral("6 events"))) << summary[1].toStdString();
  EXPECT_TRUE(summary[1].contains(QStringLiteral("1 call:"))) << summary[1].toStdString();
  QTest::keyClick(&widget, Qt::Key_Escape);
  EXPECT_FALSE(widget.range().has_value());
  EXPECT_FALSE(widget.markerA().has_value());
}

TEST_F(TimelineWidgetTest, ReplayAdvancesThePlayheadAndStops) {
  QSignalSpy playing(&widget, &TimelineWidget::playingChanged);
  widget.play(1.0);  // 1 ms of trace at real time
  EXPECT_TRUE(widget.isPlaying());
  QTRY_VERIFY_WITH_TIMEOUT(!widget.isPlaying(), 3000);
  EXPECT_EQ(widget.playhead(), 1000 * kUs);
  EXPECT_EQ(playing.count(), 2);
  widget.jumpToStart();
  EXPECT_EQ(widget.playhead(), 0);
  widget.play(1e-9);  // clamped to 1/10000 x
  EXPECT_DOUBLE_EQ(widget.playSpeed(), TimelineWidget::kMinPlaySpeed);
  QTest::keyClick(&widget, Qt::Key_Space);
  EXPECT_FALSE(widget.isPlaying());
}

TEST(TimelineWidget, LiveOpenCallGrowsToNow) {
  TraceDocument doc;
  doc.append({ev(0, EventKind::SyscallBegin, Lane::Buyer, Sys::recvmsg)});
  TimelineWidget widget;
  widget.resize(1200, 400);
  widget.setDocument(&doc);
  widget.setLive(true);
  widget.setFollowLive(false);
  widget.setAxis(TimeAxis(0, 1000.0));
  const QRect rect(0, 0, 1200, 400);
  const LaneLayout layout = TimelinePainter::layout(rect, widget.runs());
  const QRectF bars = RowBands::buyerBars(rowRect(rect, *firstRow(layout, RowKind::Buyer)));
  const int y0 = static_cast<int>(bars.top()) + 3, y1 = static_cast<int>(bars.bottom()) - 3;
  const int left = TimelinePainter::plotRect(rect).left();
  const QColor wait = TimelinePalette::standard().wait_fill;
  widget.setNow(kBase + 300 * kUs);
  QImage img = widget.renderToImage(rect.size());
  EXPECT_GT(columnShare(img, left + 250, y0, y1, wait), 0.3);
  EXPECT_LT(columnShare(img, left + 500, y0, y1, wait), 0.05);
  widget.setNow(kBase + 700 * kUs);
  img = widget.renderToImage(rect.size());
  EXPECT_GT(columnShare(img, left + 500, y0, y1, wait), 0.3) << "the waiting bar did not grow";
  // Follow-live keeps the zoom and puts now near the right edge.
  widget.setFollowLive(true);
  EXPECT_DOUBLE_EQ(widget.axis().ns_per_px(), 1000.0);
  const double x_now = widget.axis().x_of(700 * kUs);
  EXPECT_GT(x_now, widget.plotRect().width() - 60);
  EXPECT_LE(x_now, widget.plotRect().width());
}

TEST(TimelinePainter, MillionEventsPaintWithWorkBoundedByWidth) {
  TraceDocument doc;
  doc.append(syntheticTrace({1'000'000, 2'000'000'000, 4, kBase}));
  ASSERT_GE(doc.size(), 990'000u);
  const QRect rect(0, 0, 1000, 500);
  const QList<TimelineRun> runs{{&doc, QString()}};
  const TimeRange r = TimelinePainter::extent(runs, false, 0);
  const int width = TimelinePainter::plotRect(rect).width();
  for (double zoom : {1.0, 30.0, 3000.0}) {
    TimeAxis axis;
    axis.fit(r.t0, r.t1, width);
    axis.zoom_at(width / 2.0, zoom);
    QImage img(rect.size(), QImage::Format_ARGB32_Premultiplied);
    QPainter p(&img);
    const PaintStats stats = TimelinePainter::paint(p, rect, doc, axis, TimelineLook::Analogy);
    p.end();
    EXPECT_GT(stats.items, 0u) << "zoom " << zoom;
    EXPECT_LE(stats.max_track_items, 6u * static_cast<std::size_t>(width) + 64) << "zoom " << zoom;
    if (zoom == 1.0) {
      EXPECT_GT(stats.merged_bins, 100u);
    }
  }
}

TEST(TimelineWidget, StackedRunsEachGetTitledLanesStartingAtZero) {
  WaitedRecv a, b;
  TimelineWidget widget;
  widget.resize(1200, 700);
  widget.setDocuments({&a.doc, &b.doc}, {QStringLiteral("epoll"), QStringLiteral("blocking")});
  const LaneLayout layout = TimelinePainter::layout(widget.rect(), widget.runs());
  int titles = 0, buyers = 0;
  for (const LaneRow& r : layout.rows()) {
    titles += r.kind == RowKind::Title;
    buyers += r.kind == RowKind::Buyer;
  }
  EXPECT_EQ(titles, 2);
  EXPECT_EQ(buyers, 2);
  EXPECT_EQ(TimelinePainter::extent(widget.runs(), false, 0).t1, 1000 * kUs);
  const QImage img = widget.renderToImage(widget.size());
  EXPECT_FALSE(img.isNull());
}

TEST(TimelineLayout, ManyClientsShareOneFactoryRow) {
  TraceDocument doc;
  doc.append(syntheticTrace({12 * 20, 1'000'000, 20, kBase}));
  const LaneLayout layout = LaneLayout::build({{&doc, QString()}}, 600);
  int factory = 0;
  for (const LaneRow& r : layout.rows()) {
    if (r.kind == RowKind::FactoryGroup) {
      EXPECT_EQ(r.tracks.size(), 20u);
    }
    factory += r.kind == RowKind::Factory || r.kind == RowKind::FactoryGroup;
  }
  EXPECT_EQ(factory, 1);
}

// Lesson 1's race: five models, one client each, in the lanes a 1920x1080 window leaves (about
// 800 px). Every model's rows fit without scrolling; a single run keeps its taller rows.
TEST(TimelineLayout, ARaceOfFiveModelsFitsTheScreen) {
  std::vector<TraceDocument> docs(5);
  QList<TimelineRun> runs;
  for (auto& doc : docs) {
    doc.append(syntheticTrace({200, 1'000'000, 1, kBase}));
    runs.append({&doc, QStringLiteral("model")});
  }
  const LaneLayout race = LaneLayout::build(runs, 800);
  EXPECT_LE(race.contentHeight(), 800);
  const LaneLayout single = LaneLayout::build({runs.front()}, 100);
  EXPECT_GT(single.contentHeight(), 100) << "a single run scrolls rather than squeeze";
}

// Not a check: renders the classroom scenarios to PNGs for a human to look at.
// IOSCOPE_TIMELINE_SHOTS=/some/dir ui_tests --gtest_filter='*Screenshots*'
struct Frame {
  QWidget widget;
  TimelineWidget* timeline;
  TimelineLegend* legend;
  Frame(const QList<TimelineRun>& runs, TimelineLook look, QSize size) {
    auto* column = new QVBoxLayout(&widget);
    column->setContentsMargins(0, 0, 0, 0);
    timeline = new TimelineWidget(&widget);
    legend = new TimelineLegend(&widget);
    column->addWidget(timeline, 1);
    column->addWidget(legend);
    timeline->setRuns(runs);
    timeline->setLook(look);
    legend->setLook(look);
    widget.resize(size);
    widget.show();
    EXPECT_TRUE(QTest::qWaitForWindowExposed(&widget));
    timeline->fit();
  }
  void save(const QString& dir, const QString& name) {
    EXPECT_TRUE(widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
  }
};

QString lookName(TimelineLook look) {
  return look == TimelineLook::Analogy ? QStringLiteral("analogy") : QStringLiteral("syscall");
}

TEST(TimelineScreenshots, ClassroomScenarios) {
  const QString dir = QString::fromLocal8Bit(qgetenv("IOSCOPE_TIMELINE_SHOTS"));
  if (dir.isEmpty()) GTEST_SKIP() << "set IOSCOPE_TIMELINE_SHOTS to a directory";
  QDir().mkpath(dir);
  struct Shot {
    const char* name;
    Scenario scenario;
  };
  std::vector<std::unique_ptr<RunController>> runs;
  for (const Shot& shot : {Shot{"blocking", scenario("blocking", 2, 5, 64, 300'000'000)},
                           Shot{"epoll", scenario("epoll", 4, 5, 64, 300'000'000)},
                           Shot{"nonblocking", scenario("nonblocking", 2, 5, 64, 300'000'000)},
                           Shot{"sigio", scenario("sigio", 2, 5, 64, 300'000'000)},
                           Shot{"io_uring", scenario("io_uring", 2, 5, 64, 300'000'000)}}) {
    if (const ModelInfo* m = find_model(shot.scenario.model);
        m && m->unavailable && m->unavailable())
      continue;
    auto ctl = std::make_unique<RunController>();
    runToEnd(*ctl, shot.scenario);
    const TraceDocument& doc = ctl->document();
    const QList<TimelineRun> one{{&doc, QString()}};
    std::int64_t ready = 0;
    for (std::size_t r = 0; r < doc.size() && ready == 0; ++r)
      if (doc.event(doc.by_time(r)).kind == EventKind::KernelReady)
        ready = doc.event(doc.by_time(r)).t_ns - doc.first_time();
    for (QSize size : {QSize(1366, 768), QSize(1920, 1080)}) {
      for (TimelineLook look : {TimelineLook::Analogy, TimelineLook::Syscall}) {
        Frame f(one, look, size);
        const QString base = QStringLiteral("%1-%2-%3x%4")
                                 .arg(QLatin1String(shot.name), lookName(look))
                                 .arg(size.width())
                                 .arg(size.height());
        f.save(dir, base);
        if (size.width() != 1366) continue;
        // Zoomed on the first arrival: phase 1, phase 2, captions, arrows.
        TimeAxis axis;
        axis.fit(ready - 60'000, ready + 240'000, f.timeline->plotRect().width());
        f.timeline->setAxis(axis);
        f.save(dir, base + QStringLiteral("-zoom"));
        // Nanoseconds, far from the start: the ruler must still tell ticks apart.
        axis.fit(ready - 200, ready + 600, f.timeline->plotRect().width());
        f.timeline->setAxis(axis);
        f.save(dir, base + QStringLiteral("-deepzoom"));
      }
    }
    runs.push_back(std::move(ctl));
  }
  // Overlays: selection, markers, a measured range, the playhead, the key sheet.
  {
    const TraceDocument& doc = runs[1]->document();
    Frame f({{&doc, QString()}}, TimelineLook::Analogy, QSize(1366, 768));
    for (int i = 0; i < 40; ++i) f.timeline->stepNext();
    f.timeline->setMarkerA(280'000'000);
    f.timeline->setMarkerB(580'000'000);
    f.timeline->setRange(800'000'000, 1'150'000'000);
    f.save(dir, QStringLiteral("epoll-overlays"));
    f.timeline->setCheatSheetVisible(true);
    f.save(dir, QStringLiteral("epoll-cheatsheet"));
  }
  // Live: a blocking run caught mid-wait, its open calls growing to now.
  {
    RunController live;
    Frame f({}, TimelineLook::Analogy, QSize(1366, 768));
    f.timeline->setDocument(&live.document());
    QObject::connect(&live, &RunController::eventsAdded, f.timeline,
                     &TimelineWidget::documentChanged);
    f.timeline->setNowProvider([&live] { return live.now_ns(); });
    QSignalSpy finished(&live, &RunController::finished);
    ASSERT_TRUE(live.start(scenario("blocking", 2, 5, 64, 300'000'000)));
    f.timeline->setLive(true);
    QTest::qWait(800);
    f.save(dir, QStringLiteral("blocking-live"));
    live.stop();
    ASSERT_TRUE(finished.wait(10000));
  }
  // A race: two runs stacked on one axis, both starting at 0.
  Frame race({{&runs[0]->document(), QStringLiteral("blocking")},
              {&runs[1]->document(), QStringLiteral("epoll")}},
             TimelineLook::Analogy, QSize(1366, 768));
  race.save(dir, QStringLiteral("race-1366x768"));
}

}  // namespace
}  // namespace ioscope::ui
