// The path of one message: the factory sends it, it reaches the kernel's buffer (KernelReady of
// the same connection and message index), and a buyer call takes it (the first data-returning
// call on the same descriptor that ends at or after the ready time). Drawn as arrows across the
// lanes when few enough are on screen to read.
#pragma once

#include <QRectF>

#include <cstddef>
#include <optional>

#include "model/trace_document.hpp"
#include "timeline/lane_layout.hpp"
#include "timeline/timeline_palette.hpp"
#include "timeline/timeline_rows.hpp"

class QPainter;

namespace ioscope::ui {

struct FlowLink {
  std::optional<Mark> ready;           // on the kernel's track, or none when not found
  const Track* taker_track = nullptr;  // the buyer thread that took the data
  std::optional<Span> taker;           // its call, or none
};

// Bounded work: a binary search and a few steps per track.
FlowLink resolveFlow(const TraceDocument& doc, const Mark& send);

// Draws the arrows of run `run` for the sends in view when at most max_arrows of them show.
// lanes_top: painter y of lane coordinate 0. Returns the number of arrows drawn.
std::size_t paintFlows(QPainter& p, const RunView& view, const LaneLayout& layout, int run,
                       double lanes_top, const TimelinePalette& pal, int max_arrows);

}  // namespace ioscope::ui
