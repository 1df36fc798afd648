#include "trace/chrome_json_import.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bitset>
#include <cerrno>
#include <cstdint>
#include <exception>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace ioscope {
namespace {

using Json = nlohmann::json;

// The shortest an event can be written: [0,0,0,0,0,0,0,0,0,0,0]. A file of N bytes holds at
// most N / this many events, whatever its event_count says.
constexpr std::uint64_t kMinEventBytes = 23;
// Without a known size the first reservation stays small; the vector grows as events come.
constexpr std::uint64_t kBlindReserve = 1 << 16;
constexpr std::size_t kMaxModelBytes = 256;

enum class Tok { null, boolean, integer, floating, string, object, array };

const char* tok_name(Tok t) {
  switch (t) {
    case Tok::null:
      return "null";
    case Tok::boolean:
      return "true or false";
    case Tok::integer:
      return "a whole number";
    case Tok::floating:
      return "a fractional number";
    case Tok::string:
      return "a string";
    case Tok::object:
      return "an object";
    case Tok::array:
      return "an array";
  }
  return "a value";
}

// A whole number as the parser gave it: signed, or unsigned when above int64's range.
struct Int {
  std::int64_t i = 0;
  std::uint64_t u = 0;
  bool is_unsigned = false;

  template <typename T>
  bool fits(T lo, T hi, T& out) const {
    if (is_unsigned ? !std::in_range<T>(u) : !std::in_range<T>(i)) return false;
    const T v = is_unsigned ? static_cast<T>(u) : static_cast<T>(i);
    if (v < lo || v > hi) return false;
    out = v;
    return true;
  }
  std::string text() const { return is_unsigned ? std::to_string(u) : std::to_string(i); }
};

// The SAX handler: a small state machine over the document that keeps only the "ioscope"
// section and walks past everything else (the slices for the viewers) without storing it.
// Returning false from a callback stops the parse; error_ then says why.
class Handler {
 public:
  explicit Handler(std::uint64_t reserve_cap) : reserve_cap_(reserve_cap) {}

  // nlohmann's SAX interface.
  bool null() { return value(Tok::null); }
  bool boolean(bool) { return value(Tok::boolean); }
  bool number_integer(std::int64_t v) { return value(Tok::integer, Int{v, 0, false}); }
  bool number_unsigned(std::uint64_t v) {
    // Unsigned only when it does not fit int64: the parser gives non-negative numbers here.
    if (std::in_range<std::int64_t>(v))
      return value(Tok::integer, Int{static_cast<std::int64_t>(v), 0, false});
    return value(Tok::integer, Int{0, v, true});
  }
  bool number_float(double, const std::string&) { return value(Tok::floating); }
  bool string(std::string& s) { return value(Tok::string, {}, &s); }
  bool binary(Json::binary_t&) { return value(Tok::string); }  // never from JSON text
  bool start_object(std::size_t) { return value(Tok::object); }
  bool start_array(std::size_t) { return value(Tok::array); }
  bool end_object() { return end(); }
  bool end_array() { return end(); }
  bool key(std::string& k);
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    syntax_error_ = std::string(e.what());
    syntax_position_ = position;
    return false;
  }

  // What was read and what went wrong, for read_chrome_json.
  std::string error_;
  std::string syntax_error_;
  std::size_t syntax_position_ = 0;
  bool saw_anything_ = false;
  bool saw_ioscope_ = false;
  bool saw_trace_events_ = false;
  bool bare_array_ = false;
  bool saw_format_ = false;
  bool saw_events_ = false;
  bool saw_event_count_ = false;
  std::uint64_t event_count_ = 0;
  ImportedJson out_;

 private:
  enum class At { start, root, ioscope, fields, events, event, done };
  enum Key : std::uint8_t {
    kOther,
    kFormat,
    kModel,
    kBuyerThreads,
    kEventCount,
    kFields,
    kEvents,
    kKeyCount
  };

  bool value(Tok t, Int n = {}, std::string* s = nullptr);
  bool end();
  bool ioscope_value(Tok t, const Int& n, std::string* s);
  bool event_number(Tok t, const Int& n);
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }
  // Walks past one value (nothing is kept); resumes at `back` when it ends.
  bool skip(Tok t, At back) {
    if (t == Tok::object || t == Tok::array) {
      skipping_ = 1;
      resume_ = back;
    }
    return true;
  }
  std::string event_path() const { return "ioscope.events[" + std::to_string(count_) + "]"; }

  At at_ = At::start;
  std::uint32_t skipping_ = 0;  // depth inside a value being walked past
  At resume_ = At::start;
  bool root_key_is_ioscope_ = false;
  Key key_ = kOther;
  std::bitset<kKeyCount> seen_;
  std::size_t field_ = 0;  // the next field of the current event, or of "fields"
  std::uint64_t count_ = 0;
  TraceEvent event_;
  std::uint64_t reserve_cap_;
};

