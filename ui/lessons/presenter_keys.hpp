// Presenter mode's keyboard: an application-wide event filter, so the keys work whichever widget
// has the focus (the lesson text would otherwise eat Space and the arrows) and win over menu
// shortcuts (Esc would otherwise stop the run). Not in a field that takes text: typing there
// types.
//   N Enter  next step of the lesson (idea, prediction, run, verdict, figure)   Backspace  back
//   Space run / stop / replay      Left Right  step through the trace     Home End  jump
//   PgUp PgDn previous / next lesson   Up Down  scroll the lesson text
//   A-D or 1-4  pick a prediction      R  run again      F11 full screen
//   + - F 0  zoom in, out, fit         ?  the key sheet  Esc  close the sheet, else leave
#pragma once

#include <QObject>

#include <functional>
#include <map>

namespace ioscope::ui {

class PresenterKeys : public QObject {
  Q_OBJECT

 public:
  // scope: only key events for widgets inside this window are taken.
  explicit PresenterKeys(QWidget* scope);
  ~PresenterKeys() override;

  void setEnabled(bool on);
  bool isEnabled() const { return enabled_; }
  // What a key does (Qt::Key); unset keys pass through.
  void bind(int key, std::function<void()> action) { actions_[key] = std::move(action); }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* scope_;
  bool enabled_ = false;
  std::map<int, std::function<void()>> actions_;
};

}  // namespace ioscope::ui
