#include "bare_common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

volatile sig_atomic_t bare_stop = 0;

void bare_die(const char* what) {
  fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, what, strerror(errno));
  exit(1);
}

unsigned short bare_port_from_args(int argc, char** argv) {
  char* end = NULL;
  long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
  if (argc != 2 || end == argv[1] || *end != '\0' || port < 0 || port > 65535) {
    fprintf(stderr, "usage: %s PORT   (0 picks a free one; listens on 127.0.0.1 only)\n",
            program_invocation_short_name);
    exit(2);
  }
  return (unsigned short)port;
}

/* A server holding thousands of connections needs more descriptors than the usual soft limit
 * (1024); an unprivileged process may raise it up to the hard limit. */
static void raise_fd_limit(void) {
  struct rlimit lim;
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= lim.rlim_max) return;
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
}

int bare_listen(unsigned short port, int nonblocking) {
  raise_fd_limit();
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
  if (fd < 0) bare_die("socket");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (bind(fd, (struct sockaddr*)&addr, sizeof addr) != 0) bare_die("bind 127.0.0.1");
  if (listen(fd, SOMAXCONN) != 0) bare_die("listen");
  socklen_t len = sizeof addr;
  if (getsockname(fd, (struct sockaddr*)&addr, &len) != 0) bare_die("getsockname");
  printf("port %u\n", (unsigned)ntohs(addr.sin_port));
  fflush(stdout);
  return fd;
}

static void on_stop(int sig) {
  (void)sig;
  bare_stop = 1;
}

void bare_catch_stop_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

void bare_stop_signals(sigset_t* set) {
  sigemptyset(set);
  sigaddset(set, SIGINT);
  sigaddset(set, SIGTERM);
}

void bare_block_stop_signals(void) {
  sigset_t stops;
  bare_stop_signals(&stops);
  sigprocmask(SIG_BLOCK, &stops, NULL);
}

int bare_stop_fd(void) {
  sigset_t stops;
  bare_stop_signals(&stops);
  sigprocmask(SIG_BLOCK, &stops, NULL);
  int fd = signalfd(-1, &stops, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) bare_die("signalfd");
  return fd;
}

void bare_set_nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int bare_set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

struct bare_conn* bare_conn_new(int fd) {
  struct bare_conn* c = malloc(sizeof *c);
  if (c == NULL) return NULL;
  c->fd = fd;
  c->len = 0;
  c->off = 0;
  bare_set_nodelay(fd);
  return c;
}

void bare_conn_free(struct bare_conn* c) {
  close(c->fd);
  free(c);
}

int bare_conn_flush(struct bare_conn* c) {
  while (c->off < c->len) {
    ssize_t n = send(c->fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    }
    c->off += (size_t)n; /* a short write: the rest goes out on the next round */
  }
  c->len = c->off = 0;
  return 1;
}

long bare_conn_read(struct bare_conn* c) {
  for (;;) {
    ssize_t n = recv(c->fd, c->buf, sizeof c->buf, 0);
    if (n >= 0) {
      c->len = (size_t)n;
      c->off = 0;
      return (long)n;
    }
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? -2 : -1;
  }
}

int bare_conn_drain(struct bare_conn* c) {
  for (;;) {
    int flushed = bare_conn_flush(c);
    if (flushed < 0) return 0;
    if (flushed == 0) return 1; /* the socket is full: the next "room to write" notice resumes */
    long n = bare_conn_read(c);
    if (n == -2) return 1;
    if (n <= 0) return 0;
  }
}
