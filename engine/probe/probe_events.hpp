// The one place where the kernel probe's records become trace events. Runs on the probe thread.
//
// The probe reports what the kernel did, per kernel thread and per socket; the trace speaks of
// buyer threads (tracks) and descriptors. The translator joins the two:
//  - a thread is named by the hub: every engine thread that writes events registered its tid
//    (TraceHub::role_of); an io-wq worker of ours is drawn on the shopkeeper's lane;
//  - a socket is named by the descriptor the process used for it: the probe sends the socket
//    with each receive and accept syscall of ours (it reads fd -> struct sock in the kernel),
//    so the translator learns sock -> fd as the process makes its calls. Data queued on a
//    socket that is not yet named waits (bounded) until the process names it.
// Pieces measured across several records become one span event: the wake-up runs from
// sched_waking of a sleeping buyer thread to sched_switch putting it back on a CPU; the copy
// from the first skb_copy_datagram_iovec to sock_recv_length on the same thread. In compact
// mode (what a run asks for) the kernel joins them itself and sends one WakeupSpan or CopySpan
// record; the other records are then not sent, and the translator reads either.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <unordered_map>

#include "probe/kernel_probe.hpp"
#include "trace/trace_hub.hpp"

namespace ioscope {

// How many of each measured kernel event a run produced.
struct KernelEventCounts {
  std::uint64_t data_queued = 0;
  std::uint64_t wakeups = 0;
  std::uint64_t copies = 0;
  std::uint64_t copies_outside_a_receive = 0;  // io_uring: the kernel copied for the process
  std::uint64_t copies_on_io_worker = 0;
  std::uint64_t uring_armed = 0;
  std::uint64_t uring_task_work = 0;
  std::uint64_t uring_worker = 0;
  std::uint64_t uring_completions = 0;
  std::uint64_t records = 0;    // every record the probe delivered
  std::uint64_t unmatched = 0;  // data queued on a socket the process never named
  std::uint64_t peers = 0;      // connections drawn as factories (peers_as_factories)
};

class ProbeTranslator {
 public:
  // The row a thread draws on, asked with any record about it (nullopt: not one of ours, yet).
  using RowOf = std::function<std::optional<TraceHub::ThreadRole>(const ProbeRecord&)>;

  // out: a writer used by the probe thread only; hub: to find each thread's row (a run's).
  ProbeTranslator(const TraceHub& hub, TraceWriter& out);
  // Another program traced: rows says where its threads draw, and its peers are drawn as
  // factories, one row per connection (by the peer's port), each send at the moment the kernel
  // queued its data (sk_data_ready runs in the sender's send).
  ProbeTranslator(RowOf rows, TraceWriter& out, bool peers_as_factories);

  void consume(std::span<const ProbeRecord> records);
  // At the end of the run: what still waits for a name is counted as unmatched.
  void finish();
  const KernelEventCounts& counts() const { return counts_; }

 private:
  struct ThreadState {
    int fd = -1;                   // the socket a receive syscall of this thread is working on
    std::int64_t receive_nr = -1;  // that syscall's number, -1 outside one
    bool asleep = false;
    std::int64_t waking_t = -1;  // sched_waking while asleep
    std::int64_t waker = 0;
    std::int64_t copy_t = -1;  // first copy record of the current receive
    std::uint64_t copy_sock = 0;
  };
  struct Row {
    bool ours = false;  // a buyer thread or an io-wq worker of ours
    Lane lane = Lane::Buyer;
    std::uint16_t track = 0;
  };

  Row row_of(const ProbeRecord& r);
  int fd_of(std::uint64_t sock, const ThreadState& st) const;
  void name_socket(std::uint64_t sock, int fd);
  void put(TraceEvent e, const Row& row);
  // A measured copy to user, [begin, end] on the row's thread.
  void put_copy(const Row& row, std::int64_t begin, std::int64_t end, std::int64_t bytes, int fd,
                bool in_receive, bool io_worker);
  void on_record(const ProbeRecord& r);
  // Data queued (an sk_data_ready record) on the socket the process knows as fd.
  void put_queued(const ProbeRecord& r, int fd);

  struct Peer {
    std::uint16_t track = 0;
    std::int64_t sends = 0;
  };

  RowOf rows_of_;
  TraceWriter& out_;
  bool peers_as_factories_ = false;
  std::unordered_map<std::uint32_t, Peer> peers_;  // by the peer's port
  std::unordered_map<std::uint32_t, ThreadState> threads_;
  std::unordered_map<std::uint32_t, Row> rows_;  // cache of hub lookups
  std::unordered_map<std::uint64_t, int> sock_fd_;
  std::deque<ProbeRecord> unnamed_;  // data queued on sockets not yet named, oldest first
  KernelEventCounts counts_;
};

// x86_64 syscall numbers to the names strace prints; "nr N" for the others.
std::string syscall_name(int nr);

}  // namespace ioscope
