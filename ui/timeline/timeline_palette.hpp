// The timeline's colours and the second cue every state carries. Colours come from the
// Okabe-Ito set (safe for the common colour-vision deficiencies); no state is told apart by
// colour alone: phase 1 is hatched, phase 2 is solid with a heavy outline, EAGAIN is a thin tick,
// work has horizontal stripes, marks have their own shapes.
#pragma once

#include <QBrush>
#include <QColor>
#include <QPen>
#include <QRectF>

class QPainter;

namespace ioscope::ui {

// Every state the timeline distinguishes (and the legend explains).
enum class TimelineState : unsigned char {
  Waiting,      // phase 1: waiting for data (in recv or in a multiplexer): light, hatched
  Copying,      // phase 2: copy kernel -> user (or wake-up + copy): solid, heavy outline
  KernelCopy,   // phase 2 done by the kernel (io_uring), drawn on the shopkeeper's row
  Wakeup,       // measured in the kernel: the waiting thread woken until back on a CPU: orange,
                // hatched the other way from phase 1
  Eagain,       // a call that returned EAGAIN: a thin tick
  Work,         // useful work: striped
  OtherCall,    // any other call (send, epoll_ctl, accept, close): grey, plain
  Open,         // live: a call still waiting (grows to now): phase-1 hatch, dashed edge
  KernelReady,  // data reached the kernel's buffer: a diamond (hollow when inferred)
  ReadyInferred,
  Send,        // the factory sent a message: a triangle
  Recv,        // the factory got its echo back: a circle
  Notify,      // a ready set came back: a bell
  Signal,      // a signal arrived (sigio): a phone
  Completion,  // an io_uring completion was reaped: a courier's parcel
  Error,
};

namespace okabe_ito {
inline const QColor kOrange{0xE6, 0x9F, 0x00};
inline const QColor kSkyBlue{0x56, 0xB4, 0xE9};
inline const QColor kBluishGreen{0x00, 0x9E, 0x73};
inline const QColor kYellow{0xF0, 0xE4, 0x42};
inline const QColor kBlue{0x00, 0x72, 0xB2};
inline const QColor kVermillion{0xD5, 0x5E, 0x00};
inline const QColor kReddishPurple{0xCC, 0x79, 0xA7};
}  // namespace okabe_ito

struct TimelinePalette {
  QColor background{0xFF, 0xFF, 0xFF};
  QColor row_alt{0xF6, 0xF7, 0xF9};
  QColor gutter{0xEE, 0xF0, 0xF3};
  QColor gutter_line{0xC8, 0xCC, 0xD2};
  QColor ruler{0xE4, 0xE7, 0xEB};
  QColor grid{0xE2, 0xE4, 0xE8};
  QColor text{0x1A, 0x1A, 0x1A};
  QColor text_dim{0x55, 0x5B, 0x63};
  QColor title_band{0x33, 0x3A, 0x44};
  QColor title_text{0xFF, 0xFF, 0xFF};

  QColor wait_fill{0xD6, 0xEC, 0xFA};  // light sky blue
  QColor wait_line = okabe_ito::kBlue;
  QColor copy_fill = okabe_ito::kVermillion;
  QColor copy_outline{0x1A, 0x1A, 0x1A};
  QColor wake_fill = okabe_ito::kOrange;
  QColor wake_line{0x7A, 0x50, 0x00};
  QColor eagain = okabe_ito::kReddishPurple;
  QColor work_fill{0xC7, 0xEB, 0xDF};
  QColor work_line = okabe_ito::kBluishGreen;
  QColor other_fill{0xC9, 0xCC, 0xD1};
  QColor other_line{0x6E, 0x74, 0x7C};
  QColor ready = okabe_ito::kBlue;
  QColor send = okabe_ito::kOrange;
  QColor recv = okabe_ito::kBluishGreen;
  QColor notify = okabe_ito::kYellow;
  QColor signal = okabe_ito::kReddishPurple;
  QColor completion = okabe_ito::kBlue;
  QColor error = okabe_ito::kVermillion;
  QColor arrow{0x30, 0x30, 0x30, 150};
  QColor selection{0x1A, 0x1A, 0x1A};
  QColor selection_halo = okabe_ito::kYellow;
  QColor marker = okabe_ito::kBlue;
  QColor range_fill{0x00, 0x72, 0xB2, 36};
  QColor playhead = okabe_ito::kVermillion;
  QColor note = okabe_ito::kReddishPurple;
  QColor future_veil{0xFF, 0xFF, 0xFF, 170};

  static const TimelinePalette& standard();

  // The fill of a bar in this state (hatching included).
  QBrush fill(TimelineState s) const;
  // The outline of a bar in this state (dashed, heavy, none...).
  QPen outline(TimelineState s) const;
  // The main colour of a state (ticks, merged pixel columns, marks).
  QColor colour(TimelineState s) const;
};

// A bar in the look of state s: fill, pattern and outline. Used for spans and the legend alike.
void paintStateBar(QPainter& p, const QRectF& r, TimelineState s, const TimelinePalette& pal);
// A mark glyph (diamond, triangle, circle, bell...) centred in r, in the syscall look; the
// analogy look draws pictograms instead (timeline_icons.hpp).
void paintStateGlyph(QPainter& p, const QRectF& r, TimelineState s, const TimelinePalette& pal);

}  // namespace ioscope::ui
