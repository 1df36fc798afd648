// Notes a teacher pins on moments of a run: drawn over the lanes, in the exported picture too,
// stacked when they crowd, removable, and gone when a new run starts (they belong to the run).
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTest>

#include "../test_scenario.hpp"
#include "bridge/run_controller.hpp"
#include "timeline/timeline_palette.hpp"
#include "timeline/timeline_widget.hpp"
#include "timeline_test_support.hpp"
#include "window/main_window.hpp"

namespace ioscope::ui {
namespace {

using ioscope::test::scenario;

int notePixels(const QImage& img) {
  const QColor note = TimelinePalette::standard().note;
  int n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) n += near(img.pixel(x, y), note, 8) ? 1 : 0;
  return n;
}

bool runOnce(MainWindow& w) {
  QSignalSpy finished(w.controller(), &RunController::finished);
  // A blocking run: nothing else on its timeline is drawn in the notes' colour.
  if (!w.controller()->start(scenario("blocking", 1, 3, 64, 20'000'000))) return false;
  return finished.wait(60'000);
}

TEST(TimelineNotes, PinnedNotesAreDrawnExportedStackedRemovedAndLeaveWithTheirRun) {
  MainWindow w;
  w.resize(1366, 768);
  w.show();
  ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
  ASSERT_TRUE(runOnce(w));
  TimelineWidget* t = w.timeline();
  t->fit();
  const std::int64_t span = t->axis().span_ns(t->plotRect().width());
  const std::int64_t middle = t->axis().origin() + span / 2;
  const QImage before = t->renderToImage(QSize(1366, 500));

  QSignalSpy changed(t, &TimelineWidget::notesChanged);
  t->pinNote(middle, QStringLiteral("here the buyer sleeps"));
  t->pinNote(middle + span / 100, QStringLiteral("and here the knife arrives"));  // crowded
  t->pinNote(middle, QStringLiteral("   "));                                      // nothing to pin
  EXPECT_EQ(t->notes().size(), 2);
  EXPECT_EQ(changed.count(), 2);
  t->grab();
  EXPECT_EQ(t->lastPaintStats().notes, 2u) << "both drawn, the second stacked under the first";

  // In the picture an export makes, not only on screen.
  const QImage with = t->renderToImage(QSize(1366, 500));
  EXPECT_GT(notePixels(with), notePixels(before) + 500);

  EXPECT_FALSE(t->removeNoteAt(t->axis().x_of(middle) + 200));  // nothing there
  EXPECT_TRUE(t->removeNoteAt(t->axis().x_of(middle)));
  ASSERT_EQ(t->notes().size(), 1);
  EXPECT_EQ(t->notes().front().text, QStringLiteral("and here the knife arrives"));

  ASSERT_TRUE(runOnce(w));  // a new run: the old one's notes do not describe it
  EXPECT_TRUE(t->notes().isEmpty());
  t->grab();
  EXPECT_EQ(t->lastPaintStats().notes, 0u);
}

}  // namespace
}  // namespace ioscope::ui
