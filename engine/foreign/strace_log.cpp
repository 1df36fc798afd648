// Reads strace's text output (the formats are in strace_log.hpp). A log is input from outside: it
// may be cut short, mangled, or not a log at all, so every index is checked, numbers go through
// std::from_chars, and nothing here throws on bad input. The parser looks at one line at a time
// through string_views and allocates only for what it keeps, about a microsecond a line.
#include "foreign/strace_log.hpp"

#include <fcntl.h>
#include <sys/epoll.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ioscope {

namespace {

using std::string_view;

constexpr std::size_t kNpos = string_view::npos;
constexpr std::size_t kMaxLine = 64 * 1024;  // strace's own lines are far shorter (-s 32)
constexpr std::size_t kExcerpt = 60;         // how much of a bad line an error quotes
constexpr std::int64_t kNsPerSec = 1'000'000'000;
constexpr std::int64_t kNsPerDay = 86'400 * kNsPerSec;
constexpr std::int64_t kMaxSeconds = 9'000'000'000;  // keeps seconds * 1e9 inside int64
constexpr std::int64_t kUnknownErrno = 4095;  // MAX_ERRNO: a failure whose name we do not know
// The kernel's first real-time signal. strace names real-time signals from it (SIGRT_1 is 33),
// not from glibc's SIGRTMIN (34, after the two glibc keeps for itself).
constexpr int kKernelRtMin = 32;
constexpr int kKernelRtMax = 64;
// O_LARGEFILE as the kernel reports it in F_GETFL on x86-64 and the generic ABI; glibc defines
// the user-space O_LARGEFILE as 0 on 64-bit targets, which would name no bit at all.
constexpr std::int64_t kKernelLargeFile = 0x8000;

// ---- The names strace prints, and the numbers they stand for ------------------------------------

struct Named {
  string_view name;
  std::int64_t value;
};

// clang-format off
constexpr Named kErrnos[] = {
    {"EPERM", EPERM},                      {"ENOENT", ENOENT},
    {"ESRCH", ESRCH},                      {"EINTR", EINTR},
    {"EIO", EIO},                          {"ENXIO", ENXIO},
    {"E2BIG", E2BIG},                      {"ENOEXEC", ENOEXEC},
    {"EBADF", EBADF},                      {"ECHILD", ECHILD},
    {"EAGAIN", EAGAIN},                    {"EWOULDBLOCK", EWOULDBLOCK},
    {"ENOMEM", ENOMEM},                    {"EACCES", EACCES},
    {"EFAULT", EFAULT},                    {"ENOTBLK", ENOTBLK},
    {"EBUSY", EBUSY},                      {"EEXIST", EEXIST},
    {"EXDEV", EXDEV},                      {"ENODEV", ENODEV},
    {"ENOTDIR", ENOTDIR},                  {"EISDIR", EISDIR},
    {"EINVAL", EINVAL},                    {"ENFILE", ENFILE},
    {"EMFILE", EMFILE},                    {"ENOTTY", ENOTTY},
    {"ETXTBSY", ETXTBSY},                  {"EFBIG", EFBIG},
    {"ENOSPC", ENOSPC},                    {"ESPIPE", ESPIPE},
    {"EROFS", EROFS},                      {"EMLINK", EMLINK},
    {"EPIPE", EPIPE},                      {"EDOM", EDOM},
    {"ERANGE", ERANGE},                    {"EDEADLK", EDEADLK},
    {"EDEADLOCK", EDEADLOCK},              {"ENAMETOOLONG", ENAMETOOLONG},
    {"ENOLCK", ENOLCK},                    {"ENOSYS", ENOSYS},
    {"ENOTEMPTY", ENOTEMPTY},              {"ELOOP", ELOOP},
    {"ENOMSG", ENOMSG},                    {"EIDRM", EIDRM},
    {"ENOSTR", ENOSTR},                    {"ENODATA", ENODATA},
    {"ETIME", ETIME},                      {"ENOSR", ENOSR},
    {"ENOLINK", ENOLINK},                  {"EPROTO", EPROTO},
    {"EMULTIHOP", EMULTIHOP},              {"EBADMSG", EBADMSG},
    {"EOVERFLOW", EOVERFLOW},              {"EBADFD", EBADFD},
    {"EILSEQ", EILSEQ},                    {"ERESTART", ERESTART},
    {"EUSERS", EUSERS},                    {"ENOTSOCK", ENOTSOCK},
    {"EDESTADDRREQ", EDESTADDRREQ},        {"EMSGSIZE", EMSGSIZE},
    {"EPROTOTYPE", EPROTOTYPE},            {"ENOPROTOOPT", ENOPROTOOPT},
    {"EPROTONOSUPPORT", EPROTONOSUPPORT},  {"EOPNOTSUPP", EOPNOTSUPP},
    {"ENOTSUP", ENOTSUP},                  {"EAFNOSUPPORT", EAFNOSUPPORT},
    {"EADDRINUSE", EADDRINUSE},            {"EADDRNOTAVAIL", EADDRNOTAVAIL},
    {"ENETDOWN", ENETDOWN},                {"ENETUNREACH", ENETUNREACH},
    {"ENETRESET", ENETRESET},              {"ECONNABORTED", ECONNABORTED},
    {"ECONNRESET", ECONNRESET},            {"ENOBUFS", ENOBUFS},
    {"EISCONN", EISCONN},                  {"ENOTCONN", ENOTCONN},
    {"ESHUTDOWN", ESHUTDOWN},              {"ETOOMANYREFS", ETOOMANYREFS},
    {"ETIMEDOUT", ETIMEDOUT},              {"ECONNREFUSED", ECONNREFUSED},
    {"EHOSTDOWN", EHOSTDOWN},              {"EHOSTUNREACH", EHOSTUNREACH},
    {"EALREADY", EALREADY},                {"EINPROGRESS", EINPROGRESS},
    {"ESTALE", ESTALE},                    {"EDQUOT", EDQUOT},
    {"ECANCELED", ECANCELED},              {"EOWNERDEAD", EOWNERDEAD},
    {"ENOTRECOVERABLE", ENOTRECOVERABLE},  {"ENOMEDIUM", ENOMEDIUM},
    {"ENOKEY", ENOKEY},                    {"EKEYEXPIRED", EKEYEXPIRED},
    {"EKEYREVOKED", EKEYREVOKED},          {"ENONET", ENONET},
    {"EREMOTEIO", EREMOTEIO},              {"ERFKILL", ERFKILL},
    {"EHWPOISON", EHWPOISON},
};

// Without "SIG", which strace leaves out in signal masks ("[IO RT_3]"); the real-time ones are
// computed rather than listed.
constexpr Named kSignals[] = {
    {"HUP", SIGHUP},        {"INT", SIGINT},        {"QUIT", SIGQUIT},      {"ILL", SIGILL},
    {"TRAP", SIGTRAP},      {"ABRT", SIGABRT},      {"IOT", SIGABRT},       {"BUS", SIGBUS},
    {"FPE", SIGFPE},        {"KILL", SIGKILL},      {"USR1", SIGUSR1},      {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2},      {"PIPE", SIGPIPE},      {"ALRM", SIGALRM},      {"TERM", SIGTERM},
    {"STKFLT", SIGSTKFLT},  {"CHLD", SIGCHLD},      {"CLD", SIGCHLD},       {"CONT", SIGCONT},
    {"STOP", SIGSTOP},      {"TSTP", SIGTSTP},      {"TTIN", SIGTTIN},      {"TTOU", SIGTTOU},
    {"URG", SIGURG},        {"XCPU", SIGXCPU},      {"XFSZ", SIGXFSZ},      {"VTALRM", SIGVTALRM},
    {"PROF", SIGPROF},      {"WINCH", SIGWINCH},    {"IO", SIGIO},          {"POLL", SIGIO},
    {"PWR", SIGPWR},        {"SYS", SIGSYS},
};

constexpr Named kEpollEvents[] = {
    {"EPOLLIN", EPOLLIN},                {"EPOLLPRI", EPOLLPRI},
    {"EPOLLOUT", EPOLLOUT},              {"EPOLLERR", EPOLLERR},
    {"EPOLLHUP", EPOLLHUP},              {"EPOLLRDNORM", EPOLLRDNORM},
    {"EPOLLRDBAND", EPOLLRDBAND},        {"EPOLLWRNORM", EPOLLWRNORM},
    {"EPOLLWRBAND", EPOLLWRBAND},        {"EPOLLMSG", EPOLLMSG},
    {"EPOLLRDHUP", EPOLLRDHUP},          {"EPOLLEXCLUSIVE", EPOLLEXCLUSIVE},
    {"EPOLLWAKEUP", EPOLLWAKEUP},        {"EPOLLONESHOT", EPOLLONESHOT},
    {"EPOLLET", EPOLLET},
};

constexpr Named kEpollOps[] = {
    {"EPOLL_CTL_ADD", EPOLL_CTL_ADD},  {"EPOLL_CTL_DEL", EPOLL_CTL_DEL},
    {"EPOLL_CTL_MOD", EPOLL_CTL_MOD},
};

constexpr Named kOpenFlags[] = {
    {"O_RDONLY", O_RDONLY},             {"O_WRONLY", O_WRONLY},
    {"O_RDWR", O_RDWR},                 {"O_CREAT", O_CREAT},
    {"O_EXCL", O_EXCL},                 {"O_NOCTTY", O_NOCTTY},
    {"O_TRUNC", O_TRUNC},               {"O_APPEND", O_APPEND},
    {"O_NONBLOCK", O_NONBLOCK},         {"O_NDELAY", O_NDELAY},
    {"O_DSYNC", O_DSYNC},               {"O_SYNC", O_SYNC},
    {"O_ASYNC", O_ASYNC},               {"FASYNC", FASYNC},
    {"O_DIRECT", O_DIRECT},             {"O_DIRECTORY", O_DIRECTORY},
    {"O_NOFOLLOW", O_NOFOLLOW},         {"O_NOATIME", O_NOATIME},
    {"O_CLOEXEC", O_CLOEXEC},           {"O_PATH", O_PATH},
    {"O_LARGEFILE", kKernelLargeFile},
};

constexpr Named kFdFlags[] = {
    {"FD_CLOEXEC", FD_CLOEXEC},
};

constexpr Named kFcntlCommands[] = {
    {"F_DUPFD", F_DUPFD},                  {"F_GETFD", F_GETFD},
    {"F_SETFD", F_SETFD},                  {"F_GETFL", F_GETFL},
    {"F_SETFL", F_SETFL},                  {"F_GETLK", F_GETLK},
    {"F_SETLK", F_SETLK},                  {"F_SETLKW", F_SETLKW},
    {"F_SETOWN", F_SETOWN},                {"F_GETOWN", F_GETOWN},
    {"F_SETSIG", F_SETSIG},                {"F_GETSIG", F_GETSIG},
    {"F_SETOWN_EX", F_SETOWN_EX},          {"F_GETOWN_EX", F_GETOWN_EX},
    {"F_OFD_GETLK", F_OFD_GETLK},          {"F_OFD_SETLK", F_OFD_SETLK},
    {"F_OFD_SETLKW", F_OFD_SETLKW},        {"F_SETLEASE", F_SETLEASE},
    {"F_GETLEASE", F_GETLEASE},            {"F_NOTIFY", F_NOTIFY},
    {"F_DUPFD_CLOEXEC", F_DUPFD_CLOEXEC},  {"F_SETPIPE_SZ", F_SETPIPE_SZ},
    {"F_GETPIPE_SZ", F_GETPIPE_SZ},        {"F_ADD_SEALS", F_ADD_SEALS},
    {"F_GET_SEALS", F_GET_SEALS},
};
// clang-format on

template <std::size_t N>
std::optional<std::int64_t> lookup(const Named (&table)[N], string_view name) {
  for (const Named& n : table)
    if (n.name == name) return n.value;
  return std::nullopt;
}

struct KindOf {
  string_view name;
  CallKind kind;
};

constexpr KindOf kKinds[] = {
    {"read", CallKind::Receive},
    {"recv", CallKind::Receive},
    {"recvfrom", CallKind::Receive},
    {"recvmsg", CallKind::Receive},
    {"recvmmsg", CallKind::Receive},
    {"recvmmsg_time64", CallKind::Receive},
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
    {"_newselect", CallKind::Select},
    {"pselect6", CallKind::Select},
    {"pselect6_time64", CallKind::Select},
    {"poll", CallKind::Poll},
    {"ppoll", CallKind::Poll},
    {"ppoll_time64", CallKind::Poll},
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
    {"rt_sigtimedwait_time64", CallKind::SignalWait},
    {"sigwaitinfo", CallKind::SignalWait},
    {"rt_sigsuspend", CallKind::SignalWait},
    {"sigsuspend", CallKind::SignalWait},
    {"pause", CallKind::SignalWait},
};

CallKind kind_of(string_view name) {
  for (const KindOf& k : kKinds)
    if (k.name == name) return k.kind;
  return CallKind::Other;
}

bool makes_a_task(string_view name) {
  return name == "clone" || name == "clone3" || name == "fork" || name == "vfork";
}

// ---- Characters and numbers ---------------------------------------------------------------------

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_space(char c) {
  return c == ' ' || c == '\t';
}
bool is_name_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool opens(char c) {
  return c == '(' || c == '[' || c == '{';
}
bool closes(char c) {
  return c == ')' || c == ']' || c == '}';
}

// Pieces joined into one string, with one allocation (and none of GCC 12's -Wrestrict false
// alarms about "literal" + std::string).
std::string cat(std::initializer_list<string_view> parts) {
  std::size_t n = 0;
  for (string_view p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (string_view p : parts) out += p;
  return out;
}

std::size_t skip_spaces(string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

string_view trim(string_view s) {
  const std::size_t b = skip_spaces(s, 0);
  std::size_t e = s.size();
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::size_t count_digits(string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

// A decimal ("-1", "5") or hexadecimal ("0x7f00") integer at s[i]; i moves past it. Hex is read
// unsigned and kept as its bits, as strace prints addresses and masks.
bool parse_int(string_view s, std::size_t& i, std::int64_t& out) {
  const char* first = s.data() + i;
  const char* last = s.data() + s.size();
  if (s.substr(i, 2) == "0x" || s.substr(i, 2) == "0X") {
    std::uint64_t u = 0;
    const auto r = std::from_chars(first + 2, last, u, 16);
    if (r.ec != std::errc{} || r.ptr == first + 2) return false;
    out = static_cast<std::int64_t>(u);
    i = static_cast<std::size_t>(r.ptr - s.data());
    return true;
  }
  const auto r = std::from_chars(first, last, out);
  if (r.ec == std::errc::result_out_of_range && first < last && *first != '-') {
    // strace prints some results as unsigned 64-bit numbers (rt_sigreturn hands back whatever
    // the interrupted call had in its register): the same bits, as a signed value.
    std::uint64_t u = 0;
    const auto ru = std::from_chars(first, last, u);
    if (ru.ec != std::errc{}) return false;
    out = static_cast<std::int64_t>(u);
    i = static_cast<std::size_t>(ru.ptr - s.data());
    return true;
  }
  if (r.ec != std::errc{}) return false;
  i = static_cast<std::size_t>(r.ptr - s.data());
  return true;
}

// The whole of s is one integer.
std::optional<std::int64_t> whole_int(string_view s) {
  std::size_t i = 0;
  std::int64_t v = 0;
  if (s.empty() || !parse_int(s, i, v) || i != s.size()) return std::nullopt;
  return v;
}

// Up to nine digits after a decimal point, as nanoseconds ("000123" -> 123000).
bool parse_fraction(string_view s, std::size_t& i, std::int64_t& ns) {
  const std::size_t n = count_digits(s, i);
  if (n == 0 || n > 9) return false;
  std::int64_t v = 0;
  std::from_chars(s.data() + i, s.data() + i + n, v);
  for (std::size_t k = n; k < 9; ++k) v *= 10;
  ns = v;
  i += n;
  return true;
}

// "SECONDS[.FRACTION]" at s[i], as nanoseconds: -ttt timestamps and -T durations.
bool parse_seconds(string_view s, std::size_t& i, std::int64_t& ns) {
  const std::size_t n = count_digits(s, i);
  std::int64_t secs = 0;
  if (n == 0 || n > 10) return false;
  std::from_chars(s.data() + i, s.data() + i + n, secs);
  if (secs > kMaxSeconds) return false;
  i += n;
  std::int64_t frac = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!parse_fraction(s, i, frac)) return false;
  }
  ns = secs * kNsPerSec + frac;
  return true;
}

// A one- or two-digit clock field below `limit`.
bool parse_clock_field(string_view s, std::size_t& i, std::int64_t limit, std::int64_t& out) {
  const std::size_t n = count_digits(s, i);
  if (n == 0 || n > 2) return false;
  std::from_chars(s.data() + i, s.data() + i + n, out);
  i += n;
  return out < limit;
}

// ---- strace's quoting: strings, -yy annotations and brackets ------------------------------------

// Just past the string literal opening at s[i] ('"'), or kNpos when it never closes.
std::size_t skip_quoted(string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return kNpos;
}

// Just past the -yy annotation opening at s[i] ('<'), or kNpos. Annotations nest
// ("2</dev/null<char 1:3>>"), and strace escapes '<' and '>' inside paths ("a-\76b"), so
// counting them is exact; the one '>' that does not close is the arrow of a connected socket
// ("TCP:[127.0.0.1:8080->127.0.0.1:40000]"), which a path (starting with '/') cannot hold.
std::size_t skip_annotation(string_view s, std::size_t i) {
  const bool path = i + 1 < s.size() && s[i + 1] == '/';
  int depth = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '<') {
      ++depth;
    } else if (s[i] == '>' && (path || s[i - 1] != '-') && --depth == 0) {
      return i + 1;
    }
  }
  return kNpos;
}

// Strings and annotations are opaque: a ')' or ',' inside them is data. An annotation is a '<'
// right after a descriptor ("5<...>", "AT_FDCWD</tmp>"); strace puts a space before its other
// '<' ("<unfinished ...>", "<0.000123>").
std::size_t step(string_view s, std::size_t i) {
  if (s[i] == '"') return skip_quoted(s, i);
  if (s[i] == '<' && i > 0 && is_name_char(s[i - 1])) return skip_annotation(s, i);
  return i + 1;
}

// The first arguments of a list (the text after its '('), split at the commas outside brackets,
// strings and annotations, and the ')' that closes it: kNpos when it does not close (a call
// left unfinished, or a line cut short), or closes with another bracket.
struct Args {
  std::array<string_view, 6> v{};
  std::size_t n = 0;
  std::size_t close = kNpos;
  string_view operator[](std::size_t i) const { return i < n ? v[i] : string_view{}; }
  void add(string_view arg) {
    if (n < v.size()) v[n++] = trim(arg);
  }
};

// One pass over the list; this is where a parse spends most of its time.
Args scan_args(string_view s) {
  Args a;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); i = step(s, i)) {
    const char c = s[i];
    if (opens(c)) {
      ++depth;
    } else if (closes(c) && depth-- == 0) {
      if (c != ')') return a;
      a.add(s.substr(start, i - start));
      a.close = i;
      return a;
    } else if (c == ',' && depth == 0) {
      a.add(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (start < s.size() && !trim(s.substr(start)).empty()) a.add(s.substr(start));
  return a;
}

// The text between the quotes of a string argument, with strace's escapes undone (enough for a
// command line: \n \t \" \\ and octal/hex bytes); "..." after the quote marks a truncated one.
std::string unquote(string_view s) {
  std::string out;
  if (s.empty() || s[0] != '"') return out;
  const std::size_t end = skip_quoted(s, 0);
  if (end == kNpos) return out;
  for (std::size_t i = 1; i + 1 < end; ++i) {
    if (s[i] != '\\' || i + 2 >= end) {
      out += s[i];
      continue;
    }
    const char e = s[++i];
    if (e == 'n') {
      out += '\n';
    } else if (e == 't') {
      out += '\t';
    } else if (e == 'x' || is_digit(e)) {
      const int base = e == 'x' ? 16 : 8;
      const std::size_t from = e == 'x' ? i + 1 : i;
      const std::size_t most = e == 'x' ? 2 : 3;
      unsigned v = 0;
      const auto r =
          std::from_chars(s.data() + from, s.data() + std::min(from + most, end - 1), v, base);
      out += static_cast<char>(v & 0xff);
      i = static_cast<std::size_t>(r.ptr - s.data()) - 1;
    } else {
      out += e;
    }
  }
  if (s.substr(end, 3) == "...") out += "...";
  return out;
}

// ---- Arguments the verdict reads ----------------------------------------------------------------

// A descriptor argument: "5", or "5<TCP:[127.0.0.1:8080->127.0.0.1:40000]>" with -yy.
struct FdArg {
  bool valid = false;
  int number = -1;
  string_view note;  // inside the annotation's outer <>
  bool annotated = false;
};

FdArg parse_fd(string_view arg) {
  FdArg fd;
  const std::size_t n = count_digits(arg, 0);
  if (n == 0 || n > 9) return fd;
  std::from_chars(arg.data(), arg.data() + n, fd.number);
  if (n == arg.size()) {
    fd.valid = true;
    return fd;
  }
  if (arg[n] != '<' || skip_annotation(arg, n) != arg.size()) return fd;
  fd.valid = fd.annotated = true;
  fd.note = arg.substr(n + 1, arg.size() - n - 2);
  return fd;
}

// -yy names sockets by protocol ("TCP:[...]", "UNIX-STREAM:[...]", or "socket:[inode]" with -y),
// files by path ("/dev/null") and the rest by kind ("pipe:[...]", "anon_inode:[eventpoll]").
bool names_socket(string_view note) {
  const std::size_t colon = note.find(':');
  if (colon == kNpos) return false;
  const string_view proto = note.substr(0, colon);
  if (proto == "socket") return true;
  constexpr string_view kFamilies[] = {"TCP",  "UDP",  "UNIX",  "NETLINK", "RAW",    "PING",
                                       "SCTP", "DCCP", "MPTCP", "L2TP",    "PACKET", "XDP"};
  for (string_view f : kFamilies)
    if (proto.starts_with(f)) return true;
  return false;
}

// The remote end of a connected TCP or UDP socket's annotation: "TCP:[local->remote]".
std::string remote_of(string_view note) {
  if (!note.starts_with("TCP") && !note.starts_with("UDP")) return {};
  const std::size_t open = note.find('[');
  if (open == kNpos || note.back() != ']') return {};
  const string_view inner = note.substr(open + 1, note.size() - open - 2);
  const std::size_t arrow = inner.find("->");
  return arrow == kNpos ? std::string{} : std::string(inner.substr(arrow + 2));
}

// The text after `key` up to `stop`, or empty when either is missing.
string_view between(string_view s, string_view key, char stop) {
  const std::size_t at = s.find(key);
  if (at == kNpos) return {};
  const std::size_t from = at + key.size();
  const std::size_t end = s.find(stop, from);
  return end == kNpos ? string_view{} : s.substr(from, end - from);
}

// The value of `key` in a struct strace printed ("{events=EPOLLIN|EPOLLET, data=...}"), up to the
// next ',' or '}'; empty when the key is missing.
string_view field(string_view s, string_view key) {
  const std::size_t at = s.find(key);
  if (at == kNpos) return {};
  const string_view rest = s.substr(at + key.size());
  return rest.substr(0, rest.find_first_of(",}"));
}

// The address in a sockaddr argument: {sa_family=AF_INET, sin_port=htons(8080),
// sin_addr=inet_addr("127.0.0.1")}, its AF_INET6 form, or an AF_UNIX path.
std::string peer_of_sockaddr(string_view arg) {
  if (const string_view v4 = between(arg, "inet_addr(\"", '"'); !v4.empty()) {
    const string_view port = between(arg, "sin_port=htons(", ')');
    return port.empty() ? std::string(v4) : cat({v4, ":", port});
  }
  if (const string_view v6 = between(arg, "inet_pton(AF_INET6, \"", '"'); !v6.empty()) {
    const string_view port = between(arg, "sin6_port=htons(", ')');
    return port.empty() ? cat({"[", v6, "]"}) : cat({"[", v6, "]:", port});
  }
  return std::string(between(arg, "sun_path=\"", '"'));
}

// "EPOLLIN|EPOLLET", "O_RDWR|O_NONBLOCK|FASYNC", "0x8001": names from `table` and numbers,
// or'ed. Names the table lacks are left out: only the bits the verdict knows matter.
template <std::size_t N>
std::uint64_t parse_flags(string_view s, const Named (&table)[N]) {
  std::uint64_t bits = 0;
  while (!s.empty()) {
    const std::size_t bar = s.find('|');
    const string_view word = trim(s.substr(0, bar));
    if (const auto v = lookup(table, word)) {
      bits |= static_cast<std::uint64_t>(*v);
    } else if (const auto n = whole_int(word)) {
      bits |= static_cast<std::uint64_t>(*n);
    }
    if (bar == kNpos) break;
    s.remove_prefix(bar + 1);
  }
  return bits;
}

// A signal by strace's name ("SIGIO", "SIGRT_1", "SIGRTMIN+2", "RT_3") or number; 0 when unknown.
int signal_number(string_view name) {
  if (const auto n = whole_int(name))
    return *n > 0 && *n <= kKernelRtMax ? static_cast<int>(*n) : 0;
  if (name.starts_with("SIG")) name.remove_prefix(3);
  if (const auto v = lookup(kSignals, name)) return static_cast<int>(*v);
  int base = 0;
  int sign = 1;
  if (name.starts_with("RT_")) {
    base = kKernelRtMin;
    name.remove_prefix(3);
  } else if (name.starts_with("RTMIN")) {
    base = kKernelRtMin;
    name.remove_prefix(5);
    if (name.starts_with('+')) name.remove_prefix(1);
  } else if (name.starts_with("RTMAX")) {
    base = kKernelRtMax;
    sign = -1;
    name.remove_prefix(5);
    if (name.starts_with('-')) name.remove_prefix(1);
  } else {
    return 0;
  }
  if (name.empty()) return base;
  const auto n = whole_int(name);
  if (!n || *n < 0 || *n > kKernelRtMax - kKernelRtMin) return 0;
  return base + sign * static_cast<int>(*n);
}

std::int64_t errno_number(string_view name) {
  if (const auto v = lookup(kErrnos, name)) return *v;
  // The kernel's restart codes: the call was interrupted by a signal, as EINTR to the program
  // (or restarted, which the program does not see either way).
  if (name.starts_with("ERESTART")) return EINTR;
  if (name.starts_with("ERRNO_")) {
    if (const auto n = whole_int(name.substr(6)); n && *n > 0 && *n <= kUnknownErrno) return *n;
  }
  return kUnknownErrno;
}

// What comes after the argument list: "= ret[<note>] [ERRNO] [(text)]... [<secs>]".
struct Outcome {
  std::int64_t ret = 0;
  bool unknown = false;  // "= ?": the call never returned (exit) or strace lost it
  string_view note;      // the -yy annotation of a returned descriptor
  std::int64_t duration_ns = -1;
};

const char* parse_duration(string_view s, std::size_t i, Outcome& out) {
  if (s.back() != '>') return "a duration \"<secs>\" that does not close";
  const string_view inside = s.substr(i + 1, s.size() - i - 2);
  if (inside == "unavailable") return nullptr;
  std::size_t k = 0;
  if (!parse_seconds(inside, k, out.duration_ns) || k != inside.size())
    return "a duration that is not \"<seconds>\"";
  return nullptr;
}

const char* parse_outcome(string_view s, Outcome& out) {
  std::size_t i = skip_spaces(s, 0);
  if (i >= s.size() || s[i] != '=') return "no \" = result\" after the arguments";
  i = skip_spaces(s, i + 1);
  if (i < s.size() && s[i] == '?') {
    out.unknown = true;
    ++i;
  } else if (!parse_int(s, i, out.ret)) {
    return "the result is not a number";
  }
  if (i < s.size() && s[i] == '<' && !out.unknown) {
    const std::size_t end = skip_annotation(s, i);
    if (end == kNpos) return "an annotation of the result that does not close";
    out.note = s.substr(i + 1, end - i - 2);
    i = end;
  }
  i = skip_spaces(s, i);
  if (i < s.size() && s[i] == 'E' && (out.unknown || out.ret == -1)) {
    std::size_t e = i;
    while (e < s.size() && is_name_char(s[e])) ++e;
    out.ret = -errno_number(s.substr(i, e - i));
    out.unknown = false;
    i = e;
  }
  for (i = skip_spaces(s, i); i < s.size() && s[i] == '('; i = skip_spaces(s, i)) {
    const std::size_t close = scan_args(s.substr(i + 1)).close;
    if (close == kNpos) return "a note after the result that does not close";
    i += close + 2;
  }
  if (i == s.size()) return nullptr;
  if (s[i] == '<') return parse_duration(s, i, out);
  return "unexpected text after the result";
}

// ---- The parts of a line before the event -------------------------------------------------------

// "[pid  123] " (strace without -o) or "123 " (-f with -o), or nothing (one task, no -f).
const char* parse_pid(string_view s, std::size_t& i, int& pid) {
  const bool bracketed = s.starts_with("[pid");
  std::size_t k = bracketed ? skip_spaces(s, 4) : 0;
  const std::size_t n = count_digits(s, k);
  if (n == 0 || n > 9) return bracketed ? "a \"[pid N]\" without a number" : nullptr;
  const std::size_t after = k + n;
  if (bracketed ? (after >= s.size() || s[after] != ']')
                : (after >= s.size() || !is_space(s[after]))) {
    return bracketed ? "a \"[pid N]\" that does not close" : nullptr;  // a timestamp, not a pid
  }
  std::from_chars(s.data() + k, s.data() + after, pid);
  if (pid <= 0) return "a pid that is not positive";
  i = skip_spaces(s, after + (bracketed ? 1 : 0));
  return nullptr;
}

// "HH:MM:SS[.frac]" (-tt; -t has no fraction) or "SECONDS.frac" (-ttt), then a space.
bool parse_timestamp(string_view s, std::size_t& i, std::int64_t& ns, bool& wall_clock) {
  std::size_t k = i;
  const std::size_t n = count_digits(s, k);
  if (n == 0) return false;
  wall_clock = k + n < s.size() && s[k + n] == ':';
  if (wall_clock) {
    std::int64_t h = 0, m = 0, sec = 0, frac = 0;
    if (!parse_clock_field(s, k, 24, h) || k >= s.size() || s[k++] != ':' ||
        !parse_clock_field(s, k, 60, m) || k >= s.size() || s[k++] != ':' ||
        !parse_clock_field(s, k, 61, sec))
      return false;
    if (k < s.size() && s[k] == '.' && !parse_fraction(s, ++k, frac)) return false;
    ns = ((h * 60 + m) * 60 + sec) * kNsPerSec + frac;
  } else if (!parse_seconds(s, k, ns) || k == i + n) {
    return false;  // "-ttt" always has its fraction; a bare number is something else
  }
  if (k >= s.size() || !is_space(s[k])) return false;
  i = skip_spaces(s, k);
  return true;
}

// An event line strace wrote without -tt: "read(...", "--- SIG...", "+++ ...", "<... ".
bool looks_like_event(string_view s) {
  if (s.starts_with("--- ") || s.starts_with("+++ ") || s.starts_with("<... ")) return true;
  std::size_t i = 0;
  while (i < s.size() && is_name_char(s[i])) ++i;
  return i > 0 && i < s.size() && s[i] == '(';
}

std::string excerpt(string_view line) {
  std::string out(line.substr(0, kExcerpt));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  if (line.size() > kExcerpt) out += "...";
  return out;
}

std::string options_hint() {
  return cat({"(", kStraceOptions, " PROGRAM)"});
}

// Where strace without -o cut one of our lines to print its own "strace: Process N attached"
// (the rest of the line follows on the next one), or kNpos.
std::size_t strace_message_inside(string_view line) {
  const std::size_t at = line.find("strace: Process ");
  if (at == kNpos || at == 0) return kNpos;
  const string_view tail = line.substr(at);
  return tail.ends_with(" attached") || tail.ends_with(" detached") ? at : kNpos;
}

// ---- The log ------------------------------------------------------------------------------------

class LogParser {
 public:
  // One line without its newline: an empty string, or what is wrong with it.
  std::string take(string_view line);
  Result<ObservedProgram> finish();

 private:
  struct Pending {
    std::size_t index = 0;  // into program_.calls
    std::string args;       // the arguments printed before "<unfinished ...>"
  };

  std::string take_event(string_view body, int pid, std::int64_t t_ns);
  std::string take_call(string_view body, int pid, std::int64_t t_ns);
  std::string take_resumed(string_view body, int pid);
  std::string take_signal(string_view body, int pid, std::int64_t t_ns);
  std::string complete(std::size_t index, string_view text);
  using PendingMap = std::unordered_map<int, Pending>;
  PendingMap::iterator pending_for(int pid, string_view name);
  void describe(ObservedCall& c, const Args& a);
  void read_fd(ObservedCall& c, string_view arg);
  void read_command(const Args& a);
  void note_pid(int pid);
  std::int64_t on_one_clock(std::int64_t t_ns, bool wall_clock);

  ObservedProgram program_;
  PendingMap pending_;         // by pid as printed (0: no prefix)
  std::vector<int> prefixed_;  // the pids printed, first seen first
  std::unordered_set<int> prefixed_seen_;
  std::unordered_set<int> children_;  // tasks the log's clone/fork calls made
  int last_pid_ = -1;
  int first_pid_ = -1;  // of the first event (0: printed without a pid)
  bool saw_execve_ = false;
  bool saw_annotation_ = false;  // any -yy annotation, anywhere
  bool saw_plain_fd_ = false;    // a descriptor argument without one
  std::int64_t finished_ = 0;    // calls that returned a result
  std::int64_t timed_ = 0;       // of those, with a -T duration
  std::int64_t last_clock_ = 0;  // -tt wraps at midnight; the day is added back
  std::int64_t day_offset_ = 0;
};

std::string LogParser::take(string_view line) {
  if (trim(line).empty() || line.starts_with("strace: ")) return {};
  std::size_t i = 0;
  int pid = 0;
  if (const char* why = parse_pid(line, i, pid)) return why;
  std::int64_t t_ns = 0;
  bool wall_clock = false;
  if (!parse_timestamp(line, i, t_ns, wall_clock)) {
    if (looks_like_event(line.substr(i)))
      return cat({"no timestamp: strace needs -tt ", options_hint()});
    return "not a line strace writes (pid, timestamp, then a call or a signal)";
  }
  return take_event(line.substr(i), pid, on_one_clock(t_ns, wall_clock));
}

std::int64_t LogParser::on_one_clock(std::int64_t t_ns, bool wall_clock) {
  if (!wall_clock) return t_ns;
  if (t_ns + day_offset_ < last_clock_ - kNsPerDay / 2) day_offset_ += kNsPerDay;
  last_clock_ = t_ns + day_offset_;
  return last_clock_;
}

std::string LogParser::take_event(string_view body, int pid, std::int64_t t_ns) {
  note_pid(pid);
  if (body.starts_with("+++ ")) {
    if (!body.ends_with("+++")) return "an exit line that does not end in \"+++\"";
    pending_.erase(pid);  // a task that exited never resumes what it left unfinished
    return {};
  }
  if (body.starts_with("--- ")) return take_signal(body, pid, t_ns);
  if (body.starts_with("<... ")) return take_resumed(body, pid);
  return take_call(body, pid, t_ns);
}

void LogParser::note_pid(int pid) {
  if (first_pid_ < 0) first_pid_ = pid;
  if (pid == 0 || pid == last_pid_) return;
  last_pid_ = pid;
  if (prefixed_seen_.insert(pid).second) prefixed_.push_back(pid);
}

std::string LogParser::take_call(string_view body, int pid, std::int64_t t_ns) {
  std::size_t n = 0;
  while (n < body.size() && is_name_char(body[n])) ++n;
  if (n == 0 || n >= body.size() || body[n] != '(') return "not a system call \"name(args) = ret\"";
  ObservedCall c;
  c.t_ns = t_ns;
  c.tid = pid;
  c.kind = kind_of(body.substr(0, n));
  c.name = std::string(body.substr(0, n));
  if (c.name == "execve" && !saw_execve_) {
    saw_execve_ = true;
    read_command(scan_args(body.substr(n + 1)));
  }
  program_.calls.push_back(std::move(c));
  const std::size_t index = program_.calls.size() - 1;
  const string_view rest = body.substr(n + 1);
  constexpr string_view kUnfinished = "<unfinished ...>";
  // strace -p stopped (Ctrl-C) while the call waited: it began, and nothing more is known.
  constexpr string_view kDetached = "<detached ...>";
  if (rest.ends_with(kDetached)) {
    describe(program_.calls[index], scan_args(rest.substr(0, rest.size() - kDetached.size())));
    return {};
  }
  if (!rest.ends_with(kUnfinished)) return complete(index, rest);
  const string_view args = rest.substr(0, rest.size() - kUnfinished.size());
  describe(program_.calls[index], scan_args(args));
  pending_[pid] = Pending{index, std::string(args)};
  return {};
}

// strace without -o stops printing "[pid N]" once one task is left, so a call one task began
// with its prefix may resume without it (or the other way round): match those by name.
LogParser::PendingMap::iterator LogParser::pending_for(int pid, string_view name) {
  if (const auto it = pending_.find(pid); it != pending_.end()) return it;
  const auto named = [&](const PendingMap::value_type& p) {
    return program_.calls[p.second.index].name == name;
  };
  if (pid == 0) return std::find_if(pending_.begin(), pending_.end(), named);
  const auto it = pending_.find(0);
  return it != pending_.end() && named(*it) ? it : pending_.end();
}

std::string LogParser::take_resumed(string_view body, int pid) {
  constexpr string_view kResumed = " resumed>";
  const std::size_t end = body.find(kResumed, 5);
  if (end == kNpos || end == 5) return "a \"<... name resumed>\" that does not close";
  const string_view name = body.substr(5, end - 5);
  const auto p = pending_for(pid, name);
  if (p == pending_.end()) return cat({"\"", name, " resumed\" with no unfinished call to resume"});
  const std::size_t index = p->second.index;
  if (program_.calls[index].name != name)
    return cat({"\"", name, " resumed\" but the unfinished call is ", program_.calls[index].name});
  const std::string text = cat({p->second.args, body.substr(end + kResumed.size())});
  pending_.erase(p);
  return complete(index, text);
}

// The arguments and result of the call at `index`, from the text after its '('.
std::string LogParser::complete(std::size_t index, string_view text) {
  const Args args = scan_args(text);
  if (args.close == kNpos) return "an argument list that does not close";
  Outcome o;
  if (const char* why = parse_outcome(text.substr(args.close + 1), o)) return why;
  ObservedCall& c = program_.calls[index];
  describe(c, args);
  c.ret = o.ret;
  c.duration_ns = o.duration_ns;
  if (!o.unknown) ++finished_;
  if (o.duration_ns >= 0) ++timed_;
  if (!o.note.empty()) {
    saw_annotation_ = true;
    if (c.kind == CallKind::Accept && names_socket(o.note)) {
      c.on_socket = true;
      if (std::string peer = remote_of(o.note); !peer.empty()) c.peer = std::move(peer);
    }
  }
  if (makes_a_task(c.name) && c.ret > 0 && c.ret < INT32_MAX)
    children_.insert(static_cast<int>(c.ret));
  return {};
}

void LogParser::describe(ObservedCall& c, const Args& a) {
  read_fd(c, a[0]);
  switch (c.kind) {
    case CallKind::EpollCtl: {
      c.op = static_cast<int>(lookup(kEpollOps, a[1]).value_or(whole_int(a[1]).value_or(0)));
      c.arg = parse_flags(field(a[3], "events="), kEpollEvents);
      break;
    }
    case CallKind::Fcntl: {
      c.op = static_cast<int>(lookup(kFcntlCommands, a[1]).value_or(whole_int(a[1]).value_or(-1)));
      if (c.op == F_SETFL) {
        c.arg = parse_flags(a[2], kOpenFlags);
      } else if (c.op == F_SETFD) {
        c.arg = parse_flags(a[2], kFdFlags);
      } else if (c.op == F_SETSIG) {
        c.arg = static_cast<std::uint64_t>(signal_number(a[2]));
      } else if (c.op == F_SETOWN_EX || c.op == F_GETOWN_EX) {
        c.arg = static_cast<std::uint64_t>(whole_int(field(a[2], "pid=")).value_or(0));
      } else {
        c.arg = static_cast<std::uint64_t>(whole_int(a[2]).value_or(0));
      }
      break;
    }
    case CallKind::Accept:
    case CallKind::Connect:
      if (c.peer.empty()) c.peer = peer_of_sockaddr(a[1]);
      break;
    default:
      break;
  }
}

void LogParser::read_fd(ObservedCall& c, string_view arg) {
  const FdArg fd = parse_fd(arg);
  if (!fd.valid) return;
  if (fd.annotated) {
    saw_annotation_ = true;
  } else if (!first_arg_is_fd(c.kind)) {
    return;
  } else {
    saw_plain_fd_ = true;
  }
  c.fd = fd.number;
  c.on_socket = names_socket(fd.note);
}

// execve("/usr/bin/python3", ["python3", "server.py"], ...): the path, then argv[1...].
void LogParser::read_command(const Args& a) {
  std::string command = unquote(a[0]);
  string_view argv = a[1];
  if (argv.size() < 2 || argv.front() != '[') {
    program_.command = std::move(command);
    return;
  }
  argv = argv.substr(1, argv.size() - 2);
  bool first = true;
  for (std::size_t i = 0; i < argv.size() && command.size() < 512;) {
    if (argv[i] != '"') {
      ++i;
      continue;
    }
    const std::size_t end = skip_quoted(argv, i);
    if (end == kNpos) break;
    if (!first) {
      command += ' ';
      command += unquote(argv.substr(i));
    }
    first = false;
    i = end;
  }
  program_.command = std::move(command);
}

std::string LogParser::take_signal(string_view body, int pid, std::int64_t t_ns) {
  if (body.size() < 8 || !body.ends_with(" ---"))
    return "a signal line that does not end in \"---\"";
  const string_view inner = body.substr(4, body.size() - 8);
  if (inner.starts_with("stopped by ")) return {};  // a stop, not a delivery
  const string_view name = inner.substr(0, inner.find(' '));
  if (!name.starts_with("SIG")) return "a \"---\" line that names no signal";
  ObservedCall c;
  c.t_ns = t_ns;
  c.tid = pid;
  c.kind = CallKind::Signal;
  c.name = std::string(name);
  c.op = signal_number(name);
  // SIGIO-style deliveries say which descriptor is ready ("si_fd=5").
  const string_view info = inner.substr(name.size());
  if (const std::size_t at = info.find("si_fd="); at != kNpos) {
    string_view rest = info.substr(at + 6);
    std::size_t end = 0;
    while (end < rest.size() && rest[end] != ',' && rest[end] != '}') end = step(rest, end);
    const FdArg fd = parse_fd(rest.substr(0, std::min(end, rest.size())));
    if (fd.valid) {
      c.fd = fd.number;
      c.on_socket = names_socket(fd.note);
    }
  }
  program_.calls.push_back(std::move(c));
  return {};
}

Result<ObservedProgram> LogParser::finish() {
  if (program_.calls.empty())
    return Error{cat({"the strace log is empty: it has no system call in it. Write one with ",
                      kStraceOptions, " PROGRAM"})};
  if (finished_ > 0 && timed_ == 0)
    return Error{
        cat({"the strace log has no call durations (\"<0.000123>\" at the end of a "
             "line): strace needs -T ",
             options_hint()})};
  if (saw_plain_fd_ && !saw_annotation_)
    return Error{
        cat({"the strace log's descriptors carry no -yy annotation (\"5<TCP:[...]>\"), "
             "so sockets cannot be told from files: strace needs -yy ",
             options_hint()})};
  // Lines without a pid are the one task strace was tracing then: the program's first, which
  // no clone in the log made.
  int unprefixed = 0;
  for (int pid : prefixed_) {
    if (!children_.contains(pid)) {
      unprefixed = pid;
      break;
    }
  }
  for (ObservedCall& c : program_.calls)
    if (c.tid == 0) c.tid = unprefixed;
  program_.tgid = first_pid_ > 0 ? first_pid_ : unprefixed;
  program_.kernel_side = false;
  return std::move(program_);
}

// ---- Reading the stream -------------------------------------------------------------------------

std::string line_error(int number, string_view what, string_view line) {
  return cat({"line ", std::to_string(number), ": ", what, ": ", excerpt(line)});
}

Result<ObservedProgram> read_lines(std::istream& in) {
  LogParser parser;
  std::string buffer(kMaxLine + 2, '\0');
  std::string carry;  // the start of a line strace's own message cut (see strace_message_inside)
  std::string joined;
  int number = 0;
  for (;;) {
    in.getline(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.bad()) return Error{"reading the strace log failed"};
    const std::size_t got = static_cast<std::size_t>(in.gcount());
    const bool last = in.eof();
    if (got == 0 && in.fail()) break;  // the end (or a stream that could not be read at all)
    ++number;
    const std::size_t length = last ? got : got - 1;  // gcount counts the newline it took
    if ((in.fail() && !last) || length > kMaxLine)
      return Error{line_error(number, "longer than 64 KiB, not a line strace writes",
                              string_view(buffer.data(), length))};
    string_view line(buffer.data(), length);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!carry.empty()) {
      joined = carry;
      joined += line;
      carry.clear();
      line = joined;
    }
    if (const std::size_t cut = strace_message_inside(line); cut != kNpos) {
      carry = std::string(line.substr(0, cut));
      if (last) return Error{line_error(number, "truncated (the log ends inside it)", line)};
      continue;
    }
    const std::string what = parser.take(line);
    if (!what.empty()) {
      if (last)
        return Error{line_error(number, cat({"truncated (the log ends inside it): ", what}), line)};
      return Error{line_error(number, what, line)};
    }
    if (last) break;
  }
  return parser.finish();
}

}  // namespace

Result<ObservedProgram> read_strace_log(std::istream& in) {
  try {
    return read_lines(in);
  } catch (const std::exception& e) {
    // Only allocation failures or a stream set to throw get here; the caller gets a sentence.
    return Error{std::string("reading the strace log failed: ") + e.what()};
  }
}

}  // namespace ioscope
