// libFuzzer: any bytes as a lesson file (English and Chinese names). parse_lesson must return a
// lesson or an error with a message, never crash, hang or read out of bounds.
#include <cstddef>
#include <cstdint>

#include <QByteArray>
#include <QString>

#include "lessons/lesson_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
  for (const char* name : {"05-epoll.en.md", "05-epoll.zh_CN.md"}) {
    const auto result = ioscope::ui::parse_lesson(bytes, QString::fromLatin1(name));
    if (const auto* error = std::get_if<ioscope::ui::LessonError>(&result)) {
      if (error->message.isEmpty()) __builtin_trap();
    }
  }
  return 0;
}
