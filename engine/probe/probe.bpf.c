// SPDX-License-Identifier: GPL-2.0
/* ioscope's kernel probe: tracepoints only (no kprobes/fentry on the project's kernel), attached as
 * tp_btf so no tracefs is needed, filtered in the kernel so only the target process costs a
 * record. Every program is optional: the loader disables those whose tracepoint is missing. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "probe_record.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by the loader before load; 0 traces nothing. */
const volatile __u32 target_tgid = 0;
/* Emit a record per socket syscall (for tracing other programs); counts are always kept. */
const volatile __u8 emit_syscalls = 0;
/* With emit_syscalls: only what names the sockets (receive enter and exit, accept exit), not
 * every socket call: a run of ioscope's own models needs no more, and each record costs. */
const volatile __u8 syscalls_naming_sockets_only = 0;
/* Emit sched_wakeup records too (sched_waking, which names the real waker, is always emitted). */
const volatile __u8 emit_sched_wakeup = 1;
/* Compact records: a wake-up and a copy are one record each (IOSCOPE_PK_WAKEUP_SPAN,
 * IOSCOPE_PK_COPY_SPAN), the state between their tracepoints kept per task in the kernel (but a
 * wake-up's start, sent from the waker's CPU and folded in by the loader); no switch, copy-begin
 * or receive-return records; a receive's syscall records only when it names a socket not named
 * before. Each record costs the traced thread: a run asks for this. */
const volatile __u8 compact = 0;

#define PF_IO_WORKER 0x00000010
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define IPPROTO_TCP_ 6
#define TCP_SYN_RECV_ 3
#define RCV_SHUTDOWN_ 1

/* The loader's own probe thread, set after load: when the probe traces its own process, the
 * thread that drains the ring would otherwise record its own wake-ups forever. */
volatile __u32 ignored_tid = 0;

/* The per-CPU rings (probe_record.h): CPU c's slots are entries [c << slot_shift, (c + 1) <<
 * slot_shift). Both maps are sized by the loader (kernel_probe.cpp): small for a run, so the
 * lines records are written to stay in the caches; large for tracing another program, which
 * records every syscall. */
const volatile __u32 slot_shift = 13;
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(map_flags, BPF_F_MMAPABLE);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct ioscope_probe_slot);
} slots SEC(".maps");
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(map_flags, BPF_F_MMAPABLE);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct ioscope_probe_cursor);
} cursors SEC(".maps");

/* Records lost to a full ring, per CPU so counting a drop never contends. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} drops SEC(".maps");

/* Syscalls made by the target, by number: aggregated here so a busy loop costs no records. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, IOSCOPE_PROBE_MAX_SYSCALL);
  __type(key, __u32);
  __type(value, __u64);
} syscall_counts SEC(".maps");

/* Sockets the target reads from. sk_data_ready runs in the context of whoever queued the data
 * (on loopback, the sender's softirq), so the current tgid says nothing about the receiver:
 * the socket itself is the filter. LRU so sockets the target forgot age out. */
struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 8192);
  __type(key, __u64);
  __type(value, __u8);
} watched_socks SEC(".maps");

/* Compact mode: the local ports the target listens on (the loader's for a listener made before
 * the probe started, and every listen() the target calls after). A connection accepted on one is
 * watched from its birth (on_inet_sock_set_state), so the first data that reaches it is seen
 * even before any receive on it, with no program on every syscall's return. */
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 256);
  __type(key, __u16);
  __type(value, __u8);
} listen_ports SEC(".maps");

/* Compact mode: threads of the target the kernel says nothing about (a run's factory, set by the
 * loader as they start), and (watched_socks value 2) the sockets they read. */
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, __u32);
  __type(value, __u8);
} quiet_tids SEC(".maps");

static __always_inline int is_quiet(__u32 tid) {
  return bpf_map_lookup_elem(&quiet_tids, &tid) != 0;
}

/* Bumped by the loader after each quiet_tids update: a thread's cached answer (task_state.quiet)
 * holds until then, so the hot tracepoints ask the hash map once per thread, not per hit. */
