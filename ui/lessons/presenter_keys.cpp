#include "lessons/presenter_keys.hpp"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>
#include <QWidget>

namespace ioscope::ui {

namespace {

bool takesText(const QWidget* w) {
  if (qobject_cast<const QLineEdit*>(w) || qobject_cast<const QAbstractSpinBox*>(w)) return true;
  if (auto* t = qobject_cast<const QTextEdit*>(w)) return !t->isReadOnly();
  if (auto* t = qobject_cast<const QPlainTextEdit*>(w)) return !t->isReadOnly();
  if (auto* c = qobject_cast<const QComboBox*>(w)) return c->isEditable();
  return false;
}

}  // namespace

PresenterKeys::PresenterKeys(QWidget* scope) : QObject(scope), scope_(scope) {}

PresenterKeys::~PresenterKeys() {
  if (enabled_) qApp->removeEventFilter(this);
}

void PresenterKeys::setEnabled(bool on) {
  if (on == enabled_) return;
  enabled_ = on;
  if (on)
    qApp->installEventFilter(this);
  else
    qApp->removeEventFilter(this);
}

bool PresenterKeys::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride) return false;
  auto* w = qobject_cast<QWidget*>(watched);
  if (!w || w->window() != scope_) return false;
  if (takesText(w)) return false;  // typing in a field is typing, whatever the mode
  auto* key = static_cast<QKeyEvent*>(event);
  if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier)) return false;
  const auto it = actions_.find(key->key());
  if (it == actions_.end()) return false;
  event->accept();
  if (event->type() == QEvent::ShortcutOverride) return true;  // ours, not a menu shortcut's
  if (!key->isAutoRepeat() || key->key() == Qt::Key_Left || key->key() == Qt::Key_Right ||
      key->key() == Qt::Key_Up || key->key() == Qt::Key_Down)
    it->second();
  return true;
}

}  // namespace ioscope::ui
