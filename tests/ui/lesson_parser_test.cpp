// The lesson format: good lessons parse, each kind of malformed lesson is reported with its file,
// line and what is wrong (and does not stop the others loading), and the shipped lessons load in
// both languages with the same scenario and question as tests/lesson_scenarios.hpp says.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <string>

#include "../lesson_scenarios.hpp"
#include "lessons/lesson_library.hpp"
#include "lessons/lesson_parser.hpp"

namespace ioscope::ui {
namespace {

// Line numbers of the good lesson below, for the malformed variants.
constexpr int kModelsLine = 5;
constexpr int kScenarioOpen = 4;
constexpr int kPredictOpen = 13;
constexpr int kAnswerLine = 17;

QByteArray good_lesson() {
  return QByteArrayLiteral(
      "# Two phases\n"                  // 1
      "\n"                              // 2
      "Some *Markdown*.\n"              // 3
      "```scenario\n"                   // 4
      "models: blocking\n"              // 5
      "clients: 2\n"                    // 6
      "messages: 4\n"                   // 7
      "size: 64\n"                      // 8
      "interval: 1s\n"                  // 9
      "view: timeline\n"                // 10
      "```\n"                           // 11
      "## Predict\n"                    // 12
      "```predict\n"                    // 13
      "question: Which comes first?\n"  // 14
      "A: the copy\n"                   // 15
      "B: the arrival\n"                // 16
      "answer: B\n"                     // 17
      "```\n"                           // 18
      "```c\n"                          // 19
      "n = recvmsg(fd, &msg, 0);\n"     // 20
      "```\n");                         // 21
}

QByteArray replace_line(QByteArray text, int line, const QByteArray& with) {
  QList<QByteArray> lines = text.split('\n');
  lines[line - 1] = with;
  return lines.join('\n');
}

TEST(LessonParser, GoodLessonParses) {
  const auto result = parse_lesson(good_lesson(), QStringLiteral("01-two-phases.en.md"));
  ASSERT_TRUE(std::holds_alternative<Lesson>(result))
      << std::get<LessonError>(result).text().toStdString();
  const Lesson& l = std::get<Lesson>(result);
  EXPECT_EQ(l.id, QStringLiteral("01-two-phases"));
  EXPECT_EQ(l.language, QStringLiteral("en"));
  EXPECT_EQ(l.title, QStringLiteral("Two phases"));
  EXPECT_EQ(l.scenario.models, QStringList{QStringLiteral("blocking")});
  EXPECT_EQ(l.scenario.clients, 2);
  EXPECT_EQ(l.scenario.messages, 4);
  EXPECT_EQ(l.scenario.size, 64u);
  EXPECT_EQ(l.scenario.interval_ns, 1'000'000'000);
  EXPECT_EQ(l.scenario.view, LessonView::Timeline);
  EXPECT_EQ(l.predict.question, QStringLiteral("Which comes first?"));
  EXPECT_EQ(l.predict.choices.size(), 2);
  EXPECT_EQ(l.predict.answer, 1);
  // The blocks the app shows by other means are gone; other code blocks stay.
  EXPECT_FALSE(l.markdown.contains(QStringLiteral("```scenario")));
  EXPECT_FALSE(l.markdown.contains(QStringLiteral("question:")));
  EXPECT_TRUE(l.markdown.contains(QStringLiteral("recvmsg")));
  EXPECT_TRUE(l.markdown.contains(QStringLiteral("## Predict")));
}

TEST(LessonParser, SeveralModelsAndOtherViews) {
  QByteArray text = replace_line(good_lesson(), kModelsLine, "models: select, poll,epoll");
  text = replace_line(text, 10, "view: scan");
  const auto result = parse_lesson(text, QStringLiteral("06-select-vs-epoll.zh_CN.md"));
  ASSERT_TRUE(std::holds_alternative<Lesson>(result))
      << std::get<LessonError>(result).text().toStdString();
  const Lesson& l = std::get<Lesson>(result);
  EXPECT_EQ(l.language, QStringLiteral("zh_CN"));
  EXPECT_EQ(l.scenario.models, (QStringList{QStringLiteral("select"), QStringLiteral("poll"),
                                            QStringLiteral("epoll")}));
  EXPECT_EQ(l.scenario.view, LessonView::Scan);
}

TEST(LessonParser, BugsTogglesAndScanSizesAreRead) {
  QByteArray text = replace_line(good_lesson(), kModelsLine, "models: epoll-et");
  text = replace_line(text, 10,
                      "view: timeline\nbugs: et-no-drain\ntoggles: tiny-rcvbuf, high-fd\n"
                      "fds: 10, 100,1000");
  const auto result = parse_lesson(text, QStringLiteral("05-epoll.en.md"));
  ASSERT_TRUE(std::holds_alternative<Lesson>(result))
      << std::get<LessonError>(result).text().toStdString();
  const Lesson& l = std::get<Lesson>(result);
  EXPECT_TRUE(l.scenario.bugs.et_no_drain);
  EXPECT_FALSE(l.scenario.bugs.tiny_rcvbuf);
  EXPECT_TRUE(l.scenario.toggles.tiny_rcvbuf);
  EXPECT_TRUE(l.scenario.toggles.high_fd);
  EXPECT_FALSE(l.scenario.toggles.et_no_drain);
  EXPECT_EQ(l.scenario.fds, (QList<int>{10, 100, 1000}));
}

struct Malformed {
  const char* what;
  QByteArray text;
  int line;
  const char* message;  // a part of the message
};

TEST(LessonParser, MalformedLessonsNameFileLineAndProblem) {
  const QByteArray good = good_lesson();
  const Malformed cases[] = {
      {"bad scenario line", replace_line(good, 7, "messages 4"), 7, "bad scenario block"},
      {"unknown scenario key", replace_line(good, 7, "mesages: 4"), 7, "unknown key 'mesages'"},
      {"bad number", replace_line(good, 6, "clients: two"), 6, "clients must be"},
      {"bad interval", replace_line(good, 9, "interval: soon"), 9, "not a duration"},
      {"unknown view", replace_line(good, 10, "view: movie"), 10, "unknown view 'movie'"},
      {"missing key", replace_line(good, 6, ""), kScenarioOpen, "'clients' is missing"},
      {"unknown model", replace_line(good, kModelsLine, "models: blocking, epol"), kModelsLine,
       "unknown model 'epol'"},
      {"unknown bug", replace_line(good, 10, "view: timeline\nbugs: et-no-drian"), 11,
       "unknown bug 'et-no-drian'"},
      {"bug that does not fit the model",
       replace_line(good, 10, "view: timeline\ntoggles: et-no-drain"), kScenarioOpen,
       "use model epoll-et"},
      {"bad fds", replace_line(good, 10, "view: timeline\nfds: 10, lots"), 11,
       "fds must be descriptor counts"},
      {"missing answer", replace_line(good, kAnswerLine, ""), kPredictOpen, "missing answer"},
      {"answer not a choice", replace_line(good, kAnswerLine, "answer: C"), kAnswerLine,
       "'C' is not among the choices (A to B)"},
      {"one choice", replace_line(good, 16, ""), kPredictOpen, "fewer than 2 choices"},
      {"choices out of order", replace_line(good, 16, "C: the arrival"), 16, "out of order"},
      {"broken UTF-8", replace_line(good, 3, "Some \xe8\xa1 text"), 3, "broken UTF-8"},
      {"unclosed scenario", good.left(good.indexOf("```\n## Predict")), kScenarioOpen,
       "never closed"},
      {"second scenario", replace_line(good, 19, "```scenario"), 19, "a second one"},
      {"no scenario", "# Title\n" + good.mid(good.indexOf("## Predict")), 0, "bad scenario block"},
      {"no predict", good.left(good.indexOf("## Predict")), 0, "no predict block"},
      {"no title", replace_line(good, 1, "Two phases"), 1, "no title"},
  };
  for (const Malformed& c : cases) {
    SCOPED_TRACE(c.what);
    const auto result = parse_lesson(c.text, QStringLiteral("02-blocking.en.md"));
    ASSERT_TRUE(std::holds_alternative<LessonError>(result));
    const LessonError& e = std::get<LessonError>(result);
    EXPECT_EQ(e.file, QStringLiteral("02-blocking.en.md"));
    EXPECT_EQ(e.line, c.line) << e.text().toStdString();
    EXPECT_TRUE(e.message.contains(QString::fromUtf8(c.message))) << e.text().toStdString();
    if (c.line > 0) {
      EXPECT_TRUE(e.text().startsWith(QStringLiteral("02-blocking.en.md:%1: ").arg(c.line)))
          << e.text().toStdString();
    }
  }
}

// The good lesson with an experiment after it: its link, its scenario, its checks.
QByteArray with_experiment(
    const QByteArray& link = "[Run it](#run-lt-vs-et)\n",
    const QByteArray& scenario_info = "scenario lt-vs-et",
    const QByteArray& checks_info = "checks lt-vs-et",
    const QByteArray& check = "[epoll] receive_eagain == 0: LT hears no not-yet.") {
  return good_lesson() + link + "```" + scenario_info +
         "\n"
         "models: epoll, epoll-et\n"
         "clients: 2\n"
         "messages: 4\n"
         "size: 64\n"
         "interval: 200ms\n"
         "view: race\n"
         "```\n"
         "```" +
         checks_info + "\n" + check + "\n```\n";
}

TEST(LessonParser, AnExperimentCarriesItsOwnScenarioAndChecksAndIsStartedFromTheText) {
  const auto result = parse_lesson(with_experiment(), QStringLiteral("05-epoll.en.md"));
  ASSERT_TRUE(std::holds_alternative<Lesson>(result))
      << std::get<LessonError>(result).text().toStdString();
  const Lesson& l = std::get<Lesson>(result);
  ASSERT_EQ(l.experiments.size(), 1);
  const LessonExperiment* x = l.experiment(QStringLiteral("lt-vs-et"));
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->scenario.models, (QStringList{QStringLiteral("epoll"), QStringLiteral("epoll-et")}));
  EXPECT_EQ(x->scenario.view, LessonView::Race);
  EXPECT_EQ(x->scenario.interval_ns, 200'000'000);
  ASSERT_EQ(x->checks.size(), 1);
  EXPECT_EQ(x->checks[0].fact, QStringLiteral("receive_eagain"));
  EXPECT_EQ(x->checks[0].model, QStringLiteral("epoll"));
  EXPECT_TRUE(l.checks.isEmpty()) << "an experiment's checks are not the lesson's";
  // The lesson's own scenario is untouched, and neither block is in the shown text.
  EXPECT_EQ(l.scenario.models, QStringList{QStringLiteral("blocking")});
  EXPECT_FALSE(l.markdown.contains(QStringLiteral("```scenario")));
  EXPECT_FALSE(l.markdown.contains(QStringLiteral("receive_eagain")));
  EXPECT_TRUE(l.markdown.contains(QStringLiteral("(#run-lt-vs-et)")));
  EXPECT_EQ(l.experiment(QStringLiteral("other")), nullptr);
}

TEST(LessonParser, AMalformedExperimentIsNamedWithItsLine) {
  struct Case {
    const char* what;
    QByteArray text;
    const char* message;
  };
  const Case cases[] = {
      {"no link", with_experiment(""), "no link '(#run-lt-vs-et)'"},
      {"checks for nobody",
       with_experiment("[Run it](#run-lt-vs-et)\n", "scenario lt-vs-et", "checks lt-vs-lt"),
       "no experiment named 'lt-vs-lt'"},
      {"no checks", with_experiment("[Run it](#run-lt-vs-et)\n", "scenario lt-vs-et", "c"),
       "checks nothing"},
      {"a fact the view has not",
       with_experiment("[Run it](#run-lt-vs-et)\n", "scenario lt-vs-et", "checks lt-vs-et",
                       "[epoll] scanned_all == 0: nope"),
       "unknown fact 'scanned_all'"},
      {"a model it does not run",
       with_experiment("[Run it](#run-lt-vs-et)\n", "scenario lt-vs-et", "checks lt-vs-et",
                       "[poll] eagain == 0: nope"),
       "'poll' is not one of the lesson's models"},
      {"twice",
       with_experiment() + "```scenario lt-vs-et\nmodels: epoll\nclients: 1\nmessages: "
                           "1\nsize: 1\ninterval: 0\nview: timeline\n```\n",
       "a second experiment named 'lt-vs-et'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const auto result = parse_lesson(c.text, QStringLiteral("05-epoll.en.md"));
    ASSERT_TRUE(std::holds_alternative<LessonError>(result));
    const LessonError& e = std::get<LessonError>(result);
    EXPECT_GT(e.line, 21) << "the line is the experiment's, past the lesson's own blocks";
    EXPECT_TRUE(e.message.contains(QString::fromUtf8(c.message))) << e.text().toStdString();
  }
}

TEST(LessonParser, FileNameGivesIdAndLanguage) {
  QString id, lang;
  EXPECT_TRUE(split_lesson_file_name(QStringLiteral("03-nonblocking.zh_CN.md"), &id, &lang));
  EXPECT_EQ(id, QStringLiteral("03-nonblocking"));
  EXPECT_EQ(lang, QStringLiteral("zh_CN"));
  EXPECT_FALSE(split_lesson_file_name(QStringLiteral("nonblocking.md"), &id, &lang));
  const auto result = parse_lesson(good_lesson(), QStringLiteral("lesson.md"));
  ASSERT_TRUE(std::holds_alternative<LessonError>(result));
  EXPECT_EQ(std::get<LessonError>(result).line, 0);
}

void write(const QDir& dir, const QString& name, const QByteArray& bytes) {
  QFile f(dir.filePath(name));
  ASSERT_TRUE(f.open(QIODevice::WriteOnly));
  f.write(bytes);
}

TEST(LessonLibrary, AMalformedLessonIsReportedAndTheRestStillLoad) {
  QTemporaryDir tmp;
  ASSERT_TRUE(tmp.isValid());
  const QDir dir(tmp.path());
  write(dir, QStringLiteral("01-two-phases.en.md"), good_lesson());
  write(dir, QStringLiteral("01-two-phases.zh_CN.md"), good_lesson());
  write(dir, QStringLiteral("02-blocking.en.md"),
        replace_line(good_lesson(), kModelsLine, "models: nosuchmodel"));
  write(dir, QStringLiteral("03-nonblocking.en.md"), good_lesson());
  write(dir, QStringLiteral("notes.txt"), "not a lesson");

  LessonLibrary library;
  EXPECT_EQ(library.load_folder(tmp.path()), 3);
  ASSERT_EQ(library.lessons().size(), 2);
  EXPECT_EQ(library.lessons()[0].id, QStringLiteral("01-two-phases"));
  EXPECT_EQ(library.lessons()[0].by_language.size(), 2);
  EXPECT_EQ(library.lessons()[1].id, QStringLiteral("03-nonblocking"));
  ASSERT_EQ(library.errors().size(), 1);
  const LessonError& e = library.errors()[0];
  EXPECT_EQ(e.file, dir.filePath(QStringLiteral("02-blocking.en.md")));
  EXPECT_EQ(e.line, kModelsLine);
  EXPECT_TRUE(e.message.contains(QStringLiteral("nosuchmodel")));

  // Language fallback: asked for zh_CN, lesson 3 exists only in English.
  const Lesson* l = library.find(QStringLiteral("03-nonblocking"), QStringLiteral("zh_CN"));
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->language, QStringLiteral("en"));
  EXPECT_EQ(library.find(QStringLiteral("09-nope"), QStringLiteral("en")), nullptr);

  LessonLibrary missing;
  EXPECT_EQ(missing.load_folder(dir.filePath(QStringLiteral("nope"))), 0);
  EXPECT_EQ(missing.errors().size(), 1);
}

// The "## " headings and ``` fences of a lesson: its structure, whatever the language.
std::pair<int, int> structure(const Lesson& l) {
  int headings = 0, fences = 0;
  for (const QString& line : l.markdown.split(QLatin1Char('\n'))) {
    if (line.startsWith(QLatin1String("## "))) ++headings;
    if (line.startsWith(QLatin1String("```"))) ++fences;
  }
  return {headings, fences};
}

TEST(LessonLibrary, ShippedLessonsLoadInBothLanguagesWithTheTestedScenario) {
  LessonLibrary library;
  library.load_resources();
  for (const LessonError& e : library.errors()) ADD_FAILURE() << e.text().toStdString();
  for (const test::LessonScenarioSpec& spec : test::kLessons) {
    const QString id = QString::fromLatin1(spec.id);
    SCOPED_TRACE(spec.id);
    const auto it = std::find_if(library.lessons().begin(), library.lessons().end(),
                                 [&](const LessonEntry& e) { return e.id == id; });
    ASSERT_NE(it, library.lessons().end());
    ASSERT_TRUE(it->by_language.contains(QStringLiteral("en")));
    ASSERT_TRUE(it->by_language.contains(QStringLiteral("zh_CN")));
    const Lesson& en = it->by_language[QStringLiteral("en")];
    const Lesson& zh = it->by_language[QStringLiteral("zh_CN")];
    EXPECT_EQ(en.source, QStringLiteral(":/lessons/%1.en.md").arg(id));

    // The scenario the claims test runs (tests/engine/lesson_claims_test.cpp).
    LessonScenario expected;
    for (const std::string& m : test::split_commas(spec.models))
      expected.models.push_back(QString::fromStdString(m));
    expected.bugs = parse_bugs(spec.bugs).value();
    expected.toggles = parse_bugs(spec.toggles).value();
    for (const std::string& n : test::split_commas(spec.fds)) expected.fds.push_back(std::stoi(n));
    expected.clients = spec.clients;
    expected.messages = spec.messages;
    expected.size = spec.size;
    expected.interval_ns = spec.interval_ns;
    EXPECT_EQ(to_string(en.scenario.view), QString::fromLatin1(spec.view));
    expected.view = en.scenario.view;
    // Lessons 1 and 9 offer their race as Stevens' figure 6.6.
    EXPECT_EQ(en.scenario.figure,
              id == QLatin1String("01-two-phases") || id == QLatin1String("09-sync-async"));
    expected.figure = en.scenario.figure;
    EXPECT_TRUE(en.scenario == expected);
    EXPECT_TRUE(zh.scenario == en.scenario);

    EXPECT_EQ(en.predict.choices.size(), spec.choices);
    EXPECT_EQ(zh.predict.choices.size(), spec.choices);
    EXPECT_EQ(en.predict.answer, spec.answer);
    EXPECT_EQ(zh.predict.answer, spec.answer);
    EXPECT_NE(en.predict.question, zh.predict.question) << "not translated";
    EXPECT_NE(en.title, zh.title) << "not translated";
    EXPECT_EQ(structure(en), structure(zh));
    // Every lesson cites its sources and tells the kitchen-knife story.
    EXPECT_TRUE(en.markdown.contains(QStringLiteral("Stevens")));
    EXPECT_TRUE(zh.markdown.contains(QStringLiteral("Stevens")));
    EXPECT_TRUE(zh.markdown.contains(QStringLiteral("菜刀")));
    EXPECT_TRUE(en.markdown.contains(QStringLiteral("knife")));
  }
}

}  // namespace
}  // namespace ioscope::ui