volatile __u32 quiet_generation = 0;

/* What compact mode remembers about each thread of the target between tracepoints. */
struct task_state {
  __u64 copy_t;    /* the first copy of the current receive, 0 if none */
  __u64 copy_sock;
  __u64 recv_sock;   /* the receive syscall's socket while in_receive, 0 if not one */
  __s32 recv_fd;     /* the receive syscall's descriptor while in_receive */
  __u32 quiet_seen;  /* quiet_generation + 1 when quiet was looked up, 0 never */
  __u8 asleep;       /* switched out in a sleep (not preempted) */
  __u8 in_receive;   /* in a receive syscall on a socket: from sys_enter to sock_recv_length */
  __u8 recv_mark;    /* recv_sock's watched_socks value as sys_enter left it */
  __u8 quiet;        /* in quiet_tids, as of quiet_seen */
  /* The socket behind the descriptor of the thread's last receive, so the next receive on it
   * skips the fd table walk and the map (compact_receive_enter): valid while the descriptor
   * still holds cached_file and no descriptor changed since (sock_generation). */
  __u64 cached_file;
  __s32 cached_fd;
  __u32 cached_generation; /* sock_generation + 1 when cached, 0 never */
  /* quiet_generation + 1 when cached: a thread quieted since must mark its socket quiet. Not
   * quiet_seen, which a wake-up refreshes without touching the cache. */
  __u32 cached_quiet_generation;
};
struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct task_state);
} task_states SEC(".maps");

/* Bumped by the target's calls that may make a descriptor name another socket (close, dup2,
 * dup3, close_range, connect) or that make the kernel forget a socket's name (accept): every
 * thread's cached receive socket is stale after it. Once per connection, not per receive. */
volatile __u32 sock_generation = 0;

/* Arguments of tp_btf programs and bpf_get_current_task_btf() are typed kernel pointers: their
 * fields are read directly (a load the verifier guards), not through bpf_probe_read_kernel, a
 * helper call per field. The scheduler's tracepoints run on every switch of every process, so
 * what they read before the tgid filter is paid by the whole machine. */

/* Older kernels kept the owning task in io_kiocb itself; 6.x moved it to the io_uring_task. */
struct io_kiocb___old {
  struct task_struct* task;
} __attribute__((preserve_access_index));

static __always_inline __u32 current_tgid(void) { return bpf_get_current_pid_tgid() >> 32; }

static __always_inline int is_target_tgid(__u32 tgid) {
  return target_tgid != 0 && tgid == target_tgid;
}

static __always_inline __u32 context_flags(void) {
  __u32 flags = 0;
  struct task_struct* task = bpf_get_current_task_btf();
  if (task->flags & PF_IO_WORKER) flags |= IOSCOPE_PF_IO_WORKER;
  if (is_target_tgid(current_tgid())) flags |= IOSCOPE_PF_TARGET;
  return flags;
}

static __always_inline void emit(__u32 kind, __u32 tid, __u32 tgid, __u64 sock, __s64 a, __s64 b,
                                 __u32 flags, __u32 extra) {
  if (tid == ignored_tid && tid != 0) return;
  __u32 cpu = bpf_get_smp_processor_id();
  struct ioscope_probe_cursor* cursor = bpf_map_lookup_elem(&cursors, &cpu);
  struct ioscope_probe_slot* slot = 0;
  __u64 pos = 0;
  const __u64 room = (1ull << slot_shift) - IOSCOPE_PROBE_NESTING_ROOM;
  if (cursor && cursor->reserved - cursor->consumed < room) {
    pos = __sync_fetch_and_add(&cursor->reserved, 1);
    __u32 index = (cpu << slot_shift) | (__u32)(pos & ((1ull << slot_shift) - 1));
    slot = bpf_map_lookup_elem(&slots, &index);
  }
  if (!slot) {
    __u32 zero = 0;
    __u64* n = bpf_map_lookup_elem(&drops, &zero);
    if (n) *n += 1;
    /* Full (no position taken). The slot lookup cannot fail once a position is taken: both
     * maps have an entry for every CPU, and a taken position never committed would stop the
     * reader there for good. */
    return;
  }
  struct ioscope_probe_record* r = &slot->record;
  r->t_ns = bpf_ktime_get_ns();
  r->kind = kind;
  r->tid = tid;
  r->tgid = tgid;
  r->cpu = cpu;
  r->sock = sock;
  r->a = a;
  r->b = b;
  r->flags = flags;
  r->extra = extra;
  /* The record before its seq: the JIT keeps the order of stores and x86 keeps it for other
   * CPUs; this keeps clang from reordering them. Nobody is woken: the loader drains on a timer
   * (kernel_probe.cpp), so a wake-up would only cost an irq_work. */
  asm volatile("" ::: "memory");
  slot->seq = pos + 1;
}

