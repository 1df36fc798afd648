#include "timeline/timeline_icons.hpp"

#include <QFile>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QSvgRenderer>

#include <array>
#include <initializer_list>
#include <memory>

#include "timeline/timeline_palette.hpp"

namespace ioscope::ui {

namespace {

constexpr int kPictogramCount = 7;

struct SvgSlot {
  bool tried = false;
  std::unique_ptr<QSvgRenderer> renderer;  // null when the resource is missing or broken
};

SvgSlot& slot(Pictogram p) {
  static std::array<SvgSlot, kPictogramCount> table;
  SvgSlot& s = table[static_cast<std::size_t>(p)];
  if (!s.tried) {
    s.tried = true;
    const QString path = QString::fromLatin1(pictogramResource(p));
    if (QFile::exists(path)) {
      auto r = std::make_unique<QSvgRenderer>(path);
      if (r->isValid()) s.renderer = std::move(r);
    }
  }
  return s;
}

// A square of side min(w, h), centred in r.
QRectF squareIn(const QRectF& r) {
  const double side = std::min(r.width(), r.height());
  return QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side);
}

const QImage& cachedRender(Pictogram p, QSvgRenderer& renderer, const QSize& px, double dpr) {
  static QHash<quint64, QImage> cache;
  const auto dpr_key = static_cast<quint64>(dpr * 100 + 0.5) & 0xFFFF;
  const quint64 key = (quint64{static_cast<unsigned char>(p)} << 56) | (dpr_key << 40) |
                      (quint64(static_cast<quint32>(px.width()) & 0xFFFFF) << 20) |
                      quint64(static_cast<quint32>(px.height()) & 0xFFFFF);
  auto it = cache.find(key);
  if (it != cache.end()) return *it;
  if (cache.size() > 256) cache.clear();  // sizes change with zoom only rarely
  QImage img(px, QImage::Format_ARGB32_Premultiplied);
  img.fill(Qt::transparent);
  QPainter ip(&img);
  ip.setRenderHint(QPainter::Antialiasing, true);
  QSizeF natural = renderer.defaultSize();
  if (natural.isEmpty()) natural = QSizeF(px);
  QSizeF fitted = natural.scaled(QSizeF(px), Qt::KeepAspectRatio);
  renderer.render(
      &ip, QRectF(QPointF((px.width() - fitted.width()) / 2, (px.height() - fitted.height()) / 2),
                  fitted));
  ip.end();
  img.setDevicePixelRatio(dpr);
  return *cache.insert(key, img);
}

}  // namespace

const char* pictogramResource(Pictogram p) {
  switch (p) {
    case Pictogram::Buyer:
      return ":/assets/buyer.svg";
    case Pictogram::Shopkeeper:
      return ":/assets/shopkeeper.svg";
    case Pictogram::Factory:
      return ":/assets/factory.svg";
    case Pictogram::Knife:
      return ":/assets/knife.svg";
    case Pictogram::Bell:
      return ":/assets/bell.svg";
    case Pictogram::Phone:
      return ":/assets/phone.svg";
    case Pictogram::Courier:
      return ":/assets/courier.svg";
  }
  return "";
}

bool pictogramAvailable(Pictogram pictogram) {
  return slot(pictogram).renderer != nullptr;
}

void drawPictogram(QPainter& p, const QRectF& r, Pictogram pictogram) {
  if (r.width() < 2 || r.height() < 2) return;
  SvgSlot& s = slot(pictogram);
  if (!s.renderer) {
    drawFallbackPictogram(p, r, pictogram);
    return;
  }
  const QRectF sq = squareIn(r);
  const double dpr = p.device() ? p.device()->devicePixelRatioF() : 1.0;
  const int side = std::max(1, static_cast<int>(sq.width() * dpr + 0.5));
  p.drawImage(sq.topLeft(), cachedRender(pictogram, *s.renderer, QSize(side, side), dpr));
}

