// A lesson's claims are checks on its run: the ```checks blocks parse (and bad ones are refused
// with the line and the reason), they evaluate against a run's facts, and every shipped lesson's
// checks hold on a real run of its own scenario, the same checks in both languages.
#include <gtest/gtest.h>

#include "../test_run.hpp"

#include <QDir>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "lab/registration_experiment.hpp"
#include "lab/run.hpp"
#include "lab/scan_experiment.hpp"
#include "lessons/lesson_checks.hpp"
#include "lessons/lesson_library.hpp"
#include "lessons/lesson_parser.hpp"
#include "lessons/run_facts.hpp"
#include "model/trace_document.hpp"
#include "models/model.hpp"
#include "net/stop_signal.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope::ui {
namespace {

LessonCheck parsed(const QString& text) {
  LessonCheck c;
  const auto error = parse_check(text, 7, c);
  EXPECT_FALSE(error.has_value()) << error.value_or(QString()).toStdString();
  return c;
}

TEST(LessonChecks, ALineNamesModelFactComparisonValueAndClaim) {
  const LessonCheck c = parsed(QStringLiteral("[io_uring] receive_calls == 0: No receive call."));
  EXPECT_EQ(c.model, QStringLiteral("io_uring"));
  EXPECT_EQ(c.fact, QStringLiteral("receive_calls"));
  EXPECT_EQ(c.op, QStringLiteral("=="));
  EXPECT_EQ(c.value, QStringLiteral("0"));
  EXPECT_EQ(c.text, QStringLiteral("No receive call."));
  EXPECT_EQ(c.line, 7);
  const LessonCheck every = parsed(QStringLiteral("serving_threads >= clients: 每个连接一个买家"));
  EXPECT_TRUE(every.model.isEmpty());
  EXPECT_EQ(every.value, QStringLiteral("clients"));
  EXPECT_EQ(every.text, QStringLiteral("每个连接一个买家"));
}

TEST(LessonChecks, BadLinesAreRefusedSayingWhy) {
  LessonCheck c;
  for (const char* bad : {"serving_threads = 2: one equals sign", "eagain == 0", "eagain == 0:",
                          "[epoll eagain == 0: unclosed bracket", "eagain ~ 0: no such operator"})
    EXPECT_TRUE(parse_check(QString::fromUtf8(bad), 1, c).has_value()) << bad;
  const auto value = parse_check(QStringLiteral("eagain == lots: a word"), 1, c);
  ASSERT_TRUE(value.has_value());
  EXPECT_TRUE(value->contains(QStringLiteral("lots"))) << value->toStdString();

  LessonScenario s;
  s.models = {QStringLiteral("epoll")};
  const auto fact = validate_check(parsed(QStringLiteral("speed > 1: fast")), s);
  ASSERT_TRUE(fact.has_value());
  EXPECT_TRUE(fact->contains(QStringLiteral("unknown fact 'speed'"))) << fact->toStdString();
  const auto model = validate_check(parsed(QStringLiteral("[select] eagain == 0: none")), s);
  ASSERT_TRUE(model.has_value());
  EXPECT_TRUE(model->contains(QStringLiteral("'select'"))) << model->toStdString();
  EXPECT_FALSE(validate_check(parsed(QStringLiteral("[epoll] eagain == 0: none")), s));
}

TEST(LessonChecks, ALessonFileCarriesItsChecksOutOfTheShownText) {
  const QByteArray file =
      "# T\n\n```scenario\nmodels: epoll\nclients: 2\nmessages: 3\nsize: 64\ninterval: 1ms\n"
      "view: timeline\n```\n\n```predict\nquestion: Q?\nA: a\nB: b\nanswer: A\n```\n\n"
      "- One thread.\n\n```checks\n# a comment\nserving_threads == 1: One thread serves all.\n\n"
      "echoed == clients*messages: Every message echoed.\n```\n\nMore text.\n"
      "```checks\n[epoll] eagain >= 0: Later block.\n```\n";
  const LessonResult r = parse_lesson(file, QStringLiteral("42-t.en.md"));
  ASSERT_TRUE(std::holds_alternative<Lesson>(r)) << std::get<LessonError>(r).text().toStdString();
  const Lesson& l = std::get<Lesson>(r);
  ASSERT_EQ(l.checks.size(), 3);
  EXPECT_EQ(l.checks[0].line, 23);
  EXPECT_EQ(l.checks[1].value, QStringLiteral("clients*messages"));
  EXPECT_EQ(l.checks[2].model, QStringLiteral("epoll"));
  EXPECT_FALSE(l.markdown.contains(QStringLiteral("serving_threads")));
  EXPECT_TRUE(l.markdown.contains(QStringLiteral("More text.")));

  QByteArray bad = file;
  bad.replace("echoed ==", "echoes ==");
  const LessonResult e = parse_lesson(bad, QStringLiteral("42-t.en.md"));
  ASSERT_TRUE(std::holds_alternative<LessonError>(e));
  EXPECT_EQ(std::get<LessonError>(e).line, 25);
  EXPECT_TRUE(std::get<LessonError>(e).message.contains(QStringLiteral("echoes")));
}

TEST(LessonChecks, EvaluatedOnEveryModelTheyConcern) {
  QList<LessonCheck> checks{parsed(QStringLiteral("serving_threads == clients: one per client")),
                            parsed(QStringLiteral("[b] eagain > 0: b polls"))};
  FactTable facts;
  facts[QStringLiteral("a")] = {{QStringLiteral("serving_threads"), 2},
                                {QStringLiteral("eagain"), 0}};
  facts[QStringLiteral("b")] = {{QStringLiteral("serving_threads"), 1},
                                {QStringLiteral("eagain"), 5}};
  const auto out = evaluate_checks(checks, facts, CheckVariables{2, 4, 0});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].model, QStringLiteral("a"));
  EXPECT_TRUE(out[0].holds);
  EXPECT_EQ(out[1].model, QStringLiteral("b"));
  EXPECT_FALSE(out[1].holds);
  EXPECT_EQ(out[1].actual, 1);
  EXPECT_EQ(out[1].expected, 2);
  EXPECT_TRUE(out[2].holds);
}

