// The Latency tab: built, drawn offscreen, and driven by real short comparisons.
#include <gtest/gtest.h>

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "../test_process.hpp"
#include "charts/bar_chart.hpp"
#include "charts/percentile_chart.hpp"
#include "latency/latency_controller.hpp"
#include "latency/latency_view.hpp"
#include "models/model.hpp"

namespace ioscope::ui {
namespace {

using test::thread_count;

TEST(LatencyView, BuildsAndRendersEmpty) {
  LatencyView v;
  v.resize(1366, 768);
  const QImage img = v.grab().toImage();
  ASSERT_FALSE(img.isNull());
  EXPECT_EQ(img.width(), 1366);
  EXPECT_EQ(v.percentileChart()->seriesCount(), 0);
  v.setModels({QStringLiteral("epoll"), QStringLiteral("select")});
  EXPECT_EQ(v.models(), (QStringList{QStringLiteral("select"), QStringLiteral("epoll")}));
  v.setModels({QStringLiteral("all")});
  EXPECT_GE(v.models().size(), 5);
}

TEST(LatencyView, RealComparisonFillsChartsAndCsv) {
  LatencyView v;
  v.resize(1366, 768);
  v.setModels({QStringLiteral("epoll"), QStringLiteral("blocking")});
  v.setWorkload(4, 500, 300, 64);
  QSignalSpy done(&v, &LatencyView::finished);
  QSignalSpy each(v.controller(), &LatencyController::modelFinished);
  ASSERT_TRUE(v.run()) << v.statusText().toStdString();
  EXPECT_TRUE(v.isRunning());
  ASSERT_TRUE(done.wait(30'000));
  EXPECT_FALSE(done.first().at(0).toBool());  // not cancelled
  EXPECT_EQ(each.count(), 2);
  ASSERT_EQ(v.controller()->results().size(), 2u);
  PercentileChart* pc = v.percentileChart();
  ASSERT_EQ(pc->seriesCount(), 2);
  EXPECT_EQ(pc->seriesName(0), QStringLiteral("blocking"));
  EXPECT_EQ(pc->seriesName(1), QStringLiteral("epoll"));
  for (int s = 0; s < 2; ++s) EXPECT_GE(pc->pointCount(s), 5) << s;
  ASSERT_EQ(v.latencyBars()->seriesCount(), 2);
  for (int s = 0; s < 2; ++s) {
    const auto& r = v.controller()->results()[static_cast<std::size_t>(s)];
    EXPECT_GT(r.latency.count, 0u);
    EXPECT_DOUBLE_EQ(v.latencyBars()->value(s, 0), static_cast<double>(r.latency.p50) / 1e3);
    EXPECT_DOUBLE_EQ(v.latencyBars()->value(s, 1), static_cast<double>(r.latency.p99) / 1e3);
    EXPECT_GE(v.latencyBars()->value(s, 1), v.latencyBars()->value(s, 0));
    EXPECT_GT(v.throughputBars()->value(s, 0), 100.0);
    EXPECT_GT(v.cpuBars()->value(s, 0), 0.0);
  }
  EXPECT_EQ(v.throughputBars()->seriesCount(), 2);
  EXPECT_EQ(v.cpuBars()->seriesCount(), 2);
  EXPECT_NE(LatencyView::colorFor("epoll"), LatencyView::colorFor("blocking"));

  QTemporaryDir dir;
  const QString csv = dir.filePath(QStringLiteral("lat.csv"));
  ASSERT_EQ(v.exportCsv(csv), QString());
  QFile f(csv);
  ASSERT_TRUE(f.open(QIODevice::ReadOnly | QIODevice::Text));
  const QStringList lines =
      QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  ASSERT_EQ(lines.size(), 3);
  EXPECT_TRUE(lines[0].startsWith(QStringLiteral("model,clients,rate,")));
  EXPECT_TRUE(lines[1].startsWith(QStringLiteral("blocking,4,500,")));
  EXPECT_TRUE(lines[2].startsWith(QStringLiteral("epoll,4,500,")));
  EXPECT_EQ(lines[1].count(QLatin1Char(',')), lines[0].count(QLatin1Char(',')));

  const QString png = dir.filePath(QStringLiteral("pc.png"));
  ASSERT_EQ(pc->savePng(png), QString());
  EXPECT_FALSE(QImage(png).isNull());
  ASSERT_EQ(v.throughputBars()->savePng(dir.filePath(QStringLiteral("tp.png"))), QString());

  // Hover: the mouse over the middle of the first throughput bar names it and its value.
  v.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&v));
  auto* view = v.throughputBars()->findChild<QChartView*>();
  ASSERT_NE(view, nullptr);
  QChart* chart = view->chart();
  const QPointF mid = chart->mapToPosition(QPointF(-0.2, v.throughputBars()->value(0, 0) / 2),
                                           chart->series().first());
  const QPoint at = view->mapFromScene(chart->mapToScene(mid));
  QTest::mouseMove(view->viewport(), at);
  QTRY_VERIFY_WITH_TIMEOUT(!v.throughputBars()->hoverText().isEmpty(), 2000);
  EXPECT_TRUE(v.throughputBars()->hoverText().startsWith(QStringLiteral("blocking")))
      << v.throughputBars()->hoverText().toStdString();
  EXPECT_EQ(v.hoverText(), v.throughputBars()->hoverText());

  if (!qEnvironmentVariableIsEmpty("IOSCOPE_LATENCY_SHOT"))
    v.grab().save(qEnvironmentVariable("IOSCOPE_LATENCY_SHOT"));
}

// The fair comparison by default: sigio and io_uring sleep until there is something to do, as
// the other models do; ticking "keep working" runs the lessons' variant, and every series says
// which variant it shows.
TEST(LatencyView, SleepsByDefaultAndTheSeriesNameTheVariantThatRan) {
  LatencyView v;
  EXPECT_EQ(v.idleMode(), IdleMode::Sleep);
  EXPECT_FALSE(v.keepWorkingBox()->isChecked());
  EXPECT_EQ(LatencyView::seriesLabel("io_uring", IdleMode::Sleep),
            QStringLiteral("io_uring (sleeps)"));
  EXPECT_EQ(LatencyView::seriesLabel("sigio", IdleMode::Work),
            QStringLiteral("sigio (keeps working)"));
  EXPECT_EQ(LatencyView::seriesLabel("epoll", IdleMode::Sleep), QStringLiteral("epoll"));

  v.setModels({QStringLiteral("sigio"), QStringLiteral("epoll")});
  v.setWorkload(2, 400, 250, 64);
  auto run_and_names = [&v] {
    QSignalSpy done(&v, &LatencyView::finished);
    EXPECT_TRUE(v.run()) << v.statusText().toStdString();
    EXPECT_TRUE(done.wait(30'000));
    QStringList names;
    for (int s = 0; s < v.percentileChart()->seriesCount(); ++s)
      names << v.percentileChart()->seriesName(s);
    names.sort();
    return names;
  };
  EXPECT_EQ(run_and_names(),
            (QStringList{QStringLiteral("epoll"), QStringLiteral("sigio (sleeps)")}));
  for (const auto& r : v.controller()->results()) {
    EXPECT_EQ(r.idle, IdleMode::Sleep) << r.model;
    if (r.model == "sigio") {
      EXPECT_EQ(r.work_units, 0u);
    }
  }

  v.keepWorkingBox()->setChecked(true);
  EXPECT_EQ(v.idleMode(), IdleMode::Work);
  EXPECT_EQ(run_and_names(),
            (QStringList{QStringLiteral("epoll"), QStringLiteral("sigio (keeps working)")}));
  for (const auto& r : v.controller()->results()) {
    if (r.model == "sigio") {
      EXPECT_GT(r.work_units, 0u);
    }
  }
}

// io_uring's variants run as series of their own, in io_uring's colour with their own line,
// each verifying its echoes like any model; a variant can run without the plain model ticked.
TEST(LatencyView, IoUringsVariantsAreSeriesOfTheirOwn) {
  if (auto why = find_model("io_uring")->unavailable()) GTEST_SKIP() << *why;
  LatencyView v;
  v.setModels({QStringLiteral("epoll")});
  v.uringVariantBox("io_uring+multishot")->setChecked(true);
  v.uringVariantBox("io_uring+multishot+defer-taskrun")->setChecked(true);
  EXPECT_EQ(v.models(), (QStringList{QStringLiteral("epoll"), QStringLiteral("io_uring+multishot"),
                                     QStringLiteral("io_uring+multishot+defer-taskrun")}));
  v.setWorkload(2, 400, 250, 64);
  QSignalSpy done(&v, &LatencyView::finished);
  ASSERT_TRUE(v.run()) << v.statusText().toStdString();
  ASSERT_TRUE(done.wait(30'000));
  QStringList names;
  for (int s = 0; s < v.percentileChart()->seriesCount(); ++s)
    names << v.percentileChart()->seriesName(s);
  EXPECT_EQ(names,
            (QStringList{QStringLiteral("epoll"), QStringLiteral("io_uring+multishot (sleeps)"),
                         QStringLiteral("io_uring+multishot+defer-taskrun (sleeps)")}));
  ASSERT_EQ(v.controller()->results().size(), 3u);
  for (const auto& r : v.controller()->results()) {
    EXPECT_TRUE(r.error.empty() && r.skipped.empty()) << r.model << ": " << r.error << r.skipped;
    EXPECT_GT(r.messages_verified, 0u) << r.model;
  }
  // A shade of io_uring's colour each, so bars (which have no line style) tell them apart.
  const QStringList series = {QStringLiteral("io_uring"), QStringLiteral("io_uring+multishot"),
                              QStringLiteral("io_uring+defer-taskrun"),
                              QStringLiteral("io_uring+multishot+defer-taskrun")};
  for (int i = 0; i < series.size(); ++i) {
    const QColor c = LatencyView::colorFor(series[i].toStdString());
    EXPECT_EQ(c.hue(), LatencyView::colorFor("io_uring").hue()) << series[i].toStdString();
    for (int j = 0; j < i; ++j)
      EXPECT_NE(c, LatencyView::colorFor(series[j].toStdString()))
          << series[i].toStdString() << " and " << series[j].toStdString();
  }
  EXPECT_NE(LatencyView::styleFor("io_uring+multishot"), LatencyView::styleFor("io_uring"));
  EXPECT_NE(LatencyView::styleFor("io_uring+multishot"),
            LatencyView::styleFor("io_uring+multishot+defer-taskrun"));
  // setModels sets the variants too, and clears them.
  v.setModels({QStringLiteral("io_uring+defer-taskrun")});
  EXPECT_EQ(v.models(), QStringList{QStringLiteral("io_uring+defer-taskrun")});
}

TEST(LatencyView, TheRunningModelsCurveGrowsBeforeItFinishes) {
  LatencyView v;
  v.resize(1366, 768);
  v.setModels({QStringLiteral("epoll")});
  v.setWorkload(4, 1000, 1500, 64);  // 1.5 s: several progress reports
  QSignalSpy progress(v.controller(), &LatencyController::modelProgress);
  QSignalSpy done(&v, &LatencyView::finished);
  ASSERT_TRUE(v.run());
  ASSERT_TRUE(progress.wait(10'000));
  // Mid-run: one series, with points, and no final result yet.
  EXPECT_TRUE(v.controller()->results().empty());
  ASSERT_EQ(v.percentileChart()->seriesCount(), 1);
  EXPECT_GT(v.percentileChart()->pointCount(0), 0);
  EXPECT_GT(v.controller()->progress().summary().count, 0u);
  ASSERT_TRUE(done.wait(30'000));
  // The final curve replaced the growing one: still one series for the model.
  EXPECT_EQ(v.percentileChart()->seriesCount(), 1);
  EXPECT_GE(progress.count(), 2);
}

TEST(LatencyView, StopMidRunIsPromptAndLeaksNoThread) {
  const int before = thread_count();
  {
    LatencyView v;
    v.setModels({QStringLiteral("epoll"), QStringLiteral("blocking")});
    v.setWorkload(8, 1000, 20'000, 64);  // 20 s per model if not stopped
    QSignalSpy done(&v, &LatencyView::finished);
    ASSERT_TRUE(v.run());
    QTest::qWait(300);
    EXPECT_FALSE(v.run());  // already running: refused, the run goes on
    EXPECT_TRUE(v.isRunning());
    QElapsedTimer t;
    t.start();
    v.stop();
    EXPECT_LT(t.elapsed(), 2000);
    EXPECT_FALSE(v.isRunning());
    ASSERT_EQ(done.count(), 1);
    EXPECT_TRUE(done.first().at(0).toBool());  // cancelled
    // The running model's growing curve may be there; nothing more arrives after the stop.
    const int series = v.percentileChart()->seriesCount();
    const int points = series > 0 ? v.percentileChart()->pointCount(0) : 0;
    QTest::qWait(300);
    EXPECT_LE(series, 1);
    EXPECT_EQ(v.percentileChart()->seriesCount(), series);
    if (series > 0) {
      EXPECT_EQ(v.percentileChart()->pointCount(0), points);
    }
    EXPECT_TRUE(v.controller()->results().empty());
    EXPECT_EQ(done.count(), 1);
    // Run again right away, then let the destructor stop it.
    ASSERT_TRUE(v.run());
    QTest::qWait(100);
  }
  EXPECT_EQ(thread_count(), before);
}

TEST(LatencyView, InvalidWorkloadIsRefused) {
  LatencyView v;
  v.setModels({});
  EXPECT_FALSE(v.run());
  EXPECT_FALSE(v.isRunning());
  v.setModels({QStringLiteral("epoll")});
  v.setWorkload(512, 1, 1, 64);  // each client would send less than one message
  EXPECT_FALSE(v.run());
  EXPECT_FALSE(v.statusText().isEmpty());
}

}  // namespace
}  // namespace ioscope::ui
