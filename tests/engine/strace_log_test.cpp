// The strace log reader, on lines cut from real `strace -f -tt -T -yy` runs on this machine
// (Python select, epoll and thread-per-connection echo servers, and a C program using O_ASYNC
// with F_SETSIG), shortened where a line was long; the few made by hand say so.
#include "foreign/strace_log.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/epoll.h>

#include <cerrno>
#include <csignal>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "foreign/model_verdict.hpp"

namespace ioscope {
namespace {

Result<ObservedProgram> parse(std::string_view text) {
  std::istringstream in{std::string(text)};
  return read_strace_log(in);
}

// The calls with this name, in log order.
std::vector<ObservedCall> named(const ObservedProgram& p, std::string_view name) {
  std::vector<ObservedCall> out;
  for (const ObservedCall& c : p.calls)
    if (c.name == name) out.push_back(c);
  return out;
}

constexpr std::int64_t clock_ns(int h, int m, int s, std::int64_t us) {
  return ((h * 60 + m) * 60 + s) * 1'000'000'000LL + us * 1000;
}

// Python: select.select() on one accepted connection, a client thread (5787) talking to it.
constexpr std::string_view kSelectServer =
    R"log(5786  18:32:13.373955 execve("/root/.pyenv/versions/3.11.7/bin/python3", ["/root/.pyenv/versions/3.11.7/bin"..., "sel.py", "select"], 0x7ffe7d7a63c0 /* 41 vars */) = 0 <0.000973>
5786  18:32:13.375432 brk(NULL)         = 0x55be82a92000 <0.000077>
5786  18:32:13.527397 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<TCP:[100657]> <0.000043>
5786  18:32:13.530362 bind(3<TCP:[100657]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0 <0.000085>
5786  18:32:13.531732 listen(3<TCP:[127.0.0.1:35729]>, 128) = 0 <0.000062>
5786  18:32:13.533685 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, child_tid=0x7f0f8b31a990, exit_signal=0, stack_size=0x7fff80} => {parent_tid=[5787]}, 88) = 5787 <0.000090>
5786  18:32:13.535439 accept4(3<TCP:[127.0.0.1:35729]>,  <unfinished ...>
5787  18:32:13.540789 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 5<TCP:[100659]> <0.000068>
5787  18:32:13.542238 connect(5<TCP:[100659]>, {sa_family=AF_INET, sin_port=htons(35729), sin_addr=inet_addr("127.0.0.1")}, 16) = 0 <0.000259>
5786  18:32:13.543815 <... accept4 resumed>{sa_family=AF_INET, sin_port=htons(35626), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 4<TCP:[127.0.0.1:35729->127.0.0.1:35626]> <0.008357>
5787  18:32:13.545213 sendto(5<TCP:[127.0.0.1:35626->127.0.0.1:35729]>, "hello) = 5\n\"quoted\"", 19, 0, NULL, 0 <unfinished ...>
5786  18:32:13.546512 getsockname(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>, {sa_family=AF_INET, sin_port=htons(35729), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0 <0.000132>
5787  18:32:13.546695 <... sendto resumed>) = 19 <0.000203>
5787  18:32:13.546791 recvfrom(5<TCP:[127.0.0.1:35626->127.0.0.1:35729]>,  <unfinished ...>
5786  18:32:13.546898 pselect6(5, [4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [4], left {tv_sec=0, tv_nsec=999995963}) <0.000033>
5786  18:32:13.546984 recvfrom(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>, "hello) = 5\n\"quoted\"", 100, 0, NULL, NULL) = 19 <0.000022>
5786  18:32:13.547055 sendto(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>, "hello) = 5\n\"quoted\"", 19, 0, NULL, 0) = 19 <0.000039>
5787  18:32:13.547123 <... recvfrom resumed>"hello) = 5\n\"quoted\"", 100, 0, NULL, NULL) = 19 <0.000319>
5786  18:32:13.547145 recvfrom(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>,  <unfinished ...>
5787  18:32:13.547166 close(5<TCP:[127.0.0.1:35626->127.0.0.1:35729]> <unfinished ...>
5786  18:32:13.547184 <... recvfrom resumed>0x7f0f8b612330, 100, 0, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable) <0.000028>
5787  18:32:13.547207 <... close resumed>) = 0 <0.000031>
5786  18:32:13.547245 close(4<TCP:[127.0.0.1:35729->127.0.0.1:35626]>) = 0 <0.000077>
5787  18:32:13.550449 exit(0)           = ?
5787  18:32:13.550548 +++ exited with 0 +++
5786  18:32:13.552047 getpeername(3<TCP:[127.0.0.1:35729]>, 0x7fffceccdb10, [16]) = -1 ENOTCONN (Transport endpoint is not connected) <0.000020>
5786  18:32:13.552135 close(3<TCP:[127.0.0.1:35729]>) = 0 <0.000045>
5786  18:32:13.556199 exit_group(0)     = ?
5786  18:32:13.557470 +++ exited with 0 +++
)log";

// Python: select.epoll() with EPOLLET registrations; the client thread is 5792.
constexpr std::string_view kEpollServer =
    R"log(5791  18:32:13.730084 epoll_create1(EPOLL_CLOEXEC) = 4<anon_inode:[eventpoll]> <0.000052>
5791  18:32:13.730183 ioctl(3<TCP:[127.0.0.1:36393]>, FIONBIO, [1]) = 0 <0.000022>
5791  18:32:13.730323 epoll_ctl(4<anon_inode:[eventpoll]>, EPOLL_CTL_ADD, 3<TCP:[127.0.0.1:36393]>, {events=EPOLLIN|EPOLLET, data={u32=3, u64=3}}) = 0 <0.000096>
5791  18:32:13.730495 epoll_wait(4<anon_inode:[eventpoll]>,  <unfinished ...>
5792  18:32:13.730589 openat(AT_FDCWD</tmp/st>, "/root/.pyenv/versions/3.11.7/lib/python3.11/encodings/__pycache__/idna.cpython-311.pyc", O_RDONLY|O_CLOEXEC) = 5</root/.pyenv/versions/3.11.7/lib/python3.11/encodings/__pycache__/idna.cpython-311.pyc> <0.000023>
5792  18:32:13.731001 read(5</root/.pyenv/versions/3.11.7/lib/python3.11/encodings/__pycache__/idna.cpython-311.pyc>, "\247\r\r\n\0\0\0\0\305\343\376i\212#\0\0\343\0\0\0\0\0\0\0\0\0\0\0\0\6\0\0"..., 11568) = 11567 <0.000057>
5792  18:32:13.735226 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 5<TCP:[100049]> <0.000111>
5792  18:32:13.736731 connect(5<TCP:[100049]>, {sa_family=AF_INET, sin_port=htons(36393), sin_addr=inet_addr("127.0.0.1")}, 16) = 0 <0.000181>
5791  18:32:13.738173 <... epoll_wait resumed>[{events=EPOLLIN, data={u32=3, u64=3}}], 1023, 1000) = 1 <0.007664>
5792  18:32:13.738247 sendto(5<TCP:[127.0.0.1:56516->127.0.0.1:36393]>, "hello) = 5\n\"quoted\"", 19, 0, NULL, 0 <unfinished ...>
5791  18:32:13.739655 accept4(3<TCP:[127.0.0.1:36393]>, {sa_family=AF_INET, sin_port=htons(56516), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 6<TCP:[127.0.0.1:36393->127.0.0.1:56516]> <0.000101>
5792  18:32:13.741070 <... sendto resumed>) = 19 <0.001463>
5792  18:32:13.741602 recvfrom(5<TCP:[127.0.0.1:56516->127.0.0.1:36393]>,  <unfinished ...>
5791  18:32:13.741677 epoll_ctl(4<anon_inode:[eventpoll]>, EPOLL_CTL_ADD, 6<TCP:[127.0.0.1:36393->127.0.0.1:56516]>, {events=EPOLLIN|EPOLLRDHUP|EPOLLET, data={u32=6, u64=6}}) = 0 <0.000028>
5791  18:32:13.741754 epoll_ctl(4<anon_inode:[eventpoll]>, EPOLL_CTL_MOD, 6<TCP:[127.0.0.1:36393->127.0.0.1:56516]>, {events=EPOLLIN|EPOLLOUT, data={u32=6, u64=6}}) = 0 <0.000020>
5791  18:32:13.741819 epoll_wait(4<anon_inode:[eventpoll]>, [{events=EPOLLIN|EPOLLOUT, data={u32=6, u64=6}}], 1023, 1000) = 1 <0.000021>
5791  18:32:13.741883 recvfrom(6<TCP:[127.0.0.1:36393->127.0.0.1:56516]>, "hello) = 5\n\"quoted\"", 100, 0, NULL, NULL) = 19 <0.000022>
5791  18:32:13.741954 sendto(6<TCP:[127.0.0.1:36393->127.0.0.1:56516]>, "hello) = 5\n\"quoted\"", 19, 0, NULL, 0) = 19 <0.000045>
5792  18:32:13.742027 <... recvfrom resumed>"hello) = 5\n\"quoted\"", 100, 0, NULL, NULL) = 19 <0.000412>
5791  18:32:13.742049 epoll_ctl(4<anon_inode:[eventpoll]>, EPOLL_CTL_DEL, 6<TCP:[127.0.0.1:36393->127.0.0.1:56516]>, 0x7ffea98587c4 <unfinished ...>
5792  18:32:13.742071 close(5<TCP:[127.0.0.1:56516->127.0.0.1:36393]> <unfinished ...>
5791  18:32:13.742089 <... epoll_ctl resumed>) = 0 <0.000026>
5792  18:32:13.742118 <... close resumed>) = 0 <0.000037>
5791  18:32:13.747800 close(4<anon_inode:[eventpoll]>) = 0 <0.000027>
5791  18:32:13.751500 exit_group(0)     = ?
5791  18:32:13.752499 +++ exited with 0 +++
)log";

// C: a socketpair end set to O_ASYNC with F_SETOWN and F_SETSIG, a forked child (10244) writing.
constexpr std::string_view kSignalDriven =
    R"log(10242 18:43:08.933350 execve("./rt3", ["./rt3"], 0x7ffd6f0c2c60 /* 41 vars */) = 0 <0.000763>
10242 18:43:08.933530 socketpair(AF_UNIX, SOCK_STREAM, 0, [3<UNIX-STREAM:[343131->343132]>, 4<UNIX-STREAM:[343132->343131]>]) = 0 <0.000031>
10242 18:43:08.933664 rt_sigaction(SIGRT_3, {sa_handler=0x5593b1e801e9, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x7f76924c8050}, NULL, 8) = 0 <0.000027>
10242 18:43:08.934949 fcntl(3<UNIX-STREAM:[343131->343132]>, F_SETOWN, 10242) = 0 <0.000015>
10242 18:43:08.935009 fcntl(3<UNIX-STREAM:[343131->343132]>, F_SETSIG, SIGRT_3) = 0 <0.000013>
10242 18:43:08.935074 fcntl(3<UNIX-STREAM:[343131->343132]>, F_GETFL) = 0x2 (flags O_RDWR) <0.000013>
10242 18:43:08.935119 fcntl(3<UNIX-STREAM:[343131->343132]>, F_SETFL, O_RDWR|O_NONBLOCK|FASYNC) = 0 <0.000015>
10242 18:43:08.935262 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f53f14cfa10) = 10244 <0.000532>
10242 18:43:08.935974 pause( <unfinished ...>
10244 18:43:08.966914 write(4<UNIX-STREAM:[343132->343131]>, "z", 1) = 1 <0.000075>
10242 18:43:08.967213 <... pause resumed>) = ? ERESTARTNOHAND (To be restarted if no handler) <0.031227>
10242 18:43:08.967242 --- SIGRT_3 {si_signo=SIGRT_3, si_code=0x1, si_pid=65, si_uid=0, si_int=3, si_ptr=0x3} ---
10242 18:43:08.967369 rt_sigreturn({mask=[]}) = -1 EINTR (Interrupted system call) <0.000021>
10242 18:43:08.967487 read(3<UNIX-STREAM:[343131->343132]>, "z", 8) = 1 <0.000041>
10242 18:43:08.967603 read(3<UNIX-STREAM:[343131->343132]>, 0x7ffc05953828, 8) = -1 EAGAIN (Resource temporarily unavailable) <0.000014>
10242 18:43:08.967651 fcntl(3<UNIX-STREAM:[343131->343132]>, F_SETSIG, 0) = 0 <0.000013>
10242 18:43:08.967697 wait4(-1,  <unfinished ...>
10244 18:43:08.997612 write(4<UNIX-STREAM:[343132->343131]>, "q", 1 <unfinished ...>
10242 18:43:08.997813 <... wait4 resumed>NULL, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set) <0.030082>
10244 18:43:08.997909 <... write resumed>) = 1 <0.000260>
10242 18:43:08.997956 --- SIGIO {si_signo=SIGIO, si_code=POLL_IN, si_band=65, si_fd=3<UNIX-STREAM:[343131->343132]>} ---
10244 18:43:09.028344 exit_group(0)     = ?
10244 18:43:09.028764 +++ exited with 0 +++
10242 18:43:09.028865 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=10244, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---
10242 18:43:09.028918 read(3<UNIX-STREAM:[343131->343132]>, "q", 8) = 1 <0.000025>
10242 18:43:09.029143 exit_group(0)     = ?
10242 18:43:09.029736 +++ exited with 0 +++
)log";

// Python thread-per-connection, strace WITHOUT -o (its stderr): no pid while one task runs,
// "[pid N]" on every line once there are more, and strace's own "Process N attached" cutting a
// clone3 line in two.
constexpr std::string_view kNoDashO =
    R"log(18:32:14.172083 execve("/root/.pyenv/versions/3.11.7/bin/python3", ["/root/.pyenv/versions/3.11.7/bin"..., "sel.py", "thread"], 0x7fffa7d77770 /* 41 vars */) = 0 <0.000908>
18:32:14.326415 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<TCP:[100745]> <0.000042>
18:32:14.330764 listen(3<TCP:[127.0.0.1:42819]>, 128) = 0 <0.000062>
18:32:14.332762 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, child_tid=0x7f1ad04e1990, exit_signal=0, stack_size=0x7fff80}strace: Process 5808 attached
 => {parent_tid=[5808]}, 88) = 5808 <0.000099>
[pid  5808] 18:32:14.333202 rseq(0x7f1ad04e1fe0, 0x20, 0, 0x53053053) = 0 <0.000020>
[pid  5807] 18:32:14.334574 accept4(3<TCP:[127.0.0.1:42819]>,  <unfinished ...>
[pid  5808] 18:32:14.341370 connect(5<TCP:[100119]>, {sa_family=AF_INET, sin_port=htons(42819), sin_addr=inet_addr("127.0.0.1")}, 16) = 0 <0.000202>
[pid  5807] 18:32:14.342999 <... accept4 resumed>{sa_family=AF_INET, sin_port=htons(39350), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 4<TCP:[127.0.0.1:42819->127.0.0.1:39350]> <0.008406>
[pid  5807] 18:32:14.346470 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD, child_tid=0x7f1acfbcb990, exit_signal=0, stack_size=0x7fff80}strace: Process 5809 attached
 => {parent_tid=[5809]}, 88) = 5809 <0.000102>
[pid  5809] 18:32:14.347698 recvfrom(4<TCP:[127.0.0.1:42819->127.0.0.1:39350]>,  <unfinished ...>
[pid  5809] 18:32:14.347781 <... recvfrom resumed>"hello) = 5\n\"quoted\"", 100, 0, NULL, NULL) = 19 <0.000052>
[pid  5809] 18:32:14.348632 exit(0 <unfinished ...>
[pid  5809] 18:32:14.348739 <... exit resumed>) = ?
[pid  5809] 18:32:14.348817 +++ exited with 0 +++
[pid  5808] 18:32:14.350434 exit(0)     = ?
[pid  5808] 18:32:14.350494 +++ exited with 0 +++
18:32:14.353885 close(3<TCP:[127.0.0.1:42819]>) = 0 <0.000044>
18:32:14.358146 exit_group(0)           = ?
18:32:14.359293 +++ exited with 0 +++
)log";

// -ttt: seconds since the epoch.
constexpr std::string_view kEpochTimes =
    R"log(5802  1796581934.135382 accept4(3<TCP:[127.0.0.1:35009]>,  <unfinished ...>
5802  1796581934.144383 <... accept4 resumed>{sa_family=AF_INET, sin_port=htons(51950), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = 4<TCP:[127.0.0.1:35009->127.0.0.1:51950]> <0.008979>
5802  1796581934.147592 pselect6(5, [4<TCP:[127.0.0.1:35009->127.0.0.1:51950]>], NULL, NULL, {tv_sec=1, tv_nsec=0}, NULL) = 1 (in [4], left {tv_sec=0, tv_nsec=999995452}) <0.000080>
5802  1796581934.147733 recvfrom(4<TCP:[127.0.0.1:35009->127.0.0.1:51950]>, "hello) = 5\n\"quoted\"", 100, 0, NULL, NULL) = 19 <0.000022>
)log";

// ---- The calls ----------------------------------------------------------------------------------

TEST(StraceLog, ReadsACompleteCallItsTimeDurationThreadAndSocket) {
  auto p = parse(kSelectServer);
  ASSERT_TRUE(p) << p.error().message;
  const auto recvs = named(*p, "recvfrom");
  ASSERT_EQ(recvs.size(), 3u);
  const ObservedCall& r = recvs[1];  // the server's read of the client's message
  EXPECT_EQ(r.kind, CallKind::Receive);
  EXPECT_EQ(r.tid, 5786);
  EXPECT_EQ(r.fd, 4);
  EXPECT_TRUE(r.on_socket);
  EXPECT_EQ(r.ret, 19);
  EXPECT_EQ(r.t_ns, clock_ns(18, 32, 13, 546984));
  EXPECT_EQ(r.duration_ns, 22'000);
  EXPECT_FALSE(p->kernel_side);
}

TEST(StraceLog, KeepsEveryCallInTheOrderTheyBegan) {
  auto p = parse(kSelectServer);
  ASSERT_TRUE(p) << p.error().message;
  const std::vector<std::string> expected = {
      "execve",   "brk",         "socket",  "bind",      "listen",      "clone3",
      "accept4",  "socket",      "connect", "sendto",    "getsockname", "recvfrom",
      "pselect6", "recvfrom",    "sendto",  "recvfrom",  "close",       "close",
      "exit",     "getpeername", "close",   "exit_group"};
  ASSERT_EQ(p->calls.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(p->calls[i].name, expected[i]) << i;
  for (std::size_t i = 1; i < p->calls.size(); ++i)
    EXPECT_LE(p->calls[i - 1].t_ns, p->calls[i].t_ns) << i;
  EXPECT_EQ(p->calls[1].kind, CallKind::Other);  // kept: the "none" verdict counts them
}

TEST(StraceLog, TheProgramIsTheFirstPidAndTheFirstExecve) {
  auto p = parse(kSelectServer);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->tgid, 5786);
  EXPECT_EQ(p->command, "/root/.pyenv/versions/3.11.7/bin/python3 sel.py select");
}

TEST(StraceLog, AStringHoldingCloseParenEqualsIsNotTheResult) {
  auto p = parse(kSelectServer);
  ASSERT_TRUE(p) << p.error().message;
  for (const ObservedCall& c : named(*p, "sendto")) EXPECT_EQ(c.ret, 19);
  // Escaped quotes and backslashes, a cut string, brackets inside a string.
  auto q = parse(
      R"log(7 10:00:00.000001 write(1</dev/pts/0<char 136:0>>, "a\\\") = 5 \"(x]"..., 40) = 40 <0.000010>
7 10:00:00.000002 write(1</dev/pts/0<char 136:0>>, "\\", 1) = 1 <0.000010>
)log");
  ASSERT_TRUE(q) << q.error().message;
  ASSERT_EQ(q->calls.size(), 2u);
  EXPECT_EQ(q->calls[0].ret, 40);
  EXPECT_EQ(q->calls[0].fd, 1);
  EXPECT_FALSE(q->calls[0].on_socket);  // a terminal, with the device nested in the annotation
  EXPECT_EQ(q->calls[1].ret, 1);
}

TEST(StraceLog, UnfinishedCallsResumeInTheirOwnThread) {
  auto p = parse(kSelectServer);
  ASSERT_TRUE(p) << p.error().message;
  const ObservedCall accept = named(*p, "accept4").at(0);
  EXPECT_EQ(accept.tid, 5786);
  EXPECT_EQ(accept.t_ns, clock_ns(18, 32, 13, 535439));  // when it began, not when it resumed
  EXPECT_EQ(accept.duration_ns, 8'357'000);
  EXPECT_EQ(accept.ret, 4);
  const auto sends = named(*p, "sendto");
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[0].tid, 5787);  // began before the server's getsockname, resumed after it
  EXPECT_EQ(sends[0].duration_ns, 203'000);
  EXPECT_EQ(p->calls[10].name, "getsockname");
  EXPECT_EQ(p->calls[9].name, "sendto");
  const auto closes = named(*p, "close");
  EXPECT_EQ(closes[0].tid, 5787);
  EXPECT_EQ(closes[0].fd, 5);
  EXPECT_EQ(closes[1].tid, 5786);
  EXPECT_EQ(closes[1].fd, 4);
}

TEST(StraceLog, ArgumentsSplitAcrossUnfinishedAndResumedAreReadWhole) {
  auto p = parse(kEpollServer);
  ASSERT_TRUE(p) << p.error().message;
  const auto ctls = named(*p, "epoll_ctl");
  ASSERT_EQ(ctls.size(), 4u);
  EXPECT_EQ(ctls[3].op, EPOLL_CTL_DEL);  // its op was on the unfinished line
  EXPECT_EQ(ctls[3].fd, 4);
  EXPECT_EQ(ctls[3].ret, 0);
  EXPECT_EQ(ctls[3].duration_ns, 26'000);
  const ObservedCall wait = named(*p, "epoll_wait").at(0);
  EXPECT_EQ(wait.kind, CallKind::EpollWait);
  EXPECT_EQ(wait.ret, 1);
  EXPECT_EQ(wait.fd, 4);
  EXPECT_EQ(wait.t_ns, clock_ns(18, 32, 13, 730495));
}

TEST(StraceLog, AResumedCallWithNothingUnfinishedIsAnErrorNamingTheLine) {
  auto p = parse(
      "5791  18:32:13.741602 recvfrom(5<TCP:[1.2.3.4:5->6.7.8.9:10]>, \"x\", 1, 0, NULL, NULL) = 1 "
      "<0.000010>\n"
      "5791  18:32:13.742089 <... epoll_ctl resumed>) = 0 <0.000026>\n");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("line 2: "), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("epoll_ctl resumed"), std::string::npos);
  // Another thread's unfinished call is not this one's.
  auto q = parse(
      "1 10:00:00.000001 read(3<TCP:[1]>,  <unfinished ...>\n"
      "2 10:00:00.000002 <... read resumed>\"x\", 1) = 1 <0.000010>\n");
  ASSERT_FALSE(q);
  EXPECT_NE(q.error().message.find("line 2: "), std::string::npos) << q.error().message;
}

TEST(StraceLog, AResumedCallOfAnotherNameIsAnError) {
  auto p = parse(
      "1 10:00:00.000001 read(3<TCP:[1]>,  <unfinished ...>\n"
      "1 10:00:00.000002 <... write resumed>\"x\", 1) = 1 <0.000010>\n");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("line 2: "), std::string::npos) << p.error().message;
  EXPECT_NE(p.error().message.find("read"), std::string::npos);
}

