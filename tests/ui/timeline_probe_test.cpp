// The timeline with the kernel probe's measured pieces: a receive that waited is drawn as phase 1,
// the wake-up and the copy, each where the kernel stamped it; clicking a piece selects it; the
// inspector names the tracepoint that measured it.
#include <gtest/gtest.h>

#include <QCheckBox>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

#include "../test_scenario.hpp"
#include "bridge/run_controller.hpp"
#include "inspector/event_explainer.hpp"
#include "timeline/timeline_rows.hpp"
#include "timeline/timeline_widget.hpp"
#include "timeline_test_support.hpp"
#include "window/main_window.hpp"
#include "window/scenario_panel.hpp"

namespace ioscope::ui {
namespace {

constexpr std::int64_t kBase = 7'000'000'000;
constexpr std::int64_t kUs = 1000;

TraceEvent at(std::int64_t t, EventKind kind, Lane lane = Lane::Buyer, Sys sys = Sys::none) {
  return syntheticEvent(kBase, t, kind, lane, sys);
}

// An event the kernel probe measured: `span` is how long before t it began.
TraceEvent measured(std::int64_t t, EventKind kind, std::int64_t span, std::int64_t value,
                    Lane lane = Lane::Buyer) {
  TraceEvent e = at(t, kind, lane);
  e.aux = span;
  e.value = value;
  set_source(e, Source::Probe);
  return e;
}

// One blocking recvmsg from 0 to 1000 us; the data reached the socket at 600 us. The engine
// inferred phase 2 as 600..1000 us; the probe measured the wake-up at 600..750 us and the copy
// at 800..950 us. Arrival order as a run delivers them: the engine's events, then the probe's.
struct ProbedRecv {
  TraceDocument doc;
  std::uint32_t begin = 0, inferred_copy = 0, wakeup = 0, copy = 0;

