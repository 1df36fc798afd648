// Reads a lesson file. The format (see lessons/*.md):
//
//   # Title
//   ...Markdown...
//   ```scenario
//   models: blocking            (one or more engine model ids, separated by commas)
//   clients: 2
//   messages: 4
//   size: 64                    (bytes)
//   interval: 1s                (a duration: 1s, 500ms, 2ms)
//   view: timeline              (timeline | race | scan | latency)
//   ```
//   ```predict
//   question: What will ...?
//   A: first choice
//   B: second choice            (2 to 4 choices, A to D)
//   answer: B
//   ```
//
// The file name gives the lesson id and language: "01-two-phases.zh_CN.md".
#pragma once

#include <QByteArray>
#include <QString>

#include <variant>

#include "lessons/lesson.hpp"

namespace ioscope::ui {

using LessonResult = std::variant<Lesson, LessonError>;

// file_name: the base name ("01-two-phases.en.md"), used for the id, the language and in errors.
// source: where it came from, kept in Lesson::source.
LessonResult parse_lesson(const QByteArray& bytes, const QString& file_name,
                          const QString& source = QString());

// "01-two-phases.zh_CN.md" -> id "01-two-phases", language "zh_CN"; false if the name does not
// have that shape.
bool split_lesson_file_name(const QString& file_name, QString* id, QString* language);

}  // namespace ioscope::ui
