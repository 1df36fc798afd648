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

// Lesson 1 draws Stevens' figure 6.6 from a race of the five models, one factory each; 16 KiB
// knives, so that the tiny-rcvbuf toggle (a 2 KiB kernel buffer) splits each into parcels.
inline constexpr LessonScenarioSpec kLesson01{"01-two-phases",
                                              "blocking, nonblocking, select, sigio, io_uring",
                                              1,
                                              3,
                                              16384,
                                              1'000'000'000,
                                              "race",
                                              3,
                                              1,
                                              "",
                                              "tiny-rcvbuf",
                                              ""};
inline constexpr LessonScenarioSpec kLesson02{"02-blocking", "blocking", 2, 4,  64, 1'000'000'000,
                                              "timeline",    3,          0, "", "", ""};
inline constexpr LessonScenarioSpec kLesson03{
    "03-nonblocking", "nonblocking", 2, 4, 64, 1'000'000'000, "timeline", 4, 2, "", "", ""};

inline constexpr LessonScenarioSpec kLesson04{
    "04-select", "select", 2, 4, 64, 1'000'000'000, "timeline", 3, 2, "", "high-fd", ""};
inline constexpr LessonScenarioSpec kLesson05{"05-epoll",        "epoll-et", 2, 4, 64,
                                              1'000'000'000,     "timeline", 3, 2, "et-no-drain",
                                              "thundering-herd", ""};
// Lesson 6 opens the scan view, which runs the select-vs-epoll experiment
// (engine/lab/scan_experiment.hpp) rather than the factory: there, clients is k (descriptors
// made ready before each waiting call), messages is the number of timed calls at each N, size
// the bytes sent to each ready descriptor, and fds the sweep's N values.
inline constexpr LessonScenarioSpec kLesson06{
    "06-select-vs-epoll", "select, poll, epoll", 1, 25, 1, 0, "scan", 4, 1, "", "",
    "10, 100, 1000"};
inline constexpr LessonScenarioSpec kLesson07{"07-sigio", "sigio", 2, 4,  64, 1'000'000'000,
                                              "timeline", 4,       2, "", "", ""};

inline constexpr LessonScenarioSpec kLesson08{"08-io-uring", "io_uring", 2, 4,  64, 1'000'000'000,
                                              "timeline",    3,          1, "", "", ""};
inline constexpr LessonScenarioSpec kLesson09{"09-sync-async",
                                              "blocking, nonblocking, epoll, io_uring",
                                              2,
                                              3,
                                              64,
                                              1'000'000'000,
                                              "race",
                                              4,
                                              2,
                                              "",
                                              "",
                                              ""};
inline constexpr LessonScenarioSpec kLesson10{
    "10-reactor-proactor", "epoll, io_uring", 2, 4, 64, 1'000'000'000, "race", 3, 0, "", "", ""};
// Lesson 11 runs the registration experiment (engine/lab/registration_experiment): fds are N,
// messages the repeats; its checks are asserted by tests/ui/lesson_checks_test.cpp.
inline constexpr LessonScenarioSpec kLesson11{"11-registering-interest",
                                              "epoll, io_uring",
                                              1,
                                              5,
                                              1,
                                              0,
                                              "register",
                                              3,
                                              1,
                                              "",
                                              "",
                                              "10, 100, 1000"};

// Every shipped lesson, in course order.
inline constexpr LessonScenarioSpec kLessons[] = {
    kLesson01, kLesson02, kLesson03, kLesson04, kLesson05, kLesson06,
    kLesson07, kLesson08, kLesson09, kLesson10, kLesson11,
};

// Lesson 3's claims (most recv calls say EAGAIN; work between calls) hold at any interval longer
// than a polling round. At the lesson's 1 s the polling loop spins for 4 s and makes most of a
// million events (measured: the claims hold there too), so its test runs the same shape with the
// factory sending every 50 ms: long enough that a server thread starved by a busy machine (seen
// under ThreadSanitizer with 5 ms) still polls between messages.
inline constexpr std::int64_t kLesson03TestInterval = 50'000'000;

// The races (lessons 1, 9 and 10) make the same claims at any interval longer than a polling
// round; run at the lesson's 1 s, each model would take seconds (and the polling loop most of a
// million events), so their tests run the same shape with the factory sending every 50 ms.
inline constexpr std::int64_t kRaceTestInterval = 50'000'000;

}  // namespace ioscope::test
