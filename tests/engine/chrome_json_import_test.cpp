// The Chrome JSON trace ioscope writes, read back: a real run's events come back exactly, field by
// field and in the order they were written; a damaged or foreign file is refused with a sentence
// naming what is wrong with it or what it lacks.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "../test_scenario.hpp"
#include "recording_test_support.hpp"
#include "run_helpers.hpp"
#include "trace/chrome_json_import.hpp"
#include "trace/trace_sinks.hpp"

namespace ioscope {
namespace {

std::string exported(const std::vector<TraceEvent>& events, const TraceMeta& meta) {
  std::ostringstream out;
  write_chrome_json(events, meta, out);
  return out.str();
}

Result<ImportedJson> read_text(const std::string& text) {
  std::istringstream in(text);
  return read_chrome_json(in, "test.json");
}

// The error read_text gives, or a failure when it reads.
std::string refusal(const std::string& text) {
  auto got = read_text(text);
  if (got.ok()) {
    ADD_FAILURE() << "read without complaint: " << text.substr(0, 200);
    return {};
  }
  EXPECT_EQ(got.error().message.rfind("test.json: ", 0), 0u) << got.error().message;
  return got.error().message;
}

// A document holding one event written as `event` (the numbers inside its brackets).
std::string with_event(const std::string& event) {
  return R"({"traceEvents":[],"ioscope":{"format":1,"model":"epoll","buyer_threads":1,"events":[[)" +
         event + "]]}}";
}

TEST(ChromeJsonImport, ARealEpollRunComesBackEventForEventInTheOrderWritten) {
  const test::TracedRun run = test::run_traced(test::scenario("epoll", 3, 80, 256, 500'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  ASSERT_GT(run.arrival.size(), 3u * 80u);
  TraceMeta meta;
  meta.model = "epoll";
  meta.buyer_threads = 1;
  // As drained (each ring's events in the order made, not merged by time): the raw section keeps
  // that order although the slices beside it are sorted.
  const std::string text = exported(run.arrival, meta);
  auto back = read_text(text);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->format, kChromeJsonFormat);
  EXPECT_EQ(back->meta.model, "epoll");
  EXPECT_EQ(back->meta.buyer_threads, 1);
  test::expect_same_events(run.arrival, back->events);
}

TEST(ChromeJsonImport, EveryFieldAtItsLimitsSurvivesTheTrip) {
  std::vector<TraceEvent> events;
  for (TraceEvent e : test::every_kind_of_event()) {
    // The JSON reader admits only the enum values this ioscope knows (a recording keeps any).
    if (static_cast<int>(e.kind) >= kEventKindCount || static_cast<int>(e.sys) >= kSysCount ||
        static_cast<int>(e.lane) > 2 || ((e.flags & flag::kSourceMask) >> 4) > 2)
      continue;
    events.push_back(e);
  }
  TraceEvent extreme;
  extreme.t_ns = std::numeric_limits<std::int64_t>::max();
  extreme.value = std::numeric_limits<std::int64_t>::min();
  extreme.aux = -1;
  extreme.fd = std::numeric_limits<std::int32_t>::min();
  extreme.track = 65535;
  extreme.err = 65535;
  extreme.kind = EventKind::UringComplete;
  extreme.lane = Lane::Factory;
  extreme.sys = Sys::epoll_pwait;
  extreme.flags = 0xEF;  // every bit but the unknown source 3
  extreme.conn = std::numeric_limits<std::uint32_t>::max();
  events.push_back(extreme);
  TraceMeta meta;
  meta.model = "a \"quoted\" model\n";
  meta.buyer_threads = 65535;
  auto back = read_text(exported(events, meta));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->meta.model, meta.model);
  EXPECT_EQ(back->meta.buyer_threads, 65535);
  test::expect_same_events(events, back->events);
}

TEST(ChromeJsonImport, AnEmptyRunReadsBackEmpty) {
  auto back = read_text(exported({}, TraceMeta{"select", 2}));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->events.empty());
  EXPECT_EQ(back->meta.buyer_threads, 2);
}

TEST(ChromeJsonImport, TextThatIsNotJsonOrIsCutShortIsRefused) {
  EXPECT_NE(refusal("this is not json").find("not valid JSON"), std::string::npos);
  EXPECT_NE(refusal("").find("it is empty"), std::string::npos);
  EXPECT_NE(refusal(" \n").find("it is empty"), std::string::npos);
  TraceEvent e;
  const std::string whole = exported({e, e, e}, TraceMeta{"epoll", 1});
  for (const std::size_t keep : {whole.size() / 3, whole.size() - 20, whole.size() - 3}) {
    SCOPED_TRACE(keep);
    EXPECT_NE(refusal(whole.substr(0, keep)).find("ends in the middle"), std::string::npos);
  }
  EXPECT_NE(refusal(whole + "{}").find("not valid JSON"), std::string::npos);
}

TEST(ChromeJsonImport, AWrongTypeAnywhereInTheSectionIsNamed) {
  struct Case {
    std::string text;
    std::string says;
  };
  const std::string head = R"({"traceEvents":[],"ioscope":)";
  for (const Case& c : {
           Case{head + "[]}", "\"ioscope\" must be an object, not an array"},
           Case{head + R"({"format":"1","events":[]}})", "ioscope.format must be a whole number"},
           Case{head + R"({"format":1.5,"events":[]}})", "ioscope.format must be a whole number"},
           Case{head + R"({"format":1,"model":3,"events":[]}})", "ioscope.model must be a string"},
           Case{head + R"({"format":1,"buyer_threads":0,"events":[]}})",
                "ioscope.buyer_threads is 0"},
           Case{head + R"({"format":1,"events":{}}})", "ioscope.events must be an array"},
           Case{head + R"({"format":1,"events":[{}]}})",
                "ioscope.events[0] must be an array of 11 whole numbers, not an object"},
           Case{head + R"({"format":1,"fields":["t_ns",2],"events":[]}})",
                "ioscope.fields[1] must be a string"},
           Case{head + R"({"format":1,"fields":["time"],"events":[]}})",
                "ioscope.fields[0] is \"time\""},
           Case{with_event("0,0,0,0,0,0,0,0,0,0,\"0\""),
                "ioscope.events[0][10] (conn) must be a whole number, not a string"},
           Case{with_event("0,0.5,0,0,0,0,0,0,0,0,0"),
                "ioscope.events[0][1] (value) must be a whole number, not a fractional number"},
           Case{with_event("0,0,0,0,0,0,0,0,0,0,null"), "(conn) must be a whole number, not null"},
           Case{with_event("0,0,0,0,0,0,0,0,0,0,[]"),
                "(conn) must be a whole number, not an array"},
           Case{with_event("0,0,0,2147483648,0,0,0,0,0,0,0"),
                "ioscope.events[0][3] (fd) is 2147483648; it must be between"},
           Case{with_event("99999999999999999999,0,0,0,0,0,0,0,0,0,0"),
                "(t_ns) must be a whole number, not a fractional number"},
           Case{with_event("0,0,0,0,-1,0,0,0,0,0,0"), "ioscope.events[0][4] (track) is -1"},
       }) {
    SCOPED_TRACE(c.text);
    EXPECT_NE(refusal(c.text).find(c.says), std::string::npos) << refusal(c.text);
  }
}

TEST(ChromeJsonImport, AnEventOfTheWrongLengthIsRefused) {
  EXPECT_NE(refusal(with_event("0,0,0,0,0,0,0,0,0,0")).find("ioscope.events[0] has 10 numbers"),
            std::string::npos);
  EXPECT_NE(refusal(with_event("0,0,0,0,0,0,0,0,0,0,0,0"))
                .find("ioscope.events[0] has more than 11 numbers"),
            std::string::npos);
  EXPECT_NE(refusal(with_event("")).find("ioscope.events[0] has 0 numbers"), std::string::npos);
}

TEST(ChromeJsonImport, KindsLanesSyscallsAndSourcesTheEngineDoesNotKnowAreRefused) {
  EXPECT_NE(refusal(with_event("0,0,0,0,0,0,20,0,0,0,0"))
                .find("(kind) is 20, not a kind this ioscope knows (0 to 19)"),
            std::string::npos);
  EXPECT_NE(refusal(with_event("0,0,0,0,0,0,0,3,0,0,0"))
                .find("(lane) is 3, not a lane this ioscope knows (0 to 2)"),
            std::string::npos);
  EXPECT_NE(refusal(with_event("0,0,0,0,0,0,0,0,20,0,0"))
                .find("(sys) is 20, not a syscall this ioscope knows (0 to 19)"),
            std::string::npos);
  EXPECT_NE(refusal(with_event("0,0,0,0,0,0,0,0,0,48,0")).find("source 3"), std::string::npos);
  EXPECT_NE(refusal(with_event("0,0,0,0,0,0,-1,0,0,0,0")).find("(kind) is -1"), std::string::npos);
}

TEST(ChromeJsonImport, ANewerFormatIsRefusedBeforeItsEventsAreRead) {
  const std::string text =
      R"({"traceEvents":[],"ioscope":{"format":2,"events":[["a different layout"]]}})";
  EXPECT_NE(refusal(text).find("written by a newer ioscope (format 2; this one reads 1)"),
            std::string::npos);
}

TEST(ChromeJsonImport, AMissingOrInconsistentPartOfTheSectionIsNamed) {
  const std::string head = R"({"traceEvents":[],"ioscope":)";
  EXPECT_NE(refusal(head + R"({"events":[]}})").find("no format number"), std::string::npos);
  EXPECT_NE(refusal(head + R"({"format":1}})").find("no events"), std::string::npos);
  EXPECT_NE(refusal(head + R"({"format":1,"event_count":2,"events":[]}})")
                .find("ioscope.event_count says 2 events but ioscope.events holds 0"),
            std::string::npos);
  EXPECT_NE(refusal(head + R"({"format":1,"events":[],"events":[]}})").find("appears twice"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"ioscope":{"format":1,"events":[]},"ioscope":{}})")
                .find("two \"ioscope\" sections"),
            std::string::npos);
}

