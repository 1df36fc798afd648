// The timeline: Buyer, Shopkeeper and Factory lanes on one time axis, live or in replay, in the
// analogy's look or in syscall terms. A custom-painted widget; TimelinePainter does the drawing.
//
// Times in this API are "timeline time": nanoseconds since the run's first event (each stacked
// run starts at 0), except setNow(), which takes the run's own clock (RunController::now_ns()).
//
// Live: setLive(true), then either push the clock with setNow() on a timer, or hand over a
// provider with setNowProvider() and the widget polls it at ~30 Hz while live. Open calls grow
// to now ("waiting…"); with follow-live the right edge stays at now at the user's zoom level.
// Call documentChanged() after RunController::eventsAdded (cheap: a repaint).
//
// Keys: wheel zoom, Shift+wheel / drag / arrows pan, + - zoom, F or 0 fit, click select,
// right-drag or Shift+drag measure a range, A B markers, Space play, . , step, Home End jump,
// L follow live, Esc clear, ? cheat sheet.
#pragma once

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <optional>

#include "timeline/time_axis.hpp"
#include "timeline/timeline_types.hpp"

class QScrollBar;

namespace ioscope::ui {

class LaneLayout;

class TimelineWidget : public QWidget {
  Q_OBJECT

 public:
  static constexpr double kMinPlaySpeed = 1e-4;  // 1/10000 x
  static constexpr double kMaxPlaySpeed = 1.0;

  explicit TimelineWidget(QWidget* parent = nullptr);
  ~TimelineWidget() override;

  // What to show (not owned: documents must outlive the widget or be replaced first).
  void setDocument(const TraceDocument* doc);
  // Race view: runs stacked on one axis, each with a title band, each starting at 0.
  void setDocuments(const QList<const TraceDocument*>& docs, const QStringList& titles);
  void setRuns(const QList<TimelineRun>& runs);
  const QList<TimelineRun>& runs() const { return runs_; }

  TimelineLook look() const { return opt_.look; }
  bool isLive() const { return opt_.live; }
  bool followLive() const { return follow_; }
  // Where the run's clock is read while live; null to stop polling (use setNow instead).
  void setNowProvider(std::function<std::int64_t()> now);
  std::int64_t now() const { return opt_.now_ns; }

  // Timeline time <-> plot x (0 = the plot's left edge, right of the lane names).
  const TimeAxis& axis() const { return axis_; }
  // The whole run is in view (fit(), or a live run followed), not a zoom the user chose.
  bool isFitted() const { return fitted_; }
  void setAxis(const TimeAxis& axis);
  QRect plotRect() const;
  // The sizes the timeline draws at with its font (gutter, ruler, rows): larger type, larger
  // sizes. Set a larger font (presenter mode) and everything follows.
  TimelineMetrics metrics() const;

  // Replay.
  bool hasPlayhead() const { return opt_.playhead.has_value(); }
  std::int64_t playhead() const { return opt_.playhead.value_or(0); }
  bool isPlaying() const { return play_timer_.isActive(); }
  double playSpeed() const { return speed_; }

  // The selection: an event of run selectedRun().
  std::optional<quint32> selectedEvent() const;
  int selectedRun() const { return opt_.selected ? opt_.selected->run : 0; }

  std::optional<std::int64_t> markerA() const { return opt_.marker_a; }
  std::optional<std::int64_t> markerB() const { return opt_.marker_b; }
  std::optional<TimeRange> range() const { return opt_.range; }
  QStringList rangeSummary() const { return opt_.range_summary; }
  bool cheatSheetVisible() const { return opt_.show_cheat_sheet; }

  // The picture at another size, for screenshots (same time span, same state).
  QImage renderToImage(QSize size) const;
  // What the last paint looked at (level-of-detail checks).
  PaintStats lastPaintStats() const { return stats_; }

 public slots:
  void documentChanged();
  void setLook(ioscope::ui::TimelineLook look);
  void setLive(bool live);
  void setFollowLive(bool follow);
  void setNow(qint64 now_ns);
  void fit();
  void zoomIn();
  void zoomOut();
  // Selects event `index` of the first run, outlines it and scrolls it into view. No signal.
  void setSelectedEvent(quint32 index);
  void selectEvent(int run, quint32 index);
  void clearSelection();
  void setPlayhead(qint64 t);
  void clearPlayhead();
  // The next / previous event in time order becomes the selection and the playhead.
  void stepNext();
  void stepPrevious();
  void jumpToStart();
  void jumpToEnd();
  // Replays from the playhead at speed x real time (clamped to [1/10000, 1]).
  void play(double speed = 1.0);
  void pause();
  void togglePlay();
  void setMarkerA(qint64 t);
  void setMarkerB(qint64 t);
  void clearMarkers();
  void setRange(qint64 t0, qint64 t1);
  void clearRange();
  void setCheatSheetVisible(bool visible);
  // Which keys the sheet lists: presenter mode's or the timeline's own.
  void setPresenterSheet(bool presenter);
  // Pinned notes on moments of the run (timeline time): drawn over the lanes and in every
  // picture of the timeline; a new run (setRuns, clearNotes) starts without them.
  void pinNote(qint64 t, const QString& text);
  // Removes the note nearest plot x, if one is within a few pixels; false if none.
  bool removeNoteAt(double plot_x);
  void clearNotes();
  const QList<TimelineNote>& notes() const { return opt_.notes; }
  // Asks for a note's text (a dialog) and pins it at the playhead, else the selection, else the
  // moment under the mouse or the middle of the view.
  void promptNote();
  // A note across the top of the plot about the trace shown ("" removes it).
  void setBanner(const QString& text);
  QString banner() const { return opt_.banner; }
  bool presenterSheet() const { return opt_.presenter_sheet; }

 signals:
  // The user picked an event (click, step): arrival index in run selectedRun()'s document.
  void eventSelected(quint32 index);
  void playheadChanged(qint64 t);
  void playingChanged(bool playing);
  void followLiveChanged(bool follow);
  void viewChanged();  // zoom or pan
  void rangeChanged();
  void notesChanged();

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;
  bool event(QEvent* event) override;

 private:
  QRect paintRect() const;
  LaneLayout currentLayout() const;
  void updateScrollBar();
  void metricsChanged();  // font or look changed: gutter, ruler and rows may differ
  void refit();
  void followNow();
  void userMovedView(bool panned);
  void zoomAround(double plot_x, double factor);
  void panBy(double dx_px);
  void ensureVisible(const EventRef& ref);
  void selectAndReport(const EventRef& ref, bool move_playhead);
  void advancePlayback();
  void updateRangeSummary(bool full);
  std::int64_t cursorTime() const;
  std::int64_t relative(int run, std::int64_t abs) const;
  TimeRange extent() const;

  QList<TimelineRun> runs_;
  TimelineOptions opt_;
  TimeAxis axis_;
  PaintStats stats_;
  bool follow_ = true;
  bool fitted_ = true;  // the view shows the whole run; stays so across resizes and growth
  std::function<std::int64_t()> now_provider_;
  QTimer now_timer_;
  QTimer play_timer_;
  QElapsedTimer play_clock_;
  double speed_ = 1.0;
  double play_carry_ = 0;
  QScrollBar* vbar_ = nullptr;

  enum class Drag { None, Pan, Range };
  Drag drag_ = Drag::None;
  QPointF press_pos_;
  QPointF last_pos_;
  bool moved_ = false;
  std::int64_t range_anchor_ = 0;
};

}  // namespace ioscope::ui
