#include "figure/stevens_figure.hpp"
#include "model/image_file.hpp"

#include <QPaintEvent>
#include <QPainter>
#include <QTextOption>

#include <algorithm>
#include <cmath>

#include "events/event_text.hpp"
#include "model/readable_duration.hpp"
#include "model/trace_document.hpp"
#include "models/model.hpp"
#include "timeline/timeline_palette.hpp"

namespace ioscope::ui {

namespace {

QString dur(std::int64_t ns) {
  return text::duration(ns);  // measured: "< 20 ns" where the clock cannot tell
}

// 1, 2, 2.5 or 5 times a power of ten, at least v: the end of a column's ruler.
double niceCeil(double v) {
  if (v <= 0) return 1000.0;
  const double e = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * e >= v * 0.9999) return m * e;
  return 10 * e;
}

QFont scaled(const QFont& f, double factor, bool bold = false) {
  QFont out = f;
  out.setPointSizeF(f.pointSizeF() * factor);
  out.setBold(bold);
  return out;
}

// Draws text elided to the rect's width, vertically centred.
void drawLine(QPainter& p, const QRectF& r, const QString& text,
              Qt::Alignment align = Qt::AlignLeft) {
  const QString shown =
      p.fontMetrics().elidedText(text, Qt::ElideRight, static_cast<int>(std::floor(r.width())));
  p.drawText(r, shown, QTextOption(align | Qt::AlignVCenter));
}

// Where the figure's parts go, from the rect and the type size.
struct Layout {
  QRectF title, header, rows, footer;
  double gutter_left = 0, col1_left = 0, col1_width = 0, col2_left = 0, col2_width = 0;
  double bracket_left = 0, bracket_width = 0;
  double line = 0;   // one line of text
  double row_h = 0;  // one model
  double label_room = 0;
};

}  // namespace

StevensFigure::StevensFigure(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setModels(defaultModels());
}

QStringList StevensFigure::defaultModels() {
  return {QStringLiteral("blocking"), QStringLiteral("nonblocking"), QStringLiteral("epoll"),
          QStringLiteral("sigio"), QStringLiteral("io_uring")};
}

void StevensFigure::setModels(const QStringList& ids) {
  rows_.clear();
  for (const QString& id : ids) {
    FigureRow r;
    r.model = id;
    const ModelInfo* info = find_model(id.toStdString());
    if (info == nullptr) {
      r.unavailable = tr("no such model");
    } else if (auto why = info->unavailable ? info->unavailable() : std::nullopt) {
      r.unavailable = QString::fromStdString(*why);
    }
    rows_.push_back(std::move(r));
  }
  update();
}

QStringList StevensFigure::models() const {
  QStringList out;
  for (const auto& r : rows_) out << r.model;
  return out;
}

FigureRow& StevensFigure::rowFor(const QString& model) {
  for (auto& r : rows_)
    if (r.model == model) return r;
  rows_.push_back(FigureRow{});
  rows_.back().model = model;
  return rows_.back();
}

const FigureRow* StevensFigure::row(const QString& model) const {
  for (const auto& r : rows_)
    if (r.model == model) return &r;
  return nullptr;
}

void StevensFigure::setRun(const QString& model, const TraceDocument& doc) {
  FigureRow& r = rowFor(model);
  const std::vector<ReceiveMeasure> all = measure_receives(doc);
  r.receives = all.size();
  r.receive = representative_receive(all);
  r.eagain_times = r.receive ? eagain_times(doc, *r.receive) : std::vector<std::int64_t>{};
  r.unavailable.clear();
  update();
}

void StevensFigure::setUnavailable(const QString& model, const QString& reason) {
  FigureRow& r = rowFor(model);
  r.receive.reset();
  r.receives = 0;
  r.eagain_times.clear();
  r.unavailable = reason;
  update();
}

void StevensFigure::clearRuns() {
  for (auto& r : rows_) {
    r.receive.reset();
    r.receives = 0;
    r.eagain_times.clear();
  }
  update();
}

void StevensFigure::setFigurePointSize(qreal points) {
  QFont f = font();
  f.setPointSizeF(points);
  setFont(f);
  updateGeometry();
  update();
}

qreal StevensFigure::figurePointSize() const {
  return font().pointSizeF();
}

QSize StevensFigure::sizeHint() const {
  const double line = QFontMetricsF(font()).height();
  return {static_cast<int>(line * 62), static_cast<int>(line * (12 + 3.6 * rows_.size()))};
}

