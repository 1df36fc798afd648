// The analogy's pictograms, drawn from the SVGs in the resources (":/assets/knife.svg"...). When
// a resource is missing (a test binary without the assets, a broken file) a simple drawn shape
// stands in, so a missing picture never costs more than looks.
#pragma once

#include <QColor>
#include <QRectF>

class QPainter;

namespace ioscope::ui {

enum class Pictogram : unsigned char { Buyer, Shopkeeper, Factory, Knife, Bell, Phone, Courier };

// The resource path of a pictogram (":/assets/bell.svg").
const char* pictogramResource(Pictogram p);
// Draws the pictogram fitted (aspect kept) and centred in r. Rendered SVGs are cached per size,
// so drawing many costs little. GUI thread only.
void drawPictogram(QPainter& p, const QRectF& r, Pictogram pictogram);
// The stand-in shape for a pictogram, also the glyph of the syscall look for bells and phones.
void drawFallbackPictogram(QPainter& p, const QRectF& r, Pictogram pictogram);
// True when the SVG resource loaded (false: the fallback shape is used).
bool pictogramAvailable(Pictogram pictogram);

}  // namespace ioscope::ui
