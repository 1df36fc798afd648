/* Blocking I/O, a thread per connection: each thread sleeps inside recv() through both phases,
 * then writes the echo back with blocking send()s. */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bare_common.h"

static int listen_fd = -1;

/* A blocking send() may still write less than asked (a signal, a full buffer on some
 * kernels): loop until every byte is out. */
static int write_all(int fd, const unsigned char* p, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static void* serve_connection(void* arg) {
  int fd = (int)(intptr_t)arg;
  unsigned char buf[BARE_BUF_SIZE];
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || write_all(fd, buf, (size_t)n) != 0) break;
  }
  close(fd);
  return NULL;
}

/* The stop signals are blocked everywhere and taken here; shutting the listener down is what
 * wakes the main thread out of accept(), with no window in which a signal could be missed. */
static void* wait_for_stop(void* arg) {
  sigset_t* stops = arg;
  int sig;
  sigwait(stops, &sig);
  bare_stop = 1;
  shutdown(listen_fd, SHUT_RDWR);
  return NULL;
}

int main(int argc, char** argv) {
  unsigned short port = bare_port_from_args(argc, argv);
  bare_block_stop_signals();
  sigset_t stops;
  bare_stop_signals(&stops);
  listen_fd = bare_listen(port, 0);

  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  pthread_t stopper;
  if (pthread_create(&stopper, &detached, wait_for_stop, &stops) != 0) bare_die("pthread_create");

  while (!bare_stop) {
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) {
      if (bare_stop) break;
      if (errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE) continue;
      bare_die("accept4");
    }
    bare_set_nodelay(fd);
    pthread_t t;
    if (pthread_create(&t, &detached, serve_connection, (void*)(intptr_t)fd) != 0) close(fd);
  }
  /* Connection threads still asleep in recv() end with the process. */
  close(listen_fd);
  return 0;
}
