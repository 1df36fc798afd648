/* I/O multiplexing with epoll, level-triggered: the interest list lives in the kernel, and
 * epoll_wait() hands back only the ready descriptors. One read per notice is enough, because a
 * descriptor with data left stays ready; while an echo is stuck, the connection waits for room
 * to write instead (EPOLL_CTL_MOD), and goes back to reading once it is out. */
#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

static void watch(int ep, int op, struct bare_conn* c, unsigned events) {
  struct epoll_event ev = {.events = events, .data.ptr = c};
  if (epoll_ctl(ep, op, c->fd, &ev) != 0) bare_die("epoll_ctl");
}

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  int stop_fd = bare_stop_fd();
  int listen_fd = bare_listen(port, 1);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) bare_die("epoll_create1");
  /* The listener and the stop signals are told apart from connections by these tags. */
  static char listener_tag, stop_tag;
  struct epoll_event lev = {.events = EPOLLIN, .data.ptr = &listener_tag};
  struct epoll_event sev = {.events = EPOLLIN, .data.ptr = &stop_tag};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, listen_fd, &lev) != 0 ||
      epoll_ctl(ep, EPOLL_CTL_ADD, stop_fd, &sev) != 0)
    bare_die("epoll_ctl");

  struct epoll_event ready[64];
  int stop = 0;
  while (!stop) {
    int n = epoll_wait(ep, ready, 64, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      bare_die("epoll_wait");
    }
    for (int i = 0; i < n; ++i) {
      if (ready[i].data.ptr == &stop_tag) {
        stop = 1;
        break;
      }
      if (ready[i].data.ptr == &listener_tag) {
        int fd;
        while ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
          struct bare_conn* nc = bare_conn_new(fd);
          if (nc == NULL) {
            close(fd);
            continue;
          }
          watch(ep, EPOLL_CTL_ADD, nc, EPOLLIN);
        }
        continue;
      }
      struct bare_conn* c = ready[i].data.ptr;
      int was_stuck = c->off < c->len;
      int keep;
      if (was_stuck) {
        keep = bare_conn_flush(c) != -1;
      } else {
        long r = bare_conn_read(c);
        keep = (r > 0 && bare_conn_flush(c) != -1) || r == -2;
      }
      if (!keep) {
        bare_conn_free(c); /* closing the descriptor takes it off the interest list */
        continue;
      }
      int stuck = c->off < c->len;
      if (stuck != was_stuck) watch(ep, EPOLL_CTL_MOD, c, stuck ? EPOLLOUT : EPOLLIN);
    }
  }
  close(ep);
  close(listen_fd);
  close(stop_fd);
  return 0;
}