static __always_inline void emit_current(__u32 kind, __u64 sock, __s64 a, __s64 b, __u32 extra) {
  __u64 id = bpf_get_current_pid_tgid();
  emit(kind, (__u32)id, id >> 32, sock, a, b, context_flags(), extra);
}

static __always_inline struct task_state* state_of(struct task_struct* task, int create) {
  return bpf_task_storage_get(&task_states, task, 0,
                              create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

/* is_quiet, answered from the thread's state while no thread was quieted since it was asked. */
static __always_inline int task_is_quiet(struct task_state* st, __u32 tid) {
  if (!st) return is_quiet(tid);
  __u32 seen = quiet_generation + 1;
  if (st->quiet_seen != seen) {
    st->quiet = is_quiet(tid);
    st->quiet_seen = seen;
  }
  return st->quiet;
}

/* The watched_socks value of the socket the thread's receive syscall reads, as its sys_enter left
 * it (saving the copy and return tracepoints a hash lookup each), or -1 when they must look. */
static __always_inline int receive_mark(const struct task_state* st, __u64 sk) {
  if (st && st->in_receive && sk && st->recv_sock == sk) return st->recv_mark;
  return -1;
}

static __always_inline void watch_sock(__u64 sk) {
  if (!sk) return;
  /* A lookup is cheap (and marks the entry used); an LRU update takes a lock: only when new. */
  if (bpf_map_lookup_elem(&watched_socks, &sk)) return;
  __u8 one = 1;
  bpf_map_update_elem(&watched_socks, &sk, &one, BPF_ANY);
}

/* Compact mode names a socket (tells user space which descriptor it is) once: its receive turns
 * the map's value 0 into 1 (compact_receive_enter). Accept and connect make it 0 again, since the
 * address of a freed socket can come back as a new one. */
static __always_inline void forget_name(__u64 sk) {
  if (!sk) return;
  __u8* named = bpf_map_lookup_elem(&watched_socks, &sk);
  if (named) *named = 0;
}

/* The struct sock behind a file, or 0 when the file is not a socket. */
static __always_inline __u64 sock_of_file(struct file* file) {
  if (!file) return 0;
  umode_t mode = BPF_CORE_READ(file, f_inode, i_mode);
  if ((mode & S_IFMT) != S_IFSOCK) return 0;
  struct socket* socket = BPF_CORE_READ(file, private_data);
  if (!socket) return 0;
  return (__u64)BPF_CORE_READ(socket, sk);
}

/* The file behind one of the current task's descriptors, or 0. */
static __always_inline struct file* file_of_fd(long fd) {
  if (fd < 0) return 0;
  struct task_struct* task = bpf_get_current_task_btf();
  struct files_struct* files = task->files;
  if (!files) return 0;
  struct fdtable* fdt = files->fdt;
  if (!fdt) return 0;
  if ((unsigned long)fd >= fdt->max_fds) return 0;
  struct file** fds = fdt->fd;
  struct file* file = 0;
  if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd])) return 0;
  return file;
}

/* The socket behind one of the current task's descriptors (for receives that block before any
 * copy or return could tell us the socket: its sk_data_ready must already be watched). */
