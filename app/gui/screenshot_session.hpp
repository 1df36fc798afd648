// --screenshot: run the scenario to completion offscreen, render the window, save the PNG.
#pragma once

#include "gui/gui_options.hpp"

namespace ioscope::gui {

// Returns the process exit code: 0 when the PNG was written after a successful run.
int run_screenshot(ioscope::ui::MainWindow& window, const GuiOptions& options);

}  // namespace ioscope::gui