TEST(StraceLog, ACallNeverResumedStaysWithNoResultOrDuration) {
  auto p = parse(
      "6098  18:32:48.153433 pause( <unfinished ...>\n"
      "6098  18:32:48.569411 <... pause resumed>) = ?\n"
      "6098  18:32:48.575311 +++ killed by SIGKILL +++\n"
      "6099  18:32:48.100000 read(3<TCP:[1]>,  <unfinished ...>\n"
      "6099  18:32:48.200000 +++ killed by SIGKILL +++\n"
      "6100  18:32:48.300000 close(3<TCP:[1]>) = 0 <0.000010>\n");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->calls.size(), 3u);
  EXPECT_EQ(p->calls[0].kind, CallKind::SignalWait);
  EXPECT_EQ(p->calls[0].ret, 0);
  EXPECT_EQ(p->calls[0].duration_ns, -1);
  EXPECT_EQ(p->calls[1].name, "read");
  EXPECT_EQ(p->calls[1].fd, 3);
  EXPECT_EQ(p->calls[1].duration_ns, -1);
}

TEST(StraceLog, ACallStraceDetachedFromIsKeptAsBegun) {
  // strace -p PID, stopped with Ctrl-C while the server waited in accept.
  auto p = parse("19104 19:14:45.330855 accept4(3<TCP:[127.0.0.1:58035]>,  <detached ...>\n");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->calls.size(), 1u);
  EXPECT_EQ(p->calls[0].kind, CallKind::Accept);
  EXPECT_EQ(p->calls[0].fd, 3);
  EXPECT_TRUE(p->calls[0].on_socket);
  EXPECT_EQ(p->calls[0].duration_ns, -1);
  EXPECT_EQ(p->tgid, 19104);
}

