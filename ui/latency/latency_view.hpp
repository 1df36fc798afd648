// The Latency view: the latency lab in the app. Choose models and a workload (clients, total
// rate, duration, message size), Run: the models run one after the other with identical
// parameters and each one's charts appear as it finishes: the percentile curve (the classic
// HdrHistogram plot), p50/p99 bars, throughput bars and CPU time per message bars. Every chart
// exports to PNG; the numbers export to CSV. One colour (Okabe-Ito) and dash per model.
#pragma once

#include <QColor>
#include <QStringList>
#include <QWidget>

#include <map>
#include <string>

#include "lab/scenario.hpp"

class QCheckBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace ioscope::ui {

class BarChart;
class LatencyController;
class PercentileChart;

class LatencyView : public QWidget {
  Q_OBJECT

 public:
  explicit LatencyView(QWidget* parent = nullptr);
  ~LatencyView() override;

  // Ticks exactly these model ids (unknown ids are ignored); "all" ticks every model.
  void setModels(const QStringList& ids);
  QStringList models() const;
  void setWorkload(int clients, int rate, int duration_ms, int size);
  // What sigio and io_uring do while they wait (IdleMode): Sleep, the fair comparison, unless the
  // user ticks "keep working".
  void setIdleMode(IdleMode idle);
  IdleMode idleMode() const;
  QCheckBox* keepWorkingBox() const { return keep_working_; }
  // io_uring's variants as series of their own ("io_uring+multishot", ...), beside the models.
  QCheckBox* uringVariantBox(const std::string& series) const { return variant_boxes_.at(series); }
  // A series' name: the model id, with the variant that ran for a model that has the choice
  // ("io_uring (sleeps)", "sigio (keeps working)").
  static QString seriesLabel(const std::string& model, IdleMode idle);

  // Starts a comparison of the ticked models; false (message in the status line) if invalid.
  bool run();
  void stop();
  bool isRunning() const;

  // Empty on success; otherwise why the file could not be written.
  QString exportCsv(const QString& path) const;

  LatencyController* controller() const { return controller_; }
  PercentileChart* percentileChart() const { return percentiles_; }
  BarChart* latencyBars() const { return latency_bars_; }
  BarChart* throughputBars() const { return throughput_bars_; }
  BarChart* cpuBars() const { return cpu_bars_; }
  QString statusText() const;
  QString hoverText() const;

  static QColor colorFor(const std::string& model);
  static Qt::PenStyle styleFor(const std::string& model);

 signals:
  void started();  // a comparison began (MainWindow then stops any other)
  void finished(bool cancelled);

 private:
  void onModelStarted(int index);
  void onModelProgress(int index);
  void onModelFinished(int index);
  void onFinished(bool cancelled);
  void clearCharts();
  void updateButtons();
  void exportChartPng(QWidget* chart, const QString& name);
  void exportCsvDialog();

  LatencyController* controller_;
  std::map<std::string, QCheckBox*> model_boxes_;
  std::map<std::string, QCheckBox*> variant_boxes_;  // by series: "io_uring+multishot", ...
  QCheckBox* all_box_;
  QSpinBox* clients_;
  QSpinBox* rate_;
  QSpinBox* duration_;
  QSpinBox* size_;
  QCheckBox* keep_working_;
  QPushButton* run_button_;
  QPushButton* stop_button_;
  QPushButton* csv_button_;
  QLabel* info_;
  QLabel* status_;
  QLabel* hover_;
  PercentileChart* percentiles_;
  int live_index_ = -1;   // the model whose curve is growing (index in the params' models)
  int live_series_ = -1;  // its series in percentiles_
  BarChart* latency_bars_;
  BarChart* throughput_bars_;
  BarChart* cpu_bars_;
};

}  // namespace ioscope::ui
