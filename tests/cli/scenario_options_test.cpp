// The workload options both binaries read (app/options/scenario_options.cpp): one set of limits
// and one set of messages, whichever binary reads them.
#include "options/scenario_options.hpp"

#include <gtest/gtest.h>

#include <QCommandLineParser>
#include <QStringList>

namespace {

using ioscope::Bugs;
using ioscope::IdleMode;
using ioscope::ProbeMode;
using ioscope::Scenario;
using namespace ioscope::options;

// Parses args (after the program name) with the workload options of `which`.
struct Parsed {
  Scenario s;
  std::optional<std::string> error;
  bool any = false;
};
Parsed read(const QStringList& args, const WorkloadOptions& which = {}) {
  QCommandLineParser p;
  Parsed r;
  p.addOptions(workload_options(which, r.s));
  if (!p.parse(QStringList{QStringLiteral("prog")} + args)) {
    r.error = p.errorText().toStdString();
    return r;
  }
  r.any = any_workload_option(p, which);
  r.error = read_workload(p, which, r.s);
  return r;
}

WorkloadOptions desktop() {
  WorkloadOptions w;
  w.size_name = QStringLiteral("bytes");
  w.bugs = false;
  w.probe = false;
  return w;
}

TEST(ScenarioOptions, GoodValuesAreReadAndTheRestKeepTheirDefaults) {
  const Parsed r =
      read({QStringLiteral("--clients"), QStringLiteral("7"), QStringLiteral("--interval"),
            QStringLiteral("500us"), QStringLiteral("--bugs"), QStringLiteral("tiny-rcvbuf"),
            QStringLiteral("--probe"), QStringLiteral("off")});
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_TRUE(r.any);
  EXPECT_EQ(r.s.clients, 7);
  EXPECT_EQ(r.s.interval_ns, 500'000);
  EXPECT_EQ(r.s.messages, Scenario{}.messages);
  EXPECT_EQ(r.s.size, Scenario{}.size);
  EXPECT_TRUE(r.s.bugs.tiny_rcvbuf);
  EXPECT_EQ(r.s.probe, ProbeMode::Off);
  EXPECT_FALSE(read({}).any);
}

TEST(ScenarioOptions, EachBadValueIsNamedWithItsText) {
  const std::pair<QStringList, std::string> cases[] = {
      {{QStringLiteral("--clients"), QStringLiteral("two")},
       "--clients wants a whole number, not 'two'"},
      {{QStringLiteral("--clients"), QStringLiteral("0")},
       "--clients must be between 1 and 512, not 0"},
      {{QStringLiteral("--messages"), QStringLiteral("99999999999")},
       "--messages must be between 1 and 10000000, not 99999999999"},
      {{QStringLiteral("--size"), QStringLiteral("-5")},
       "--size must be between 1 and 1048576, not -5"},
      {{QStringLiteral("--interval"), QStringLiteral("soon")}, "--interval: "},
      {{QStringLiteral("--bugs"), QStringLiteral("typo")}, "--bugs: "},
      {{QStringLiteral("--probe"), QStringLiteral("maybe")}, "--probe: "},
  };
  for (const auto& [args, message] : cases) {
    const Parsed r = read(args);
    ASSERT_TRUE(r.error.has_value()) << args.join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(r.error->rfind(message, 0), 0u) << *r.error;
  }
}

TEST(ScenarioOptions, TheDesktopAppSaysBytesWithTheSameLimitsAndNoBugsOrProbe) {
  const Parsed good = read({QStringLiteral("--bytes"), QStringLiteral("64")}, desktop());
  ASSERT_FALSE(good.error) << *good.error;
  EXPECT_EQ(good.s.size, 64u);
  const Parsed bad = read({QStringLiteral("--bytes"), QStringLiteral("0")}, desktop());
  ASSERT_TRUE(bad.error.has_value());
  EXPECT_EQ(*bad.error, "--bytes must be between 1 and 1048576, not 0");
  // Not offered there: the parser itself refuses them.
  EXPECT_TRUE(read({QStringLiteral("--bugs"), QStringLiteral("high-fd")}, desktop()).error);
  EXPECT_TRUE(read({QStringLiteral("--size"), QStringLiteral("64")}, desktop()).error);
}

TEST(ScenarioOptions, IdleSaysWhetherSigioAndIoUringKeepWorkingOrSleep) {
  EXPECT_EQ(read({}).s.idle, IdleMode::Work);  // a run's default: the lessons' setting
  const Parsed sleep = read({QStringLiteral("--idle"), QStringLiteral("sleep")});
  ASSERT_FALSE(sleep.error) << *sleep.error;
  EXPECT_TRUE(sleep.any);
  EXPECT_EQ(sleep.s.idle, IdleMode::Sleep);
  const Parsed work = read({QStringLiteral("--idle"), QStringLiteral("work")}, desktop());
  ASSERT_FALSE(work.error) << *work.error;
  EXPECT_EQ(work.s.idle, IdleMode::Work);

  const Parsed bad = read({QStringLiteral("--idle"), QStringLiteral("nap")});
  ASSERT_TRUE(bad.error.has_value());
  EXPECT_EQ(*bad.error,
            "--idle: 'nap' is not an idle mode: use work (keeps working) or sleep (sleeps until "
            "there is something to do)");
  EXPECT_EQ(bad.error->find('\n'), std::string::npos);  // one line

  // ioscope-cli compare reads it alone, with the fair default.
  QCommandLineParser p;
  p.addOption(idle_option(IdleMode::Sleep));
  ASSERT_TRUE(p.parse({QStringLiteral("prog")}));
  EXPECT_EQ(idle_value(p, IdleMode::Sleep).mode, IdleMode::Sleep);
  EXPECT_TRUE(idle_option(IdleMode::Sleep).description().contains(QStringLiteral("default sleep")));
  QCommandLineParser q;
  q.addOption(idle_option(IdleMode::Sleep));
  ASSERT_TRUE(q.parse({QStringLiteral("prog"), QStringLiteral("--idle=work")}));
  EXPECT_EQ(idle_value(q, IdleMode::Sleep).mode, IdleMode::Work);
}

}  // namespace
