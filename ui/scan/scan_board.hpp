// One classroom of N descriptors ("students"), animated from a real measurement. In Scan mode
// (select, poll) a cursor walks every descriptor each call and the ready ones are lit; in Hands
// mode (epoll) nothing is walked: the ready descriptors light up and fly to the ready list.
#pragma once

#include <QWidget>

class QTimer;

namespace ioscope::ui {

class ScanBoard : public QWidget {
  Q_OBJECT

 public:
  enum class Mode { Scan, Hands };

  explicit ScanBoard(Mode mode, QWidget* parent = nullptr);

  void setStudents(int n);  // clears any measurement
  int students() const { return students_; }
  // The real counts for this N: descriptors examined per call and returned ready per call.
  // The animation replays `calls` waiting calls, then starts over.
  void setMeasured(int scanned, int ready, int calls);
  void clearMeasured();
  bool measured() const { return calls_ > 0; }
  int scanned() const { return scanned_; }
  int ready() const { return ready_; }
  // Calls replayed so far (1..calls), for the counters beside the board.
  int animatedCall() const { return call_; }
  // Freezes the animation at a fraction (0..1) of one call (tests, screenshots); < 0 resumes.
  void setFrozenPhase(double phase);

  QSize minimumSizeHint() const override;

 signals:
  void callAnimated(int call);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

 private:
  bool isReady(int index) const;
  void advance();

  Mode mode_;
  int students_ = 50;
  int scanned_ = 0;
  int ready_ = 0;
  int calls_ = 0;
  int call_ = 0;
  double phase_ = 0.0;
  double frozen_ = -1.0;
  QTimer* timer_;
};

}  // namespace ioscope::ui
