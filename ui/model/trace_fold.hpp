// What a long run keeps. The classroom's non-blocking run makes about 230,000 events a second,
// nearly all of them calls that came back EAGAIN; kept whole, a 45-minute class would need tens
// of GB. So a trace keeps every event up to fold_from; past it, a call that comes back EAGAIN
// (its begin and its end) is counted, not kept — the calls that moved data, the copies, the
// wake-ups, the notifications and the factory's messages are all still kept — and past
// keep_at_most nothing more is kept, only counted. The document's memory is then bounded by
// keep_at_most events whatever the run's length, and the window says what was folded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "trace/trace_event.hpp"

namespace ioscope::ui {

struct FoldLimits {
  // At about 50 bytes an event kept (the event, its span and index), 12 M events are about
  // 600 MB: with the rest of the app, under 1 GB.
  std::size_t fold_from = 6'000'000;
  std::size_t keep_at_most = 12'000'000;
};

struct FoldReport {
  std::uint64_t eagain_folded = 0;  // EAGAIN calls counted, not kept (begin and end each)
  std::uint64_t not_kept = 0;       // events past keep_at_most, counted only
  std::int64_t folding_since = 0;   // time of the first call folded (0: none)
  std::int64_t kept_until = 0;      // time of the first event not kept (0: none)
  bool any() const { return eagain_folded > 0 || not_kept > 0; }
};

class TraceFolder {
 public:
  void setLimits(FoldLimits limits) { limits_ = limits; }
  const FoldLimits& limits() const { return limits_; }
  const FoldReport& report() const { return report_; }

  // Appends to out what the document should keep of batch, given that it already keeps `kept`
  // events. on_eagain is told of every call that came back EAGAIN and was not kept (its end).
  void filter(const std::vector<TraceEvent>& batch, std::size_t kept, std::vector<TraceEvent>& out,
              const std::function<void(const TraceEvent&)>& on_eagain);
  // The call begins still held back (their end has not come yet), for a run's end.
  void release(std::vector<TraceEvent>& out);
  // True while nothing is folded or held: the document takes batches as they are.
  bool passthrough(std::size_t kept, std::size_t incoming) const {
    return held_.empty() && kept + incoming <= limits_.fold_from;
  }
  void clear() {
    held_.clear();
    report_ = {};
  }

 private:
  FoldLimits limits_;
  FoldReport report_;
  // Per buyer thread, the begin of a call that may come back EAGAIN, held until its end says.
  std::vector<TraceEvent> held_;
};

}  // namespace ioscope::ui
