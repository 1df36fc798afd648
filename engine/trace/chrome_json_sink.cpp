// Chrome Trace Event JSON (the format Perfetto UI and chrome://tracing open), written by hand:
// a long trace is streamed line by line instead of being built as a document first. The producer
// recorded bare numbers; this is where they become the picture: calls become slices, the moments
// data reached the kernel become markers, and arrows follow each message from the factory's send to
// the kernel and from the kernel to the call that took the data.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "trace/trace_sinks.hpp"

namespace ioscope {
namespace {

// Chrome's thread ids double as the order tracks are stacked in (thread_sort_index): each buyer
// thread with its phase-2 track just below it, then the kernel, then the factory's clients.
int buyer_tid(std::uint16_t track) {
  return 10 + 2 * int{track};
}
int phase2_tid(std::uint16_t track) {
  return 11 + 2 * int{track};
}
constexpr int kKernelTid = 150'000;  // below every buyer pair (at most 10 + 2 * 65535 + 1)
constexpr int kFactoryTid0 = 200'000;

// Data-ready and send moments are instants; drawn as slices this long so arrows can attach.
constexpr std::int64_t kMarkerNs = 1'000;

// Bytes that are not valid UTF-8 would make the whole file unreadable to a strict parser: the
// length of the UTF-8 sequence starting at s[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // beyond U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k)
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  return len;
}

void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else if (c >= 0x80) {
      const std::size_t len = utf8_length(s, i);
      if (len == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s, i, len);
        i += len;
      }
      continue;
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

// Microseconds with nanosecond digits, formatted from integers so no rounding creeps in.
void put_us(std::string& out, std::int64_t ns) {
  const bool negative = ns < 0;
  const std::uint64_t a =
      negative ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%llu.%03llu", negative ? "-" : "",
                static_cast<unsigned long long>(a / 1000),
                static_cast<unsigned long long>(a % 1000));
  out += buf;
}

std::string errno_name(int err) {
  const char* name = strerrorname_np(err);
  return name != nullptr ? name : "errno " + std::to_string(err);
}

// Writes an args object's members into a line.
class Args {
 public:
  explicit Args(std::string& out) : out_(out) {}
  Args& num(const char* key, std::int64_t v) {
    sep(key);
    out_ += std::to_string(v);
    return *this;
  }
  Args& us(const char* key, std::int64_t ns) {
    sep(key);
    put_us(out_, ns);
    return *this;
  }
  Args& str(const char* key, std::string_view v) {
    sep(key);
    put_string(out_, v);
    return *this;
  }
  Args& yes(const char* key) {
    sep(key);
    out_ += "true";
    return *this;
  }

 private:
  void sep(const char* key) {
    if (!first_) out_ += ',';
    first_ = false;
    put_string(out_, key);
    out_ += ':';
  }
  std::string& out_;
  bool first_ = true;
};

enum class Note : std::uint8_t { none, unfinished, begin_lost };

// One line of the output. Its words are put on when it is written, from the event it shows, so
// a long trace costs a few dozen bytes per line until then.
struct Record {
  std::int64_t ts = 0;  // ns since the first event
  std::int64_t dur = 0;
  const TraceEvent* event = nullptr;  // a call's end (its begin if unfinished); null for arrows
  const char* arrow = nullptr;        // s/f: the arrow's name
  std::uint64_t flow = 0;             // s/f: the arrow's id
  int tid = 0;
  char ph = 'X';
  std::uint8_t flags = 0;  // a copy's flags, taken from its begin
  Note note = Note::none;
};

struct Copy {
  std::size_t record;
  int call_tid;  // the buyer track whose call did (or waited for) this copy
  std::int64_t end;
  std::int64_t bytes;
  bool linked = false;
};

struct Copies {
  std::vector<Copy> list;  // in order of their end
  std::size_t first_unlinked = 0;
};

const char* copy_name(std::uint8_t flags) {
  if (flags & flag::kKernelCopy) return "kernel copied (phase 2)";
  if (flags & flag::kWaited) return "wake-up + copy (phase 2)";
  return "copy to user (phase 2)";
}

std::string notify_name(const TraceEvent& e) {
  if (e.flags & flag::kOverflow) return "signal queue overflow: rescan all";
  if (e.sys == Sys::none) return "signal: fd " + std::to_string(e.aux) + " ready";
  if (e.sys == Sys::io_uring_enter) return "completions reaped";
  return std::string(to_string(e.sys)) + " returned a ready set";
}

