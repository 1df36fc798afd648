// Replay follows one knife: with the playhead on a finished run, the latest message sent by then
// is drawn from the factory's send to its arrival in the kernel to the buyer's call that took
// it, the knife where the trace says it is at that moment. A real blocking run, replayed.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTest>

#include "../test_scenario.hpp"
#include "bridge/run_controller.hpp"
#include "timeline/lane_layout.hpp"
#include "timeline/timeline_journey.hpp"
#include "timeline/timeline_widget.hpp"

namespace ioscope::ui {
namespace {

using ioscope::test::scenario;

class Journeys : public ::testing::Test {
 protected:
  void SetUp() override {
    QSignalSpy finished(&ctl_, &RunController::finished);
    ASSERT_TRUE(ctl_.start(scenario("blocking", 1, 3, 64, 50'000'000)))
        << ctl_.error().toStdString();
    ASSERT_TRUE(finished.wait(60'000));
    ASSERT_TRUE(ctl_.summary().ok()) << ctl_.summary().error;
    const TraceDocument& doc = ctl_.document();
    // The second message: found, arrived and taken (the first may have raced the accept).
    for (const Track& t : doc.tracks()) {
      if (t.id.lane != Lane::Factory) continue;
      for (std::size_t k = 0; k < t.marks.size(); ++k) {
        if (t.marks[k].kind != EventKind::ClientSend || doc.event(t.marks[k].event).aux != 1)
          continue;
        journey_ = Journey{t.marks[k], resolveFlow(doc, t.marks[k])};
      }
    }
    ASSERT_TRUE(journey_.link.ready && journey_.link.taker) << "message 1 was not followed";
    w_.resize(1366, 500);
    w_.setDocument(&doc);
    w_.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w_));
    // Zoomed to the message, as a teacher would before replaying it slowly.
    const std::int64_t first = doc.first_time();
    const std::int64_t end =
        std::max(journey_.link.taker->t1, journey_.link.ready->t) - first + 20'000;
    TimeAxis axis = w_.axis();
    axis.fit(journey_.send.t - first - 20'000, end, w_.plotRect().width());
    w_.setAxis(axis);
  }

  // Paints the widget with the playhead at absolute time t; what the painter drew.
  PaintStats paintAt(std::int64_t t) {
    w_.setPlayhead(t - ctl_.document().first_time());
    w_.grab();
    return w_.lastPaintStats();
  }

  RunController ctl_;
  TimelineWidget w_;
  Journey journey_;
};

TEST_F(Journeys, TheKnifeTravelsWaitsAndIsTakenAsTheTraceSays) {
  const std::int64_t sent = journey_.send.t, ready = journey_.link.ready->t;
  const std::int64_t taken = std::max(ready, journey_.link.taker->t0);
  const std::int64_t done = std::max(taken, journey_.link.taker->t1);
  ASSERT_LT(sent, ready);

  const PaintStats at_send = paintAt(sent);
  const PaintStats travelling = paintAt(sent + (ready - sent) / 2);
  const PaintStats at_ready = paintAt(ready);
  const PaintStats taken_all = paintAt(done + 1);
  for (const PaintStats* s : {&at_send, &travelling, &at_ready, &taken_all})
    EXPECT_EQ(s->journey, 1);
  // From the factory's row (lowest) up to the kernel's, then up to the buyer's (highest).
  EXPECT_GT(at_send.journey_y, travelling.journey_y);
  EXPECT_GT(travelling.journey_y, at_ready.journey_y);
  EXPECT_GT(at_ready.journey_y, taken_all.journey_y);
  // And along the time axis with the trace: halfway in time is halfway in x.
  EXPECT_NEAR(travelling.journey_x, (at_send.journey_x + at_ready.journey_x) / 2, 2.0);
  EXPECT_LE(at_ready.journey_x, taken_all.journey_x);
}

TEST_F(Journeys, NoKnifeBeforeTheFirstSendNorWhileLive) {
  const TraceDocument& doc = ctl_.document();
  EXPECT_EQ(paintAt(doc.first_time() - 1).journey, -1);
  EXPECT_EQ(paintAt(journey_.link.ready->t).journey, 1);
  w_.setLive(true);  // a live run has no replay: nothing is followed
  w_.setPlayhead(journey_.link.ready->t - doc.first_time());
  w_.grab();
  EXPECT_EQ(w_.lastPaintStats().journey, -1);
}

}  // namespace
}  // namespace ioscope::ui