  ProbedRecv() {
    std::vector<TraceEvent> v;
    begin = static_cast<std::uint32_t>(v.size());
    v.push_back(at(0, EventKind::SyscallBegin, Lane::Buyer, Sys::recvmsg));
    TraceEvent end = at(1000 * kUs, EventKind::SyscallEnd, Lane::Buyer, Sys::recvmsg);
    end.value = 64;
    v.push_back(end);
    TraceEvent ready = at(600 * kUs, EventKind::KernelReady, Lane::Shopkeeper);
    ready.value = 64;
    v.push_back(ready);
    TraceEvent cb = at(600 * kUs, EventKind::CopyBegin);
    cb.flags = flag::kWaited;
    cb.value = 64;
    inferred_copy = static_cast<std::uint32_t>(v.size());
    v.push_back(cb);
    cb.kind = EventKind::CopyEnd;
    cb.t_ns = kBase + 1000 * kUs;
    v.push_back(cb);
    v.push_back(measured(598 * kUs, EventKind::DataQueued, 0, 64, Lane::Shopkeeper));
    wakeup = static_cast<std::uint32_t>(v.size());
    v.push_back(measured(600 * kUs, EventKind::Wakeup, 150 * kUs, 4242));
    copy = static_cast<std::uint32_t>(v.size());
    v.push_back(measured(800 * kUs, EventKind::KernelCopy, 150 * kUs, 64));
    doc.append(v);
  }
};

struct Bars {
  QImage img;
  int left = 0, y0 = 0, y1 = 0;
};

// Paints the run and finds the bars of one buyer thread (the first one by default).
Bars paintBuyer(const TraceDocument& doc, const TimeAxis& axis, TimelineLook look,
                std::uint16_t track = 0) {
  const QRect rect(0, 0, 1400, 400);
  Bars b;
  b.img = QImage(rect.size(), QImage::Format_ARGB32);
  QPainter p(&b.img);
  TimelinePainter::paint(p, rect, doc, axis, look);
  p.end();
  const LaneLayout layout = TimelinePainter::layout(rect, {{&doc, QString()}});
  const LaneRow* buyer = layout.rowFor(0, Lane::Buyer, track);
  if (buyer == nullptr) return b;
  const QRect row = rowRect(rect, *buyer);
  const QRectF bars = RowBands::buyerBars(row);
  b.left = row.left();
  b.y0 = static_cast<int>(bars.top()) + 3;
  b.y1 = static_cast<int>(bars.bottom()) - 3;
  return b;
}

TEST(TimelineProbe, MeasuredRecvShowsWaitingThenWakeupThenCopyAtTheKernelsTimes) {
  ProbedRecv r;
  const TimelinePalette& pal = TimelinePalette::standard();
  for (TimelineLook look : {TimelineLook::Analogy, TimelineLook::Syscall}) {
    const Bars b = paintBuyer(r.doc, TimeAxis(0, 1000.0), look);  // 1 us per px
    const auto share = [&](int us, const QColor& c) {
      return columnShare(b.img, b.left + us, b.y0, b.y1, c);
    };
    for (int us : {50, 300, 580}) {
      EXPECT_GT(share(us, pal.wait_fill), 0.3) << "phase 1 at " << us << " us";
      EXPECT_LT(share(us, pal.wake_fill), 0.05) << "at " << us << " us";
    }
    for (int us : {620, 680, 730}) {
      EXPECT_GT(share(us, pal.wake_fill), 0.3) << "wake-up at " << us << " us";
      EXPECT_LT(share(us, pal.copy_fill), 0.05) << "not the copy at " << us << " us";
    }
    EXPECT_GT(share(775, pal.other_fill), 0.5) << "the kernel's path between wake-up and copy";
    for (int us : {820, 880, 940})
      EXPECT_GT(share(us, pal.copy_fill), 0.5) << "measured copy at " << us << " us";
    EXPECT_LT(share(1050, pal.copy_fill), 0.05) << "nothing after the call returned";
  }
}

TEST(TimelineProbe, WithoutMeasuredPiecesTheInferredCopyIsDrawnAsBefore) {
  ProbedRecv r;
  TraceDocument inferred;
  std::vector<TraceEvent> v;
  for (std::uint32_t i = 0; i < r.doc.size(); ++i)
    if (source_of(r.doc.event(i)) != Source::Probe) v.push_back(r.doc.event(i));
  inferred.append(v);
  const Bars b = paintBuyer(inferred, TimeAxis(0, 1000.0), TimelineLook::Syscall);
  const TimelinePalette& pal = TimelinePalette::standard();
  EXPECT_GT(columnShare(b.img, b.left + 680, b.y0, b.y1, pal.copy_fill), 0.5)
      << "wake-up + copy, inferred, from the data's arrival";
  EXPECT_LT(columnShare(b.img, b.left + 680, b.y0, b.y1, pal.wake_fill), 0.05);
}

TEST(TimelineProbe, ClickingTheWakeupOrTheCopySelectsTheMeasuredEvent) {
  ProbedRecv r;
  TimelineWidget widget;
  widget.resize(1400, 420);
  widget.setDocument(&r.doc);
  widget.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&widget));
  widget.setAxis(TimeAxis(0, 1000.0));
  const LaneLayout layout = TimelinePainter::layout(widget.rect(), widget.runs());
  const LaneRow* row = firstRow(layout, RowKind::Buyer);
  ASSERT_NE(row, nullptr);
  const QRect plot = widget.plotRect();
  const auto point = [&](std::int64_t us) {
    return QPoint(plot.left() + static_cast<int>(widget.axis().x_of(us * kUs)),
                  plot.top() + row->y + static_cast<int>(row->height * 0.6));
  };
  QSignalSpy selected(&widget, &TimelineWidget::eventSelected);
  QTest::mouseClick(&widget, Qt::LeftButton, {}, point(300));
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.takeFirst().at(0).value<quint32>(), r.begin) << "phase 1 is the call";
  QTest::mouseClick(&widget, Qt::LeftButton, {}, point(680));
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.takeFirst().at(0).value<quint32>(), r.wakeup);
  QTest::mouseClick(&widget, Qt::LeftButton, {}, point(880));
  ASSERT_EQ(selected.count(), 1);
  EXPECT_EQ(selected.takeFirst().at(0).value<quint32>(), r.copy);
}

