/* I/O multiplexing with epoll, edge-triggered: each connection is registered once, for input
 * and for room to write, and epoll_wait() says so once per change. So every notice is served
 * until the kernel answers EAGAIN, or that connection would stall with data unread. */
#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  int stop_fd = bare_stop_fd();
  int listen_fd = bare_listen(port, 1);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) bare_die("epoll_create1");
  /* The listener and the stop signals are told apart from connections by these tags. */
  static char listener_tag, stop_tag;
  struct epoll_event lev = {.events = EPOLLIN | EPOLLET, .data.ptr = &listener_tag};
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
        /* Edge-triggered on the listener too: accept until the queue is empty. */
        int fd;
        while ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
          struct bare_conn* nc = bare_conn_new(fd);
          if (nc == NULL) {
            close(fd);
            continue;
          }
          struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = nc};
          if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) bare_die("epoll_ctl");
        }
        continue;
      }
      struct bare_conn* c = ready[i].data.ptr;
      if (!bare_conn_drain(c)) bare_conn_free(c);
    }
  }
  close(ep);
  close(listen_fd);
  close(stop_fd);
  return 0;
}
