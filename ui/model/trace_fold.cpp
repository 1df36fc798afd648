#include "model/trace_fold.hpp"

#include <algorithm>
#include <cerrno>

namespace ioscope::ui {

namespace {

// The calls a non-blocking loop repeats when nothing is there: they are what folding saves.
bool may_come_back_eagain(Sys s) {
  switch (s) {
    case Sys::recvmsg:
    case Sys::recvfrom:
    case Sys::read:
    case Sys::accept4:
    case Sys::accept:
    case Sys::sendto:
    case Sys::sendmsg:
    case Sys::write:
      return true;
    default:
      return false;
  }
}

bool same_thread(const TraceEvent& a, const TraceEvent& b) {
  return a.lane == b.lane && a.track == b.track;
}

bool is_eagain_end(const TraceEvent& e) {
  return e.kind == EventKind::SyscallEnd && e.value < 0 &&
         (e.err == EAGAIN || e.err == EWOULDBLOCK);
}

}  // namespace

void TraceFolder::filter(const std::vector<TraceEvent>& batch, std::size_t kept,
                         std::vector<TraceEvent>& out,
                         const std::function<void(const TraceEvent&)>& on_eagain) {
  const std::size_t out_before = out.size();
  auto keeping = [&] { return kept + (out.size() - out_before) < limits_.keep_at_most; };
  for (const TraceEvent& e : batch) {
    auto held = std::find_if(held_.begin(), held_.end(),
                             [&](const TraceEvent& h) { return same_thread(h, e); });
    if (held != held_.end()) {
      if (e.kind == EventKind::SyscallEnd && e.sys == held->sys && is_eagain_end(e)) {
        // The call found nothing: counted, not kept.
        if (report_.folding_since == 0) report_.folding_since = held->t_ns;
        ++report_.eagain_folded;
        on_eagain(e);
        held_.erase(held);
        continue;
      }
      // Anything else on that thread (the end with data, a copy inside the call) shows the
      // call did something: it is kept, in its place.
      const TraceEvent begin = *held;
      held_.erase(held);
      if (keeping()) {
        out.push_back(begin);
      } else {
        ++report_.not_kept;
        if (report_.kept_until == 0) report_.kept_until = begin.t_ns;
      }
    }
    if (!keeping()) {
      ++report_.not_kept;
      if (report_.kept_until == 0) report_.kept_until = e.t_ns;
      if (is_eagain_end(e)) on_eagain(e);
      continue;
    }
    if (kept + (out.size() - out_before) >= limits_.fold_from && e.lane == Lane::Buyer &&
        e.kind == EventKind::SyscallBegin && may_come_back_eagain(e.sys)) {
      held_.push_back(e);
      continue;
    }
    out.push_back(e);
  }
}

void TraceFolder::release(std::vector<TraceEvent>& out) {
  for (const TraceEvent& b : held_) out.push_back(b);
  held_.clear();
}

}  // namespace ioscope::ui
