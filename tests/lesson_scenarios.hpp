// The scenarios the lessons run, written once: the claims tests
// (tests/engine/lesson_claims*_test.cpp) run them and check what each lesson says the learner will
// see, and tests/ui/lesson_parser_test.cpp checks that the lesson files (lessons/NN-*.LANG.md) name
// exactly these, so they cannot drift.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ioscope::test {

struct LessonScenarioSpec {
  const char* id;      // the lesson file's id: lessons/<id>.<lang>.md
  const char* models;  // engine model ids, comma-separated, in the order the lesson runs them
  int clients;
  int messages;
  std::size_t size;
  std::int64_t interval_ns;  // as in the lesson: human speed, the factory sends once a second
  const char* view;
  int choices;       // the predict block's number of choices
  int answer;        // and the index of its answer
  const char* bugs;  // "bugs:" in the scenario block: switched on when the lesson loads ("" none)
  const char* toggles;  // "toggles:": offered to the learner, off when the lesson loads ("" none)
  const char* fds;      // "fds:": the scan view's descriptor counts ("" none)
};

inline std::vector<std::string> split_commas(const char* text) {
  std::vector<std::string> out;
  std::string item;
  for (const char* p = text;; ++p) {
    if (*p == ',' || *p == '\0') {
      if (!item.empty()) out.push_back(item);
      item.clear();
      if (*p == '\0') break;
    } else if (*p != ' ') {
      item += *p;
    }
  }
  return out;
}

inline constexpr LessonScenarioSpec kLesson01{"01-two-phases", "blocking", 2, 4,  64, 1'000'000'000,
                                              "timeline",      3,          1, "", "", ""};
inline constexpr LessonScenarioSpec kLesson02{"02-blocking", "blocking", 2, 4,  64, 1'000'000'000,
                                              "timeline",    3,          0, "", "", ""};
inline constexpr LessonScenarioSpec kLesson03{
    "03-nonblocking", "nonblocking", 2, 4, 64, 1'000'000'000, "timeline", 4, 2, "", "", ""};

// Every shipped lesson, in course order.
inline constexpr LessonScenarioSpec kLessons[] = {
    kLesson01,
    kLesson02,
    kLesson03,
};

// Lesson 3's claims (most recv calls say EAGAIN; work between calls) hold at any interval longer
// than a polling round. At the lesson's 1 s the polling loop spins for 4 s and makes most of a
// million events (measured: the claims hold there too), so its test runs the same shape with the
// factory sending every 50 ms: long enough that a server thread starved by a busy machine (seen
// under ThreadSanitizer with 5 ms) still polls between messages.
inline constexpr std::int64_t kLesson03TestInterval = 50'000'000;

}  // namespace ioscope::test