class ChromeTrace {
 public:
  // events: sorted by time, alive until write() returns.
  ChromeTrace(const std::vector<TraceEvent>& events, const TraceMeta& meta) : meta_(meta) {
    if (!events.empty()) t0_ = events.front().t_ns;
    for (const auto& e : events) t_last_ = std::max(t_last_, e.t_ns - t0_);
    for (std::uint16_t i = 0; i < meta.buyer_threads; ++i) buyer(i);
    name_track(kKernelTid, "shopkeeper (kernel)");
    number_clients(events);
    for (const auto& e : events) add(e);
    close_unfinished();
    link_flows();
  }

  void write(std::ostream& os) {
    std::stable_sort(records_.begin(), records_.end(),
                     [](const Record& a, const Record& b) { return a.ts < b.ts; });
    std::string line;
    os << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
    line = "{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":";
    put_string(line, "ioscope: " + meta_.model);
    line += "}}";
    os << line;
    for (const auto& [tid, name] : tracks_) {
      line = ",\n{\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(tid) +
             ",\"name\":\"thread_name\",\"args\":{\"name\":";
      put_string(line, name);
      line += "}},\n{\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(tid) +
              ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + std::to_string(tid) +
              "}}";
      os << line;
    }
    for (const auto& r : records_) {
      line = ",\n{\"ph\":\"";
      line += r.ph;
      line += "\",\"pid\":1,\"tid\":" + std::to_string(r.tid) + ",\"ts\":";
      put_us(line, r.ts);
      if (r.ph == 'X') {
        line += ",\"dur\":";
        put_us(line, r.dur);
      }
      if (r.ph == 'i') line += ",\"s\":\"t\"";
      if (r.ph == 's' || r.ph == 'f') line += ",\"id\":" + std::to_string(r.flow);
      if (r.ph == 'f') line += ",\"bp\":\"e\"";
      describe(r, line);
      line += '}';
      os << line;
    }
    os << "\n]";  // the object is closed by the "ioscope" section after it
  }

 private:
  // The record's category, name and arguments: where the numbers become words.
  void describe(const Record& r, std::string& line) const {
    const auto head = [&](const char* cat, std::string_view name) {
      line += ",\"cat\":";
      put_string(line, cat);
      line += ",\"name\":";
      put_string(line, name);
    };
    if (r.event == nullptr) {
      head("flow", r.arrow);
      return;
    }
    const TraceEvent& e = *r.event;
    switch (e.kind) {
      case EventKind::SyscallBegin:
      case EventKind::SyscallEnd:
        head("syscall", to_string(e.sys));
        break;
      case EventKind::CopyBegin:
      case EventKind::CopyEnd:
        head("phase2", copy_name(r.flags));
        break;
      case EventKind::KernelReady:
        head("kernel",
             e.flags & flag::kInferred ? "data ready (inferred)" : "data ready in kernel");
        break;
      case EventKind::ClientSend:
        head("factory", "send message " + std::to_string(e.aux));
        break;
      case EventKind::ClientRecv:
        head("factory", "echo of message " + std::to_string(e.aux) + " back");
        break;
      case EventKind::Work:
        head("work", "useful work");
        break;
      case EventKind::Notify:
        head("notify", notify_name(e));
        break;
      case EventKind::Scan:
        head("notify", std::string("scan (") + to_string(e.sys) + ")");
        break;
      case EventKind::Accept:
        head("event", "accept");
        break;
      case EventKind::Close:
        head("event", "close connection");
        break;
      case EventKind::Error:
        head("event", "error");
        break;
      case EventKind::DataQueued:
        head("kernel", "data queued on the socket (probe)");
        break;
      case EventKind::Wakeup:
        head("kernel", "wake-up: runnable until back on a CPU (probe)");
        break;
      case EventKind::KernelCopy:
        head("phase2", e.flags & flag::kKernelCopy ? "kernel copies for the process (probe)"
                                                   : "copy to user (probe)");
        break;
      case EventKind::UringArm:
        head("kernel", "io_uring arms its poll (probe)");
        break;
      case EventKind::UringTaskWork:
        head("kernel", "io_uring queues task_work (probe)");
        break;
      case EventKind::UringWorker:
        head("kernel", "io_uring hands to an io-wq worker (probe)");
        break;
      case EventKind::UringComplete:
        head("kernel", "io_uring posts a completion (probe)");
        break;
    }
    line += ",\"args\":{";
    Args a(line);
    switch (e.kind) {
      case EventKind::SyscallBegin:
        a.num("fd", e.fd);
        break;
      case EventKind::SyscallEnd:
        a.num("fd", e.fd).num("result", e.value);
        if (e.err != 0) a.str("errno", errno_name(e.err));
        break;
      case EventKind::CopyBegin:
      case EventKind::CopyEnd:
        a.num("fd", e.fd).num("conn", e.conn).num("bytes", e.value);
        break;
      case EventKind::KernelReady:
        a.num("fd", e.fd).num("bytes", e.value).num("message", e.aux).num("conn", e.conn);
        break;
      case EventKind::ClientSend:
        a.us("intended_ts_us", e.value - t0_).us("late_us", e.t_ns - e.value).num("message", e.aux);
        break;
      case EventKind::ClientRecv:
        a.us("latency_us", e.value).num("message", e.aux);
        break;
      case EventKind::Work:
        a.num("units", e.value);
        break;
      case EventKind::Notify:
        a.str("sys", to_string(e.sys)).num("ready", e.value).num("aux", e.aux);
        if (e.flags & flag::kOverflow) a.yes("overflow");
        break;
      case EventKind::Scan:
        a.num("examined", e.aux).num("ready", e.value);
        break;
      case EventKind::Accept:
      case EventKind::Close:
        a.num("fd", e.fd).num("conn", e.conn);
        break;
      case EventKind::Error:
        a.num("fd", e.fd).num("conn", e.conn).str("errno", errno_name(e.err));
        a.str("message", errno_text(e.err));
        break;
      case EventKind::DataQueued:
        a.num("fd", e.fd).num("bytes_readable", e.value);
        break;
      case EventKind::Wakeup:
        a.num("fd", e.fd).num("waker_tid", e.value);
        break;
      case EventKind::KernelCopy:
        a.num("fd", e.fd).num("bytes", e.value);
        if (e.flags & flag::kIoWorker) a.yes("io_wq_worker");
        break;
      case EventKind::UringArm:
      case EventKind::UringTaskWork:
      case EventKind::UringWorker:
      case EventKind::UringComplete:
        a.num("fd", e.fd).num("user_data", e.aux).num("value", e.value);
        break;
    }
    if (r.note == Note::unfinished) a.yes("unfinished");
    if (r.note == Note::begin_lost) a.yes("begin_lost");  // the ring had no room for it
    line += '}';
  }

