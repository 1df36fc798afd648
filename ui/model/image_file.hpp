// Writing a picture the app rendered (a chart, figure 6.6, a screenshot) to a file, with the
// reason when it cannot be written: a full disk, a missing folder and a read-only one each say
// so in the system's words, instead of a bare "could not write".
#pragma once

#include <QString>

class QImage;

namespace ioscope::ui {

// Writes image as a PNG at path. Returns an empty string on success; otherwise one sentence that
// names the file and the reason ("cannot write 'x.png': No space left on device"), and no
// partial file is left behind.
QString writePng(const QImage& image, const QString& path);

}  // namespace ioscope::ui
