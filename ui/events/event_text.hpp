// Short words for trace events, shared by the event list and the inspector: errno names, lane
// names, one-line event labels and result texts. Cheap enough to call per visible row.
#pragma once

#include <QString>

#include <cstdint>

#include "trace/trace_event.hpp"

namespace ioscope::ui::text {

// "EAGAIN", "ECONNRESET"; "errno 123" for codes without a name here.
QString errnoName(int err);
// One short translated sentence: "no data yet (the call would have to wait)".
QString errnoMeaning(int err);
bool isEagain(const TraceEvent& e);

// The syscall as strace names it ("recvmsg"): not translated.
QString sysName(Sys sys);
// "buyer 0", "kernel", "client 3".
QString laneName(Lane lane, std::uint16_t track);
// "512 B", "64 KiB", "1.5 MiB".
QString bytes(std::int64_t n);
// A measured duration: "12 µs", "1.5 ms" (readable_duration); below what the clock can tell
// apart, "< 20 ns" (clock_floor_ns), never "0 ns".
QString duration(std::int64_t ns);
// "+1.234 ms": time since the trace's first event.
QString relativeTime(std::int64_t ns);

// One line for the event list: "recvmsg = -1 EAGAIN", "epoll_wait → 3 ready".
QString eventLabel(const TraceEvent& e);
// The result column: "64", "-1 EAGAIN", "3 ready", "512 B", "kernel stamp".
QString resultText(const TraceEvent& e);

}  // namespace ioscope::ui::text
