// The teacher's side of presenter mode: the lesson, the step it is on, the teacher's note for it
// and the step that comes next, on a second screen when there is one (the room sees the
// projector, the notes stay with the teacher). With one screen it stays hidden: notes are never
// shown to the room.
#pragma once

#include <QWidget>

class QLabel;
class QScreen;

namespace ioscope::ui {

class PresenterScript;

class SpeakerNotes : public QWidget {
  Q_OBJECT

 public:
  explicit SpeakerNotes(QWidget* parent = nullptr);

  // What the notes say for this point of the lesson.
  void update(const QString& lesson_title, const PresenterScript& script);
  QString text() const;  // plain: title, step, note, next step

  // The screen the notes go on: one other than the presenting window's, or null with one screen.
  static QScreen* screenFor(const QList<QScreen*>& screens, const QScreen* presenting);
  // Shown on that screen (full screen there), or hidden when there is none.
  void place(const QScreen* presenting);

 private:
  QLabel* lesson_;
  QLabel* step_;
  QLabel* note_;
  QLabel* next_;
};

}  // namespace ioscope::ui