  void name_track(int tid, std::string name) { tracks_.try_emplace(tid, std::move(name)); }

  int buyer(std::uint16_t track) {
    const int tid = buyer_tid(track);
    name_track(tid, "buyer (process) thread " + std::to_string(track));
    return tid;
  }

  // The factory's clients, keyed by (track, port). Each client should have its own track; if the
  // trace has several ports on one track, they are told apart by port and numbered in the order
  // they first appear (the factory connects, and first sends, in client order).
  void number_clients(const std::vector<TraceEvent>& events) {
    std::vector<std::pair<std::uint16_t, std::uint32_t>> keys;
    std::map<std::uint16_t, int> per_track;
    for (const auto& e : events) {
      if (e.lane != Lane::Factory) continue;
      const std::pair key{e.track, e.conn};
      if (clients_.count(key) != 0) continue;
      clients_[key] = 0;
      keys.push_back(key);
      ++per_track[e.track];
    }
    const bool tracks_distinct = per_track.size() == keys.size();
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const int client = tracks_distinct ? int{keys[i].first} : static_cast<int>(i);
      const int tid = kFactoryTid0 + client;
      clients_[keys[i]] = tid;
      std::string name = "factory: client " + std::to_string(client);
      if (keys[i].second != 0) name += " (port " + std::to_string(keys[i].second) + ")";
      name_track(tid, std::move(name));
    }
  }

  int tid_of(const TraceEvent& e) {
    switch (e.lane) {
      case Lane::Buyer:
        return buyer(e.track);
      case Lane::Shopkeeper:
        return kKernelTid;
      case Lane::Factory:
        return clients_.at({e.track, e.conn});
    }
    return kKernelTid;
  }

  // Phase 2 nests inside its call; on a track of its own it never has to share a row with it.
  int copy_tid(const TraceEvent& e) {
    if (e.lane != Lane::Buyer) return tid_of(e);
    const int tid = phase2_tid(e.track);
    name_track(tid, "buyer thread " + std::to_string(e.track) + ": phase 2");
    return tid;
  }

  std::size_t push(const Record& r) {
    records_.push_back(r);
    return records_.size() - 1;
  }

  std::size_t slice(int tid, const TraceEvent& e, std::int64_t begin, std::int64_t end,
                    Note note = Note::none, std::uint8_t flags = 0) {
    Record r;
    r.tid = tid;
    r.event = &e;
    r.ts = begin - t0_;
    r.dur = std::max<std::int64_t>(0, end - begin);
    r.note = note;
    r.flags = flags;
    return push(r);
  }

  void instant(const TraceEvent& e) {
    Record r;
    r.ph = 'i';
    r.tid = tid_of(e);
    r.event = &e;
    r.ts = e.t_ns - t0_;
    push(r);
  }

  // A marker may not overlap the next one on its track, or the viewer would see a slice that
  // starts inside another and ends after it.
  std::size_t marker(const TraceEvent& e) {
    const int tid = tid_of(e);
    const std::size_t i = slice(tid, e, e.t_ns, e.t_ns + kMarkerNs);
    auto [prev, fresh] = last_marker_.try_emplace(tid, i);
    if (!fresh) {
      Record& p = records_[prev->second];
      p.dur = std::min(p.dur, records_[i].ts - p.ts);
      prev->second = i;
    }
    return i;
  }

  // Takes the innermost open begin of the same syscall (or any copy) off the track's stack.
  static const TraceEvent* take_open(std::vector<const TraceEvent*>& open, const TraceEvent& end) {
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      if (end.kind == EventKind::CopyEnd || (*it)->sys == end.sys) {
        const TraceEvent* found = *it;
        open.erase(std::next(it).base());
        return found;
      }
    }
    return nullptr;
  }

  void add(const TraceEvent& e) {
    switch (e.kind) {
      case EventKind::SyscallBegin:
        open_calls_[tid_of(e)].push_back(&e);
        break;
      case EventKind::SyscallEnd:
        end_call(e);
        break;
      case EventKind::CopyBegin:
        open_copies_[copy_tid(e)].push_back(&e);
        break;
      case EventKind::CopyEnd:
        end_copy(e);
        break;
      case EventKind::KernelReady:
        ready_.push_back(marker(e));
        break;
      case EventKind::ClientSend:
        sends_[{e.conn, e.aux}] = marker(e);
        break;
      case EventKind::Work:
      case EventKind::Wakeup:
      case EventKind::KernelCopy:
        slice(tid_of(e), e, e.t_ns, e.t_ns + e.aux);
        break;
      case EventKind::DataQueued:
      case EventKind::UringArm:
      case EventKind::UringTaskWork:
      case EventKind::UringWorker:
      case EventKind::UringComplete:
        instant(e);
        break;
      case EventKind::ClientRecv:
      case EventKind::Notify:
      case EventKind::Scan:
      case EventKind::Accept:
      case EventKind::Close:
      case EventKind::Error:
        instant(e);
        break;
    }
  }

  void end_call(const TraceEvent& e) {
    const int tid = tid_of(e);
    const TraceEvent* begin = take_open(open_calls_[tid], e);
    const std::size_t i =
        slice(tid, e, begin ? begin->t_ns : e.t_ns, e.t_ns, begin ? Note::none : Note::begin_lost);
    calls_by_end_[{tid, e.t_ns}] = i;
  }

  void end_copy(const TraceEvent& e) {
    const int tid = copy_tid(e);
    const TraceEvent* begin = take_open(open_copies_[tid], e);
    const std::size_t i = slice(tid, e, begin ? begin->t_ns : e.t_ns, e.t_ns,
                                begin ? Note::none : Note::begin_lost, (begin ? *begin : e).flags);
    copies_[{e.fd, e.conn}].list.push_back({i, tid_of(e), e.t_ns, e.value});
  }

  // A run cancelled mid-call leaves begins without ends: the call was still going at the end.
  void close_unfinished() {
    for (auto& [tid, open] : open_calls_)
      for (const TraceEvent* b : open) slice(tid, *b, b->t_ns, t_last_ + t0_, Note::unfinished);
    for (auto& [tid, open] : open_copies_)
      for (const TraceEvent* b : open)
        slice(tid, *b, b->t_ns, t_last_ + t0_, Note::unfinished, b->flags);
  }

  void flow(std::size_t from, std::size_t to, std::int64_t to_ts, const char* name) {
    Record s;
    s.ph = 's';
    s.tid = records_[from].tid;
    s.ts = records_[from].ts;
    s.flow = ++flows_;
    s.arrow = name;
    Record f = s;
    f.ph = 'f';
    f.tid = records_[to].tid;
    f.ts = to_ts;
    push(s);
    push(f);
  }

  void link_flows() {
    std::map<std::uint32_t, std::int64_t> next_message;  // per connection
    for (const std::size_t record : ready_) {
      const TraceEvent& e = *records_[record].event;
      // A read that ends in message K carries every earlier message of the stream not yet read.
      std::int64_t& next = next_message[e.conn];
      if (e.aux >= next) {
        const auto last = sends_.upper_bound({e.conn, e.aux});
        for (auto it = sends_.lower_bound({e.conn, next}); it != last; ++it)
          flow(it->second, record, records_[record].ts, "message");
        next = e.aux + 1;
      }
      // The copy recorded right after this data-ready moment: same connection, same byte count,
      // ending no earlier. Its call (same thread, same end time) is where the data went.
      auto found = copies_.find({e.fd, e.conn});
      if (found == copies_.end()) continue;
      Copies& copies = found->second;
      while (copies.first_unlinked < copies.list.size() &&
             copies.list[copies.first_unlinked].linked)
        ++copies.first_unlinked;
      // Reads of one connection are seldom out of order by more than a few; a short look ahead
      // keeps a long trace linear.
      const std::size_t stop = std::min(copies.list.size(), copies.first_unlinked + 64);
      for (std::size_t k = copies.first_unlinked; k < stop; ++k) {
        Copy& c = copies.list[k];
        if (c.linked || c.end < e.t_ns || c.bytes != e.value) continue;
        c.linked = true;
        const auto call = calls_by_end_.find({c.call_tid, c.end});
        const std::size_t to = call != calls_by_end_.end() ? call->second : c.record;
        const Record& target = records_[to];
        const std::int64_t at = std::clamp(records_[record].ts, target.ts, target.ts + target.dur);
        flow(record, to, at, "data");
        break;
      }
    }
  }

  const TraceMeta& meta_;
  std::int64_t t0_ = 0;
  std::int64_t t_last_ = 0;  // since t0_
  std::map<int, std::string> tracks_;
  std::map<std::pair<std::uint16_t, std::uint32_t>, int> clients_;
  std::vector<Record> records_;
  std::map<int, std::vector<const TraceEvent*>> open_calls_;
  std::map<int, std::vector<const TraceEvent*>> open_copies_;
  std::map<std::pair<int, std::int64_t>, std::size_t> calls_by_end_;
  std::map<std::pair<int, std::uint32_t>, Copies> copies_;
  std::map<std::pair<std::uint32_t, std::int64_t>, std::size_t> sends_;
  std::map<int, std::size_t> last_marker_;
  std::vector<std::size_t> ready_;  // KernelReady markers, in time order
  std::uint64_t flows_ = 0;
};