TEST(TimelineProbe, TheInspectorNamesTheTracepointOrSaysInferred) {
  ProbedRecv r;
  const EventExplanation wake = EventExplainer::explain(r.doc, r.wakeup);
  const EventExplanation copy = EventExplainer::explain(r.doc, r.copy);
  const EventExplanation inferred = EventExplainer::explain(r.doc, r.inferred_copy);
  const auto source = [](const EventExplanation& x) {
    for (const auto& [label, value] : x.details)
      if (label == QStringLiteral("Time source")) return value;
    return QString();
  };
  EXPECT_TRUE(source(wake).contains(QStringLiteral("sched:sched_waking")))
      << source(wake).toStdString();
  EXPECT_TRUE(source(copy).contains(QStringLiteral("skb:skb_copy_datagram_iovec")))
      << source(copy).toStdString();
  EXPECT_TRUE(source(inferred).contains(QStringLiteral("inferred")))
      << source(inferred).toStdString();
  EXPECT_EQ(copy.phase, EventExplanation::Phase::CopyToUser);
  EXPECT_EQ(wake.phase, EventExplanation::Phase::ReadyInKernel) << "the wake-up is not the copy";
  EXPECT_TRUE(wake.syscall.contains(QStringLiteral("not the copy")));
}

// A real blocking run with the probe: where the kernel can be measured (root, BTF; CI is root,
// and a skip there fails the run), the buyer's receives are drawn from the kernel's stamps.
TEST(TimelineProbe, RealBlockingRunWithTheProbeDrawsTheMeasuredWakeupAndCopy) {
  RunController ctl;
  Scenario s = test::scenario("blocking", 1, 6, 64, 20'000'000);
  s.probe = ProbeMode::Auto;
  QSignalSpy finished(&ctl, &RunController::finished);
  ASSERT_TRUE(ctl.start(s)) << ctl.error().toStdString();
  ASSERT_TRUE(finished.wait(60000));
  ASSERT_TRUE(ctl.summary().ok()) << ctl.summary().error;
  if (!ctl.summary().probe.measured) GTEST_SKIP() << ctl.summary().probe.why_not;
  const TraceDocument& doc = ctl.document();
  // A receive the probe measured with its wake-up: the buyer slept through phase 1.
  std::optional<MeasuredRecv> found;
  std::uint16_t track = 0;
  for (const Track& t : doc.tracks()) {
    if (t.id.lane != Lane::Buyer) continue;
    for (const Span& call : t.spans) {
      if (call.kind != SpanKind::Syscall || call.sys != Sys::recvmsg) continue;
      if (auto m = measuredWithin(t, call); m && m->wakeup) {
        found = m;
        track = t.id.track;
      }
    }
  }
  ASSERT_TRUE(found.has_value()) << "no receive with a measured wake-up and copy";
  const Span& wake = *found->wakeup;
  const Span& copy = found->copy;
  ASSERT_LE(wake.t1, copy.t0) << "the thread was back on a CPU before it copied";
  // Zoomed so that one piece spans x = 100..700: its middle has its colour. The pieces' lengths
  // vary with the machine's load (a wake-up may take a hundred times the copy), so each is
  // looked at on its own scale.
  const TimelinePalette& pal = TimelinePalette::standard();
  const auto middleShare = [&](const Span& piece, const QColor& colour, int before_px = 0) {
    const double ns_per_px =
        std::max(TimeAxis::kMinNsPerPx, static_cast<double>(piece.t1 - piece.t0) / 600.0);
    const TimeAxis axis(piece.t0 - doc.first_time() - static_cast<std::int64_t>(100 * ns_per_px),
                        ns_per_px);
    const Bars b = paintBuyer(doc, axis, TimelineLook::Analogy, track);
    EXPECT_LT(b.y0, b.y1) << "no row for buyer thread " << track;
    const int x = before_px > 0 ? b.left + 100 - before_px : b.left + 400;
    return columnShare(b.img, x, b.y0, b.y1, colour);
  };
  EXPECT_GT(middleShare(wake, pal.wake_fill), 0.3) << "the wake-up";
  EXPECT_GT(middleShare(copy, pal.copy_fill), 0.5) << "the copy";
  EXPECT_GT(middleShare(wake, pal.wait_fill, 20), 0.3) << "phase 1 before the wake-up";
}