// ---- Results ------------------------------------------------------------------------------------

TEST(StraceLog, FailuresBecomeMinusErrno) {
  auto p = parse(kSelectServer);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_TRUE(named(*p, "recvfrom").at(2).failed_with(EAGAIN));
  const ObservedCall peer = named(*p, "getpeername").at(0);
  EXPECT_EQ(peer.ret, -ENOTCONN);
  EXPECT_EQ(peer.kind, CallKind::Other);
  EXPECT_EQ(peer.fd, 3);  // annotated, so a descriptor even for a call we do not classify
  EXPECT_TRUE(peer.on_socket);
  const std::pair<const char*, int> names[] = {
      {"EWOULDBLOCK", EWOULDBLOCK},
      {"EINTR", EINTR},
      {"ECONNRESET", ECONNRESET},
      {"EPIPE", EPIPE},
      {"EBADF", EBADF},
      {"EINVAL", EINVAL},
      {"ENOENT", ENOENT},
      {"ETIMEDOUT", ETIMEDOUT},
      {"ECONNREFUSED", ECONNREFUSED},
      {"EINPROGRESS", EINPROGRESS},
      {"EACCES", EACCES},
      {"EPERM", EPERM},
      {"ENOSYS", ENOSYS},
      {"EFAULT", EFAULT},
      {"EMFILE", EMFILE},
      {"ENFILE", ENFILE},
      {"ENOMEM", ENOMEM},
      {"ENOTSOCK", ENOTSOCK},
      {"ESRCH", ESRCH},
      {"ERRNO_200", 200},
  };
  for (const auto& [name, value] : names) {
    auto q = parse("1 10:00:00.000001 recvfrom(3<TCP:[1]>, 0x7f, 8, 0, NULL, NULL) = -1 " +
                   std::string(name) + " (Some text) <0.000010>\n");
    ASSERT_TRUE(q) << q.error().message;
    EXPECT_EQ(q->calls[0].ret, -value) << name;
  }
}