void put_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
}

// The raw events, one array of numbers per line in kChromeJsonFields' order, and what a summary
// needs of the meta. The format number comes first so a reader can refuse a newer layout before
// it reads any event.
void write_ioscope_section(const std::vector<TraceEvent>& events, const TraceMeta& meta,
                           std::ostream& os) {
  std::string line =
      ",\n\"ioscope\":{\"format\":" + std::to_string(kChromeJsonFormat) + ",\"model\":";
  put_string(line, meta.model);
  line += ",\"buyer_threads\":" + std::to_string(meta.buyer_threads) +
          ",\"event_count\":" + std::to_string(events.size()) + ",\"fields\":[";
  for (std::size_t i = 0; i < kChromeJsonFields.size(); ++i) {
    if (i > 0) line += ',';
    put_string(line, kChromeJsonFields[i]);
  }
  line += "],\"events\":[";
  os << line;
  bool first = true;
  for (const TraceEvent& e : events) {
    line = first ? "\n[" : ",\n[";
    first = false;
    for (const std::int64_t v :
         {e.t_ns, e.value, e.aux, std::int64_t{e.fd}, std::int64_t{e.track}, std::int64_t{e.err},
          std::int64_t{static_cast<std::uint8_t>(e.kind)},
          std::int64_t{static_cast<std::uint8_t>(e.lane)},
          std::int64_t{static_cast<std::uint8_t>(e.sys)}, std::int64_t{e.flags},
          std::int64_t{e.conn}}) {
      put_int(line, v);
      line += ',';
    }
    line.back() = ']';
    os << line;
  }
  os << "\n]}}\n";
}

}  // namespace

void write_chrome_json(std::vector<TraceEvent> events, const TraceMeta& meta, std::ostream& out) {
  {
    // The picture wants the events by time; the raw section keeps them as they came (a run's
    // events arrive drained ring by ring, not merged), so the sorted copy lives only this long.
    std::vector<TraceEvent> sorted = events;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.t_ns < b.t_ns; });
    ChromeTrace(sorted, meta).write(out);
  }
  write_ioscope_section(events, meta, out);
}

}  // namespace ioscope
