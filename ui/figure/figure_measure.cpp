#include "figure/figure_measure.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <map>
#include <tuple>
#include <utility>

#include "model/trace_document.hpp"

namespace ioscope::ui {

namespace {

// Data reaching a socket (the engine's KernelReady), by time.
struct Arrival {
  std::int64_t t = 0;
  int fd = -1;
  std::uint32_t conn = 0;
};

bool readiness_call(Sys s) {
  return s == Sys::select || s == Sys::pselect6 || s == Sys::poll || s == Sys::epoll_wait;
}

bool eagain_end(const TraceDocument& doc, const Span& s) {
  if (s.open) return false;
  const int err = doc.event(s.end_event).err;
  return err == EAGAIN || err == EWOULDBLOCK;
}

// The latest span of `list` that starts in [lo, hi] and whose event names fd (or no fd).
std::optional<Span> latest_piece(const TraceDocument& doc, const SpanList& list, std::int64_t lo,
                                 std::int64_t hi, int fd) {
  std::optional<Span> found;
  for (std::size_t i = first_span_at_or_after(list, lo); i < list.size(); ++i) {
    const Span s = list[i];
    if (s.t0 > hi) break;
    if (s.t0 < lo) continue;
    const int efd = doc.event(s.event).fd;
    if (efd >= 0 && efd != fd) continue;
    found = s;
  }
  return found;
}

// What happened on the buyer's thread around one receive: fills wait_begin, style and the counts.
// False when phase 1's start cannot be told.
bool read_context(const TraceDocument& doc, const Track& t, std::int64_t prev_end,
                  const std::vector<Arrival>& arrivals, ReceiveMeasure& m) {
  const SpanList& spans = t.spans;
  if (m.kernel_copy) {
    // The receive was submitted in the trip into the kernel that followed the previous delivery
    // on this connection: the last one before anything else arrived (another connection's data
    // brings trips of its own), or before this data did.
    m.style = WaitStyle::Submitted;
    m.wait_call = Sys::io_uring_enter;
    m.copy_call = Sys::none;
    m.told = m.copy_end;
    if (prev_end == INT64_MIN) return false;  // the first: armed at accept, not traced as a trip
    std::int64_t cutoff = m.ready;
    auto a = std::upper_bound(arrivals.begin(), arrivals.end(), prev_end,
                              [](std::int64_t when, const Arrival& x) { return when < x.t; });
    for (; a != arrivals.end() && a->t < m.ready; ++a)
      if (a->conn != m.conn || a->fd != m.fd) {
        cutoff = a->t;
        break;
      }
    m.wait_begin = prev_end;
    for (std::size_t i = first_span_at_or_after(spans, prev_end); i < spans.size(); ++i) {
      const Span s = spans[i];
      if (s.t0 >= cutoff) break;
      if (s.kind == SpanKind::Syscall && s.sys == Sys::io_uring_enter && s.t0 > prev_end)
        m.wait_begin = s.t0;
    }
    return true;
  }

  // The recvmsg that copied: it ends where the copy ends.
  std::size_t k = first_span_at_or_after(spans, m.copy_end);
  if (k >= spans.size()) return false;
  const Span call = spans[k];
  if (call.kind != SpanKind::Syscall || call.sys != Sys::recvmsg || call.t0 > m.copy_begin)
    return false;
  m.copy_call = Sys::recvmsg;
  if (call.t0 < m.ready) {
    m.style = WaitStyle::InRecv;
    m.wait_call = Sys::recvmsg;
    m.wait_begin = call.t0;
    return true;
  }

  // Back from the call to the previous delivery on this connection: what did the process do?
  std::optional<Span> multiplex;
  std::optional<std::int64_t> first_ask;   // the first receive on fd after the previous delivery
  std::optional<std::int64_t> last_empty;  // the end of the last receive on fd before the data
  while (k > 0) {
    const Span s = spans[--k];
    if (s.t0 <= prev_end) break;
    if (s.kind != SpanKind::Syscall) continue;
    if (readiness_call(s.sys) && !multiplex) multiplex = s;
    if (s.sys == Sys::recvmsg && doc.event(s.event).fd == m.fd) {
      first_ask = s.t0;
      if (!last_empty && s.t1 <= m.ready) last_empty = s.t1;
    }
  }
  if (multiplex) {
    m.style = WaitStyle::InMultiplex;
    m.wait_call = multiplex->sys;
    m.wait_begin = multiplex->t0;
    m.told = multiplex->t1;
    return true;
  }

  // A signal for this fd (or one naming none: the queue overflowed) before the call.
  const MarkList& marks = t.marks;
  for (std::size_t i = first_mark_at_or_after(marks, std::max(prev_end, m.ready - 1));
       i < marks.size() && marks.time(i) <= call.t0; ++i) {
    const Mark mk = marks[i];
    const TraceEvent& e = doc.event(mk.event);
    // A signal's descriptor is in aux (-1: it named none).
    if (mk.kind != EventKind::Notify || e.sys != Sys::none) continue;
    if (e.aux >= 0 && e.aux != m.fd) continue;
    if (m.signal_count++ == 0) m.told = mk.t;
  }
  if (m.signal_count > 0) {
    m.style = WaitStyle::Signal;
    m.wait_call = Sys::none;
    if (!last_empty && prev_end == INT64_MIN) return false;
    m.wait_begin = last_empty ? *last_empty : prev_end;
  } else {
    m.style = WaitStyle::Polling;
    m.wait_call = Sys::recvmsg;
    m.wait_begin = first_ask ? *first_ask : call.t0;
  }
  for (std::size_t i = first_span_at_or_after(spans, m.wait_begin); i < spans.size(); ++i) {
    const Span s = spans[i];
    if (s.t0 >= call.t0) break;
    if (s.kind == SpanKind::Syscall && s.sys == Sys::recvmsg && s.t0 >= m.wait_begin &&
        doc.event(s.event).fd == m.fd && eagain_end(doc, s))
      ++m.eagain;
  }
  return true;
}

void add_work(const Track& t, ReceiveMeasure& m) {
  for (std::size_t i = first_span_at_or_after(t.spans, m.wait_begin); i < t.spans.size(); ++i) {
    const Span s = t.spans[i];
    if (s.t0 >= m.ready) break;
    if (s.kind != SpanKind::Work) continue;
    const std::int64_t a = std::max(s.t0, m.wait_begin);
    const std::int64_t b = std::min(s.t1, m.ready);
    if (b > a) m.work_ns += b - a;
  }
}

void add_probe_pieces(const TraceDocument& doc, const Track& t, ReceiveMeasure& m) {
  if (m.style == WaitStyle::InRecv || m.style == WaitStyle::InMultiplex) {
    if (auto w = latest_piece(doc, t.wakeups, m.wait_begin, m.copy_end, m.fd))
      m.wakeup = PieceNs{w->t0, w->t1};
  }
  // The copy runs on the buyer's thread, or (io_uring) maybe on an io-wq worker's.
  std::optional<Span> copy = latest_piece(doc, t.measured_copies, m.copy_begin, m.copy_end, m.fd);
  if (!copy && m.kernel_copy) {
    for (const Track& other : doc.tracks()) {
      if (other.id.lane != Lane::Buyer || other.id == t.id) continue;
      copy = latest_piece(doc, other.measured_copies, m.copy_begin, m.copy_end, m.fd);
      if (copy) break;
    }
  }
  if (copy) {
    m.measured_copy = PieceNs{copy->t0, copy->t1};
    m.io_worker = (doc.event(copy->event).flags & flag::kIoWorker) != 0;
  }
}

}  // namespace

std::vector<ReceiveMeasure> measure_receives(const TraceDocument& doc) {
  // The engine's KernelReady for a receive is recorded just before its CopyBegin by the same
  // thread: the latest one for the connection that arrived before it (the kernel lane has no
  // per-thread track, so the connection names it).
  std::map<std::pair<int, std::uint32_t>, std::vector<std::uint32_t>> readies;
  std::vector<Arrival> arrivals;
  for (std::uint32_t i = 0; i < doc.size(); ++i) {
    const TraceEvent& e = doc.event(i);
    if (e.kind == EventKind::KernelReady && source_of(e) != Source::Probe) {
      readies[{e.fd, e.conn}].push_back(i);
      arrivals.push_back({e.t_ns, e.fd, e.conn});
    }
  }
  std::stable_sort(arrivals.begin(), arrivals.end(),
                   [](const Arrival& a, const Arrival& b) { return a.t < b.t; });

  std::vector<ReceiveMeasure> out;
  for (const Track& t : doc.tracks()) {
    if (t.id.lane != Lane::Buyer) continue;
    std::map<std::pair<int, std::uint32_t>, std::int64_t> prev_end;  // per connection
    for (const Span c : t.copies) {
      if (c.open || (c.flags & kSpanUnfinished)) continue;
      const TraceEvent& begin = doc.event(c.event);
      auto rs = readies.find({begin.fd, begin.conn});
      if (rs == readies.end()) continue;
      auto r = std::lower_bound(rs->second.begin(), rs->second.end(), c.event);
      if (r == rs->second.begin()) continue;
      const TraceEvent& ready = doc.event(*std::prev(r));
      ReceiveMeasure m;
      m.track = t.id.track;
      m.fd = begin.fd;
      m.conn = begin.conn;
      m.ready = std::min(ready.t_ns, c.t0);
      m.copy_begin = c.t0;
      m.copy_end = c.t1;
      m.ready_inferred = (ready.flags & flag::kInferred) != 0;
      m.kernel_copy = (begin.flags & flag::kKernelCopy) != 0;
      std::int64_t& last = prev_end.try_emplace({m.fd, m.conn}, INT64_MIN).first->second;
      const std::int64_t before = last;
      last = m.copy_end;
      if (!read_context(doc, t, before, arrivals, m)) continue;
      add_work(t, m);
      add_probe_pieces(doc, t, m);
      out.push_back(m);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ReceiveMeasure& a, const ReceiveMeasure& b) {
    return a.copy_end < b.copy_end;
  });
  return out;
}

std::optional<ReceiveMeasure> representative_receive(const std::vector<ReceiveMeasure>& all) {
  std::vector<const ReceiveMeasure*> pool;
  for (const auto& m : all)
    if (m.waited()) pool.push_back(&m);
  if (pool.empty())
    for (const auto& m : all) pool.push_back(&m);
  if (pool.empty()) return std::nullopt;
  std::stable_sort(pool.begin(), pool.end(), [](const ReceiveMeasure* a, const ReceiveMeasure* b) {
    return a->phase2_ns() < b->phase2_ns();
  });
  return *pool[(pool.size() - 1) / 2];
}

std::vector<std::int64_t> eagain_times(const TraceDocument& doc, const ReceiveMeasure& m,
                                       std::size_t limit) {
  std::vector<std::int64_t> out;
  const Track* t = doc.find_track({Lane::Buyer, m.track});
  if (t == nullptr || m.eagain == 0) return out;
  for (std::size_t i = first_span_at_or_after(t->spans, m.wait_begin);
       i < t->spans.size() && out.size() < limit; ++i) {
    const Span s = t->spans[i];
    if (s.t0 >= m.copy_begin) break;
    if (s.kind == SpanKind::Syscall && s.sys == Sys::recvmsg && s.t0 >= m.wait_begin &&
        doc.event(s.event).fd == m.fd && eagain_end(doc, s))
      out.push_back(s.t0);
  }
  return out;
}

}  // namespace ioscope::ui