TEST(StraceLog, RestartCodesAreInterruptionsAndQuestionMarksAreKept) {
  auto p = parse(kSignalDriven);
  ASSERT_TRUE(p) << p.error().message;
  const ObservedCall pause = named(*p, "pause").at(0);
  EXPECT_EQ(pause.kind, CallKind::SignalWait);
  EXPECT_TRUE(pause.failed_with(EINTR));  // "= ? ERESTARTNOHAND"
  EXPECT_EQ(pause.duration_ns, 31'227'000);
  EXPECT_TRUE(named(*p, "wait4").at(0).failed_with(EINTR));  // "= ? ERESTARTSYS"
  EXPECT_TRUE(named(*p, "rt_sigreturn").at(0).failed_with(EINTR));
  const auto exits = named(*p, "exit_group");  // "= ?", no duration
  ASSERT_EQ(exits.size(), 2u);
  EXPECT_EQ(exits[0].ret, 0);
  EXPECT_EQ(exits[0].duration_ns, -1);
}

TEST(StraceLog, HexResultsAndNotesAfterTheResult) {
  auto p = parse(kSignalDriven);
  ASSERT_TRUE(p) << p.error().message;
  const ObservedCall getfl = named(*p, "fcntl").at(2);
  EXPECT_EQ(getfl.op, F_GETFL);
  EXPECT_EQ(getfl.ret, O_RDWR);  // "= 0x2 (flags O_RDWR)"
  auto s = parse(kSelectServer);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(named(*s, "brk").at(0).ret, 0x55be82a92000);
  const ObservedCall select = named(*s, "pselect6").at(0);
  EXPECT_EQ(select.kind, CallKind::Select);
  EXPECT_EQ(select.ret, 1);  // "= 1 (in [4], left {...})"
  EXPECT_EQ(select.fd, -1);  // its first argument counts descriptors, it is not one
  EXPECT_EQ(select.duration_ns, 33'000);
}

// rt_sigreturn hands back the interrupted call's register, which strace prints as an unsigned
// 64-bit number: read as the same bits (a real line from ioscope-cli serve --model sigio).
TEST(StraceLog, ResultsPrintedAsUnsigned64BitNumbersAreRead) {
  auto p = parse(
      "22869 19:21:59.103352 --- SIGRT_6 {si_signo=SIGRT_6, si_code=0x1, si_pid=65, si_uid=0, "
      "si_int=6, si_ptr=0x6} ---\n"
      "22869 19:21:59.103442 rt_sigreturn({mask=[]}) = 13669867868846562195 <0.000026>\n");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->calls.size(), 2u);
  EXPECT_EQ(static_cast<std::uint64_t>(p->calls[1].ret), 13669867868846562195ull);
}

