// The exit statuses both programs document (their --help, doc/guide.md's
// "Indexer exit status" and "Searcher exit status"): one definition, so the
// indexer, the searcher, sessions and suite runs cannot drift apart. Not
// the place for messages (each program's error boundary). Constants only;
// safe from any thread.
#ifndef KIJI_COMMON_CLI_EXIT_STATUS_H_
#define KIJI_COMMON_CLI_EXIT_STATUS_H_

namespace kiji {

inline constexpr int kExitOk = 0;
// Some inputs rejected or the run interrupted (indexer); no match, or some
// queries of a batch, session or suite failed (searcher).
inline constexpr int kExitPartial = 1;
inline constexpr int kExitNoMatch = kExitPartial;
inline constexpr int kExitError = 2;

}  // namespace kiji

#endif  // KIJI_COMMON_CLI_EXIT_STATUS_H_