bool Handler::key(std::string& k) {
  if (skipping_ > 0) return true;
  if (at_ == At::root) {
    root_key_is_ioscope_ = k == "ioscope";
    if (k == "traceEvents") saw_trace_events_ = true;
    if (root_key_is_ioscope_ && saw_ioscope_) return fail("it has two \"ioscope\" sections");
    return true;
  }
  // In the ioscope section (keys occur only in objects, and it is the only one not skipped).
  static constexpr std::pair<std::string_view, Key> kKeys[] = {
      {"format", kFormat},          {"model", kModel},   {"buyer_threads", kBuyerThreads},
      {"event_count", kEventCount}, {"fields", kFields}, {"events", kEvents}};
  key_ = kOther;
  for (const auto& [name, id] : kKeys)
    if (k == name) key_ = id;
  if (key_ != kOther) {
    if (seen_[key_]) return fail("ioscope." + k + " appears twice");
    seen_[key_] = true;
  }
  return true;
}

bool Handler::value(Tok t, Int n, std::string* s) {
  if (skipping_ > 0) {
    if (t == Tok::object || t == Tok::array) ++skipping_;
    return true;
  }
  switch (at_) {
    case At::start:
      saw_anything_ = true;
      if (t == Tok::object) {
        at_ = At::root;
        return true;
      }
      bare_array_ = t == Tok::array;
      return skip(t, At::done);
    case At::root:
      if (!root_key_is_ioscope_) return skip(t, At::root);
      if (t != Tok::object)
        return fail(std::string("\"ioscope\" must be an object, not ") + tok_name(t));
      saw_ioscope_ = true;
      at_ = At::ioscope;
      return true;
    case At::ioscope:
      return ioscope_value(t, n, s);
    case At::fields:
      if (t != Tok::string)
        return fail("ioscope.fields[" + std::to_string(field_) + "] must be a string, not " +
                    tok_name(t));
      if (field_ >= kChromeJsonFields.size())
        return fail("ioscope.fields has more than the " + std::to_string(kChromeJsonFields.size()) +
                    " fields of format " + std::to_string(kChromeJsonFormat));
      if (*s != kChromeJsonFields[field_])
        return fail("ioscope.fields[" + std::to_string(field_) + "] is \"" + *s + "\"; format " +
                    std::to_string(kChromeJsonFormat) + " has \"" + kChromeJsonFields[field_] +
                    "\" there");
      ++field_;
      return true;
    case At::events:
      if (t != Tok::array)
        return fail(event_path() + " must be an array of " +
                    std::to_string(kChromeJsonFields.size()) + " whole numbers, not " +
                    tok_name(t));
      at_ = At::event;
      field_ = 0;
      event_ = TraceEvent{};
      return true;
    case At::event:
      return event_number(t, n);
    case At::done:
      return true;  // unreachable: a strict parse has nothing after the root value
  }
  return true;
}

bool Handler::ioscope_value(Tok t, const Int& n, std::string* s) {
  const auto want = [&](Tok w, const char* what) {
    return fail(std::string("ioscope.") + what + " must be " + tok_name(w) + ", not " +
                tok_name(t));
  };
  switch (key_) {
    case kOther:
      return skip(t, At::ioscope);  // a later writer's addition within format 1
    case kFormat: {
      if (t != Tok::integer) return want(Tok::integer, "format");
      int format = 0;
      if (!n.fits(1, std::numeric_limits<int>::max(), format))
        return fail("ioscope.format is " + n.text() + "; formats are numbered from 1");
      if (format > kChromeJsonFormat)
        return fail("it was written by a newer ioscope (format " + n.text() + "; this one reads " +
                    std::to_string(kChromeJsonFormat) + ")");
      saw_format_ = true;
      out_.format = format;
      return true;
    }
    case kModel:
      if (t != Tok::string) return want(Tok::string, "model");
      if (s->size() > kMaxModelBytes)
        return fail("ioscope.model is " + std::to_string(s->size()) + " bytes long; at most " +
                    std::to_string(kMaxModelBytes));
      out_.meta.model = std::move(*s);
      return true;
    case kBuyerThreads:
      if (t != Tok::integer) return want(Tok::integer, "buyer_threads");
      if (!n.fits<std::uint16_t>(1, std::numeric_limits<std::uint16_t>::max(),
                                 out_.meta.buyer_threads))
        return fail("ioscope.buyer_threads is " + n.text() + "; it must be between 1 and 65535");
      return true;
    case kEventCount:
      if (t != Tok::integer) return want(Tok::integer, "event_count");
      if (!n.fits<std::uint64_t>(0, std::numeric_limits<std::uint64_t>::max(), event_count_))
        return fail("ioscope.event_count is " + n.text() + "; it must not be negative");
      saw_event_count_ = true;
      return true;
    case kFields:
      if (t != Tok::array) return want(Tok::array, "fields");
      at_ = At::fields;
      field_ = 0;
      return true;
    case kEvents:
      if (t != Tok::array) return want(Tok::array, "events");
      saw_events_ = true;
      // Room for what the file says it holds, but never more than its bytes can hold: a short
      // file claiming a billion events must not allocate for them.
      if (saw_event_count_) out_.events.reserve(std::min(event_count_, reserve_cap_));
      at_ = At::events;
      return true;
    case kKeyCount:
      break;
  }
  return true;
}

