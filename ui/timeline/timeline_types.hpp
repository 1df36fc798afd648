// The vocabulary shared by the timeline's painter, layout, hit testing and widget: which look,
// which runs, and the view state the painter draws on top of the traces.
//
// Times here are "timeline time": nanoseconds since each run's first event, so stacked runs all
// start at 0. The TimeAxis of the timeline maps timeline time to x, with x = 0 at the left edge
// of the plot (right of the gutter).
#pragma once

#include <QFont>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/trace_document.hpp"

namespace ioscope::ui {

enum class TimelineLook : std::uint8_t {
  Analogy,  // buyer, shopkeeper, factory: pictograms and short captions ("any knife?")
  Syscall,  // the same lanes in plain terms: recvmsg(fd 5) = 64, EAGAIN, epoll_wait = 1
};

// One run on the timeline (not owned).
struct TimelineRun {
  const TraceDocument* doc = nullptr;
  QString title;  // shown as a band above the run's lanes when several runs are stacked
};

// An event of one of the runs: run index and arrival index in its document.
struct EventRef {
  int run = 0;
  std::uint32_t index = 0;
  friend bool operator==(const EventRef&, const EventRef&) = default;
};

struct TimeRange {
  std::int64_t t0 = 0;
  std::int64_t t1 = 0;
};

// The timeline's sizes at a font: the gutter, the ruler, the rows and everything drawn in them
// follow the font, so large type (presenter mode) never clips or overlaps. At the normal font
// (captions at 11 pt or less) scale is exactly 1 and the sizes are the constants below.
struct TimelineMetrics {
  static constexpr int kGutterWidth = 176;
  static constexpr int kRulerHeight = 40;

  double scale = 1.0;  // >= 1: how much larger than the normal size the captions are
  int gutter = kGutterWidth;
  int ruler = kRulerHeight;

  // The sizes at the font the timeline paints with; the gutter is wide enough for every lane
  // name and subtitle of the look.
  static TimelineMetrics forFont(const QFont& font, TimelineLook look);
  // How much larger than the normal size the timeline's captions are at this font (>= 1).
  static double scaleFor(const QFont& font);
  // v px at the normal size, scaled.
  double px(double v) const { return v * scale; }
  int ipx(int v) const { return scale == 1.0 ? v : static_cast<int>(v * scale + 0.5); }
};

// A note the teacher pinned on a moment of the run ("here the buyer sleeps").
struct TimelineNote {
  std::int64_t t = 0;  // timeline time
  QString text;
};

// What the painter draws besides the traces. The widget owns one and paints with it.
struct TimelineOptions {
  TimelineLook look = TimelineLook::Analogy;
  bool live = false;        // a run is in progress: open calls grow to now_ns
  std::int64_t now_ns = 0;  // the run's clock (absolute, like TraceEvent::t_ns)
  bool following = false;   // follow-live is on (a badge says so)
  std::optional<EventRef> selected;
  std::optional<std::int64_t> marker_a;  // timeline time
  std::optional<std::int64_t> marker_b;
  std::optional<TimeRange> range;        // a selected time range (timeline time)
  QStringList range_summary;             // lines shown beside the range (computed by the widget)
  std::optional<std::int64_t> playhead;  // replay cursor (timeline time)
  bool dim_after_playhead = false;       // replay: what has not happened yet is faded
  std::optional<double> hover_x;         // mouse cursor, plot x
  int scroll_y = 0;                      // vertical scroll of the lanes, px
  int max_flow_arrows = 200;  // send -> ready -> call arrows only when at most this many sends show
  bool show_cheat_sheet = false;
  bool presenter_sheet = false;  // the sheet lists presenter mode's keys
  QString empty_text;            // shown when there is nothing to draw
  QString banner;                // over the top of the plot: what the trace shown is not
  QList<TimelineNote> notes;     // pinned notes, drawn over the lanes (and in exports)
};

// What one paint looked at: the level-of-detail guarantee is that items per track stay
// O(plot width), whatever the trace's size.
struct PaintStats {
  std::size_t items = 0;                // spans and marks examined, all tracks
  std::size_t max_track_items = 0;      // the most examined for any one track
  std::size_t merged_bins = 0;          // pixel columns drawn for several sub-pixel items
  std::size_t arrows = 0;               // flow arrows drawn
  std::size_t rows = 0;                 // rows drawn
  std::size_t notes = 0;                // pinned notes drawn
  int journey = -1;                     // replay: the message whose journey was drawn, or -1
  double journey_x = 0, journey_y = 0;  // where its knife was drawn
  std::vector<QRectF> caption_boxes;    // the text of each row caption drawn, where it went
};

}  // namespace ioscope::ui
