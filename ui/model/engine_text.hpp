// The engine speaks English and knows nothing of Qt; the sentences a learner meets in a lesson
// (a stalled run, select's FD_SETSIZE refusal) are recognised here and shown in the UI's
// language, with their numbers. Anything else is shown as the engine wrote it.
#pragma once

#include <QString>

#include <string>

namespace ioscope::ui {

QString engineText(const std::string& english);

}  // namespace ioscope::ui