TEST(ChromeJsonImport, AClaimOfMoreEventsThanTheFileCanHoldAllocatesNothingForThem) {
  // A billion billion events claimed in a few dozen bytes: refused for the count, not killed by an
  // allocation.
  const std::string text =
      R"({"ioscope":{"format":1,"event_count":1000000000000000000,"events":[]}})";
  EXPECT_NE(refusal(text).find("event_count says 1000000000000000000"), std::string::npos);
}

TEST(ChromeJsonImport, AChromeTraceIoscopeDidNotWriteIsRefusedNamingWhatItLacks) {
  for (const std::string& text : {
           std::string(R"({"traceEvents":[{"name":"x","ph":"X","ts":1,"dur":2,"pid":1,"tid":1}]})"),
           std::string(R"([{"name":"x","ph":"X","ts":1,"dur":2,"pid":1,"tid":1}])"),
       }) {
    SCOPED_TRACE(text);
    const std::string why = refusal(text);
    EXPECT_NE(why.find("is a Chrome trace, but not one ioscope wrote"), std::string::npos) << why;
    EXPECT_NE(why.find("no \"ioscope\" section"), std::string::npos) << why;
    EXPECT_NE(why.find("I/O-model events"), std::string::npos) << why;
    EXPECT_NE(why.find("the kernel's data-ready and copy moments"), std::string::npos) << why;
    EXPECT_NE(why.find("the factory's messages"), std::string::npos) << why;
    EXPECT_NE(why.find("cannot draw"), std::string::npos) << why;
    EXPECT_NE(why.find("Perfetto UI"), std::string::npos) << why;
  }
  EXPECT_NE(refusal(R"({"name":"not a trace"})").find("is JSON, but not a trace ioscope wrote"),
            std::string::npos);
  EXPECT_NE(refusal("42").find("not a trace ioscope wrote"), std::string::npos);
}

TEST(ChromeJsonImport, AFileThatCannotBeOpenedIsNamed) {
  auto got = load_chrome_json("/nonexistent-dir/x.json");
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().message.find("cannot open '/nonexistent-dir/x.json'"), std::string::npos);
}

}  // namespace
}  // namespace ioscope
