// The trace files a run can be saved as: Chrome Trace Event JSON that a strict parser accepts and
// that names every track, pairs calls into slices and arrows into s/f pairs; CSV with one row per
// event; and the file writer's refusals.
#include "trace/trace_sinks.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run_helpers.hpp"

namespace ioscope {
namespace {

// The parsed document as the tests walk it: nlohmann::json parses (strictly, RFC 8259); this
// keeps the tests' access short (a missing key is a null pointer, a missing number NaN).
struct Json {
  enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::pair<std::string, Json>> object;

  static Json from(const nlohmann::json& j) {
    Json v;
    if (j.is_boolean()) {
      v.type = Type::Bool;
      v.boolean = j.get<bool>();
    } else if (j.is_number()) {
      v.type = Type::Number;
      v.number = j.get<double>();
    } else if (j.is_string()) {
      v.type = Type::String;
      v.string = j.get<std::string>();
    } else if (j.is_array()) {
      v.type = Type::Array;
      for (const auto& item : j) v.array.push_back(from(item));
    } else if (j.is_object()) {
      v.type = Type::Object;
      for (const auto& [key, item] : j.items()) v.object.emplace_back(key, from(item));
    }
    return v;
  }

  const Json* get(const std::string& key) const {
    for (const auto& [k, v] : object)
      if (k == key) return &v;
    return nullptr;
  }
  std::string str(const std::string& key) const {
    const Json* v = get(key);
    return v != nullptr && v->type == Type::String ? v->string : std::string();
  }
  double num(const std::string& key) const {
    const Json* v = get(key);
    return v != nullptr && v->type == Type::Number ? v->number : NAN;
  }
};

// The trace as the viewer sees it: the parsed document and its event list.
struct ChromeDoc {
  Json root;
  const std::vector<Json>& events() const { return root.get("traceEvents")->array; }

