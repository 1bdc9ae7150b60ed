// The indexer's modes over a parsed IndexerRun (flags.h): the checks that
// refuse a run which could only lose articles, a new index or --rebuild
// built the bulk way and swapped in, an existing index updated in place,
// and --watch. Each returns the exit status (common/cli/exit_status.h) and
// writes its messages to stderr; library errors propagate to main's
// boundary. Called from the main thread only; `stop` is set by the signal
// thread (common/util/stop_signals.h).
#ifndef KIJI_INDEXER_INDEX_RUN_H_
#define KIJI_INDEXER_INDEX_RUN_H_

#include <atomic>
#include <string>

#include "indexer/console_reporter.h"
#include "indexer/flags.h"

namespace kiji {

// Refuses, saying why, a run that could only lose articles or create an
// empty index: nothing given exists, a --rebuild from a PATH that is an
// empty directory (an unmounted file system looks like one), or --watch of
// something that is not a directory.
bool InputsWorthRunning(const IndexerRun& run);

// With no PATH given: the PATHs the index at run.db recorded become the
// run's inputs, and the run says so (unless --quiet); false, saying why,
// when it records none.
bool UseRecordedRoots(IndexerRun& run);

// Where the index of --db `db` goes: a --db that is a symbolic link is
// followed, never replaced.
std::string IndexPathBehindLink(const std::string& db);

// Opens the index at run.db (or, for a rebuild of an existing one, only
// plans to replace it), then updates it in place or builds it the bulk way;
// with run.watch, goes on indexing changes until `stop` is set.
int IndexArticles(const IndexerRun& run, ConsoleReporter& reporter, std::atomic<bool>& stop);

}  // namespace kiji

#endif  // KIJI_INDEXER_INDEX_RUN_H_