QSize StevensFigure::minimumSizeHint() const {
  const double line = QFontMetricsF(font()).height();
  return {static_cast<int>(line * 36), static_cast<int>(line * (9 + 2.6 * rows_.size()))};
}

QImage StevensFigure::renderImage(QSize size) const {
  if (size.isEmpty()) size = this->size();
  if (size.isEmpty()) size = sizeHint();
  QImage img(size, QImage::Format_ARGB32_Premultiplied);
  img.fill(TimelinePalette::standard().background);
  QPainter p(&img);
  p.setFont(font());
  paintFigure(p, QRect(QPoint(0, 0), size));
  return img;
}

QString StevensFigure::savePng(const QString& path, QSize size) const {
  return writePng(renderImage(size), path);
}

void StevensFigure::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), TimelinePalette::standard().background);
  paintFigure(p, rect());
}

namespace {

QString syscallName(Sys s) {
  return QString::fromLatin1(to_string(s));
}

QString modelName(const QString& model) {
  if (model == QStringLiteral("blocking")) return StevensFigure::tr("blocking I/O");
  if (model == QStringLiteral("nonblocking")) return StevensFigure::tr("non-blocking I/O");
  if (model == QStringLiteral("sigio")) return StevensFigure::tr("signal-driven I/O");
  if (model == QStringLiteral("io_uring")) return StevensFigure::tr("asynchronous I/O");
  return StevensFigure::tr("I/O multiplexing");
}

QString subtitle(const FigureRow& r) {
  return r.receive ? StevensFigure::tr("%1, median of %n", nullptr, static_cast<int>(r.receives))
                         .arg(r.model)
                   : r.model;
}

bool isAsync(const FigureRow& r) {
  if (r.receive) return r.receive->style == WaitStyle::Submitted;
  return r.model == QStringLiteral("io_uring");
}

}  // namespace

