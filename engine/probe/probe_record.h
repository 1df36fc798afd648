/* The one record the kernel probe sends to user space, shared by probe.bpf.c and the C++ loader.
 * Plain C on purpose: the BPF side is compiled by clang -target bpf against vmlinux.h, where the
 * kernel's __u32/__u64 come from; user space gets them from <linux/types.h>. Fixed size and
 * trivially copyable so a ring's slot carries it without any framing. */
#ifndef IOSCOPE_PROBE_RECORD_H
#define IOSCOPE_PROBE_RECORD_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* What happened. a, b and extra are kind-specific (see each line). */
enum ioscope_probe_kind {
  IOSCOPE_PK_NONE = 0,
  /* sock:sk_data_ready. Data queued on a watched socket. tid/tgid = whoever queued it (usually the
   * sender, in softirq). a = bytes readable (TCP: rcv_nxt - copied_seq; else -1), b = protocol,
   * extra = the peer's port (host order; 0 when not connected). */
  IOSCOPE_PK_SK_DATA_READY = 1,
  /* skb:skb_copy_datagram_iovec. Copy to user begins. a = bytes to copy, b = skb->len. */
  IOSCOPE_PK_COPY_BEGIN = 2,
  /* sock:sock_recv_length. The receive returns. a = ret (bytes or -errno), b = recv flags. */
  IOSCOPE_PK_RECV_RETURN = 3,
  /* sched:sched_wakeup(_new): the woken thread is runnable. tid/tgid = the WOKEN thread.
   * a/b = tid/tgid of the task current when it fired; for a wake-up queued to another CPU
   * (TTWU_QUEUE) that is that CPU's idle task (0), not the waker: see IOSCOPE_PK_WAKING.
   * extra = the cpu it will run on. flags has IOSCOPE_PF_WAKEUP_NEW for sched_wakeup_new. */
  IOSCOPE_PK_WAKEUP = 4,
  /* sched:sched_switch, the target thread is put on the CPU. a = prev tid, b = prev tgid,
   * extra = 1 when prev was preempted. */
  IOSCOPE_PK_SWITCH_IN = 5,
  /* sched:sched_switch, the target thread leaves the CPU. a = prev_state (0 = still runnable,
   * i.e. preempted; 1 = TASK_INTERRUPTIBLE sleep, ...), b = next tid. */
  IOSCOPE_PK_SWITCH_OUT = 6,
  /* raw_syscalls:sys_enter for a socket syscall (only with emit_syscalls). a = nr, b = arg0,
   * sock = the socket a receive reads. For epoll_ctl, extra = op and sock = the events mask
   * registered; for fcntl, extra = cmd and sock = its argument. */
  IOSCOPE_PK_SYSCALL_ENTER = 7,
  /* raw_syscalls:sys_exit for a socket syscall (only with emit_syscalls). a = nr, b = ret. */
  IOSCOPE_PK_SYSCALL_EXIT = 8,
  /* io_uring:io_uring_submit_req. a = user_data, b = opcode. */
  IOSCOPE_PK_URING_SUBMIT = 9,
  /* io_uring:io_uring_queue_async_work (handed to an io-wq worker). a = user_data, b = opcode,
   * extra = 1 if hashed/rw work as the tracepoint reports it. */
  IOSCOPE_PK_URING_ASYNC = 10,
  /* io_uring:io_uring_task_add (task_work queued). a = user_data, b = opcode, extra = poll mask.
   * tid = the thread that queued it (often the sender's softirq), tgid = the ring owner's. */
  IOSCOPE_PK_URING_TASK_ADD = 11,
  /* io_uring:io_uring_poll_arm (internal poll armed, FAST_POLL). a = user_data, b = opcode,
   * extra = poll mask. sock = the request's socket if its file is one. */
  IOSCOPE_PK_URING_POLL_ARM = 12,
  /* io_uring:io_uring_complete (CQE posted). a = user_data, b = res, extra = cqe flags. */
  IOSCOPE_PK_URING_COMPLETE = 13,
  /* sched:sched_waking: a wake-up begins, always in the waker's context. tid/tgid = the WOKEN
   * thread, a = waker tid, b = waker tgid. */
  IOSCOPE_PK_WAKING = 14,
  /* Compact records (what a run of the engine's own models asks for: one record where the
   * others take several; the state between them is kept in the kernel, per task). */
  /* A target thread that slept was woken and is back on a CPU. t_ns = sched_switch putting it
   * on the CPU, a = sched_waking's time, b = the waker's tid, extra = the descriptor of the
   * receive it slept in + 1 (0: not in a receive). The kernel side sends a and b as 0, after a
   * WAKING record from the waker's CPU; the loader fills them from it (waking_fold.hpp). */
  IOSCOPE_PK_WAKEUP_SPAN = 15,
  /* A copy to user: t_ns = sock_recv_length, b = the first skb_copy_datagram_iovec's time of
   * this receive, a = ret (bytes or -errno), sock = the socket copied from, flags has
   * IOSCOPE_PF_IN_RECEIVE when inside a receive syscall of the thread, extra = that receive's
   * descriptor + 1 (0: none). */
  IOSCOPE_PK_COPY_SPAN = 16,
};