static __always_inline __u64 sock_of_fd(long fd) { return sock_of_file(file_of_fd(fd)); }

/* ---- data arrival and copy ------------------------------------------------------------------ */

SEC("tp_btf/sk_data_ready")
int BPF_PROG(on_sk_data_ready, const struct sock* sk) {
  __u64 key = (__u64)sk;
  __u8* watched = bpf_map_lookup_elem(&watched_socks, &key);
  if (!watched || *watched == 2) return 0;  /* 2: a quiet thread's socket */
  __s64 readable = -1;
  __u16 protocol = sk->sk_protocol;
  /* The peer closed: tcp_fin set RCV_SHUTDOWN before the socket was made readable, and the FIN
   * took a sequence number that is not data. */
  __u32 closed = (sk->sk_shutdown & RCV_SHUTDOWN_) ? IOSCOPE_PF_PEER_CLOSED : 0;
  if (protocol == IPPROTO_TCP_) {
    struct tcp_sock* tp = bpf_skc_to_tcp_sock((void*)sk);
    if (tp) readable = (__s64)(__u32)(tp->rcv_nxt - tp->copied_seq) - (closed ? 1 : 0);
  }
  /* The peer's port: a traced program's peers are drawn as factories, one per connection. */
  __u16 peer_port = bpf_ntohs(sk->__sk_common.skc_dport);
  __u64 id = bpf_get_current_pid_tgid();
  emit(IOSCOPE_PK_SK_DATA_READY, (__u32)id, id >> 32, key, readable, protocol,
       context_flags() | closed, peer_port);
  return 0;
}

