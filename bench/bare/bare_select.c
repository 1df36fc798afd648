/* I/O multiplexing with select: one thread sleeps in select() over two fd_sets rebuilt every
 * round (read interest, or write interest while an echo is stuck), then serves what is ready. */
#include <errno.h>
#include <stdio.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  int stop_fd = bare_stop_fd();
  int listen_fd = bare_listen(port, 1);

  /* An fd_set holds descriptors below FD_SETSIZE only: the table is indexed by fd. */
  static struct bare_conn* conns[FD_SETSIZE];
  int top = listen_fd + 1; /* above every descriptor in use */
  for (;;) {
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(listen_fd, &rd);
    FD_SET(stop_fd, &rd);
    int max_fd = listen_fd > stop_fd ? listen_fd : stop_fd;
    for (int fd = 0; fd < top; ++fd) {
      if (conns[fd] == NULL) continue;
      FD_SET(fd, conns[fd]->off < conns[fd]->len ? &wr : &rd);
      if (fd > max_fd) max_fd = fd;
    }
    int n = select(max_fd + 1, &rd, &wr, NULL, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      bare_die("select");
    }
    if (FD_ISSET(stop_fd, &rd)) break;
    if (FD_ISSET(listen_fd, &rd)) {
      int fd;
      while ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
        if (fd >= FD_SETSIZE) {
          /* FD_SET on it would write past the set: undefined behaviour, so refuse it. */
          fprintf(stderr, "bare_select: fd %d is beyond FD_SETSIZE (%d): connection closed\n", fd,
                  FD_SETSIZE);
          close(fd);
          continue;
        }
        conns[fd] = bare_conn_new(fd);
        if (conns[fd] == NULL) close(fd);
        if (fd >= top) top = fd + 1;
      }
    }
    for (int fd = 0; fd <= max_fd; ++fd) {
      struct bare_conn* c = conns[fd];
      if (c == NULL || (!FD_ISSET(fd, &rd) && !FD_ISSET(fd, &wr))) continue;
      int keep;
      if (FD_ISSET(fd, &wr)) {
        keep = bare_conn_flush(c) != -1;
      } else {
        long got = bare_conn_read(c);
        keep = (got > 0 && bare_conn_flush(c) != -1) || got == -2;
      }
      if (!keep) {
        bare_conn_free(c);
        conns[fd] = NULL;
      }
    }
  }
  for (int fd = 0; fd < FD_SETSIZE; ++fd)
    if (conns[fd] != NULL) bare_conn_free(conns[fd]);
  close(listen_fd);
  close(stop_fd);
  return 0;
}
