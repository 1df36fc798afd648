// Main window: taking the learner to what the kernel probe measured (the wake-up and the copy
// are microseconds inside calls of hundreds of milliseconds: invisible until zoomed to).
#include <algorithm>

#include "bridge/run_controller.hpp"
#include "events/event_list_widget.hpp"
#include "inspector/inspector_widget.hpp"
#include "timeline/timeline_rows.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"

namespace ioscope::ui {

bool MainWindow::zoomToMeasured() {
  const TraceDocument& doc = controller_->document();
  const std::optional<MeasuredPlace> place = firstMeasuredPlace(doc);
  if (!place) return false;
  // The piece in the middle third: phase 1's end before it, the call's return after it.
  const std::int64_t d = std::max<std::int64_t>(place->t1 - place->t0, 100);
  const std::int64_t from = place->t0 - doc.first_time() - d;
  const std::int64_t to = place->t1 - doc.first_time() + d;
  TimeAxis axis;
  axis.fit(from, to, std::max(1, timeline_->plotRect().width()));
  timeline_->setFollowLive(false);
  timeline_->setAxis(axis);
  timeline_->setSelectedEvent(place->event);
  events_->selectEvent(place->event);
  inspector_->showEvent(place->event);
  return true;
}

}  // namespace ioscope::ui
