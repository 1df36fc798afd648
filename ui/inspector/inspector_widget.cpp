#include "inspector/inspector_widget.hpp"

#include <QEvent>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace ioscope::ui {

namespace {

constexpr int kIconPx = 56;

QPixmap pictogram(const QString& path, int px, qreal dpr) {
  if (path.isEmpty() || !QFile::exists(path)) return {};
  QSvgRenderer svg(path);
  if (!svg.isValid()) return {};
  QPixmap pm(QSize(px, px) * dpr);
  pm.setDevicePixelRatio(dpr);
  pm.fill(Qt::transparent);
  QPainter p(&pm);
  svg.render(&p, QRectF(0, 0, px, px));
  return pm;
}

}  // namespace

InspectorWidget::InspectorWidget(QWidget* parent)
    : QWidget(parent),
      icon_(new QLabel(this)),
      title_(new QLabel(this)),
      phase_(new QLabel(this)),
      body_(new QTextBrowser(this)) {
  icon_->setFixedSize(kIconPx, kIconPx);
  title_->setWordWrap(true);
  title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  title_->setTextFormat(Qt::PlainText);
  phase_->setWordWrap(true);
  phase_->setTextFormat(Qt::PlainText);
  phase_->setMargin(6);
  body_->setOpenLinks(false);
  body_->setFrameShape(QFrame::NoFrame);

  auto* head = new QHBoxLayout;
  head->addWidget(icon_, 0, Qt::AlignTop);
  head->addWidget(title_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(head);
  layout->addWidget(phase_);
  layout->addWidget(body_, 1);

  applyFonts();
  render();
}

void InspectorWidget::setDocument(const TraceDocument* document) {
  doc_ = document;
  clear();
}

void InspectorWidget::showEvent(quint32 arrivalIndex) {
  current_ = arrivalIndex;
  refresh();
}

void InspectorWidget::refresh() {
  shown_ =
      doc_ && current_ != kNone ? EventExplainer::explain(*doc_, current_) : EventExplanation{};
  if (!shown_.valid) current_ = kNone;  // gone: a new run cleared the document
  render();
}

void InspectorWidget::clear() {
  current_ = kNone;
  shown_ = {};
  render();
}

QString InspectorWidget::titleText() const {
  return title_->text();
}

QString InspectorWidget::bodyText() const {
  return phase_->text() + QLatin1Char('\n') + body_->toPlainText();
}

QString InspectorWidget::phaseColor(EventExplanation::Phase phase) const {
  // Flat colours with dark text, readable on a projector; the same hue family as the timeline's
  // phase bars (amber: waiting, blue: copying).
  switch (phase) {
    case EventExplanation::Phase::WaitForData:
      return QStringLiteral("#FFE08A");
    case EventExplanation::Phase::CopyToUser:
      return QStringLiteral("#A9CCF5");
    case EventExplanation::Phase::Both:
      return QStringLiteral("#D9C6F0");
    case EventExplanation::Phase::ReadyInKernel:
      return QStringLiteral("#B8E6B0");
    case EventExplanation::Phase::KernelCopy:
      return QStringLiteral("#9FE0D8");
    case EventExplanation::Phase::None:
      break;
  }
  return QStringLiteral("#E3E3E3");
}

void InspectorWidget::render() {
  if (!shown_.valid) {
    icon_->clear();
    icon_->setVisible(false);
    title_->setText(tr("No event selected"));
    phase_->setVisible(false);
    body_->setHtml(
        QStringLiteral("<p>%1</p>")
            .arg(tr("Click an event in the timeline or in the event list to see the call, "
                    "its result, how long it took, and what it means.")
                     .toHtmlEscaped()));
    return;
  }
  const QPixmap pm = pictogram(shown_.pictogram, kIconPx, devicePixelRatioF());
  icon_->setPixmap(pm);
  icon_->setVisible(!pm.isNull());
  title_->setText(shown_.title);
  phase_->setText(shown_.phaseText);
  phase_->setStyleSheet(
      QStringLiteral("QLabel { background: %1; color: #1A1A1A; border-radius: 6px; }")
          .arg(phaseColor(shown_.phase)));
  phase_->setVisible(true);

  QString html;
  html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='3'>");
  for (const auto& [label, value] : shown_.details)
    html += QStringLiteral(
                "<tr><td width='38%' style='padding-right:12px'>%1</td><td><b>%2</b></td></tr>")
                .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
  html += QStringLiteral("</table>");
  html += QStringLiteral("<h3>%1</h3><p>%2</p>")
              .arg(tr("In the analogy").toHtmlEscaped(), shown_.analogy.toHtmlEscaped());
  html += QStringLiteral("<h3>%1</h3><p>%2</p>")
              .arg(tr("In syscall terms").toHtmlEscaped(), shown_.syscall.toHtmlEscaped());
  body_->setHtml(html);
}

void InspectorWidget::applyFonts() {
  QFont base = font();
  if (base.pointSizeF() > 0)
    base.setPointSizeF(std::max(base.pointSizeF() * 1.2, 12.0));
  else
    base.setPixelSize(std::max(base.pixelSize() * 6 / 5, 16));
  body_->setFont(base);
  phase_->setFont(base);
  QFont big = base;
  if (big.pointSizeF() > 0)
    big.setPointSizeF(big.pointSizeF() * 1.3);
  else
    big.setPixelSize(big.pixelSize() * 13 / 10);
  big.setBold(true);
  title_->setFont(big);
}

void InspectorWidget::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) applyFonts();
  if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) render();
  QWidget::changeEvent(event);
}

}  // namespace ioscope::ui