bool Handler::event_number(Tok t, const Int& n) {
  constexpr std::size_t kWidth = kChromeJsonFields.size();
  if (field_ >= kWidth)
    return fail(event_path() + " has more than " + std::to_string(kWidth) + " numbers; an event " +
                "has " + std::to_string(kWidth));
  const std::string where =
      event_path() + "[" + std::to_string(field_) + "] (" + kChromeJsonFields[field_] + ")";
  if (t != Tok::integer) return fail(where + " must be a whole number, not " + tok_name(t));
  const auto range = [&](auto lo, auto hi) {
    return fail(where + " is " + n.text() + "; it must be between " + std::to_string(lo) + " and " +
                std::to_string(hi));
  };
  // The enums: only values this engine knows, so nothing downstream meets a kind it cannot name.
  const auto known = [&](const char* what, int count) {
    return fail(where + " is " + n.text() + ", not a " + what + " this ioscope knows (0 to " +
                std::to_string(count - 1) + ")");
  };
  using I64 = std::numeric_limits<std::int64_t>;
  std::uint8_t small = 0;
  switch (field_) {
    case 0:
      if (!n.fits(I64::min(), I64::max(), event_.t_ns)) return range(I64::min(), I64::max());
      break;
    case 1:
      if (!n.fits(I64::min(), I64::max(), event_.value)) return range(I64::min(), I64::max());
      break;
    case 2:
      if (!n.fits(I64::min(), I64::max(), event_.aux)) return range(I64::min(), I64::max());
      break;
    case 3: {
      using L = std::numeric_limits<std::int32_t>;
      if (!n.fits(L::min(), L::max(), event_.fd)) return range(L::min(), L::max());
      break;
    }
    case 4:
      if (!n.fits<std::uint16_t>(0, 65535, event_.track)) return range(0, 65535);
      break;
    case 5:
      if (!n.fits<std::uint16_t>(0, 65535, event_.err)) return range(0, 65535);
      break;
    case 6:
      if (!n.fits<std::uint8_t>(0, kEventKindCount - 1, small))
        return known("kind", kEventKindCount);
      event_.kind = static_cast<EventKind>(small);
      break;
    case 7:
      if (!n.fits<std::uint8_t>(0, 2, small)) return known("lane", 3);
      event_.lane = static_cast<Lane>(small);
      break;
    case 8:
      if (!n.fits<std::uint8_t>(0, kSysCount - 1, small)) return known("syscall", kSysCount);
      event_.sys = static_cast<Sys>(small);
      break;
    case 9:
      if (!n.fits<std::uint8_t>(0, 255, event_.flags)) return range(0, 255);
      if (((event_.flags & flag::kSourceMask) >> 4) > static_cast<int>(Source::Imported))
        return fail(where + " is " + n.text() + ": its bits 4-5 name source 3, which this " +
                    "ioscope does not know (0 to 2)");
      break;
    case 10:
      if (!n.fits<std::uint32_t>(0, std::numeric_limits<std::uint32_t>::max(), event_.conn))
        return range(0U, std::numeric_limits<std::uint32_t>::max());
      break;
  }
  ++field_;
  return true;
}

bool Handler::end() {
  if (skipping_ > 0) {
    if (--skipping_ == 0) at_ = resume_;
    return true;
  }
  switch (at_) {
    case At::root:
      at_ = At::done;
      break;
    case At::ioscope:
      at_ = At::root;
      break;
    case At::fields:
      if (field_ != kChromeJsonFields.size())
        return fail("ioscope.fields names " + std::to_string(field_) + " fields; format " +
                    std::to_string(kChromeJsonFormat) + " has " +
                    std::to_string(kChromeJsonFields.size()));
      at_ = At::ioscope;
      break;
    case At::events:
      at_ = At::ioscope;
      break;
    case At::event:
      if (field_ != kChromeJsonFields.size())
        return fail(event_path() + " has " + std::to_string(field_) + " numbers; an event has " +
                    std::to_string(kChromeJsonFields.size()));
      out_.events.push_back(event_);
      ++count_;
      at_ = At::events;
      break;
    case At::start:
    case At::done:
      break;
  }
  return true;
}

