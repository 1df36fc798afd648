// Replay's "follow one knife": the message whose journey the playhead is in — the latest send at
// or before it — drawn bold from the factory's send to its arrival in the kernel to the call that
// took it, with the knife where it is at the playhead (travelling, waiting in the kernel's
// buffer, being handed over, taken). Read from the trace (resolveFlow): nothing is animated that
// the run did not record.
#pragma once

#include <QPointF>

#include <cstdint>
#include <optional>

#include "timeline/timeline_flow.hpp"

namespace ioscope::ui {

struct Journey {
  Mark send;      // the factory's send
  FlowLink link;  // its arrival and the call that took it, where found
};

// The journey at absolute time t of doc: bounded work (a search per factory track).
std::optional<Journey> journeyAt(const TraceDocument& doc, std::int64_t t);

// Where the knife is on a journey at time t, between the points of the send (a), the arrival
// (b) and the taking call (c): on a-b while it travels, at b while it waits, on b-c while it is
// handed over, at c once taken.
QPointF knifeAt(const Journey& j, std::int64_t t, QPointF a, QPointF b, QPointF c);

// Draws the journey of run `run` at absolute time t; returns the message number drawn (the
// send's aux), or -1 when there is none in view. Sets *knife to where the knife was drawn.
int paintJourney(QPainter& p, const RunView& view, const LaneLayout& layout, int run,
                 double lanes_top, const TimelinePalette& pal, double scale, TimelineLook look,
                 std::int64_t t, QPointF* knife = nullptr);

}  // namespace ioscope::ui