// "(probe)" claims are checked only on runs the kernel probe measured.
TEST(LessonChecks, AProbeClaimIsCheckedOnlyWhereTheProbeMeasured) {
  const LessonCheck c = parsed(QStringLiteral("(probe) [io_uring] uring_polls_armed >= 1: Armed."));
  EXPECT_TRUE(c.needs_probe);
  EXPECT_EQ(c.model, QStringLiteral("io_uring"));
  EXPECT_FALSE(parsed(QStringLiteral("wakeups >= 1: x")).needs_probe);
  FactTable facts;
  facts[QStringLiteral("io_uring")] = {{QStringLiteral("uring_polls_armed"), 0},
                                       {QStringLiteral("probe_measured"), 0}};
  EXPECT_TRUE(evaluate_checks({c}, facts, {}).empty()) << "checked on a run the probe missed";
  facts[QStringLiteral("io_uring")][QStringLiteral("probe_measured")] = 1;
  const auto out = evaluate_checks({c}, facts, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].holds);
}

// One run of model on the lesson's scenario, at test speed (the checks are about what happens,
// not how fast), its trace drained as it runs.
std::unique_ptr<TraceDocument> run_model(const LessonScenario& ls, const QString& model) {
  Scenario s;
  s.model = model.toStdString();
  s.clients = ls.clients;
  s.messages = ls.messages;
  s.size = ls.size;
  s.interval_ns = std::min<std::int64_t>(ls.interval_ns, 20'000'000);
  s.bugs = ls.bugs;
  // The kernel probe where the machine allows it (root, BTF: CI does): the "(probe)" claims are
  // checked then, and left out where it cannot run.
  s.probe = ProbeMode::Auto;
  const test::DrainedRun run = test::run_and_drain(s);
  if (!ls.bugs.any()) {
    EXPECT_TRUE(run.summary.error.empty()) << s.model << ": " << run.summary.error;
  }
  EXPECT_EQ(run.dropped, 0u);
  auto doc = std::make_unique<TraceDocument>();
  doc->append(run.events);
  doc->close_open_spans(doc->last_time());
  return doc;
}

