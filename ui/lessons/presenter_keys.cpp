#include "lessons/presenter_keys.hpp"

#include <QApplication>
#include <QKeyEvent>
#include <QWidget>

namespace ioscope::ui {

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
