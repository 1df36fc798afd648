// Stevens' figure 6.6 (UNIX Network Programming vol. 1, "comparison of the five I/O models"),
// drawn from measured runs: one row per model, phase 1 (wait for data) and phase 2 (copy from
// kernel to user) of one representative receive of that model's run, each column on a time
// scale shared by every row, with the measured durations and who was blocked in each phase.
#pragma once

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

#include "figure/figure_measure.hpp"

class QPainter;

namespace ioscope::ui {

class TraceDocument;

// One row of the figure: a model and what its run measured.
struct FigureRow {
  QString model;                           // engine id: "blocking", "epoll", "io_uring"...
  std::optional<ReceiveMeasure> receive;   // the representative receive; none: not run (yet)
  std::size_t receives = 0;                // how many receives with data it was chosen from
  std::vector<std::int64_t> eagain_times;  // polling: when phase 1's EAGAIN calls began
  QString unavailable;                     // non-empty: why the model cannot run here
};

class StevensFigure : public QWidget {
  Q_OBJECT

 public:
  explicit StevensFigure(QWidget* parent = nullptr);

  // blocking, nonblocking, epoll, sigio, io_uring: Stevens' five, under their engine ids.
  static QStringList defaultModels();

  // The rows, top to bottom (forgets what was measured). Models the engine says cannot run on
  // this machine are marked unavailable with the engine's reason.
  void setModels(const QStringList& ids);
  QStringList models() const;

  // Measures a finished run of `model` (a row is added if it has none).
  void setRun(const QString& model, const TraceDocument& doc);
  // The row says why the model did not run, greyed.
  void setUnavailable(const QString& model, const QString& reason);
  void clearRuns();

  // What each row measured, in row order (the numbers the figure shows).
  const std::vector<FigureRow>& rows() const { return rows_; }
  const FigureRow* row(const QString& model) const;

  // The figure's type size (projector: 14-18 pt); every size follows it.
  void setFigurePointSize(qreal points);
  qreal figurePointSize() const;

  // The figure painted at `size` (the widget's own size when empty).
  QImage renderImage(QSize size = {}) const;
  // Empty on success; otherwise why the file could not be written.
  QString savePng(const QString& path, QSize size = {}) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  FigureRow& rowFor(const QString& model);
  void paintFigure(QPainter& p, const QRect& rect) const;

  std::vector<FigureRow> rows_;
};

}  // namespace ioscope::ui