  std::vector<const Json*> with(const std::string& ph, const std::string& name = {}) const {
    std::vector<const Json*> out;
    for (const auto& e : events())
      if (e.str("ph") == ph && (name.empty() || e.str("name") == name)) out.push_back(&e);
    return out;
  }
  std::set<std::string> thread_names() const {
    std::set<std::string> out;
    for (const Json* m : with("M", "thread_name")) out.insert(m->get("args")->str("name"));
    return out;
  }
  std::string thread_name(double tid) const {
    for (const Json* m : with("M", "thread_name"))
      if (m->num("tid") == tid) return m->get("args")->str("name");
    return {};
  }
};

ChromeDoc chrome(std::vector<TraceEvent> events, const TraceMeta& meta = {"epoll", 1}) {
  std::ostringstream out;
  write_chrome_json(std::move(events), meta, out);
  const std::string text = out.str();
  ChromeDoc doc;
  try {
    doc.root = Json::from(nlohmann::json::parse(text));
  } catch (const nlohmann::json::parse_error& e) {
    ADD_FAILURE() << e.what() << "\n" << text;
  }
  EXPECT_EQ(doc.root.type, Json::Type::Object);
  const Json* list = doc.root.get("traceEvents");
  if (list == nullptr || list->type != Json::Type::Array) {
    ADD_FAILURE() << "no traceEvents array";
    Json empty;
    empty.type = Json::Type::Array;
    doc.root.object.emplace_back("traceEvents", empty);
  }
  return doc;
}

TraceEvent ev(EventKind kind, std::int64_t t, Lane lane = Lane::Buyer) {
  return {.t_ns = t, .kind = kind, .lane = lane};
}

TraceEvent call(EventKind kind, Sys sys, int fd, std::int64_t t, std::int64_t result = 0,
                int err = 0) {
  TraceEvent e = ev(kind, t);
  e.sys = sys;
  e.fd = fd;
  e.value = result;
  e.err = static_cast<std::uint16_t>(err);
  return e;
}

// Every flow id has exactly one start and one finish, in the same category.
void expect_flows_pair_up(const ChromeDoc& doc) {
  std::map<double, std::pair<int, int>> ends;
  std::map<double, std::set<std::string>> cats;
  for (const Json* s : doc.with("s")) {
    ++ends[s->num("id")].first;
    cats[s->num("id")].insert(s->str("cat"));
  }
  for (const Json* f : doc.with("f")) {
    ++ends[f->num("id")].second;
    cats[f->num("id")].insert(f->str("cat"));
    EXPECT_EQ(f->str("bp"), "e");
  }
  for (const auto& [id, n] : ends) {
    EXPECT_EQ(n.first, 1) << "flow " << id;
    EXPECT_EQ(n.second, 1) << "flow " << id;
    EXPECT_EQ(cats[id].size(), 1u) << "flow " << id;
  }
}

TEST(ChromeJsonSink, EpollRunIsValidJsonWithNamedTracksCallSlicesAndPairedArrows) {
  auto run = test::run_traced(test::scenario("epoll", 2, 5, 64, 1'000'000));
  ASSERT_TRUE(run.summary.ok()) << run.summary.error;
  ASSERT_EQ(run.summary.dropped, 0u);
  const ChromeDoc doc = chrome(run.events, {"epoll", 1});

  const auto processes = doc.with("M", "process_name");
  ASSERT_EQ(processes.size(), 1u);
  EXPECT_EQ(processes[0]->get("args")->str("name"), "ioscope: epoll");
  const auto names = doc.thread_names();
  EXPECT_TRUE(names.count("buyer (process) thread 0"));
  EXPECT_TRUE(names.count("buyer thread 0: phase 2"));
  EXPECT_TRUE(names.count("shopkeeper (kernel)"));
  std::set<std::uint32_t> ports;
  for (const auto& e : run.events)
    if (e.kind == EventKind::ClientSend) ports.insert(e.conn);
  ASSERT_EQ(ports.size(), 2u);
  for (const auto port : ports) {
    bool named = false;
    for (const auto& n : names)
      named |= n.rfind("factory: client ", 0) == 0 &&
               n.find("(port " + std::to_string(port) + ")") != std::string::npos;
    EXPECT_TRUE(named) << "no factory track for port " << port;
  }

  const auto recvs = doc.with("X", "recvmsg");
  EXPECT_EQ(recvs.size(), test::calls(run, Sys::recvmsg).size());
  ASSERT_FALSE(recvs.empty());
  for (const Json* r : recvs) {
    EXPECT_EQ(doc.thread_name(r->num("tid")), "buyer (process) thread 0");
    EXPECT_GE(r->num("dur"), 0);
    EXPECT_FALSE(std::isnan(r->get("args")->num("fd")));
    EXPECT_FALSE(std::isnan(r->get("args")->num("result")));
  }
  std::size_t kernel_ready = 0;
  for (const auto& e : run.events) kernel_ready += e.kind == EventKind::KernelReady;

  // Every message sent is followed to the kernel, and every arrival to the call that took it.
  std::size_t message_arrows = 0, data_arrows = 0;
  for (const Json* s : doc.with("s")) {
    message_arrows += s->str("name") == "message";
    data_arrows += s->str("name") == "data";
  }
  EXPECT_EQ(message_arrows, 10u);
  EXPECT_EQ(data_arrows, kernel_ready);
  expect_flows_pair_up(doc);

  double last = -1;
  for (const auto& e : doc.events()) {
    if (e.str("ph") == "M") continue;
    EXPECT_TRUE(std::isfinite(e.num("ts")));
    EXPECT_GE(e.num("ts"), last);
    last = e.num("ts");
  }
}

TEST(ChromeJsonSink, SortsUnsortedEventsByTimeFromZero) {
  std::vector<TraceEvent> events;
  for (int i = 9; i >= 0; --i) {
    TraceEvent w = ev(EventKind::Work, 5'000 + i * 1'000);
    w.value = i;
    w.aux = 500;
    events.push_back(w);
  }
  const ChromeDoc doc = chrome(events);
  const auto work = doc.with("X", "useful work");
  ASSERT_EQ(work.size(), 10u);
  for (std::size_t i = 0; i < work.size(); ++i) {
    EXPECT_DOUBLE_EQ(work[i]->num("ts"), static_cast<double>(i));
    EXPECT_DOUBLE_EQ(work[i]->num("dur"), 0.5);
    EXPECT_DOUBLE_EQ(work[i]->get("args")->num("units"), static_cast<double>(i));
  }
}

TEST(ChromeJsonSink, CallCutShortByCancelEndsAtTheLastEventAndIsMarkedUnfinished) {
  const ChromeDoc doc = chrome({
      call(EventKind::SyscallBegin, Sys::recvmsg, 7, 1'000),
      call(EventKind::SyscallEnd, Sys::recvmsg, 7, 3'000, -1, EAGAIN),
      call(EventKind::SyscallBegin, Sys::epoll_wait, 4, 4'000),
      ev(EventKind::ClientSend, 9'500, Lane::Factory),
  });
  const auto done = doc.with("X", "recvmsg");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_DOUBLE_EQ(done[0]->num("dur"), 2.0);
  EXPECT_EQ(done[0]->get("args")->str("errno"), "EAGAIN");
  EXPECT_DOUBLE_EQ(done[0]->get("args")->num("result"), -1);
  EXPECT_EQ(done[0]->get("args")->get("unfinished"), nullptr);

  const auto cut = doc.with("X", "epoll_wait");
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_DOUBLE_EQ(cut[0]->num("ts"), 3.0);
  EXPECT_DOUBLE_EQ(cut[0]->num("dur"), 5.5);
  ASSERT_NE(cut[0]->get("args")->get("unfinished"), nullptr);
  EXPECT_TRUE(cut[0]->get("args")->get("unfinished")->boolean);
}

TEST(ChromeJsonSink, EscapesQuotesBackslashesControlsAndBadUtf8InNames) {
  const std::string model = "a\"b\\c\nd\te\x01f \xC3\xBC \xFF";
  const ChromeDoc doc = chrome({ev(EventKind::Work, 1)}, {model, 1});
  const auto processes = doc.with("M", "process_name");
  ASSERT_EQ(processes.size(), 1u);
  EXPECT_EQ(processes[0]->get("args")->str("name"),
            "ioscope: a\"b\\c\nd\te\x01f \xC3\xBC \xEF\xBF\xBD");
}

TEST(ChromeJsonSink, EmptyTraceIsStillAValidDocument) {
  const ChromeDoc doc = chrome({});
  EXPECT_TRUE(doc.thread_names().count("shopkeeper (kernel)"));
  EXPECT_TRUE(doc.with("X").empty());
}

// One message's journey: sent by client 0, in the kernel, copied out by a recvmsg that waited.
TEST(ChromeJsonSink, ArrowsRunFromTheSendToTheKernelToTheCallThatTookTheData) {
  TraceEvent send = ev(EventKind::ClientSend, 1'000, Lane::Factory);
  send.conn = 40000;
  send.aux = 0;
  send.value = 900;
  TraceEvent ready = ev(EventKind::KernelReady, 5'000, Lane::Shopkeeper);
  ready.fd = 7;
  ready.conn = 40000;
  ready.value = 64;
  ready.aux = 0;
  TraceEvent copy_begin = ev(EventKind::CopyBegin, 5'000);
  copy_begin.fd = 7;
  copy_begin.conn = 40000;
  copy_begin.value = 64;
  copy_begin.flags = flag::kWaited;
  TraceEvent copy_end = copy_begin;
  copy_end.kind = EventKind::CopyEnd;
  copy_end.t_ns = 8'000;
  // In ring order: the call, then what it learned about the data.
  const ChromeDoc doc = chrome({
      send,
      call(EventKind::SyscallBegin, Sys::recvmsg, 7, 2'000),
      call(EventKind::SyscallEnd, Sys::recvmsg, 7, 8'000, 64),
      ready,
      copy_begin,
      copy_end,
  });

  EXPECT_EQ(doc.thread_name(doc.with("X", "send message 0").at(0)->num("tid")),
            "factory: client 0 (port 40000)");
  const Json* kernel = doc.with("X", "data ready in kernel").at(0);
  EXPECT_EQ(doc.thread_name(kernel->num("tid")), "shopkeeper (kernel)");
  EXPECT_DOUBLE_EQ(kernel->get("args")->num("bytes"), 64);
  const Json* copy = doc.with("X", "wake-up + copy (phase 2)").at(0);
  EXPECT_EQ(doc.thread_name(copy->num("tid")), "buyer thread 0: phase 2");
  EXPECT_DOUBLE_EQ(copy->num("ts"), 4.0);
  EXPECT_DOUBLE_EQ(copy->num("dur"), 3.0);
  const Json* recv = doc.with("X", "recvmsg").at(0);

  const auto starts = doc.with("s");
  const auto finishes = doc.with("f");
  ASSERT_EQ(starts.size(), 2u);
  ASSERT_EQ(finishes.size(), 2u);
  expect_flows_pair_up(doc);
  std::map<std::string, std::pair<const Json*, const Json*>> arrows;
  for (const Json* s : starts) arrows[s->str("name")].first = s;
  for (const Json* f : finishes) arrows[f->str("name")].second = f;
  const auto& [msg_s, msg_f] = arrows["message"];
  ASSERT_TRUE(msg_s && msg_f);
  EXPECT_EQ(doc.thread_name(msg_s->num("tid")), "factory: client 0 (port 40000)");
  EXPECT_DOUBLE_EQ(msg_s->num("ts"), 0.0);
  EXPECT_EQ(msg_f->num("tid"), kernel->num("tid"));
  EXPECT_DOUBLE_EQ(msg_f->num("ts"), kernel->num("ts"));
  const auto& [data_s, data_f] = arrows["data"];
  ASSERT_TRUE(data_s && data_f);
  EXPECT_EQ(data_s->num("tid"), kernel->num("tid"));
  EXPECT_EQ(data_f->num("tid"), recv->num("tid"));
  EXPECT_GE(data_f->num("ts"), recv->num("ts"));
  EXPECT_LE(data_f->num("ts"), recv->num("ts") + recv->num("dur"));
}

TEST(ChromeJsonSink, MarkersCloseTogetherDoNotOverlapOnTheirTrack) {
  TraceEvent a = ev(EventKind::KernelReady, 1'000, Lane::Shopkeeper);
  TraceEvent b = a;
  b.t_ns = 1'400;
  const ChromeDoc doc = chrome({a, b});
  const auto markers = doc.with("X", "data ready in kernel");
  ASSERT_EQ(markers.size(), 2u);
  EXPECT_LE(markers[0]->num("ts") + markers[0]->num("dur"), markers[1]->num("ts"));
  EXPECT_DOUBLE_EQ(markers[1]->num("dur"), 1.0);
}

TEST(CsvSink, HasTheHeaderAndOneRowPerEventInTimeOrder) {
  TraceEvent late = call(EventKind::SyscallEnd, Sys::recvmsg, 5, 2'000, -1, EAGAIN);
  TraceEvent early = call(EventKind::SyscallBegin, Sys::recvmsg, 5, 1'000);
  TraceEvent client = ev(EventKind::ClientSend, 1'500, Lane::Factory);
  client.conn = 40000;
  client.track = 3;
  std::ostringstream out;
  write_csv({late, early, client}, out);
  std::istringstream in(out.str());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "t_ns,lane,track,kind,sys,fd,conn,value,aux,err,flags");
  EXPECT_EQ(lines[1], "1000,buyer,0,syscall_begin,recvmsg,5,0,0,0,0,0");
  EXPECT_EQ(lines[2], "1500,factory,3,client_send,none,-1,40000,0,0,0,0");
  EXPECT_EQ(lines[3], "2000,buyer,0,syscall_end,recvmsg,5,0,-1,0," + std::to_string(EAGAIN) + ",0");
}

class TraceFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ioscope-trace-sinks-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  static std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::filesystem::path dir_;
};

TEST_F(TraceFile, PicksTheFormatByExtension) {
  const std::vector<TraceEvent> events{ev(EventKind::Work, 10), ev(EventKind::Work, 20)};
  const auto json = dir_ / "run.json";
  const auto csv = dir_ / "run.csv";
  EXPECT_FALSE(write_trace_file(json.string(), events, {"poll", 1}));
  EXPECT_FALSE(write_trace_file(csv.string(), events, {"poll", 1}));
  EXPECT_EQ(slurp(json).rfind("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", 0), 0u);
  EXPECT_EQ(slurp(csv).rfind("t_ns,lane,", 0), 0u);
}

TEST_F(TraceFile, RefusesAnUnknownExtensionNamingThePath) {
  const std::string path = (dir_ / "run.txt").string();
  const auto err = write_trace_file(path, {}, {});
  ASSERT_TRUE(err);
  EXPECT_NE(err->message.find("'" + path + "'"), std::string::npos) << err->message;
  EXPECT_NE(err->message.find(".json or .csv"), std::string::npos) << err->message;
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(TraceFile, ReportsAnUnwritablePathWithItsReason) {
  const auto err = write_trace_file("/nonexistent-dir/x.json", {}, {});
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message,
            "cannot write the trace to '/nonexistent-dir/x.json': " + errno_text(ENOENT));
}

}  // namespace
}  // namespace ioscope
