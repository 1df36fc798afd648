/* Asynchronous I/O with io_uring (the Proactor): the process asks the kernel to receive into a
 * buffer of its own, and later reaps a completion saying the data is already there. Each
 * connection has exactly one one-shot operation in flight: a recv, then a send of what came
 * (again for the rest after a short send), then the next recv. The stop signals arrive the same
 * way, as a completion: a poll on a signalfd. */
#include <errno.h>
#include <liburing.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

/* user_data: a connection's address for its recv or send (which one follows from its state:
 * bytes waiting to go out mean a send), or one of these for the accept and the stop watch. */
enum { TAG_ACCEPT = 1, TAG_STOP = 2 };

static struct io_uring ring;

static struct io_uring_sqe* next_sqe(void) {
  struct io_uring_sqe* sqe = io_uring_get_sqe(&ring);
  if (sqe == NULL) { /* the submission queue is full: hand it to the kernel and go on */
    io_uring_submit(&ring);
    sqe = io_uring_get_sqe(&ring);
  }
  if (sqe == NULL) bare_die("io_uring_get_sqe");
  return sqe;
}

static void submit_recv(struct bare_conn* c) {
  struct io_uring_sqe* sqe = next_sqe();
  io_uring_prep_recv(sqe, c->fd, c->buf, sizeof c->buf, 0);
  io_uring_sqe_set_data(sqe, c);
}

static void submit_send(struct bare_conn* c) {
  struct io_uring_sqe* sqe = next_sqe();
  io_uring_prep_send(sqe, c->fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL);
  io_uring_sqe_set_data(sqe, c);
}

static void submit_accept(int listen_fd) {
  struct io_uring_sqe* sqe = next_sqe();
  io_uring_prep_accept(sqe, listen_fd, NULL, NULL, SOCK_CLOEXEC);
  io_uring_sqe_set_data64(sqe, TAG_ACCEPT);
}

static void submit_stop_watch(int signal_fd) {
  struct io_uring_sqe* sqe = next_sqe();
  io_uring_prep_poll_add(sqe, signal_fd, POLLIN);
  io_uring_sqe_set_data64(sqe, TAG_STOP);
}

static void on_accept(int listen_fd, int res) {
  if (res >= 0) {
    struct bare_conn* c = bare_conn_new(res);
    if (c == NULL) {
      close(res);
    } else {
      submit_recv(c);
    }
  } else if (res != -ECONNABORTED && res != -EINTR && res != -EMFILE && res != -ENFILE) {
    errno = -res;
    bare_die("accept");
  }
  submit_accept(listen_fd);
}

static void on_io(struct bare_conn* c, int res) {
  if (res <= 0) { /* end of stream or a failure: nothing of ours is in flight any more */
    bare_conn_free(c);
    return;
  }
  if (c->len == 0) { /* a recv */
    c->len = (size_t)res;
    c->off = 0;
    submit_send(c);
    return;
  }
  c->off += (size_t)res;
  if (c->off < c->len) {
    submit_send(c); /* a short send: the rest */
  } else {
    c->len = c->off = 0;
    submit_recv(c);
  }
}

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  int signal_fd = bare_stop_fd();
  /* Before the port line, so a caller that reads it knows the server can run. */
  int rc = io_uring_queue_init(1024, &ring, 0);
  if (rc < 0) {
    fprintf(stderr, "bare_io_uring: io_uring unavailable here: %s\n", strerror(-rc));
    return BARE_EXIT_UNAVAILABLE;
  }
  int listen_fd = bare_listen(port, 0);
  submit_accept(listen_fd);
  submit_stop_watch(signal_fd);

  int stop = 0;
  while (!stop) {
    io_uring_submit(&ring);
    struct io_uring_cqe* cqe;
    rc = io_uring_wait_cqe(&ring, &cqe);
    if (rc == -EINTR) continue;
    if (rc < 0) {
      errno = -rc;
      bare_die("io_uring_wait_cqe");
    }
    do { /* everything already completed, before the next trip into the kernel */
      uint64_t tag = io_uring_cqe_get_data64(cqe);
      if (tag == TAG_STOP) {
        stop = 1;
      } else if (tag == TAG_ACCEPT) {
        on_accept(listen_fd, cqe->res);
      } else {
        on_io(io_uring_cqe_get_data(cqe), cqe->res);
      }
      io_uring_cqe_seen(&ring, cqe);
    } while (!stop && io_uring_peek_cqe(&ring, &cqe) == 0);
  }
  /* Tearing the ring down cancels what is still in flight. The buffers those operations own
   * are left to the process's exit rather than freed under the kernel's feet. */
  io_uring_queue_exit(&ring);
  close(listen_fd);
  close(signal_fd);
  return 0;
}
