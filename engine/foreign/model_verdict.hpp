// Which of the I/O models a program uses, named from what it was seen to do (ObservedProgram),
// with the counts that decided it. The same code names ioscope's own model servers and programs
// it never saw before, whichever source (probe or strace log) saw them.
//
// Each thread that touched a socket is judged on its own, by the strongest evidence it gave:
//   io_uring_enter                                   -> io_uring
//   O_ASYNC / F_SETOWN / F_SETSIG on a descriptor    -> sigio (signal-driven)
//   epoll_wait                                       -> epoll, or epoll-et when the registrations
//                                                       were mostly edge-triggered (EPOLLET)
//   poll / ppoll                                     -> poll
//   select / pselect6                                -> select
//   socket reads answered EAGAIN, and no waiting call -> nonblocking (polling)
//   socket reads that just wait for data             -> blocking
// Threads that agree make the program's model; threads that disagree make it "mixed" (an event
// loop plus a pool of blocking threads, say), and the verdict says which parts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "foreign/observed_call.hpp"

namespace ioscope {

// What the verdict counted, over the whole program.
struct VerdictCounts {
  std::int64_t receives = 0;         // socket reads that returned data or the end
  std::int64_t eagain_receives = 0;  // socket reads answered EAGAIN ("not yet")
  std::int64_t sends = 0;
  std::int64_t accepts = 0;  // connections accepted
  std::int64_t selects = 0;
  std::int64_t polls = 0;
  std::int64_t epoll_creates = 0;
  std::int64_t epoll_waits = 0;
  std::int64_t epoll_registrations = 0;  // epoll_ctl ADD or MOD
  std::int64_t et_registrations = 0;     // of those, with EPOLLET
  std::int64_t uring_setups = 0;
  std::int64_t uring_enters = 0;
  std::int64_t async_setups = 0;  // fcntl F_SETOWN(_EX), F_SETSIG, or F_SETFL with O_ASYNC
  std::int64_t signal_waits = 0;  // rt_sigtimedwait, sigsuspend, pause
  std::int64_t signals_seen = 0;  // signals delivered (strace shows them; the probe does not)
  int io_threads = 0;             // threads that read a socket or waited for one
};

struct ThreadVerdict {
  int tid = 0;
  std::string model;       // as ModelVerdict::model, never "mixed"
  std::int64_t calls = 0;  // the socket calls and waits it made (its weight in the verdict)
};

struct ModelVerdict {
  // One of the engine's model ids (blocking, nonblocking, select, poll, epoll, epoll-et, sigio,
  // io_uring), "mixed", or "none" when the program did no socket I/O at all.
  std::string model;
  double confidence = 0;  // 0..1: the share of the program's socket calls its model accounts for,
                          // lowered when there were few of them
  std::string evidence;   // one line of counts, e.g. "epoll, level-triggered: 1 epoll_create1, ..."
  std::vector<std::string> parts;  // mixed: the models of its parts, largest first
  VerdictCounts counts;
  std::vector<ThreadVerdict> threads;  // the I/O threads, by tid
};

ModelVerdict name_model(const ObservedProgram& program);

// The words for a model id in a verdict ("epoll, level-triggered", "signal-driven").
const char* model_words(const std::string& model);

}  // namespace ioscope
