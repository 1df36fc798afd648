#include "window/speaker_notes.hpp"

#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QVBoxLayout>

#include "lessons/presenter_script.hpp"

namespace ioscope::ui {

SpeakerNotes::SpeakerNotes(QWidget* parent)
    : QWidget(parent, Qt::Window),
      lesson_(new QLabel(this)),
      step_(new QLabel(this)),
      note_(new QLabel(this)),
      next_(new QLabel(this)) {
  setObjectName(QStringLiteral("speakerNotes"));
  setWindowTitle(tr("Speaker notes"));
  // Read at arm's length by the teacher, not from the back of the room: large, but not huge.
  setStyleSheet(
      QStringLiteral("QWidget#speakerNotes { background: #1a1a1a; }"
                     "QLabel { color: #f0f0f0; font-size: 26px; }"
                     "QLabel#step { color: #e69f00; font-size: 34px; font-weight: bold; }"
                     "QLabel#next { color: #9aa0a6; }"));
  step_->setObjectName(QStringLiteral("step"));
  next_->setObjectName(QStringLiteral("next"));
  for (QLabel* l : {lesson_, step_, note_, next_}) {
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
  }
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(40, 30, 40, 30);
  layout->setSpacing(24);
  layout->addWidget(lesson_);
  layout->addWidget(step_);
  layout->addWidget(note_, 1, Qt::AlignTop);
  layout->addWidget(next_);
}

void SpeakerNotes::update(const QString& lesson_title, const PresenterScript& script) {
  lesson_->setText(lesson_title);
  step_->setText(script.title());
  const QString note = script.note();
  note_->setText(note.isEmpty() ? tr("(no note for this step)") : note);
  if (script.hasNext()) {
    PresenterScript ahead = script;
    ahead.next();
    next_->setText(tr("Next (N or Enter): %1").arg(PresenterScript::stepName(ahead.current())));
  } else {
    next_->setText(tr("Next (N or Enter): the next lesson"));
  }
}

QString SpeakerNotes::text() const {
  return QStringList{lesson_->text(), step_->text(), note_->text(), next_->text()}.join(
      QLatin1Char('\n'));
}

QScreen* SpeakerNotes::screenFor(const QList<QScreen*>& screens, const QScreen* presenting) {
  for (QScreen* s : screens)
    if (s != presenting) return s;
  return nullptr;
}

void SpeakerNotes::place(const QScreen* presenting) {
  QScreen* screen = screenFor(QGuiApplication::screens(), presenting);
  if (screen == nullptr) {
    hide();
    return;
  }
  setScreen(screen);
  setGeometry(screen->availableGeometry());
  showFullScreen();
}

}  // namespace ioscope::ui
