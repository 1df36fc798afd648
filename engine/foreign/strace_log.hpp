// Reads what `strace -f -tt -T -yy -o LOG PROGRAM` wrote, into the calls the verdict reads: the
// way to see a program's I/O model without the kernel probe (not root, no BTF). strace sees the
// process's side only: its calls, their results and durations, and the signals delivered.
//
// Accepted, as strace 5.x and 6.x print them:
//   PID HH:MM:SS.uuuuuu name(args) = ret <secs>             (-f writes the pid first; without
//   [pid PID] HH:MM:SS.uuuuuu ...                             -o, "[pid N]" for other threads)
//   ... name(args <unfinished ...>  /  ... <... name resumed>rest) = ret <secs>
//   ... --- SIGIO {si_signo=SIGIO, ...} ---   and   ... +++ exited with 0 +++
// Descriptors are annotated by -yy ("5<TCP:[127.0.0.1:8080->127.0.0.1:40000]>"): that is how a
// read is known to be on a socket. A line that is none of these is an error naming its number.
#pragma once

#include <istream>
#include <string>

#include "foreign/observed_call.hpp"
#include "net/result.hpp"

namespace ioscope {

// The strace options a log must have been written with, for the error that says what is missing.
inline constexpr const char* kStraceOptions = "strace -f -tt -T -yy -o LOG";

// Parses a whole log. An error names the line ("line 12: ..."); a log with no line at all, or
// whose calls carry no -yy annotation on any descriptor, is an error too (it says which options
// were missing).
Result<ObservedProgram> read_strace_log(std::istream& in);

}  // namespace ioscope