// ---- Sockets and peers --------------------------------------------------------------------------

TEST(StraceLog, AcceptTakesThePeerFromTheDescriptorItReturns) {
  auto p = parse(kEpollServer);
  ASSERT_TRUE(p) << p.error().message;
  const ObservedCall a = named(*p, "accept4").at(0);
  EXPECT_EQ(a.kind, CallKind::Accept);
  EXPECT_EQ(a.ret, 6);
  EXPECT_EQ(a.fd, 3);
  EXPECT_TRUE(a.on_socket);
  EXPECT_EQ(a.peer, "127.0.0.1:56516");
  // An accept whose listening descriptor was not annotated still returned a socket.
  auto q = parse(
      "1 10:00:00.000001 accept(3, NULL, NULL) = 5<TCP:[127.0.0.1:8080->127.0.0.1:40000]> "
      "<0.000010>\n");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->calls[0].ret, 5);
  EXPECT_TRUE(q->calls[0].on_socket);
  EXPECT_EQ(q->calls[0].peer, "127.0.0.1:40000");
}

TEST(StraceLog, ConnectTakesThePeerFromItsAddress) {
  auto p = parse(kEpollServer);
  ASSERT_TRUE(p) << p.error().message;
  const ObservedCall c = named(*p, "connect").at(0);
  EXPECT_EQ(c.kind, CallKind::Connect);
  EXPECT_EQ(c.peer, "127.0.0.1:36393");
  EXPECT_EQ(c.tid, 5792);
  auto q = parse(
      R"log(5973  18:32:40.336669 connect(6<TCPv6:[102556]>, {sa_family=AF_INET6, sin6_port=htons(1), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused) <0.000117>
5973  18:32:40.338108 connect(7<UNIX-STREAM:[102560]>, {sa_family=AF_UNIX, sun_path="/tmp/nonexistent.sock"}, 24) = -1 ENOENT (No such file or directory) <0.000034>
)log");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->calls[0].peer, "[::1]:1");
  EXPECT_TRUE(q->calls[0].failed_with(ECONNREFUSED));
  EXPECT_TRUE(q->calls[0].on_socket);
  EXPECT_EQ(q->calls[1].peer, "/tmp/nonexistent.sock");
  EXPECT_TRUE(q->calls[1].on_socket);
}

TEST(StraceLog, OnlyAnnotationsThatNameASocketMakeASocket) {
  const std::pair<const char*, bool> notes[] = {
      {"TCP:[127.0.0.1:8080->127.0.0.1:40000]", true},
      {"TCPv6:[[::1]:8080->[::1]:40000]", true},
      {"UDP:[127.0.0.1:53]", true},
      {"UDPv6:[[::1]:53]", true},
      {"UNIX:[1234]", true},
      {"UNIX-STREAM:[343131->343132]", true},
      {"socket:[12345]", true},
      {"NETLINK:[ROUTE:1234]", true},
      {"/dev/null<char 1:3>", false},
      {"/tmp/TCP:x", false},
      {"pipe:[87794]", false},
      {"anon_inode:[eventpoll]", false},
  };
  for (const auto& [note, socket] : notes) {
    auto p =
        parse("1 10:00:00.000001 read(5<" + std::string(note) + ">, \"\", 1) = 0 <0.000010>\n");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->calls[0].kind, CallKind::Receive) << note;  // a read is a receive either way
    EXPECT_EQ(p->calls[0].fd, 5) << note;
    EXPECT_EQ(p->calls[0].on_socket, socket) << note;
  }
  auto v6 = parse(
      "1 10:00:00.000001 accept4(3<TCPv6:[[::1]:8080]>, NULL, NULL, 0) = "
      "5<TCPv6:[[::1]:8080->[::1]:40000]> <0.000010>\n");
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(v6->calls[0].peer, "[::1]:40000");
}

TEST(StraceLog, ReadsAndWritesOnFilesAreReceivesAndSendsOffSocket) {
  auto p = parse(kEpollServer);
  ASSERT_TRUE(p) << p.error().message;
  const ObservedCall r = named(*p, "read").at(0);
  EXPECT_EQ(r.kind, CallKind::Receive);
  EXPECT_EQ(r.fd, 5);
  EXPECT_FALSE(r.on_socket);
  EXPECT_EQ(r.ret, 11567);
  const ObservedCall open = named(*p, "openat").at(0);
  EXPECT_EQ(open.fd, -1);  // AT_FDCWD</tmp/st> is not a number
  EXPECT_EQ(open.ret, 5);
}

TEST(StraceLog, EachSyscallNameHasItsKind) {
  const std::pair<const char*, CallKind> kinds[] = {
      {"read", CallKind::Receive},
      {"recv", CallKind::Receive},
      {"recvfrom", CallKind::Receive},
      {"recvmsg", CallKind::Receive},
      {"recvmmsg", CallKind::Receive},
      {"readv", CallKind::Receive},
      {"write", CallKind::Send},
      {"send", CallKind::Send},
      {"sendto", CallKind::Send},
      {"sendmsg", CallKind::Send},
      {"sendmmsg", CallKind::Send},
      {"writev", CallKind::Send},
      {"accept", CallKind::Accept},
      {"accept4", CallKind::Accept},
      {"connect", CallKind::Connect},
      {"close", CallKind::Close},
      {"select", CallKind::Select},
      {"pselect6", CallKind::Select},
      {"_newselect", CallKind::Select},
      {"poll", CallKind::Poll},
      {"ppoll", CallKind::Poll},
      {"epoll_create", CallKind::EpollCreate},
      {"epoll_create1", CallKind::EpollCreate},
      {"epoll_ctl", CallKind::EpollCtl},
      {"epoll_wait", CallKind::EpollWait},
      {"epoll_pwait", CallKind::EpollWait},
      {"epoll_pwait2", CallKind::EpollWait},
      {"fcntl", CallKind::Fcntl},
      {"fcntl64", CallKind::Fcntl},
      {"io_uring_setup", CallKind::UringSetup},
      {"io_uring_enter", CallKind::UringEnter},
      {"rt_sigtimedwait", CallKind::SignalWait},
      {"sigwaitinfo", CallKind::SignalWait},
      {"rt_sigsuspend", CallKind::SignalWait},
      {"pause", CallKind::SignalWait},
      {"mmap", CallKind::Other},
      {"getsockname", CallKind::Other},
      {"readlink", CallKind::Other},
  };
  for (const auto& [name, kind] : kinds) {
    auto p =
        parse("1 10:00:00.000001 " + std::string(name) + "(3<socket:[1]>, 0) = 0 <0.000010>\n");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->calls[0].kind, kind) << name;
    EXPECT_EQ(p->calls[0].name, name);
  }
  // Calls whose first number is not a descriptor keep fd -1.
  auto q = parse(
      R"log(1 10:00:00.000001 poll([{fd=5<TCP:[127.0.0.1:1->127.0.0.1:2]>, events=POLLIN}], 1, 0) = 0 (Timeout) <0.000026>
1 10:00:00.000002 io_uring_setup(256, {flags=0, sq_thread_cpu=0, sq_thread_idle=0}) = 4<anon_inode:[io_uring]> <0.000040>
1 10:00:00.000003 exit(0) = ?
)log");
  ASSERT_TRUE(q) << q.error().message;
  for (const ObservedCall& c : q->calls) EXPECT_EQ(c.fd, -1) << c.name;
  EXPECT_EQ(q->calls[1].ret, 4);
}

