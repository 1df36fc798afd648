/* Non-blocking I/O, a polling loop: one thread asks the listener and every connection again
 * and again, never sleeping; most answers are EAGAIN. */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  /* Nothing here ever waits, so a flag the signal handler sets is seen within one round. */
  bare_catch_stop_signals();
  int listen_fd = bare_listen(port, 1);

  size_t count = 0, capacity = 64;
  struct bare_conn** conns = malloc(capacity * sizeof *conns);
  if (conns == NULL) bare_die("malloc");
  while (!bare_stop) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) {
      if (count == capacity) {
        struct bare_conn** more = realloc(conns, 2 * capacity * sizeof *conns);
        if (more == NULL) bare_die("realloc");
        conns = more;
        capacity *= 2;
      }
      struct bare_conn* c = bare_conn_new(fd);
      if (c == NULL) {
        close(fd);
      } else {
        conns[count++] = c;
      }
    }
    for (size_t i = 0; i < count;) {
      struct bare_conn* c = conns[i];
      int flushed = bare_conn_flush(c);
      int keep = flushed != -1;
      if (flushed == 1) {
        long n = bare_conn_read(c);
        keep = (n > 0 && bare_conn_flush(c) != -1) || n == -2;
      }
      if (keep) {
        ++i;
      } else {
        bare_conn_free(c);
        conns[i] = conns[--count];
      }
    }
  }
  for (size_t i = 0; i < count; ++i) bare_conn_free(conns[i]);
  free(conns);
  close(listen_fd);
  return 0;
}