/* Bits of ioscope_probe_record.flags. */
enum ioscope_probe_flag {
  IOSCOPE_PF_IO_WORKER = 1u << 0,  /* the current task is an io-wq worker (PF_IO_WORKER) */
  IOSCOPE_PF_WAKEUP_NEW = 1u << 1, /* sched_wakeup_new, not sched_wakeup */
  IOSCOPE_PF_TARGET = 1u << 2,     /* the current task belongs to the target tgid */
  IOSCOPE_PF_IN_RECEIVE = 1u << 3, /* inside a receive syscall (read, recvfrom, recvmsg...) */
  IOSCOPE_PF_PEER_CLOSED = 1u << 4, /* sk_data_ready: the peer's FIN came (readable excludes it) */
};

struct ioscope_probe_record {
  __u64 t_ns;  /* bpf_ktime_get_ns(): CLOCK_MONOTONIC */
  __u32 kind;  /* enum ioscope_probe_kind */
  __u32 tid;   /* the thread the event is about (see the kind) */
  __u32 tgid;  /* its process */
  __u32 cpu;   /* the CPU the tracepoint ran on */
  __u64 sock;  /* struct sock * as an opaque id, 0 if none */
  __s64 a;     /* kind-specific */
  __s64 b;     /* kind-specific */
  __u32 flags; /* enum ioscope_probe_flag bits */
  __u32 extra; /* kind-specific */
};

#define IOSCOPE_PROBE_RECORD_SIZE 56

/* The transport: every CPU has its own ring of slots (a region of one mmapable array map) and
 * its own cursor, so a record never takes a lock or touches a cache line another CPU writes:
 * BPF's ring buffer takes a spinlock with interrupts off, and its head bounces between the CPUs
 * the sender and the receiver run on (kernel.bpf_stats_enabled: sk_data_ready's program took
 * ~410 ns per hit with it, ~260 ns with per-CPU slots). A program reserves a position with an
 * atomic add on its CPU's cursor (programs nest: a softirq's may interrupt a syscall's), writes
 * the record, then the slot's seq = position + 1: user space reads a CPU's slots in order up to
 * the first whose seq is not the one expected, then publishes how far it read in `consumed`. */
struct ioscope_probe_slot {
  struct ioscope_probe_record record;
  __u64 seq; /* position + 1 of the record last committed here; 0 never written */
};
#define IOSCOPE_PROBE_SLOT_SIZE 64

struct ioscope_probe_cursor {
  __u64 reserved; /* positions taken by the kernel side (the next one to reserve) */
  __u64 consumed; /* positions user space has read (written by user space only) */
  __u64 pad[6];   /* a cache line per CPU: cursors of two CPUs never share one */
};
#define IOSCOPE_PROBE_CURSOR_SIZE 64
/* Positions a CPU's ring keeps free for programs that nest between the check and the add. */
#define IOSCOPE_PROBE_NESTING_ROOM 8
#define IOSCOPE_PROBE_MAX_SYSCALL 512

#endif