// ---- epoll_ctl and fcntl ------------------------------------------------------------------------

TEST(StraceLog, EpollCtlReadsItsOpAndEventsWithEpollet) {
  auto p = parse(kEpollServer);
  ASSERT_TRUE(p) << p.error().message;
  const auto ctls = named(*p, "epoll_ctl");
  ASSERT_EQ(ctls.size(), 4u);
  EXPECT_EQ(ctls[0].kind, CallKind::EpollCtl);
  EXPECT_EQ(ctls[0].op, EPOLL_CTL_ADD);
  EXPECT_EQ(ctls[0].arg, std::uint64_t{EPOLLIN} | std::uint64_t{EPOLLET});
  EXPECT_EQ(ctls[0].arg & (1ull << 31), 1ull << 31);
  EXPECT_EQ(ctls[0].fd, 4);  // the epoll descriptor, not the one registered
  EXPECT_FALSE(ctls[0].on_socket);
  EXPECT_EQ(ctls[1].arg, std::uint64_t{EPOLLIN} | EPOLLRDHUP | std::uint64_t{EPOLLET});
  EXPECT_EQ(ctls[2].op, EPOLL_CTL_MOD);
  EXPECT_EQ(ctls[2].arg, std::uint64_t{EPOLLIN} | EPOLLOUT);
  EXPECT_EQ(ctls[3].op, EPOLL_CTL_DEL);
  EXPECT_EQ(ctls[3].arg, 0u);
  // Every flag by name, a bare hex mask, and numbers for the op.
  auto q = parse(
      R"log(1 10:00:00.000001 epoll_ctl(4<anon_inode:[eventpoll]>, EPOLL_CTL_ADD, 5<TCP:[1]>, {events=EPOLLIN|EPOLLPRI|EPOLLOUT|EPOLLERR|EPOLLHUP|EPOLLRDNORM|EPOLLRDBAND|EPOLLWRNORM|EPOLLWRBAND|EPOLLMSG|EPOLLRDHUP|EPOLLEXCLUSIVE|EPOLLWAKEUP|EPOLLONESHOT|EPOLLET, data={u32=5, u64=5}}) = 0 <0.000010>
1 10:00:00.000002 epoll_ctl(4<anon_inode:[eventpoll]>, 3, 5<TCP:[1]>, {events=0x80000001, data={u32=5, u64=5}}) = 0 <0.000010>
)log");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->calls[0].arg, 0x1u | 0x2 | 0x4 | 0x8 | 0x10 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 |
                                 0x2000 | (1u << 28) | (1u << 29) | (1u << 30) | (1u << 31));
  EXPECT_EQ(q->calls[1].op, EPOLL_CTL_MOD);
  EXPECT_EQ(q->calls[1].arg, 0x80000001u);
}

TEST(StraceLog, FcntlReadsTheCommandAndItsArgument) {
  auto p = parse(kSignalDriven);
  ASSERT_TRUE(p) << p.error().message;
  const auto f = named(*p, "fcntl");
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].kind, CallKind::Fcntl);
  EXPECT_EQ(f[0].op, F_SETOWN);
  EXPECT_EQ(f[0].arg, 10242u);
  EXPECT_EQ(f[0].fd, 3);
  EXPECT_TRUE(f[0].on_socket);
  EXPECT_EQ(f[1].op, F_SETSIG);
  EXPECT_EQ(f[1].arg, 35u);  // SIGRT_3: the kernel's SIGRTMIN (32) + 3
  EXPECT_EQ(f[3].op, F_SETFL);
  EXPECT_EQ(f[3].arg, std::uint64_t{O_RDWR | O_NONBLOCK | O_ASYNC});  // "FASYNC" is O_ASYNC
  EXPECT_EQ(f[4].op, F_SETSIG);
  EXPECT_EQ(f[4].arg, 0u);
  auto q = parse(
      R"log(5973  18:32:40.334871 fcntl(5<TCP:[127.0.0.1:34701->127.0.0.1:57580]>, F_SETOWN_EX, {type=F_OWNER_TID, pid=5973}) = 0 <0.000014>
5973  18:32:40.334900 fcntl(5<TCP:[127.0.0.1:34701->127.0.0.1:57580]>, F_SETFL, O_RDONLY|O_ASYNC|O_APPEND|O_NOATIME|O_DIRECT|O_SOMETHING_NEW) = 0 <0.000014>
5973  18:32:40.334950 fcntl(5<TCP:[127.0.0.1:34701->127.0.0.1:57580]>, F_SETFL, 0x802) = 0 <0.000014>
5973  18:32:40.335000 fcntl(5<TCP:[127.0.0.1:34701->127.0.0.1:57580]>, F_SETSIG, SIGIO) = 0 <0.000014>
5973  18:32:40.335050 fcntl(5<TCP:[127.0.0.1:34701->127.0.0.1:57580]>, F_SETSIG, 34) = 0 <0.000014>
5973  18:32:40.335100 fcntl(5<TCP:[127.0.0.1:34701->127.0.0.1:57580]>, F_DUPFD_CLOEXEC, 10) = 7<TCP:[127.0.0.1:34701->127.0.0.1:57580]> <0.000014>
5973  18:32:40.335150 fcntl(255</root/.pyenv/shims/python3>, F_SETFD, FD_CLOEXEC) = 0 <0.000036>
5973  18:32:40.335200 fcntl(255, F_GETFD) = -1 EBADF (Bad file descriptor) <0.000019>
)log");
  ASSERT_TRUE(q) << q.error().message;
  ASSERT_EQ(q->calls.size(), 8u);
  EXPECT_EQ(q->calls[0].op, F_SETOWN_EX);
  EXPECT_EQ(q->calls[0].arg, 5973u);
  EXPECT_EQ(q->calls[1].arg, std::uint64_t{O_ASYNC | O_APPEND | O_NOATIME | O_DIRECT});
  EXPECT_EQ(q->calls[2].arg, std::uint64_t{O_RDWR | O_NONBLOCK});
  EXPECT_EQ(q->calls[3].arg, std::uint64_t{SIGIO});
  EXPECT_EQ(q->calls[4].arg, 34u);
  EXPECT_EQ(q->calls[5].op, F_DUPFD_CLOEXEC);
  EXPECT_EQ(q->calls[5].arg, 10u);
  EXPECT_EQ(q->calls[5].ret, 7);
  EXPECT_EQ(q->calls[6].op, F_SETFD);
  EXPECT_EQ(q->calls[6].arg, std::uint64_t{FD_CLOEXEC});
  EXPECT_FALSE(q->calls[6].on_socket);
  EXPECT_EQ(q->calls[7].fd, 255);  // closed, so not annotated, but fcntl's first is a descriptor
  EXPECT_TRUE(q->calls[7].failed_with(EBADF));
}

// ---- Signals ------------------------------------------------------------------------------------