// View > Zoom to the wake-up and copy: the window shows and selects what the probe measured.
TEST(TimelineProbe, TheWindowZoomsToTheMeasuredWakeupAndSelectsIt) {
  MainWindow window;
  window.resize(1366, 768);
  window.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
  QCheckBox* box = window.scenarioPanel()->probeCheck();
  if (!box->isEnabled()) GTEST_SKIP() << box->toolTip().toStdString();
  box->setChecked(true);
  Scenario s = test::scenario("blocking", 1, 4, 64, 20'000'000);
  window.scenarioPanel()->setScenario(s);
  QSignalSpy finished(window.controller(), &RunController::finished);
  ASSERT_TRUE(window.startRun());
  ASSERT_TRUE(finished.wait(60000));
  ASSERT_TRUE(window.controller()->summary().probe.measured)
      << window.controller()->summary().probe.why_not;
  ASSERT_TRUE(window.zoomToMeasured());
  const auto selected = window.timeline()->selectedEvent();
  ASSERT_TRUE(selected.has_value());
  const TraceEvent& e = window.controller()->document().event(*selected);
  EXPECT_EQ(e.kind, EventKind::Wakeup);
  // Zoomed in: from the wake-up's start to the copy's end is the middle third of the plot, not
  // a sliver of a 100 ms run; all of it in view.
  const auto place = firstMeasuredPlace(window.controller()->document());
  ASSERT_TRUE(place.has_value());
  const TimeAxis& axis = window.timeline()->axis();
  const std::int64_t first = window.controller()->document().first_time();
  const double x0 = axis.x_of(place->t0 - first), x1 = axis.x_of(place->t1 - first);
  const double width = window.timeline()->plotRect().width();
  EXPECT_GE(x0, 0);
  EXPECT_LE(x1, width);
  EXPECT_GT(x1 - x0, width / 4) << "from " << x0 << " to " << x1 << " of " << width;
  EXPECT_EQ(place->t0, e.t_ns);
}

TEST(TimelineProbe, ScenarioPanelAsksForTheProbeOnlyWhereItCanRun) {
  ScenarioPanel panel;
  QCheckBox* box = panel.probeCheck();
  ASSERT_NE(box, nullptr);
  if (!box->isEnabled()) {
    EXPECT_FALSE(box->isChecked());
    EXPECT_FALSE(box->toolTip().isEmpty()) << "a disabled probe box must say why";
    EXPECT_EQ(panel.scenario().probe, ProbeMode::Off);
    return;
  }
  EXPECT_TRUE(box->isChecked()) << "on by default where it can run";
  EXPECT_EQ(panel.scenario().probe, ProbeMode::Auto);
  box->setChecked(false);
  EXPECT_EQ(panel.scenario().probe, ProbeMode::Off);
  panel.setRunning(true);
  EXPECT_FALSE(box->isEnabled()) << "not changed during a run";
  panel.setRunning(false);
  EXPECT_TRUE(box->isEnabled());
  Scenario lesson;
  lesson.model = "blocking";
  box->setChecked(true);
  panel.setScenario(lesson);
  EXPECT_TRUE(box->isChecked()) << "a lesson's scenario leaves the user's choice alone";
}

}  // namespace
}  // namespace ioscope::ui
