#include "record/event_codec.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "record/recording_format.hpp"

namespace ioscope::record {

namespace {

// Unsigned arithmetic: a difference of any two int64 values wraps instead of overflowing, and
// converting back (modular since C++20) restores the original exactly.
std::int64_t wrapping_diff(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
std::int64_t wrapping_sum(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t u) {
  return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
}

unsigned char* put_varint(unsigned char* p, std::uint64_t v) {
  while (v >= 0x80) {
    *p++ = static_cast<unsigned char>(v | 0x80);
    v >>= 7;
  }
  *p++ = static_cast<unsigned char>(v);
  return p;
}

// A ClientSend's value is its intended send time, a few microseconds from its own stamp: stored
// relative to the stamp it is a small number instead of an absolute time.
bool value_is_a_time(EventKind kind) {
  return kind == EventKind::ClientSend;
}

// One column being read: where it is and where it must end.
struct Column {
  const unsigned char* p = nullptr;
  const unsigned char* end = nullptr;
};

class Decoder {
 public:
  bool byte(Column& c, std::uint8_t& out) {
    if (c.p == c.end) return fail("a column ends early");
    out = *c.p++;
    return true;
  }
  bool varint(Column& c, std::uint64_t& out) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (c.p == c.end) return fail("a column ends early");
      const unsigned char b = *c.p++;
      // The tenth byte may carry only the 64th bit.
      if (shift == 63 && b > 1) return fail("a number is longer than 64 bits");
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80) == 0) {
        out = v;
        return true;
      }
    }
    return fail("a number is longer than 64 bits");
  }
  bool bounded(Column& c, std::uint64_t& out, std::uint64_t max, const char* field) {
    if (!varint(c, out)) return false;
    if (out > max) return fail(std::string("a ") + field + " is out of range");
    return true;
  }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    return false;
  }
  std::string error_;
};

// The columns in the order they are stored, the widest each can be per event, and whether it
// is a varint (its length is in the block's directory) or one byte per event.
enum Col { kT, kKind, kLane, kSys, kFlags, kTrack, kErr, kFd, kConn, kValue, kAux, kColumns };
constexpr std::size_t kWidest[kColumns] = {10, 1, 1, 1, 1, 3, 3, 5, 5, 10, 10};
constexpr bool kVarint[kColumns] = {true, false, false, false, false, true,
                                    true, true,  true,  true,  true};

}  // namespace

void encode_events(std::span<const TraceEvent> events, std::vector<unsigned char>& out) {
  // One pass over the events, each field into its column's own region of a scratch buffer;
  // then the directory and the columns, one after another.
  thread_local std::vector<unsigned char> scratch;
  const std::size_t n = events.size();
  scratch.resize(n * kMaxEncodedEventBytes);
  unsigned char* col[kColumns];
  unsigned char* begin[kColumns];
  std::size_t at = 0;
  for (int c = 0; c < kColumns; ++c) {
    begin[c] = col[c] = scratch.data() + at;
    at += n * kWidest[c];
  }
  std::int64_t prev = 0;
  for (const TraceEvent& e : events) {
    col[kT] = put_varint(col[kT], zigzag(wrapping_diff(e.t_ns, prev)));
    prev = e.t_ns;
    *col[kKind]++ = static_cast<unsigned char>(e.kind);
    *col[kLane]++ = static_cast<unsigned char>(e.lane);
    *col[kSys]++ = static_cast<unsigned char>(e.sys);
    *col[kFlags]++ = e.flags;
    col[kTrack] = put_varint(col[kTrack], e.track);
    col[kErr] = put_varint(col[kErr], e.err);
    col[kFd] = put_varint(col[kFd], zigzag(e.fd));
    col[kConn] = put_varint(col[kConn], e.conn);
    col[kValue] = put_varint(
        col[kValue], zigzag(value_is_a_time(e.kind) ? wrapping_diff(e.value, e.t_ns) : e.value));
    col[kAux] = put_varint(col[kAux], zigzag(e.aux));
  }
  const std::size_t start = out.size();
  out.resize(start + kMaxColumnDirectoryBytes + n * kMaxEncodedEventBytes);
  unsigned char* p = out.data() + start;
  for (int c = 0; c < kColumns; ++c)
    if (kVarint[c]) p = put_varint(p, static_cast<std::uint64_t>(col[c] - begin[c]));
  for (int c = 0; c < kColumns; ++c) {
    const auto len = static_cast<std::size_t>(col[c] - begin[c]);
    if (len > 0) std::memcpy(p, begin[c], len);
    p += len;
  }
  out.resize(static_cast<std::size_t>(p - out.data()));
}

std::optional<std::string> decode_events(std::span<const unsigned char> bytes, std::size_t count,
                                         std::vector<TraceEvent>& out) {
  Decoder d;
  // The directory: each varint column's length. With the one-byte columns they must add up to
  // the bytes exactly.
  Column dir{bytes.data(), bytes.data() + bytes.size()};
  std::uint64_t length[kColumns];
  for (int c = 0; c < kColumns; ++c) {
    length[c] = count;
    if (kVarint[c] && !d.bounded(dir, length[c], bytes.size(), "column length")) return d.error();
  }
  std::uint64_t left = static_cast<std::uint64_t>(dir.end - dir.p);
  Column col[kColumns];
  const unsigned char* p = dir.p;
  for (int c = 0; c < kColumns; ++c) {
    if (length[c] > left) return std::string("the column lengths add up to more than the block");
    col[c] = {p, p + length[c]};
    p += length[c];
    left -= length[c];
  }
  if (left != 0) return std::string("there are bytes after the last column");

  std::uint64_t u = 0;
  std::uint8_t b = 0;
  std::int64_t prev = 0;
  for (std::size_t i = 0; i < count; ++i) {
    TraceEvent e;
    if (!d.varint(col[kT], u)) return d.error();
    e.t_ns = prev = wrapping_sum(prev, unzigzag(u));
    if (!d.byte(col[kKind], b)) return d.error();
    e.kind = static_cast<EventKind>(b);
    if (!d.byte(col[kLane], b)) return d.error();
    e.lane = static_cast<Lane>(b);
    if (!d.byte(col[kSys], b)) return d.error();
    e.sys = static_cast<Sys>(b);
    if (!d.byte(col[kFlags], e.flags)) return d.error();
    if (!d.bounded(col[kTrack], u, UINT16_MAX, "track")) return d.error();
    e.track = static_cast<std::uint16_t>(u);
    if (!d.bounded(col[kErr], u, UINT16_MAX, "errno")) return d.error();
    e.err = static_cast<std::uint16_t>(u);
    if (!d.bounded(col[kFd], u, UINT32_MAX, "descriptor")) return d.error();
    e.fd = static_cast<std::int32_t>(unzigzag(u));
    if (!d.bounded(col[kConn], u, UINT32_MAX, "connection")) return d.error();
    e.conn = static_cast<std::uint32_t>(u);
    if (!d.varint(col[kValue], u)) return d.error();
    e.value = value_is_a_time(e.kind) ? wrapping_sum(unzigzag(u), e.t_ns) : unzigzag(u);
    if (!d.varint(col[kAux], u)) return d.error();
    e.aux = unzigzag(u);
    out.push_back(e);
  }
  for (const Column& c : col)
    if (c.p != c.end) return std::string("a column holds more than its events");
  return std::nullopt;
}

}  // namespace ioscope::record
