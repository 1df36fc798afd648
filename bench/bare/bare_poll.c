/* I/O multiplexing with poll: one thread sleeps in poll() over an array of descriptors, each
 * asking for input, or for room to write while its echo is stuck, then serves what is ready. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  int stop_fd = bare_stop_fd();
  int listen_fd = bare_listen(port, 1);

  /* pfds[0] is the listener, pfds[1] the stop signals; pfds[i] and conns[i] (i >= 2) are one
   * connection. */
  size_t count = 2, capacity = 64;
  struct pollfd* pfds = malloc(capacity * sizeof *pfds);
  struct bare_conn** conns = malloc(capacity * sizeof *conns);
  if (pfds == NULL || conns == NULL) bare_die("malloc");
  pfds[0].fd = listen_fd;
  pfds[0].events = POLLIN;
  pfds[1].fd = stop_fd;
  pfds[1].events = POLLIN;
  for (;;) {
    for (size_t i = 2; i < count; ++i)
      pfds[i].events = conns[i]->off < conns[i]->len ? POLLOUT : POLLIN;
    int n = poll(pfds, count, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      bare_die("poll");
    }
    if (pfds[1].revents & POLLIN) break;
    /* Backwards, so removing connection i (the last one moves into its place) skips nothing. */
    for (size_t i = count - 1; i >= 2; --i) {
      short got = pfds[i].revents;
      if (got == 0) continue;
      struct bare_conn* c = conns[i];
      int keep;
      if (c->off < c->len) {
        keep = bare_conn_flush(c) != -1;
      } else {
        long r = bare_conn_read(c);
        keep = (r > 0 && bare_conn_flush(c) != -1) || r == -2;
      }
      if (!keep) {
        bare_conn_free(c);
        --count;
        pfds[i] = pfds[count];
        conns[i] = conns[count];
      }
    }
    if (pfds[0].revents & POLLIN) {
      int fd;
      while ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
        if (count == capacity) {
          capacity *= 2;
          struct pollfd* more_pfds = realloc(pfds, capacity * sizeof *pfds);
          if (more_pfds == NULL) bare_die("realloc");
          pfds = more_pfds;
          struct bare_conn** more_conns = realloc(conns, capacity * sizeof *conns);
          if (more_conns == NULL) bare_die("realloc");
          conns = more_conns;
        }
        struct bare_conn* c = bare_conn_new(fd);
        if (c == NULL) {
          close(fd);
          continue;
        }
        pfds[count].fd = fd;
        pfds[count].revents = 0;
        conns[count++] = c;
      }
    }
  }
  for (size_t i = 2; i < count; ++i) bare_conn_free(conns[i]);
  free(conns);
  free(pfds);
  close(listen_fd);
  close(stop_fd);
  return 0;
}
