#include "gui/screenshot_session.hpp"

#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

#include "bridge/run_controller.hpp"
#include "latency/latency_view.hpp"
#include "lessons/lesson_pane.hpp"
#include "model/image_file.hpp"
#include "register/registration_view.hpp"
#include "scan/scan_board.hpp"
#include "scan/scan_view.hpp"
#include "timeline/timeline_widget.hpp"
#include "window/main_window.hpp"
#include "window/race_view.hpp"

namespace ioscope::gui {

namespace {

// Waits for `finished` (with a generous cap so a stuck run cannot hang a script).
template <typename Sender, typename Signal>
bool wait_for(Sender* sender, Signal signal, int timeout_ms) {
  QEventLoop loop;
  bool done = false;
  QObject::connect(sender, signal, &loop, [&] {
    done = true;
    loop.quit();
  });
  QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
  loop.exec();
  return done;
}

}  // namespace

int run_screenshot(ioscope::ui::MainWindow& window, const GuiOptions& options) {
  window.resize(options.size);
  // Without --lesson the picture is the run's, as before: no lesson pane.
  window.setLessonsVisible(!options.lesson.isEmpty());
  apply_to_window(window, options);
  if (options.presenter) window.setPresenterMode(true, /*fullscreen=*/false);
  window.show();
  QApplication::processEvents();
  if (window.size() != options.size) {
    std::fprintf(stderr, "ioscope: the window cannot be %dx%d; the smallest it can be is %dx%d\n",
                 options.size.width(), options.size.height(), window.minimumSizeHint().width(),
                 window.minimumSizeHint().height());
    return 2;
  }

  bool ok = true;
  if (!options.open.isEmpty()) {
    // A recording: shown as it was after its run; nothing runs.
    if (!window.openRecording(options.open)) {
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(window.recordingError()));
      return 1;
    }
    if (window.controller()->loading())  // a long recording: the picture is of all of it
      ok = wait_for(window.controller(), &ioscope::ui::RunController::finished, 120'000);
  } else if (options.trace_pid > 0) {
    // Another program, traced for a while: its calls on the timeline, its model named above.
    ioscope::ForeignTarget target;
    target.pid = options.trace_pid;
    if (!window.startTrace(target, options.trace_seconds)) {
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(window.controller()->error()));
      return 1;
    }
    ok = wait_for(window.controller(), &ioscope::ui::RunController::finished,
                  (options.trace_seconds + 30) * 1000);
    const auto& trace = window.controller()->traceResult();
    if (ok && trace && !trace->ok()) {
      std::fprintf(stderr, "ioscope: %s\n", trace->error.c_str());
      return 1;
    }
    if (ok) window.selectFirstDataCall();
  } else if (!options.lesson.isEmpty()) {
    // The lesson's run, in the lesson's view, to the verdict.
    QEventLoop loop;
    bool done = false;
    QObject::connect(&window, &ioscope::ui::MainWindow::lessonRunFinished, &loop, [&] {
      done = true;
      loop.quit();
    });
    if (!window.runLesson()) {
      std::fprintf(stderr, "ioscope: the lesson's run cannot start: %s\n",
                   qPrintable(window.controller()->error()));
      return 1;
    }
    QTimer::singleShot(300'000, &loop, &QEventLoop::quit);
    if (!done) loop.exec();  // a lesson's own recording is shown, and judged, at once
    ok = done;
  } else if (options.view == QLatin1String("race") || options.view == QLatin1String("figure")) {
    if (!window.raceView()->start()) {
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(window.raceView()->message()));
      return 1;
    }
    ok = wait_for(window.raceView(), &ioscope::ui::RaceView::finished, 120'000);
    // The figure: the race just run, measured, as Stevens drew the five models.
    if (options.view == QLatin1String("figure"))
      window.setView(ioscope::ui::MainWindow::View::Figure);
  } else if (options.view == QLatin1String("register")) {
    auto* reg = window.registrationView();
    if (!reg->start()) {
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(reg->message()));
      return 1;
    }
    ok = wait_for(reg, &ioscope::ui::RegistrationView::finished, 120'000);
  } else if (options.view == QLatin1String("scan")) {
    // The classroom sweep, to the end; the animation is frozen mid-call so the picture shows
    // the cursor walking (select) and the ready descriptor on its way to the ready list (epoll).
    auto* scan = window.scanView();
    if (!scan->start()) {
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(scan->message()));
      return 1;
    }
    ok = wait_for(scan, &ioscope::ui::ScanView::finished, 300'000);
    scan->leftBoard()->setFrozenPhase(0.6);
    scan->rightBoard()->setFrozenPhase(0.6);
  } else if (options.view == QLatin1String("latency")) {
    // The comparison to completion: every model's charts drawn.
    auto* latency = window.latencyView();
    if (!latency->run()) {
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(latency->statusText()));
      return 1;
    }
    ok = wait_for(latency, &ioscope::ui::LatencyView::finished, 300'000);
  } else {
    if (!window.startRun()) {
      std::fprintf(stderr, "ioscope: %s\n", qPrintable(window.controller()->error()));
      return 1;
    }
    ok = wait_for(window.controller(), &ioscope::ui::RunController::finished, 120'000);
    if (ok) window.selectFirstDataCall();
    if (ok && options.zoom_measured) {
      QApplication::processEvents();  // the timeline has its final size before it is zoomed
      if (!window.zoomToMeasured()) {
        std::fprintf(stderr, "ioscope: nothing in the run was measured in the kernel (%s)\n",
                     window.controller()->summary().probe.why_not.c_str());
        return 1;
      }
    }
  }
  if (!ok) {
    window.stopRun();
    window.raceView()->stop();
    window.scanView()->stop();
    window.latencyView()->stop();
    std::fprintf(stderr, "ioscope: the run did not finish within 120 s\n");
    return 1;
  }
  // Settle the layout: a pane shown or a panel rearranged just now asks for another pass.
  for (int pass = 0; pass < 4; ++pass) QApplication::processEvents();
  if (!options.save_recording.isEmpty() && !window.saveRecording(options.save_recording)) {
    std::fprintf(stderr, "ioscope: %s\n", qPrintable(window.recordingError()));
    return 1;
  }
  const QImage picture =
      options.screenshot_timeline ? window.timeline()->grab().toImage() : window.grab().toImage();
  const QString error = ioscope::ui::writePng(picture, options.screenshot);
  if (!error.isEmpty()) {
    std::fprintf(stderr, "ioscope: %s\n", qPrintable(error));
    return 1;
  }
  const auto& s = window.controller()->summary();
  // A lesson's failed run is the lesson (et-no-drain stalls, select refuses a high fd): the
  // verdict in the picture says so.
  if (options.lesson.isEmpty() && options.open.isEmpty() &&
      options.view == QLatin1String("timeline") && !s.error.empty()) {
    std::fprintf(stderr, "ioscope: the run failed: %s\n", s.error.c_str());
    return 1;
  }
  std::printf("%s\n", qPrintable(options.screenshot));
  // A lesson's verdict in words too, for scripts (and tests) that cannot read the picture.
  if (!options.lesson.isEmpty() && window.lessonPane()->hasVerdict())
    std::printf("verdict:\n%s\n", qPrintable(window.lessonPane()->verdictText()));
  return 0;
}

}  // namespace ioscope::gui
