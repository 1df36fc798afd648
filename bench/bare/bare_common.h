/* What every bare reference server shares: the command line, the loopback listener, the
 * stop signals, and one connection's echo buffer. No ioscope code: these servers are the
 * yardstick ioscope's own servers are measured against, so each model's file holds only the
 * loop that makes that model what it is. */
#ifndef BARE_COMMON_H
#define BARE_COMMON_H

#include <signal.h>
#include <stddef.h>

/* Exit status when the model cannot run on this machine (io_uring disabled, say):
 * EX_UNAVAILABLE in sysexits.h terms, so a caller can tell it from a crash. */
#define BARE_EXIT_UNAVAILABLE 69

/* One connection's echo: what was read and not yet written back. A server reads again only
 * once all of it is out, so a slow reader cannot make it buffer without bound. */
#define BARE_BUF_SIZE (64 * 1024)
struct bare_conn {
  int fd;
  size_t len; /* bytes in buf */
  size_t off; /* of which already sent */
  unsigned char buf[BARE_BUF_SIZE];
};

/* argv[1] is the port (0 = any free one). Exits with a usage message otherwise. */
unsigned short bare_port_from_args(int argc, char** argv);

/* A listening TCP socket on 127.0.0.1 only, after raising RLIMIT_NOFILE's soft limit to the
 * hard one. Prints "port N" as stdout's first line (flushed)
 * once it listens, so a caller that asked for port 0 learns which one it got. Exits on failure. */
int bare_listen(unsigned short port, int nonblocking);

/* SIGINT and SIGTERM, the signals that stop a server. */
void bare_stop_signals(sigset_t* set);

/* Blocks the stop signals in this thread and the threads it starts later: they then stay
 * pending until taken (sigwait, sigwaitinfo, a signalfd), never lost between two calls. */
void bare_block_stop_signals(void);

/* Blocks the stop signals and returns a signalfd that is readable while one is pending. A
 * multiplexer watches it with its sockets: a stop is one more ready descriptor, seen at the next
 * wait even when the sockets keep the server busy (a pselect-style wait that returns ready
 * sockets at once would leave the signal pending for ever). */
int bare_stop_fd(void);

/* For a loop that never sleeps: bare_catch_stop_signals installs handlers that set bare_stop. */
extern volatile sig_atomic_t bare_stop;
void bare_catch_stop_signals(void);

/* A new connection, accepted or taken from a caller; TCP_NODELAY as ioscope's servers set it,
 * so both sides of a comparison send the same segments. */
struct bare_conn* bare_conn_new(int fd);
void bare_conn_free(struct bare_conn* c);
void bare_set_nodelay(int fd);
int bare_set_nonblocking(int fd);

/* Non-blocking echo steps. bare_conn_flush: 1 when nothing is left to send, 0 when the socket
 * is full (EAGAIN), -1 when the connection failed. bare_conn_read (only with nothing left to
 * send): bytes read, 0 at end of stream, -1 on failure, -2 when there is nothing to read
 * (EAGAIN). */
int bare_conn_flush(struct bare_conn* c);
long bare_conn_read(struct bare_conn* c);

/* Edge-triggered service (epoll-et, sigio): echo until the kernel says EAGAIN, because the next
 * notice comes only with new data or new room. 1 = keep the connection, 0 = close it. */
int bare_conn_drain(struct bare_conn* c);

/* Prints "bare-<model>: <what>: <strerror(errno)>" on stderr and exits 1. */
void bare_die(const char* what);

#endif
