/* Signal-driven I/O: every socket is told (O_ASYNC, F_SETOWN, F_SETSIG) to raise a queued
 * real-time signal carrying its descriptor whenever something happens to it, and the process
 * sleeps in sigwaitinfo() until one comes. A signal marks an edge, not a level, so each is
 * served until EAGAIN. Taking the signals synchronously (blocked, then sigwaitinfo) instead of
 * in a handler keeps the echo out of signal context. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

static struct bare_conn** conns; /* indexed by descriptor */
static size_t conns_size;

static void ask_for_signals(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETOWN, getpid()) != 0 || fcntl(fd, F_SETSIG, SIGRTMIN) != 0 ||
      fcntl(fd, F_SETFL, flags | O_ASYNC | O_NONBLOCK) != 0)
    bare_die("fcntl O_ASYNC");
}

static void serve(int fd) {
  if ((size_t)fd >= conns_size || conns[fd] == NULL) return; /* a late signal of a closed one */
  if (!bare_conn_drain(conns[fd])) {
    bare_conn_free(conns[fd]);
    conns[fd] = NULL;
  }
}

static void accept_all(int listen_fd) {
  int fd;
  while ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
    if ((size_t)fd >= conns_size) {
      size_t size = 2 * (size_t)fd + 16;
      struct bare_conn** more = realloc(conns, size * sizeof *conns);
      if (more == NULL) bare_die("realloc");
      memset(more + conns_size, 0, (size - conns_size) * sizeof *more);
      conns = more;
      conns_size = size;
    }
    conns[fd] = bare_conn_new(fd);
    if (conns[fd] == NULL) {
      close(fd);
      continue;
    }
    ask_for_signals(fd);
    serve(fd); /* data that came before O_ASYNC was set raised no signal */
  }
}

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  /* All of them blocked, all of them taken by sigwaitinfo. SIGIO is what the kernel raises
   * instead of the real-time signal when the queue of those is full: it names no descriptor. */
  sigset_t waited;
  sigemptyset(&waited);
  sigaddset(&waited, SIGINT);
  sigaddset(&waited, SIGTERM);
  sigaddset(&waited, SIGIO);
  sigaddset(&waited, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &waited, NULL);
  int listen_fd = bare_listen(port, 1);
  ask_for_signals(listen_fd);
  accept_all(listen_fd);

  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&waited, &info);
    if (sig < 0) {
      if (errno == EINTR) continue;
      bare_die("sigwaitinfo");
    }
    if (sig == SIGINT || sig == SIGTERM) break;
    if (sig == SIGIO) {
      /* Signals were lost: nobody knows which connections are ready, so try them all. */
      accept_all(listen_fd);
      for (size_t fd = 0; fd < conns_size; ++fd) serve((int)fd);
    } else if (info.si_fd == listen_fd) {
      accept_all(listen_fd);
    } else {
      serve(info.si_fd);
    }
  }
  for (size_t fd = 0; fd < conns_size; ++fd)
    if (conns[fd] != NULL) bare_conn_free(conns[fd]);
  free(conns);
  close(listen_fd);
  return 0;
}
