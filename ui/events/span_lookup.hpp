// Finding the span an event opened or closed, and the call/copy/data around it, by binary search
// over a track's time-sorted spans: O(log n), cheap enough for a table cell or a click.
#pragma once

#include <cstdint>
#include <optional>

#include "model/trace_document.hpp"

namespace ioscope::ui {

// The span (call, copy or work) event `index` opened: SyscallBegin, CopyBegin, Work.
std::optional<Span> spanOpenedBy(const TraceDocument& doc, std::uint32_t index);
// The span event `index` closed: SyscallEnd, CopyEnd.
std::optional<Span> spanEndedBy(const TraceDocument& doc, std::uint32_t index);
// The phase-2 copy on `track` for fd inside the call [t0, t1], or nothing.
std::optional<Span> copyInside(const TraceDocument& doc, const Track& track, std::int32_t fd,
                               std::int64_t t0, std::int64_t t1);
// The syscall span on `track` that contains time t, or nothing.
std::optional<Span> callAt(const Track& track, std::int64_t t);

}  // namespace ioscope::ui
