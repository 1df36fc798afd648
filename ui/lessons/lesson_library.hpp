// Every lesson the app knows: those shipped in the Qt resources (:/lessons/) or installed beside
// the app (<prefix>/share/ioscope/lessons), and those in a folder the user picked. A malformed
// file is reported (file, line, what is wrong) and skipped; the rest still load. Lessons are
// paired across languages by id.
#pragma once

#include <QList>
#include <QMap>
#include <QString>

#include "lessons/lesson.hpp"

namespace ioscope::ui {

struct LessonEntry {
  QString id;                         // "01-two-phases"
  QMap<QString, Lesson> by_language;  // "en" -> lesson, "zh_CN" -> lesson
};

class LessonLibrary {
 public:
  // The lessons that ship inside the app.
  static QString resource_folder() { return QStringLiteral(":/lessons"); }

  // Loads every *.md in folder. A lesson with the same id and language as one already loaded
  // replaces it (a user's folder can override a shipped lesson). Returns how many loaded.
  int load_folder(const QString& folder);
  int load_resources() { return load_folder(resource_folder()); }
  // The lessons that ship with the app: the built-in ones, then, lesson by lesson over them,
  // those installed in <prefix>/share/ioscope/lessons beside an installed executable in app_dir
  // (see installed_data.hpp). The second form is for the running executable.
  void load_shipped(const QString& app_dir);
  void load_shipped();

  // Sorted by id.
  const QList<LessonEntry>& lessons() const { return lessons_; }
  const QList<LessonError>& errors() const { return errors_; }

  // The lesson in language, else in English, else in any language; nullptr if there is no such id.
  const Lesson* find(const QString& id, const QString& language) const;

 private:
  void add(Lesson lesson);

  QList<LessonEntry> lessons_;
  QList<LessonError> errors_;
};

}  // namespace ioscope::ui