SEC("tp_btf/skb_copy_datagram_iovec")
int BPF_PROG(on_skb_copy, const struct sk_buff* skb, int len) {
  if (!is_target_tgid(current_tgid())) return 0;
  __u64 sk = (__u64)skb->sk;
  if (compact) {
    struct task_state* st = state_of(bpf_get_current_task_btf(), 1);
    int mark = receive_mark(st, sk);
    if (mark < 0) {
      __u8* watched = bpf_map_lookup_elem(&watched_socks, &sk);
      if (watched) mark = *watched;
      else watch_sock(sk);
    }
    if (mark == 2) return 0;  /* a quiet thread's socket */
    if (st && !st->copy_t) {
      st->copy_t = bpf_ktime_get_ns();
      st->copy_sock = sk;
    }
    return 0;
  }
  watch_sock(sk);
  emit_current(IOSCOPE_PK_COPY_BEGIN, sk, len, skb->len, 0);
  return 0;
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(on_sock_recv_length, struct sock* sk, int ret, int flags) {
  if (!is_target_tgid(current_tgid())) return 0;
  if (compact) {
    struct task_state* st = state_of(bpf_get_current_task_btf(), 0);
    if (receive_mark(st, (__u64)sk) < 0) watch_sock((__u64)sk);
    if (!st) return 0;
    const __u8 in_receive = st->in_receive;
    /* The receive ends here: every receive syscall on a socket passes this tracepoint on its
     * way back (sock_recvmsg), so no program has to run on every syscall's return. */
    st->in_receive = 0;
    if (!st->copy_t) return 0;
    __u64 id = bpf_get_current_pid_tgid();
    __u32 in = in_receive ? IOSCOPE_PF_IN_RECEIVE : 0;
    emit(IOSCOPE_PK_COPY_SPAN, (__u32)id, id >> 32, st->copy_sock ? st->copy_sock : (__u64)sk,
         ret, st->copy_t, context_flags() | in, in_receive ? st->recv_fd + 1 : 0);
    st->copy_t = 0;
    st->copy_sock = 0;
    return 0;
  }
  watch_sock((__u64)sk);
  emit_current(IOSCOPE_PK_RECV_RETURN, (__u64)sk, ret, flags, 0);
  return 0;
}

/* ---- scheduler ------------------------------------------------------------------------------ */

/* The waker may be anyone (a softirq on the sender's task, often): filter by the woken task. */
static __always_inline void on_wakeup(__u32 kind, struct task_struct* p, __u32 flags) {
  __u32 tgid = p->tgid;
  if (!is_target_tgid(tgid)) return;
  __u64 waker = bpf_get_current_pid_tgid();
  emit(kind, p->pid, tgid, 0, (__u32)waker, waker >> 32, context_flags() | flags, p->wake_cpu);
}

/* sched_waking fires in the waker's context; sched_wakeup may fire later on the woken task's CPU
 * (a queued remote wake-up), where current is the idle task: both are kept. */
SEC("tp_btf/sched_waking")
int BPF_PROG(on_sched_waking, struct task_struct* p) {
  /* Compact mode sends this record too, and the loader folds it into the wake-up span
   * (waking_fold.hpp): keeping it in the woken thread's state instead meant writing a line the
   * cache of the CPU it slept on holds, and that CPU reading it back (~250 ns per wake-up here).
   * The quiet-thread map is read by every CPU and written only when a thread is quieted. */
  if (compact && is_target_tgid(p->tgid) && is_quiet(p->pid)) return 0;
  on_wakeup(IOSCOPE_PK_WAKING, p, 0);
  return 0;
}

SEC("tp_btf/sched_wakeup")
int BPF_PROG(on_sched_wakeup, struct task_struct* p) {
  if (!emit_sched_wakeup) return 0;
  on_wakeup(IOSCOPE_PK_WAKEUP, p, 0);
  return 0;
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(on_sched_wakeup_new, struct task_struct* p) {
  if (!emit_sched_wakeup) return 0;
  on_wakeup(IOSCOPE_PK_WAKEUP, p, IOSCOPE_PF_WAKEUP_NEW);
  return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_sched_switch, bool preempt, struct task_struct* prev, struct task_struct* next,
             unsigned int prev_state) {
  __u32 prev_tgid = prev->tgid;
  __u32 next_tgid = next->tgid;
  if (!is_target_tgid(prev_tgid) && !is_target_tgid(next_tgid)) return 0;
  __u32 prev_pid = prev->pid;
  __u32 next_pid = next->pid;
  __u32 io_worker = (prev->flags & PF_IO_WORKER) ? IOSCOPE_PF_IO_WORKER : 0;
  if (compact) {
    if (is_target_tgid(prev_tgid)) {
      struct task_state* st = state_of(prev, 1);
      if (st) st->asleep = prev_state != 0; /* 0: preempted, still runnable */
    }
    if (is_target_tgid(next_tgid)) {
      struct task_state* st = state_of(next, 0);
      /* Its waking's time and waker come in the waking's own record (on_sched_waking). */
      if (st && st->asleep && !task_is_quiet(st, next_pid)) {
        __u32 next_worker = (next->flags & PF_IO_WORKER) ? IOSCOPE_PF_IO_WORKER : 0;
        emit(IOSCOPE_PK_WAKEUP_SPAN, next_pid, next_tgid, 0, 0, 0, IOSCOPE_PF_TARGET | next_worker,
             st->in_receive ? st->recv_fd + 1 : 0);
      }
      if (st) st->asleep = 0;
    }
    return 0;
  }
  if (is_target_tgid(prev_tgid))
    emit(IOSCOPE_PK_SWITCH_OUT, prev_pid, prev_tgid, 0, prev_state, next_pid,
         IOSCOPE_PF_TARGET | io_worker, 0);
  if (is_target_tgid(next_tgid)) {
    __u32 next_worker = (next->flags & PF_IO_WORKER) ? IOSCOPE_PF_IO_WORKER : 0;
    emit(IOSCOPE_PK_SWITCH_IN, next_pid, next_tgid, 0, prev_pid, prev_tgid,
         IOSCOPE_PF_TARGET | next_worker, preempt);
  }
  return 0;
}

/* ---- syscalls ------------------------------------------------------------------------------- */

/* x86_64 numbers of the syscalls a network program waits and moves data in. */
static __always_inline int is_socket_syscall(long nr) {
  switch (nr) {
    case 0:   /* read */
    case 1:   /* write */
    case 3:   /* close */
    case 7:   /* poll */
    case 23:  /* select */
    case 42:  /* connect */
    case 43:  /* accept */
    case 44:  /* sendto */
    case 45:  /* recvfrom */
    case 46:  /* sendmsg */
    case 47:  /* recvmsg */
    case 72:  /* fcntl */
    case 128: /* rt_sigtimedwait */
    case 232: /* epoll_wait */
    case 233: /* epoll_ctl */
    case 270: /* pselect6 */
    case 271: /* ppoll */
    case 281: /* epoll_pwait */
    case 288: /* accept4 */
    case 426: /* io_uring_enter */
    case 441: /* epoll_pwait2 */
    case 19:  /* readv */
    case 20:  /* writev */
    case 34:  /* pause */
    case 130: /* rt_sigsuspend */
    case 213: /* epoll_create */
    case 291: /* epoll_create1 */
    case 299: /* recvmmsg */
    case 307: /* sendmmsg */
    case 425: /* io_uring_setup */
      return 1;
  }
  return 0;
}

/* Receives whose socket must be watched before the data arrives (a blocked receive has not
 * copied or returned yet, so nothing else would have told us the socket). */
static __always_inline int is_receive_syscall(long nr) {
  return nr == 0 /* read */ || nr == 45 /* recvfrom */ || nr == 47 /* recvmsg */ ||
         nr == 299 /* recvmmsg */;
}

/* Compact mode's receive: the socket is watched (value 1), or quieted (2) when a quiet thread
 * reads it, and named (0 turns 1, with a record) the first time after accept. One lookup serves
 * all three, an update (which takes the LRU's lock) only inserts; the thread's state keeps the
 * socket and its value for the copy and return tracepoints that follow. */
static __always_inline void compact_receive_enter(long id, long fd) {
  struct task_state* st = state_of(bpf_get_current_task_btf(), 1);
  struct file* file = file_of_fd(fd);
  /* The same socket as this thread's last receive, nothing changed since: its watched value is
   * the one it left (a thread's sockets are named, watched or quieted by its own receives; an
   * accept or connect that makes the kernel forget a name bumps the generation). Reading the
   * socket again would walk four kernel structures, each a helper call. */
  if (st && file && st->cached_fd == (__s32)fd && st->cached_file == (__u64)file &&
      st->cached_generation == sock_generation + 1 &&
      st->cached_quiet_generation == quiet_generation + 1) {
    st->in_receive = 1;
    st->recv_fd = (__s32)fd;
    return;
  }
  const __u32 generation = sock_generation;
  const __u32 quiet_generation_now = quiet_generation;
  __u64 sk = sock_of_file(file);
  __u8* mark = sk ? bpf_map_lookup_elem(&watched_socks, &sk) : 0;
  __u8 value = mark ? *mark : 1;
  int name = 0;
  if (task_is_quiet(st, (__u32)bpf_get_current_pid_tgid())) {
    value = 2;
  } else if (value == 0) {
    value = 1;
    name = 1;
  }
  if (mark) {
    if (*mark != value) *mark = value;
  } else if (sk) {
    bpf_map_update_elem(&watched_socks, &sk, &value, BPF_ANY);
  }
  if (st) {
    /* Only a socket's receive ends at sock_recv_length, which clears it. */
    st->in_receive = sk != 0;
    st->recv_fd = (__s32)fd;
    st->recv_sock = sk;
    st->recv_mark = value;
    /* Read before the lookups above: a bump while they ran leaves the cache already stale. */
    st->cached_fd = sk ? (__s32)fd : -1;
    st->cached_file = (__u64)file;
    st->cached_generation = generation + 1;
    st->cached_quiet_generation = quiet_generation_now + 1;
  }
  if (name && emit_syscalls) emit_current(IOSCOPE_PK_SYSCALL_ENTER, sk, id, fd, 0);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs* regs, long id) {
  if (!is_target_tgid(current_tgid())) return 0;
  if (id >= 0 && id < IOSCOPE_PROBE_MAX_SYSCALL) {
    __u32 key = (__u32)id;
    __u64* n = bpf_map_lookup_elem(&syscall_counts, &key);
    if (n) *n += 1;
  }
  long arg0 = regs->di;
  if (compact) {
    if (is_receive_syscall(id)) {
      compact_receive_enter(id, arg0);
    } else if (id == 42 /* connect */) {
      forget_name(sock_of_fd(arg0));
      __sync_fetch_and_add(&sock_generation, 1);
    } else if (id == 3 /* close */ || id == 33 /* dup2 */ || id == 292 /* dup3 */ ||
               id == 436 /* close_range */) {
      __sync_fetch_and_add(&sock_generation, 1);
    } else if (id == 50 /* listen */) {
      struct sock* listener = (struct sock*)sock_of_fd(arg0);
      if (listener) {
        __u16 port = BPF_CORE_READ(listener, __sk_common.skc_num);
        __u8 one = 1;
        if (port) bpf_map_update_elem(&listen_ports, &port, &one, BPF_ANY);
      }
    }
    return 0;
  }
  __u64 sk = 0;
  if (is_receive_syscall(id)) {
    sk = sock_of_fd(arg0);
    watch_sock(sk);
  }
  /* The socket rides along so user space can name a socket by the descriptor the process
   * knows it by (sk_data_ready only has the socket). */
  if (!emit_syscalls) return 0;
  if (syscalls_naming_sockets_only) {
    if (is_receive_syscall(id)) emit_current(IOSCOPE_PK_SYSCALL_ENTER, sk, id, arg0, 0);
    return 0;
  }
  if (!is_socket_syscall(id)) return 0;
  /* What tells the models apart beyond the call itself: the events an epoll_ctl registers
   * (EPOLLET) and what an fcntl asks for (O_ASYNC, F_SETOWN, F_SETSIG). */
  if (id == 233 /* epoll_ctl(epfd, op, fd, event) */) {
    __u32 events = 0;
    bpf_probe_read_user(&events, sizeof(events), (void*)regs->r10);
    emit_current(IOSCOPE_PK_SYSCALL_ENTER, events, id, arg0, (__u32)regs->si);
  } else if (id == 72 /* fcntl(fd, cmd, arg) */) {
    emit_current(IOSCOPE_PK_SYSCALL_ENTER, regs->dx, id, arg0, (__u32)regs->si);
  } else {
    emit_current(IOSCOPE_PK_SYSCALL_ENTER, sk, id, arg0, 0);
  }
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs* regs, long ret) {
  if (!is_target_tgid(current_tgid())) return 0;
  long id = regs->orig_ax;
  __u64 sk = 0;
  /* A socket is watched from the moment it is accepted, so even the first data that reaches it
   * (before any receive was called on it) is seen arriving. */
  if ((id == 43 /* accept */ || id == 288 /* accept4 */) && ret >= 0) {
    sk = sock_of_fd(ret);
    watch_sock(sk);
    if (compact) {
      forget_name(sk); /* named by this record; its first receive names it again */
      __sync_fetch_and_add(&sock_generation, 1);
    }
  }
  if (compact) {
    if (is_receive_syscall(id)) {
      struct task_state* st = state_of(bpf_get_current_task_btf(), 0);
      if (st) st->in_receive = 0;
      return 0;
    }
    if (emit_syscalls && sk) emit_current(IOSCOPE_PK_SYSCALL_EXIT, sk, id, ret, 0);
    return 0;
  }
  const int names_a_socket = is_receive_syscall(id) || id == 43 || id == 288;
  if (emit_syscalls && (syscalls_naming_sockets_only ? names_a_socket : is_socket_syscall(id)))
    emit_current(IOSCOPE_PK_SYSCALL_EXIT, sk, id, ret, 0);
  return 0;
}

/* Compact mode: a connection to one of the target's listening ports, born (the kernel makes the
 * child socket in SYN_RECV, in the softirq that handles the handshake). Watched, unnamed (0):
 * its first receive names it; an address a freed socket had is renamed, and every thread's
 * cached receive socket is stale. */
SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_inet_sock_set_state, const struct sock* sk, int oldstate, int newstate) {
  if (newstate != TCP_SYN_RECV_ || sk->sk_protocol != IPPROTO_TCP_) return 0;
  __u16 port = sk->__sk_common.skc_num;
  if (!bpf_map_lookup_elem(&listen_ports, &port)) return 0;
  __u64 key = (__u64)sk;
  __u8 unnamed = 0;
  bpf_map_update_elem(&watched_socks, &key, &unnamed, BPF_ANY);
  __sync_fetch_and_add(&sock_generation, 1);
  return 0;
}

/* ---- io_uring ------------------------------------------------------------------------------- */

/* The process that owns a request. Task_work may be queued from the sender's softirq, so the
 * current task is not the filter; the ring's task is. */
static __always_inline __u32 req_tgid(struct io_kiocb* req) {
  struct task_struct* task = 0;
  if (bpf_core_field_exists(req->tctx)) {
    task = BPF_CORE_READ(req, tctx, task);
  } else {
    struct io_kiocb___old* old = (void*)req;
    task = BPF_CORE_READ(old, task);
  }
  if (!task) return current_tgid();
  return BPF_CORE_READ(task, tgid);
}

static __always_inline void emit_req(__u32 kind, struct io_kiocb* req, __u64 sock, __u32 extra) {
  __u32 tgid = req_tgid(req);
  if (!is_target_tgid(tgid)) return;
  __u64 id = bpf_get_current_pid_tgid();
  emit(kind, (__u32)id, tgid, sock, BPF_CORE_READ(req, cqe.user_data), BPF_CORE_READ(req, opcode),
       context_flags(), extra);
}

SEC("tp_btf/io_uring_submit_req")
int BPF_PROG(on_uring_submit, struct io_kiocb* req) {
  emit_req(IOSCOPE_PK_URING_SUBMIT, req, 0, 0);
  return 0;
}

/* Kernels before 5.19 named it io_uring_submit_sqe, with the ring first. */
SEC("tp_btf/io_uring_submit_sqe")
int BPF_PROG(on_uring_submit_sqe, void* ring, struct io_kiocb* req) {
  emit_req(IOSCOPE_PK_URING_SUBMIT, req, 0, 0);
  return 0;
}

SEC("tp_btf/io_uring_queue_async_work")
int BPF_PROG(on_uring_async, struct io_kiocb* req, int rw) {
  emit_req(IOSCOPE_PK_URING_ASYNC, req, 0, rw);
  return 0;
}

SEC("tp_btf/io_uring_task_add")
int BPF_PROG(on_uring_task_add, struct io_kiocb* req, int mask) {
  emit_req(IOSCOPE_PK_URING_TASK_ADD, req, 0, mask);
  return 0;
}

SEC("tp_btf/io_uring_poll_arm")
int BPF_PROG(on_uring_poll_arm, struct io_kiocb* req, int mask, int events) {
  __u32 tgid = req_tgid(req);
  if (!is_target_tgid(tgid)) return 0;
  /* The socket this request waits on: watch it, so its sk_data_ready shows. */
  __u64 sk = sock_of_file(BPF_CORE_READ(req, file));
  watch_sock(sk);
  emit_req(IOSCOPE_PK_URING_POLL_ARM, req, sk, mask);
  return 0;
}

SEC("tp_btf/io_uring_complete")
int BPF_PROG(on_uring_complete, struct io_ring_ctx* ring, void* req, struct io_uring_cqe* cqe) {
  __u32 tgid = req ? req_tgid((struct io_kiocb*)req) : current_tgid();
  if (!is_target_tgid(tgid)) return 0;
  __u64 id = bpf_get_current_pid_tgid();
  emit(IOSCOPE_PK_URING_COMPLETE, (__u32)id, tgid, 0, BPF_CORE_READ(cqe, user_data),
       BPF_CORE_READ(cqe, res), context_flags(), BPF_CORE_READ(cqe, flags));
  return 0;
}
