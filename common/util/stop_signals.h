// The stop request a long run (a build, an update, --watch) polls: SIGINT
// and SIGTERM set a flag, and the run stops at its next safe point with
// what it has committed. Not for interactive use, where Ctrl-C must
// interrupt a blocked read (the searcher's session installs its own).
// Install once, from main, before any thread starts; the flag may then be
// read from any thread.
#ifndef KIJI_COMMON_UTIL_STOP_SIGNALS_H_
#define KIJI_COMMON_UTIL_STOP_SIGNALS_H_

#include <atomic>

namespace kiji {

// Makes SIGINT and SIGTERM set `*flag` (which must outlive the process):
// blocks both in the calling thread, and so in every thread it starts
// later, and starts one thread that waits for them. No signal handler
// ever runs, so no system call is ever interrupted: zlib loops on read()
// and loses what it had read when one fails with EINTR, and a handler
// that restarted reads could be deferred (under a sanitizer) until a read
// that a stop should end returns. Programs the process starts inherit the
// blocked signals. Throws std::system_error when the signals cannot be
// blocked.
void StopOnSignals(std::atomic<bool>* flag);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_STOP_SIGNALS_H_