// What a JSON file that is not ioscope's lacks, in words a user can act on.
std::string foreign_message(const Handler& h) {
  std::string what;
  if (h.bare_array_ || h.saw_trace_events_)
    what = "is a Chrome trace, but not one ioscope wrote";
  else
    what = "is JSON, but not a trace ioscope wrote";
  return what +
         ": it has no \"ioscope\" section, so it has none of ioscope's I/O-model events (which "
         "call the buyer made, the kernel's data-ready and copy moments, the factory's "
         "messages) and ioscope cannot draw or summarize it. Open it in Perfetto UI "
         "(https://ui.perfetto.dev) instead.";
}

// The bytes left in the stream, when it can tell.
std::optional<std::uint64_t> bytes_left(std::istream& in) {
  const auto here = in.tellg();
  if (here < 0) {
    in.clear();
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  const auto end = in.tellg();
  in.seekg(here);
  if (end < 0 || !in) {
    in.clear();
    in.seekg(here);
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(end - here);
}

}  // namespace

Result<ImportedJson> read_chrome_json(std::istream& in, const std::string& name) {
  const auto size = bytes_left(in);
  Handler h(size ? *size / kMinEventBytes : kBlindReserve);
  const auto failed = [&](const std::string& problem) { return Error{name + ": " + problem}; };
  try {
    Json::sax_parse(in, &h, Json::input_format_t::json, /*strict=*/true);
  } catch (const std::exception& e) {
    // nlohmann reports through parse_error; this is for what it cannot (out of memory).
    return failed(std::string("cannot be read: ") + e.what());
  }
  if (!h.error_.empty()) return failed(h.error_);
  if (!h.syntax_error_.empty()) {
    // Cut short: the parser ran out of bytes (inside a string it says "missing closing quote").
    const bool ended = h.syntax_error_.find("unexpected end of input") != std::string::npos ||
                       (size && h.syntax_position_ >= *size);
    if (ended && !h.saw_anything_) return failed("it is empty");
    if (ended)
      return failed("the file ends in the middle of the JSON at byte " +
                    std::to_string(h.syntax_position_) + " (cut short?)");
    // nlohmann's own words name the line, the column and what it expected there.
    std::string why = h.syntax_error_;
    if (const auto cut = why.find("] "); why.rfind("[json.exception", 0) == 0 && cut != why.npos)
      why.erase(0, cut + 2);
    return failed("not valid JSON: " + why);
  }
  if (!h.saw_ioscope_) return failed(foreign_message(h));
  if (!h.saw_format_) return failed("its \"ioscope\" section has no format number");
  if (!h.saw_events_) return failed("its \"ioscope\" section has no events");
  if (h.saw_event_count_ && h.event_count_ != h.out_.events.size())
    return failed("ioscope.event_count says " + std::to_string(h.event_count_) +
                  " events but ioscope.events holds " + std::to_string(h.out_.events.size()));
  return std::move(h.out_);
}

Result<ImportedJson> load_chrome_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot open '" + path + "': " + errno_text(errno)};
  return read_chrome_json(in, "'" + path + "'");
}

record::RecordedRun recorded_run_of(const ImportedJson& trace) {
  record::RecordedRun run;
  Scenario& s = run.summary.scenario;
  s.model = trace.meta.model;
  std::map<std::uint16_t, std::map<std::int64_t, std::int64_t>> sends;  // client: message: when
  for (const TraceEvent& e : trace.events)
    if (e.kind == EventKind::ClientSend && e.lane == Lane::Factory &&
        source_of(e) == Source::Engine)
      sends[e.track].emplace(e.aux, e.value);
  s.clients = static_cast<int>(sends.size());
  s.messages = 0;
  s.size = 0;
  s.interval_ns = 0;
  for (const auto& [client, messages] : sends) {
    s.messages = std::max(s.messages, static_cast<int>(messages.size()));
    const auto first = messages.find(0), second = messages.find(1);
    if (s.interval_ns == 0 && first != messages.end() && second != messages.end())
      s.interval_ns = second->second - first->second;
  }
  run.event_count = trace.events.size();
  return run;
}

}  // namespace ioscope