TEST(StraceLog, SignalsAreCallsWithTheirNumber) {
  auto p = parse(kSignalDriven);
  ASSERT_TRUE(p) << p.error().message;
  std::vector<ObservedCall> signals;
  for (const ObservedCall& c : p->calls)
    if (c.kind == CallKind::Signal) signals.push_back(c);
  ASSERT_EQ(signals.size(), 3u);
  EXPECT_EQ(signals[0].name, "SIGRT_3");
  EXPECT_EQ(signals[0].op, 35);
  EXPECT_EQ(signals[0].tid, 10242);
  EXPECT_EQ(signals[0].t_ns, clock_ns(18, 43, 8, 967242));
  EXPECT_EQ(signals[0].duration_ns, -1);
  EXPECT_EQ(signals[1].name, "SIGIO");
  EXPECT_EQ(signals[1].op, SIGIO);
  EXPECT_EQ(signals[1].fd, 3);  // si_fd, annotated
  EXPECT_TRUE(signals[1].on_socket);
  EXPECT_EQ(signals[2].op, SIGCHLD);
}

TEST(StraceLog, SignalNamesIncludingRealTimeOnesAndUnknownOnes) {
  const std::pair<const char*, int> signals[] = {
      {"SIGIO", 29},      {"SIGPOLL", 29},      {"SIGURG", SIGURG},   {"SIGPIPE", SIGPIPE},
      {"SIGTERM", 15},    {"SIGALRM", SIGALRM}, {"SIGUSR1", SIGUSR1}, {"SIGRTMIN", 32},
      {"SIGRT_1", 33},    {"SIGRT_30", 62},     {"SIGRTMIN+2", 34},   {"SIGRTMAX", 64},
      {"SIGWHATEVER", 0},
  };
  for (const auto& [name, number] : signals) {
    auto p = parse("1 10:00:00.000001 --- " + std::string(name) + " {si_signo=" + name +
                   ", si_code=SI_USER, si_pid=1, si_uid=0} ---\n");
    ASSERT_TRUE(p) << p.error().message;
    ASSERT_EQ(p->calls.size(), 1u);
    EXPECT_EQ(p->calls[0].kind, CallKind::Signal) << name;
    EXPECT_EQ(p->calls[0].name, name);
    EXPECT_EQ(p->calls[0].op, number) << name;
  }
  // Made by hand: a newer strace may show si_fd for a real-time signal queued by F_SETSIG.
  auto rt = parse(
      "1 10:00:00.000001 --- SIGRT_1 {si_signo=SIGRT_1, si_code=POLL_IN, si_band=65, "
      "si_fd=5<TCP:[127.0.0.1:8080->127.0.0.1:40000]>} ---\n"
      "1 10:00:00.000002 --- stopped by SIGSTOP ---\n");
  ASSERT_TRUE(rt) << rt.error().message;
  ASSERT_EQ(rt->calls.size(), 1u);  // a stop is not a delivery
  EXPECT_EQ(rt->calls[0].op, 33);
  EXPECT_EQ(rt->calls[0].fd, 5);
  EXPECT_TRUE(rt->calls[0].on_socket);
}

// ---- Formats ------------------------------------------------------------------------------------

TEST(StraceLog, WithoutDashOLinesWithoutAPidAreTheMainThread) {
  auto p = parse(kNoDashO);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->tgid, 5807);  // not 5808, the first pid printed: a clone made that one
  const ObservedCall accept = named(*p, "accept4").at(0);
  EXPECT_EQ(accept.tid, 5807);
  EXPECT_EQ(accept.peer, "127.0.0.1:39350");
  EXPECT_EQ(named(*p, "socket").at(0).tid, 5807);  // before any "[pid N]"
  EXPECT_EQ(named(*p, "close").at(0).tid, 5807);   // after the others exited
  EXPECT_EQ(named(*p, "connect").at(0).tid, 5808);
  EXPECT_EQ(named(*p, "recvfrom").at(0).tid, 5809);
  // The clone3 lines strace cut to say "Process N attached" are read whole.
  const auto clones = named(*p, "clone3");
  ASSERT_EQ(clones.size(), 2u);
  EXPECT_EQ(clones[0].ret, 5808);
  EXPECT_EQ(clones[1].ret, 5809);
  EXPECT_EQ(clones[1].tid, 5807);
  EXPECT_EQ(clones[1].duration_ns, 102'000);
}

TEST(StraceLog, WithoutDashFNoPidIsPrinted) {
  auto p = parse(
      "18:32:14.326415 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 3<TCP:[100745]> "
      "<0.000042>\n"
      "18:32:14.330764 listen(3<TCP:[127.0.0.1:42819]>, 128) = 0 <0.000062>\n");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->tgid, 0);
  EXPECT_EQ(p->calls[1].tid, 0);
  EXPECT_TRUE(p->command.empty());
}

TEST(StraceLog, EpochTimestampsFromDashTtt) {
  auto p = parse(kEpochTimes);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->calls.size(), 3u);
  EXPECT_EQ(p->calls[0].t_ns, 1796581934'135382000LL);
  EXPECT_EQ(p->calls[0].duration_ns, 8'979'000);
  EXPECT_EQ(p->calls[0].peer, "127.0.0.1:51950");
  EXPECT_EQ(p->calls[2].t_ns, 1796581934'147733000LL);
  EXPECT_EQ(p->tgid, 5802);
}

TEST(StraceLog, ClockTimesStayInOrderPastMidnight) {
  auto p = parse(
      "1 23:59:59.999000 read(3<TCP:[1]>, \"a\", 1) = 1 <0.000010>\n"
      "1 00:00:00.001000 read(3<TCP:[1]>, \"b\", 1) = 1 <0.000010>\n");
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->calls[1].t_ns - p->calls[0].t_ns, 2'000'000);
}

TEST(StraceLog, BlankLinesStraceNoticesAndCarriageReturnsAreFine) {
  auto p = parse(
      "strace: Process 1234 attached\n"
      "\n"
      "1234  10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = 1 <0.000010>\r\n"
      "strace: Process 1234 detached\n"
      "1234  10:00:00.000002 close(3<TCP:[1]>) = 0 <0.000010>");  // no final newline
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->calls.size(), 2u);
  EXPECT_EQ(p->calls[0].duration_ns, 10'000);
}

// ---- What the verdict reads ---------------------------------------------------------------------

TEST(StraceLog, TheVerdictNamesTheSignalDrivenProgram) {
  auto p = parse(kSignalDriven);
  ASSERT_TRUE(p) << p.error().message;
  const ModelVerdict v = name_model(*p);
  EXPECT_EQ(v.model, "sigio") << v.evidence;
  EXPECT_EQ(v.counts.async_setups, 4);  // F_SETOWN, F_SETSIG SIGRT_3, F_SETFL O_ASYNC, F_SETSIG 0
  EXPECT_EQ(v.counts.eagain_receives, 1);
}

TEST(StraceLog, TheVerdictCountsEdgeTriggeredRegistrations) {
  auto p = parse(kEpollServer);
  ASSERT_TRUE(p) << p.error().message;
  const ModelVerdict v = name_model(*p);
  EXPECT_EQ(v.counts.epoll_registrations, 3);
  EXPECT_EQ(v.counts.et_registrations, 2);
  EXPECT_EQ(v.counts.epoll_waits, 2);
  EXPECT_EQ(v.counts.accepts, 1);
  bool main_thread_epoll_et = false;
  for (const ThreadVerdict& t : v.threads)
    if (t.tid == 5791) main_thread_epoll_et = t.model == "epoll-et";
  EXPECT_TRUE(main_thread_epoll_et) << v.evidence;
}

// ---- Logs that are not right --------------------------------------------------------------------

bool says(const Result<ObservedProgram>& r, std::string_view words) {
  return !r.ok() && r.error().message.find(words) != std::string::npos;
}