void drawFallbackPictogram(QPainter& p, const QRectF& r, Pictogram pictogram) {
  const QRectF b = squareIn(r);
  const double s = b.width();
  auto at = [&](double fx, double fy) { return QPointF(b.left() + fx * s, b.top() + fy * s); };
  auto box = [&](double fx, double fy, double fw, double fh) {
    return QRectF(b.left() + fx * s, b.top() + fy * s, fw * s, fh * s);
  };
  // A closed outline through the given points (fractions of the square).
  auto outline = [&](std::initializer_list<QPointF> fractions) {
    QPainterPath path;
    for (const QPointF& f : fractions) {
      if (path.isEmpty())
        path.moveTo(at(f.x(), f.y()));
      else
        path.lineTo(at(f.x(), f.y()));
    }
    path.closeSubpath();
    return path;
  };
  const QColor ink(0x1A, 0x1A, 0x1A);
  const double w = std::max(1.0, s / 16);
  p.save();
  p.setRenderHint(QPainter::Antialiasing, true);
  p.setPen(QPen(ink, w, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
  switch (pictogram) {
    case Pictogram::Buyer: {
      p.setBrush(okabe_ito::kSkyBlue);
      p.drawEllipse(box(0.34, 0.06, 0.32, 0.32));
      QPainterPath body;
      body.moveTo(at(0.16, 0.94));
      body.cubicTo(at(0.16, 0.50), at(0.84, 0.50), at(0.84, 0.94));
      body.closeSubpath();
      p.drawPath(body);
      break;
    }
    case Pictogram::Shopkeeper: {
      p.setBrush(QColor(0xF4, 0xF4, 0xF4));
      p.drawRect(box(0.14, 0.40, 0.72, 0.52));
      p.setBrush(okabe_ito::kVermillion);
      p.drawPath(outline({{0.06, 0.42}, {0.18, 0.14}, {0.82, 0.14}, {0.94, 0.42}}));
      p.setBrush(okabe_ito::kSkyBlue);
      p.drawRect(box(0.40, 0.58, 0.20, 0.34));
      break;
    }
    case Pictogram::Factory: {
      p.setBrush(QColor(0xC9, 0xCC, 0xD1));
      p.drawPath(outline({{0.06, 0.92},
                          {0.06, 0.46},
                          {0.34, 0.30},
                          {0.34, 0.46},
                          {0.62, 0.30},
                          {0.62, 0.46},
                          {0.70, 0.46},
                          {0.70, 0.08},
                          {0.86, 0.08},
                          {0.86, 0.46},
                          {0.94, 0.46},
                          {0.94, 0.92}}));
      p.setBrush(okabe_ito::kOrange);
      p.drawRect(box(0.18, 0.62, 0.14, 0.14));
      p.drawRect(box(0.46, 0.62, 0.14, 0.14));
      break;
    }
    case Pictogram::Knife: {
      QPainterPath blade;
      blade.moveTo(at(0.06, 0.62));
      blade.quadTo(at(0.30, 0.30), at(0.62, 0.40));
      blade.lineTo(at(0.62, 0.62));
      blade.closeSubpath();
      p.setBrush(QColor(0xDD, 0xE3, 0xEA));
      p.drawPath(blade);
      p.setBrush(QColor(0x6B, 0x44, 0x23));
      p.drawRoundedRect(box(0.60, 0.44, 0.34, 0.16), s * 0.05, s * 0.05);
      break;
    }
    case Pictogram::Bell: {
      QPainterPath bell;
      bell.moveTo(at(0.16, 0.76));
      bell.cubicTo(at(0.28, 0.66), at(0.22, 0.20), at(0.50, 0.16));
      bell.cubicTo(at(0.78, 0.20), at(0.72, 0.66), at(0.84, 0.76));
      bell.closeSubpath();
      p.setBrush(okabe_ito::kYellow);
      p.drawPath(bell);
      p.setBrush(ink);
      p.drawEllipse(box(0.42, 0.78, 0.16, 0.14));
      p.drawLine(at(0.50, 0.06), at(0.50, 0.16));
      break;
    }
    case Pictogram::Phone: {
      p.setBrush(okabe_ito::kReddishPurple);
      p.drawRoundedRect(box(0.30, 0.10, 0.40, 0.80), s * 0.08, s * 0.08);
      p.setBrush(Qt::white);
      p.drawRect(box(0.36, 0.20, 0.28, 0.48));
      p.setBrush(Qt::NoBrush);
      p.drawArc(box(0.02, 0.30, 0.24, 0.40), 100 * 16, 160 * 16);
      p.drawArc(box(0.74, 0.30, 0.24, 0.40), -80 * 16, 160 * 16);
      break;
    }
    case Pictogram::Courier: {
      p.setBrush(QColor(0xD8, 0xB0, 0x7A));
      p.drawRect(box(0.12, 0.28, 0.76, 0.60));
      p.drawLine(at(0.50, 0.28), at(0.50, 0.88));
      p.setBrush(okabe_ito::kBlue);
      p.drawPath(outline({{0.12, 0.28}, {0.26, 0.10}, {0.74, 0.10}, {0.88, 0.28}}));
      break;
    }
  }
  p.restore();
}

}  // namespace ioscope::ui
