// What every ioscope chart shares: a still (unanimated) QChart in a view that fills its widget,
// base-10 log axes that read whole decades, and one font size for titles, legend and axes.
#pragma once

#include <QFont>
#include <QString>

#include <initializer_list>

class QAbstractAxis;
class QChart;
class QChartView;
class QLogValueAxis;
class QWidget;

namespace ioscope::ui {

// A chart with its legend at `legend`, shown in a view that fills `owner` (which takes it).
QChartView* make_chart_view(QWidget* owner, QChart* chart, Qt::Alignment legend);

// A base-10 log axis with minor ticks at each decade's steps; `format` is printf-style ("%g").
QLogValueAxis* make_log_axis(const QString& format);

// Titles bold, everything else plain, all at `points`.
void set_chart_font(QChart* chart, QFont base, int points,
                    std::initializer_list<QAbstractAxis*> axes);

// The powers of ten at or below / at or above v (v > 0).
double decade_below(double v);
double decade_above(double v);

}  // namespace ioscope::ui