TEST(StraceLog, AnEmptyLogSaysHowToWriteOne) {
  for (std::string_view text : {"", "\n\n", "strace: Process 12 attached\n"}) {
    auto p = parse(text);
    ASSERT_FALSE(p);
    EXPECT_TRUE(says(p, "empty")) << p.error().message;
    EXPECT_TRUE(says(p, kStraceOptions)) << p.error().message;
  }
}

TEST(StraceLog, NoTimestampsSayThatDashTtIsNeeded) {
  for (std::string_view text :
       {"5791  epoll_wait(4<anon_inode:[eventpoll]>, [], 1023, 0) = 0 <0.000010>\n",
        "read(3</etc/ld.so.cache>, \"\", 1) = 0 <0.000010>\n",
        "[pid  5808] --- SIGIO {si_signo=SIGIO, si_code=SI_KERNEL} ---\n"}) {
    auto p = parse(text);
    EXPECT_TRUE(says(p, "line 1: no timestamp")) << (p ? "parsed" : p.error().message);
    EXPECT_TRUE(says(p, "-tt"));
  }
}

TEST(StraceLog, NoDurationsSayThatDashTIsNeeded) {
  auto p = parse(
      "1 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = 1\n"
      "1 10:00:00.000002 read(3<TCP:[1]>,  <unfinished ...>\n"
      "1 10:00:00.000003 --- SIGIO {si_signo=SIGIO, si_code=SI_KERNEL} ---\n"
      "1 10:00:00.000004 exit_group(0) = ?\n"
      "1 10:00:00.000005 +++ exited with 0 +++\n");
  EXPECT_TRUE(says(p, "-T ")) << (p ? "parsed" : p.error().message);
  EXPECT_TRUE(says(p, "duration"));
  // Lines that never have one are fine when the others do.
  auto q = parse(
      "1 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = 1 <0.000010>\n"
      "1 10:00:00.000004 exit_group(0) = ?\n");
  EXPECT_TRUE(q) << q.error().message;
}

TEST(StraceLog, SocketCallsWithoutAnnotationsSayThatDashYyIsNeeded) {
  auto p = parse(
      "5791  18:32:13.739655 accept4(3, {sa_family=AF_INET, sin_port=htons(56516), "
      "sin_addr=inet_addr(\"127.0.0.1\")}, [16], SOCK_CLOEXEC) = 6 <0.000101>\n"
      "5791  18:32:13.741677 epoll_ctl(4, EPOLL_CTL_ADD, 6, {events=EPOLLIN, data={u32=6, "
      "u64=6}}) = 0 <0.000028>\n"
      "5791  18:32:13.741883 recvfrom(6, \"hi\", 100, 0, NULL, NULL) = 2 <0.000022>\n"
      "5791  18:32:13.741954 sendto(6, \"hi\", 2, 0, NULL, 0) = 2 <0.000045>\n");
  EXPECT_TRUE(says(p, "-yy")) << (p ? "parsed" : p.error().message);
}

TEST(StraceLog, AGarbledLineIsAnErrorNamingItsNumberAndStart) {
  auto p = parse(std::string(kEpochTimes) +
                 "Traceback (most recent call last): the program's own stderr, far longer than "
                 "sixty characters\n");
  ASSERT_FALSE(p);
  EXPECT_TRUE(says(p, "line 5: ")) << p.error().message;
  EXPECT_TRUE(says(p, ": Traceback (most recent call last): the program's own stderr,..."))
      << p.error().message;
  const char* bad[] = {
      "1 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = banana <0.000010>\n",
      "1 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) <0.000010>\n",
      "1 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = 1 <soon>\n",
      "1 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1] = 1 <0.000010>\n",
      "1 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = 1 extra <0.000010>\n",
      "1 10:00:00.000001 --- SIGIO {si_signo=SIGIO}\n",
      "1 10:00:00.000001 --- not a signal ---\n",
      "1 10:00:00.000001 +++ exited with 0\n",
      "1 10:00:00.000001 <... read resumed\n",
      "[pid 12 10:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = 1 <0.000010>\n",
      "1 99:00:00.000001 read(3<TCP:[1]>, \"a\", 1) = 1 <0.000010>\n",
      "1 10:00:00.0000000001 read(3<TCP:[1]>, \"a\", 1) = 1 <0.000010>\n",
  };
  for (const char* line : bad) {
    auto q = parse(std::string("1 10:00:00.000000 close(3<TCP:[1]>) = 0 <0.000010>\n") + line);
    EXPECT_TRUE(says(q, "line 2: ")) << line << " -> " << (q ? "parsed" : q.error().message);
  }
}

TEST(StraceLog, ATruncatedLastLineIsAnError) {
  auto p = parse(
      "12 10:00:00.000000 close(3<TCP:[1.2.3.4:5->6.7.8.9:10]>) = 0 <0.000010>\n"
      "12 10:00:00.000001 recvfrom(5<TCP:[1.2.3.4:5->6.7.8.9:10]>, \"ab");
  ASSERT_FALSE(p);
  EXPECT_TRUE(says(p, "line 2: truncated")) << p.error().message;
  // Cut inside strace's own notice too.
  auto q = parse("18:32:14.332762 clone3({flags=CLONE_VM}strace: Process 5808 attached");
  EXPECT_TRUE(says(q, "line 1: truncated")) << (q ? "parsed" : q.error().message);
}

TEST(StraceLog, ALineLongerThan64KiBIsAnError) {
  const std::string huge = "1 10:00:00.000001 write(3<TCP:[1]>, \"" + std::string(70'000, 'a') +
                           "\", 70000) = 70000 <0.000010>\n";
  auto p = parse("1 10:00:00.000000 close(3<TCP:[1]>) = 0 <0.000010>\n" + huge);
  ASSERT_FALSE(p);
  EXPECT_TRUE(says(p, "line 2: ")) << p.error().message;
  EXPECT_TRUE(says(p, "64 KiB"));
  EXPECT_LT(p.error().message.size(), 200u);
}

TEST(StraceLog, BinaryGarbageIsAnErrorNotACrash) {
  std::string every_byte;
  for (int round = 0; round < 4; ++round)
    for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  std::mt19937 rng(7);
  std::string random_bytes(8192, '\0');
  for (char& c : random_bytes) c = static_cast<char>(rng() & 0xff);
  for (const std::string& text : {every_byte, random_bytes, std::string(100, '\0')}) {
    auto p = parse(text);
    ASSERT_FALSE(p);
    EXPECT_FALSE(p.error().message.empty());
    for (char c : p.error().message)  // quoted bytes are made printable
      EXPECT_TRUE(c >= 0x20 && c < 0x7f) << static_cast<int>(c);
  }
}

TEST(StraceLog, RandomMutationsOfARealLogNeverCrash) {
  const std::string base = std::string(kSelectServer) + std::string(kSignalDriven);
  std::mt19937 rng(20240611);
  int values = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 5) {
        case 0:
          text[at] = static_cast<char>(rng() & 0xff);
          break;
        case 1:
          text.insert(at, 1, "()[]{}<>\",= \n?-E"[rng() % 16]);
          break;
        case 2:
          text.erase(at, 1 + rng() % 8);
          break;
        case 3:
          text.resize(at);
          break;
        default:
          text.insert(at, text.substr(rng() % text.size(), rng() % 40));
          break;
      }
    }
    auto p = parse(text);
    if (p) {
      ++values;
      EXPECT_FALSE(p->calls.empty());
    } else {
      EXPECT_FALSE(p.error().message.empty());
    }
  }
  EXPECT_GT(values, 0);  // some mutations are harmless (a changed digit in a string)
}

}  // namespace
}  // namespace ioscope