FactTable facts_of_a_real_run(const LessonScenario& ls, CheckVariables& vars) {
  vars = {ls.clients, ls.messages, 0};
  FactTable facts;
  if (ls.view == LessonView::Scan) {
    ScanParams p;
    p.mechanisms.clear();
    for (const QString& m : ls.models)
      if (auto mech = find_mechanism(m.toStdString())) p.mechanisms.push_back(*mech);
    p.fds = std::vector<int>(ls.fds.begin(), ls.fds.end());
    p.active = ls.clients;
    p.rounds = ls.messages;
    StopSignal stop;
    const ScanReport rep = run_scan(p, stop);
    EXPECT_TRUE(rep.ok()) << rep.error;
    vars.fds = *std::max_element(p.fds.begin(), p.fds.end());
    return scan_facts(rep.results, static_cast<int>(vars.fds));
  }
  if (ls.view == LessonView::Register) {
    RegistrationParams p;
    p.fds = std::vector<int>(ls.fds.begin(), ls.fds.end());
    p.repeats = ls.messages;
    StopSignal stop;
    const RegistrationReport rep = run_registration(p, stop);
    EXPECT_TRUE(rep.ok()) << rep.error;
    vars.fds = *std::max_element(p.fds.begin(), p.fds.end());
    return register_facts(rep, static_cast<int>(vars.fds));
  }
  for (const QString& model : ls.models) {
    const ModelInfo* info = find_model(model.toStdString());
    EXPECT_NE(info, nullptr) << model.toStdString();
    if (!info || (info->unavailable && info->unavailable())) continue;  // said by the app
    facts[model] = RunFacts::of(*run_model(ls, model)).named();
  }
  return facts;
}

// The heart of it: every claim a shipped lesson checks holds on a real run of its scenario, in
// both languages, and both languages check the same things.
TEST(LessonChecks, EveryShippedLessonsChecksHoldOnItsOwnRun) {
  LessonLibrary library;
  library.load_resources();
  ASSERT_TRUE(library.errors().isEmpty()) << library.errors().first().text().toStdString();
  int lessons_with_checks = 0;
  for (const LessonEntry& entry : library.lessons()) {
    SCOPED_TRACE(entry.id.toStdString());
    ASSERT_TRUE(entry.by_language.contains(QStringLiteral("en")));
    ASSERT_TRUE(entry.by_language.contains(QStringLiteral("zh_CN")));
    const Lesson& en = entry.by_language[QStringLiteral("en")];
    const Lesson& zh = entry.by_language[QStringLiteral("zh_CN")];
    ASSERT_EQ(en.checks.size(), zh.checks.size()) << "the two languages check different things";
    for (qsizetype i = 0; i < en.checks.size(); ++i)
      EXPECT_TRUE(en.checks[i].sameCheck(zh.checks[i]))
          << "check " << i << ": " << en.checks[i].text.toStdString() << " vs "
          << zh.checks[i].text.toStdString();
    // The experiments too: the same names, scenarios and checks in both languages.
    ASSERT_EQ(en.experiments.size(), zh.experiments.size());
    for (qsizetype x = 0; x < en.experiments.size(); ++x) {
      const LessonExperiment& a = en.experiments[x];
      const LessonExperiment& b = zh.experiments[x];
      EXPECT_EQ(a.name, b.name);
      EXPECT_TRUE(a.scenario == b.scenario) << a.name.toStdString();
      ASSERT_EQ(a.checks.size(), b.checks.size()) << a.name.toStdString();
      for (qsizetype i = 0; i < a.checks.size(); ++i)
        EXPECT_TRUE(a.checks[i].sameCheck(b.checks[i])) << a.name.toStdString() << " check " << i;
    }
    if (en.checks.isEmpty()) continue;
    ++lessons_with_checks;
    // Each run once (the English file's), its facts judged by both languages' claims.
    const auto expect_hold = [](const QList<LessonCheck>& checks, const FactTable& facts,
                                const CheckVariables& vars, const Lesson& l) {
      for (const CheckOutcome& o : evaluate_checks(checks, facts, vars))
        EXPECT_TRUE(o.holds) << l.language.toStdString() << " line " << o.check.line << ", "
                             << o.model.toStdString() << ": " << o.check.text.toStdString() << " ("
                             << o.check.fact.toStdString() << " " << o.check.op.toStdString() << " "
                             << o.expected << ", the run had " << o.actual << ")";
    };
    CheckVariables vars;
    const FactTable facts = facts_of_a_real_run(en.scenario, vars);
    for (const Lesson* l : {&en, &zh}) expect_hold(l->checks, facts, vars, *l);
    for (qsizetype x = 0; x < en.experiments.size(); ++x) {
      SCOPED_TRACE("experiment " + en.experiments[x].name.toStdString());
      CheckVariables xvars;
      const FactTable xfacts = facts_of_a_real_run(en.experiments[x].scenario, xvars);
      for (const Lesson* l : {&en, &zh}) expect_hold(l->experiments[x].checks, xfacts, xvars, *l);
    }
  }
  EXPECT_EQ(lessons_with_checks, library.lessons().size()) << "a lesson without checks";
}

}  // namespace
}  // namespace ioscope::ui
