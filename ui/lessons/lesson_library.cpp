#include "lessons/lesson_library.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include "lessons/installed_data.hpp"
#include "lessons/lesson_parser.hpp"

namespace ioscope::ui {

int LessonLibrary::load_folder(const QString& folder) {
  const QDir dir(folder);
  if (!dir.exists()) {
    errors_.push_back({folder, 0,
                       QCoreApplication::translate("ioscope::ui::LessonLibrary",
                                                   "the lesson folder does not exist")});
    return 0;
  }
  int loaded = 0;
  const QStringList names =
      dir.entryList({QStringLiteral("*.md")}, QDir::Files | QDir::Readable, QDir::Name);
  for (const QString& name : names) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
      errors_.push_back(
          {path, 0,
           QCoreApplication::translate("ioscope::ui::LessonLibrary", "cannot read the file: %1")
               .arg(file.errorString())});
      continue;
    }
    LessonResult result = parse_lesson(file.readAll(), name, path);
    if (auto* error = std::get_if<LessonError>(&result)) {
      error->file = path;
      errors_.push_back(*error);
      continue;
    }
    add(std::move(std::get<Lesson>(result)));
    ++loaded;
  }
  return loaded;
}

void LessonLibrary::load_shipped(const QString& app_dir) {
  load_resources();
  const QString installed = installed_data_dir(app_dir);
  if (!installed.isEmpty() && QFileInfo(installed + QStringLiteral("/lessons")).isDir())
    load_folder(installed + QStringLiteral("/lessons"));
}

void LessonLibrary::load_shipped() {
  load_shipped(QCoreApplication::applicationDirPath());
}

void LessonLibrary::add(Lesson lesson) {
  auto it = std::lower_bound(lessons_.begin(), lessons_.end(), lesson.id,
                             [](const LessonEntry& e, const QString& id) { return e.id < id; });
  if (it == lessons_.end() || it->id != lesson.id)
    it = lessons_.insert(it, LessonEntry{lesson.id, {}});
  it->by_language.insert(lesson.language, std::move(lesson));
}

const Lesson* LessonLibrary::find(const QString& id, const QString& language) const {
  for (const LessonEntry& e : lessons_) {
    if (e.id != id) continue;
    for (const QString& lang : {language, QStringLiteral("en")}) {
      const auto it = e.by_language.constFind(lang);
      if (it != e.by_language.constEnd()) return &*it;
    }
    return e.by_language.isEmpty() ? nullptr : &*e.by_language.constBegin();
  }
  return nullptr;
}

}  // namespace ioscope::ui