void StevensFigure::paintFigure(QPainter& p, const QRect& rect) const {
  const TimelinePalette& pal = TimelinePalette::standard();
  p.setRenderHint(QPainter::Antialiasing, true);
  const QFont base = p.font();
  const QFont small = scaled(base, 0.86);
  const QFont bold = scaled(base, 1.0, true);
  const QFont big = scaled(base, 1.25, true);
  const double line = QFontMetricsF(base).height();
  const double pad = line * 0.6;

  // --- Layout ----------------------------------------------------------------------------
  Layout L;
  L.line = line;
  const QRectF inner = QRectF(rect).adjusted(pad, pad * 0.6, -pad, -pad * 0.6);
  const QString definition =
      tr("POSIX: synchronous I/O blocks the requesting process until the I/O completes. Models 1-4 "
         "are synchronous: each is blocked in recvmsg while the data is copied (phase 2). Only "
         "io_uring is asynchronous: the process makes no receive call and never waits for the "
         "data. Nuance: on this kernel the copy runs as task_work in the buyer's own thread, in "
         "kernel mode, so it is still paid with the buyer's CPU time.");
  p.setFont(small);
  const double footer_h =
      p.fontMetrics()
          .boundingRect(QRect(0, 0, static_cast<int>(inner.width() - 2 * pad), 100000),
                        Qt::TextWordWrap, definition)
          .height() +
      pad * 1.2;
  p.setFont(base);
  L.title = QRectF(inner.left(), inner.top(), inner.width(), line * 2.6);
  L.header = QRectF(inner.left(), L.title.bottom(), inner.width(), line * 3.0);
  L.footer = QRectF(inner.left(), inner.bottom() - footer_h, inner.width(), footer_h);
  const double legend_h = line * 1.5;
  L.rows = QRectF(inner.left(), L.header.bottom(), inner.width(),
                  std::max(0.0, L.footer.top() - legend_h - L.header.bottom() - pad * 0.3));
  const auto n = static_cast<double>(std::max<std::size_t>(1, rows_.size()));
  L.row_h = std::clamp(L.rows.height() / n, line * 2.4, line * 6.0);

  QFontMetricsF bm(bold), sm(small);
  double gutter = 0;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    gutter =
        std::max(gutter, bm.horizontalAdvance(QStringLiteral("8  ") + modelName(rows_[i].model)));
    gutter = std::max(gutter, sm.horizontalAdvance(subtitle(rows_[i])));
  }
  gutter = std::min(gutter + pad, inner.width() * 0.28);
  L.bracket_width = sm.horizontalAdvance(tr("asynchronous")) + line * 1.4;
  L.gutter_left = inner.left();
  L.col1_left = inner.left() + gutter;
  L.bracket_left = inner.right() - L.bracket_width;
  const double cols = L.bracket_left - L.col1_left - pad * 2;
  L.col1_width = cols * 0.46;
  L.col2_left = L.col1_left + L.col1_width + pad;
  L.col2_width = cols - L.col1_width - pad;
  L.label_room = QFontMetricsF(base).horizontalAdvance(QStringLiteral(" 888.888 ms ")) + pad * 0.5;

  // --- Scales ----------------------------------------------------------------------------
  double max1 = 0, max2 = 0;
  for (const auto& r : rows_) {
    if (!r.receive) continue;
    max1 = std::max(max1, static_cast<double>(std::max<std::int64_t>(0, r.receive->phase1_ns())));
    max2 = std::max(max2, static_cast<double>(std::max<std::int64_t>(0, r.receive->phase2_ns())));
  }
  const double end1 = niceCeil(max1), end2 = niceCeil(max2);
  const double bar1 = std::max(10.0, L.col1_width - L.label_room);
  const double bar2 = std::max(10.0, L.col2_width - L.label_room);
  const auto x1 = [&](double ns) { return L.col1_left + std::clamp(ns / end1, 0.0, 1.0) * bar1; };
  const auto x2 = [&](double ns) { return L.col2_left + std::clamp(ns / end2, 0.0, 1.0) * bar2; };

  // --- Title -----------------------------------------------------------------------------
  p.fillRect(L.title.adjusted(-pad, -pad * 0.6, pad, 0), pal.title_band);
  p.setPen(pal.title_text);
  p.setFont(big);
  drawLine(p, QRectF(L.title.left(), L.title.top(), L.title.width(), line * 1.5),
           tr("The five I/O models, measured (Stevens, UNP vol. 1, fig. 6.6)"));
  p.setFont(small);
  drawLine(p, QRectF(L.title.left(), L.title.top() + line * 1.5, L.title.width(), line),
           tr("One real receive per model: the median of its run. Each column has its own "
              "scale, shared by all rows."));

  // --- Column headers and rulers -----------------------------------------------------------
  const auto header = [&](double left, double width, double bar, double end, const QString& title) {
    p.setPen(pal.text);
    p.setFont(bold);
    drawLine(p, QRectF(left, L.header.top() + line * 0.2, width, line), title);
    const double y = L.header.top() + line * 1.75;
    p.setPen(QPen(pal.text_dim, 1));
    p.drawLine(QPointF(left, y), QPointF(left + bar, y));
    p.setFont(small);
    for (int i = 0; i <= 2; ++i) {
      const double x = left + bar * i / 2.0;
      p.drawLine(QPointF(x, y - line * 0.25), QPointF(x, y + line * 0.1));
      const QString label =
          i == 0 ? QStringLiteral("0") : dur(static_cast<std::int64_t>(end * i / 2));
      const double w = QFontMetricsF(small).horizontalAdvance(label);
      const double lx = i == 0 ? x : (i == 2 ? x - w : x - w / 2);
      p.drawText(QRectF(lx, y + line * 0.1, w + 2, line), Qt::AlignLeft | Qt::AlignVCenter, label);
    }
  };
  header(L.col1_left, L.col1_width, bar1, end1, tr("Phase 1: wait for data"));
  header(L.col2_left, L.col2_width, bar2, end2, tr("Phase 2: copy data from kernel to user"));

  // --- Rows ------------------------------------------------------------------------------
  const double bar_h = line * 1.1;
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    const FigureRow& r = rows_[i];
    const double top = L.rows.top() + L.row_h * static_cast<double>(i);
    const QRectF band(inner.left() - pad * 0.5, top, L.bracket_left - inner.left(), L.row_h);
    if (i % 2 == 1) p.fillRect(band, pal.row_alt);
    p.setPen(QPen(pal.grid, 1));
    p.drawLine(band.topLeft(), band.topRight());

    const bool greyed = !r.unavailable.isEmpty();
    const QString number = QString::number(i + 1);
    const QString name = modelName(r.model);
    const double y_bar = top + (L.row_h - bar_h) / 2 - line * 0.35;
    p.setFont(bold);
    p.setPen(greyed ? pal.text_dim : pal.text);
    drawLine(
        p, QRectF(L.gutter_left, y_bar - line * 0.1, L.col1_left - L.gutter_left - pad * 0.5, line),
        number + QStringLiteral("  ") + name);
    p.setFont(small);
    p.setPen(pal.text_dim);
    const QString sub = subtitle(r);
    drawLine(
        p,
        QRectF(L.gutter_left, y_bar + line * 0.95, L.col1_left - L.gutter_left - pad * 0.5, line),
        sub);

    const QRectF who1(L.col1_left, y_bar + bar_h + line * 0.1, L.col1_width, line);
    const QRectF who2(L.col2_left, y_bar + bar_h + line * 0.1, L.col2_width, line);
    // A phase's measured duration after its bar, and under it who was blocked in it.
    const auto label = [&](double bar_right, std::int64_t ns, const QRectF& under,
                           const QString& who) {
      p.setFont(bold);
      p.setPen(pal.text);
      p.drawText(QRectF(bar_right + pad * 0.4, y_bar, L.label_room, bar_h),
                 Qt::AlignLeft | Qt::AlignVCenter, dur(ns));
      p.setFont(small);
      p.setPen(pal.text_dim);
      drawLine(p, under, who);
    };
    if (greyed || !r.receive) {
      const QRectF box(L.col1_left, y_bar, L.col2_left + L.col2_width - L.col1_left, bar_h);
      p.fillRect(box, pal.gutter);
      p.setFont(base);
      p.setPen(pal.text_dim);
      drawLine(p, box.adjusted(pad * 0.5, 0, -pad * 0.5, 0),
               greyed ? tr("Not available here: %1").arg(r.unavailable)
                      : tr("Not measured yet: run this model."));
      continue;
    }
    const ReceiveMeasure& m = *r.receive;

    // Phase 1: who waits, and how.
    const QRectF p1(L.col1_left, y_bar,
                    std::max(2.0, x1(static_cast<double>(m.phase1_ns())) - L.col1_left), bar_h);
    QString who_1;
    switch (m.style) {
      case WaitStyle::InRecv:
        paintStateBar(p, p1, TimelineState::Waiting, pal);
        who_1 = tr("blocked in recvmsg");
        break;
      case WaitStyle::InMultiplex:
        paintStateBar(p, p1, TimelineState::Waiting, pal);
        who_1 = tr("blocked in %1").arg(syscallName(m.wait_call));
        break;
      case WaitStyle::Polling: {
        p.fillRect(p1, pal.other_fill);
        p.setPen(QPen(pal.eagain, 1));
        for (const std::int64_t t : r.eagain_times) {
          const double x = x1(static_cast<double>(t - m.wait_begin));
          p.drawLine(QPointF(x, p1.top()), QPointF(x, p1.bottom()));
        }
        who_1 = tr("not blocked: %n × recvmsg → EAGAIN", nullptr, m.eagain);
        break;
      }
      case WaitStyle::Signal:
        paintStateBar(p, p1, TimelineState::Work, pal);
        who_1 = tr("not blocked: works (%1) until a signal").arg(dur(m.work_ns));
        break;
      case WaitStyle::Submitted:
        paintStateBar(p, p1, TimelineState::Work, pal);
        who_1 = tr("not blocked: works (%1), the kernel waits").arg(dur(m.work_ns));
        break;
    }
    label(p1.right(), m.phase1_ns(), who1, who_1);

    // Phase 2: from the data's arrival to the end of the copy.
    const auto seg = [&](std::int64_t a, std::int64_t b) {
      const double l = x2(static_cast<double>(a - m.ready));
      const double rr = x2(static_cast<double>(b - m.ready));
      return QRectF(l, y_bar, std::max(2.0, rr - l), bar_h);
    };
    const TimelineState copyState =
        m.kernel_copy ? TimelineState::KernelCopy : TimelineState::Copying;
    QString who_2;
    if (m.wakeup || m.measured_copy) {
      p.fillRect(seg(m.ready, m.copy_end), pal.other_fill);
      if (m.wakeup)
        paintStateBar(p, seg(std::max(m.wakeup->t0, m.ready), std::min(m.wakeup->t1, m.copy_end)),
                      TimelineState::Wakeup, pal);
      if (m.measured_copy)
        paintStateBar(
            p,
            seg(std::max(m.measured_copy->t0, m.ready), std::min(m.measured_copy->t1, m.copy_end)),
            copyState, pal);
    } else {
      if (m.notice_ns() > 0) p.fillRect(seg(m.ready, m.copy_begin), pal.other_fill);
      paintStateBar(p, seg(m.copy_begin, m.copy_end), copyState, pal);
    }
    const auto piece = [](const std::optional<PieceNs>& x) {
      return x ? dur(x->ns()) : QStringLiteral("?");
    };
    switch (m.style) {
      case WaitStyle::InRecv:
        who_2 = (m.wakeup || m.measured_copy) ? tr("blocked in recvmsg: wake-up %1, copy %2")
                                                    .arg(piece(m.wakeup), piece(m.measured_copy))
                                              : tr("blocked in recvmsg: wake-up + copy (inferred)");
        break;
      case WaitStyle::Polling:
      case WaitStyle::InMultiplex:
      case WaitStyle::Signal:
        who_2 =
            tr("waited %2, then blocked in recvmsg %1").arg(dur(m.copy_ns()), dur(m.notice_ns()));
        break;
      case WaitStyle::Submitted:
        who_2 = m.io_worker ? tr("not blocked: an io-wq worker copies")
                            : tr("not blocked: kernel copies as task_work, buyer's CPU");
        break;
    }
    if (m.told >= m.ready && m.told <= m.copy_end && m.style != WaitStyle::Polling) {
      const TimelineState glyph = m.style == WaitStyle::Signal      ? TimelineState::Signal
                                  : m.style == WaitStyle::Submitted ? TimelineState::Completion
                                                                    : TimelineState::Notify;
      const double gx = x2(static_cast<double>(m.told - m.ready));
      paintStateGlyph(p, QRectF(gx - bar_h * 0.45, y_bar - bar_h * 0.55, bar_h * 0.9, bar_h * 0.9),
                      glyph, pal);
    }
    const QRectF whole2 = seg(m.ready, m.copy_end);
    label(whole2.right(), m.phase2_ns(), who2, who_2);
  }

  // --- Synchronous / asynchronous brackets ---------------------------------------------------
  p.setFont(small);
  std::size_t start = 0;
  for (std::size_t i = 1; i <= rows_.size(); ++i) {
    if (i < rows_.size() && isAsync(rows_[i]) == isAsync(rows_[start])) continue;
    const double y0 = L.rows.top() + L.row_h * static_cast<double>(start) + line * 0.3;
    const double y1 = L.rows.top() + L.row_h * static_cast<double>(i) - line * 0.3;
    const double bx = L.bracket_left + line * 0.4;
    p.setPen(QPen(pal.text, 1.5));
    p.drawLine(QPointF(bx, y0), QPointF(bx, y1));
    p.drawLine(QPointF(bx - line * 0.3, y0), QPointF(bx, y0));
    p.drawLine(QPointF(bx - line * 0.3, y1), QPointF(bx, y1));
    p.drawText(QRectF(bx + line * 0.3, y0, L.bracket_width - line * 0.7, y1 - y0),
               Qt::AlignLeft | Qt::AlignVCenter,
               isAsync(rows_[start]) ? tr("asynchronous") : tr("synchronous"));
    start = i;
  }

  // --- The key ----------------------------------------------------------------------------
  {
    const std::pair<TimelineState, QString> keys[] = {
        {TimelineState::Waiting, tr("blocked, waiting")},
        {TimelineState::Eagain, tr("EAGAIN call")},
        {TimelineState::Work, tr("useful work")},
        {TimelineState::OtherCall, tr("data waits for the process")},
        {TimelineState::Wakeup, tr("wake-up (probe)")},
        {TimelineState::Copying, tr("copy")},
    };
    double x = L.col1_left;
    const double y = L.footer.top() - legend_h + line * 0.2;
    for (const auto& [state, text] : keys) {
      const QRectF sw(x, y + line * 0.15, line * 1.6, line * 0.8);
      if (state == TimelineState::Eagain)
        p.fillRect(sw, pal.eagain);
      else if (state == TimelineState::OtherCall)
        p.fillRect(sw, pal.other_fill);
      else
        paintStateBar(p, sw, state, pal);
      p.setPen(pal.text_dim);
      const double w = sm.horizontalAdvance(text);
      p.drawText(QRectF(sw.right() + line * 0.3, y, w + 2, line * 1.1),
                 Qt::AlignLeft | Qt::AlignVCenter, text);
      x = sw.right() + line * 0.3 + w + line * 1.0;
    }
  }

  // --- The definition ----------------------------------------------------------------------
  p.fillRect(L.footer, pal.gutter);
  p.setPen(pal.text);
  p.drawText(L.footer.adjusted(pad, pad * 0.6, -pad, -pad * 0.6),
             Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignVCenter, definition);
  p.setFont(base);
}

}  // namespace ioscope::ui
