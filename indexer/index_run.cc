#include "indexer/index_run.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <vector>

#include <xapian.h>

#include "common/articles/article_reader.h"
#include "common/articles/directory_watcher.h"
#include "common/cli/exit_status.h"
#include "common/index/index_location.h"
#include "common/index/index_ownership.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/parallel_build.h"
#include "common/index/shard_layout.h"

namespace kiji {

namespace {

// How many articles the index at `path` holds; 0 when it cannot be read.
Xapian::doccount ArticlesIn(const std::string& path) {
  try {
    return Xapian::Database(path).get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

// The documented status of a run: 2 when an input could not be read, 1
// when some articles were rejected, else 0.
int ExitStatusOf(bool unread, bool rejected) { return unread ? kExitError : rejected ? kExitPartial : kExitOk; }

int ExitStatusOf(const IndexingStats& stats) { return ExitStatusOf(stats.unread_inputs > 0, stats.rejected > 0); }

// Whether the run may write into, or replace, the existing non-empty --db
// directory: it holds an index and nothing else, and a rebuild replaces
// only an index kiji made. A rebuild keeps the recorded settings and shard
// count that the command line does not change. Says why not.
bool AcceptExistingDirectory(IndexerRun& run) {
  const IndexDirectory existing = InspectIndexDirectory(run.db);
  if (!existing.is_index) {
    std::cerr << "indexer: " << run.db << " is not an index and not empty; give --db a new or empty directory "
              << "(the indexer never writes into, or replaces, a directory of other files)\n";
    return false;
  }
  if (!existing.foreign_file.empty()) {
    std::cerr << "indexer: " << run.db << " holds " << existing.foreign_file << ", which is no part of an index; "
              << "move it away (a rebuild replaces the index directory whole)\n";
    return false;
  }
  if (!run.rebuild) return true;
  if (existing.opens && !existing.settings) {
    std::cerr << "indexer: " << run.db << " holds a Xapian database that kiji did not create; a rebuild would "
              << "replace it, so give another --db\n";
    return false;
  }
  if (existing.settings) {
    run.requested = NewIndexSettings(run.fold_given ? run.requested.fold_diacritics : existing.settings->fold_diacritics,
                                     run.language_given ? run.requested.default_language
                                                        : existing.settings->default_language);
    if (!run.shards_given) run.build.shards = existing.shards;
  }
  return true;
}

// One run's modes, sharing its options, reporter and stop flag.
class IndexRun {
 public:
  IndexRun(IndexerRun run, ConsoleReporter& reporter, std::atomic<bool>& stop)
      : run_(std::move(run)), reporter_(reporter), stop_(stop) {}

  int Index();

 private:
  int BuildAnew(std::unique_ptr<IndexWriter> empty_index, const LockPolicy& lock_policy);
  // Why the rebuilt index at `target` must not replace run_.db; "" when it may.
  std::string RebuildRefusal(const IndexingStats& stats, const std::string& target) const;
  int UpdateInPlace(IndexWriter& writer);
  int Watch(DirectoryWatcher& watcher, IndexWriter& writer, IndexingStats stats);
  int Finish(const IndexingStats& stats, const char* interrupted);

  IndexerRun run_;
  ConsoleReporter& reporter_;
  std::atomic<bool>& stop_;
};

int IndexRun::Index() {
  std::error_code ec;
  const bool fresh = !std::filesystem::exists(run_.db, ec) || std::filesystem::is_empty(run_.db, ec);
  if (!fresh && !AcceptExistingDirectory(run_)) return kExitError;
  // Files created from now on are no more open than the index directory.
  if (const auto ownership = OwnershipOf(run_.db)) RestrictNewFilesTo(*ownership);
  const LockPolicy lock_policy{run_.wait, &stop_};
  std::unique_ptr<IndexWriter> writer;
  if (!run_.rebuild || fresh) {
    writer = std::make_unique<IndexWriter>(run_.db, run_.requested, run_.settings_given, lock_policy);
    RemoveLeftoversOfDeadBuilds(run_.db);
  }
  if (!run_.rebuild && !writer->Empty()) return UpdateInPlace(*writer);
  // A new index (or one without articles: a first build that never
  // finished), or a rebuild, is built the bulk way.
  if (writer) {
    if (!run_.shards_given) run_.build.shards = writer->shards();
    run_.requested = writer->settings();
  }
  return BuildAnew(std::move(writer), lock_policy);
}

std::string IndexRun::RebuildRefusal(const IndexingStats& stats, const std::string& target) const {
  if (!run_.rebuild) return "";
  const std::string unchanged = "; the rebuild was discarded and " + run_.db + " is unchanged";
  if (stop_.load()) return "interrupted" + unchanged;
  if (stats.unfinished_files > 0) return "a file could not be read to its end (see above)" + unchanged;
  if (stats.unread_inputs > 0) return "a PATH could not be read" + unchanged;
  // Whatever empties the input (an empty file, a feed emptied by a failed
  // sync, an unmounted mount point) must not empty the index.
  if (!run_.build.pipeline.prune_empty && ArticlesIn(target) == 0 && ArticlesIn(run_.db) > 0) {
    return "the PATHs given hold no articles" + unchanged + " (--prune-empty allows an empty rebuild)";
  }
  return "";
}

// A new index, or a rebuild: built on every core beside the --db path,
// which keeps its old index (searchers go on using it) and its writer lock
// (held by `empty_index` when there is one; no one updates what is being
// replaced) until the swap.
int IndexRun::BuildAnew(std::unique_ptr<IndexWriter> empty_index, const LockPolicy& lock_policy) {
  const std::string target = RebuildPathFor(run_.db);
  std::unique_ptr<DirectoryWatcher> watcher;
  if (run_.watch) watcher = std::make_unique<DirectoryWatcher>(run_.inputs);
  IndexingStats stats;
  {
    std::unique_ptr<IndexLock> lock;
    if (!empty_index) {
      lock = std::make_unique<IndexLock>(run_.db, lock_policy);
      RemoveLeftoversOfDeadBuilds(run_.db);
    }
    try {
      stats = BuildIndexInParallel(run_.inputs, target, run_.requested, run_.build, reporter_, &stop_);
    } catch (...) {
      RemoveLeftoversOfDeadBuilds(run_.db);
      throw;
    }
    reporter_.ClearProgress();
    if (const std::string refusal = RebuildRefusal(stats, target); !refusal.empty()) {
      RemoveLeftoversOfDeadBuilds(run_.db);
      std::cerr << "indexer: " << refusal << "\n";
      return stop_.load() ? kExitPartial : kExitError;
    }
    SwapInRebuiltIndex(target, run_.db);
    empty_index.reset();
  }
  if (run_.watch && !stop_.load()) {
    IndexWriter writer(run_.db, run_.requested, false, lock_policy);
    return Watch(*watcher, writer, stats);
  }
  const bool again = std::all_of(run_.inputs.begin(), run_.inputs.end(), CanBeReadAgain);
  return Finish(stats, again ? "what is indexed is committed, and running the same command again indexes the rest"
                             : "everything read so far is committed");
}

// An existing index, updated in place, one transaction per batch.
int IndexRun::UpdateInPlace(IndexWriter& writer) {
  if (!writer.interrupted_update().empty()) {
    std::cerr << "indexer: " << run_.db << ": an update was interrupted (" << writer.interrupted_update()
              << "); this run completes it, reading again the files it had not recorded\n";
  }
  if (run_.shards_given && run_.build.shards != writer.shards()) {
    std::cerr << "indexer: " << run_.db << " has " << writer.shards() << " shard" << (writer.shards() == 1 ? "" : "s")
              << "; to change that, --rebuild it with --shards " << run_.build.shards << "\n";
    return kExitError;
  }
  writer.CheckForDamage();
  std::unique_ptr<DirectoryWatcher> watcher;  // before the run, so nothing arriving during it is missed
  if (run_.watch) watcher = std::make_unique<DirectoryWatcher>(run_.inputs);
  const IndexingStats stats = RunIndexing(run_.inputs, writer, run_.build.pipeline, reporter_, &stop_);
  if (run_.watch) return Watch(*watcher, writer, stats);
  reporter_.ClearProgress();
  return Finish(stats, "everything read so far is committed");
}

// The summary and the status of a run that ended; `interrupted` says what
// a stop kept.
int IndexRun::Finish(const IndexingStats& stats, const char* interrupted) {
  if (!run_.quiet) PrintSummary(run_.db, stats);
  if (stop_.load()) {
    std::cerr << "indexer: interrupted; " << interrupted << "\n";
    return kExitPartial;
  }
  return ExitStatusOf(stats);
}

// --watch: after the first run, index again whenever files change, until a
// signal asks to stop; each run commits, so searchers see new articles at
// once. A round reads only the paths that changed, and removes what was
// deleted or moved away.
int IndexRun::Watch(DirectoryWatcher& watcher, IndexWriter& writer, IndexingStats stats) {
  bool rejected = stats.rejected > 0;
  bool unread = stats.unread_inputs > 0;
  if (!run_.quiet) PrintSummary(run_.db, stats);
  std::cerr << "indexer: watching " << run_.inputs.size() << " director" << (run_.inputs.size() == 1 ? "y" : "ies")
            << " for new articles; Ctrl-C to stop\n";
  PipelineOptions pipeline = run_.build.pipeline;
  while (!stop_.load()) {
    std::vector<std::string> changed = watcher.Wait(std::chrono::milliseconds(250));
    if (changed.empty()) continue;
    for (std::string& path : changed) path = AbsolutePath(path);
    pipeline.reader.limit_to = std::move(changed);
    pipeline.reader.skip_files_being_written = true;
    stats = RunIndexing(run_.inputs, writer, pipeline, reporter_, &stop_);
    reporter_.ClearProgress();
    rejected = rejected || stats.rejected > 0;
    unread = unread || stats.unread_inputs > 0;
    if (!run_.quiet && (stats.added || stats.updated || stats.removed || stats.rejected)) PrintSummary(run_.db, stats);
  }
  std::cerr << "indexer: stopped watching; everything read is committed\n";
  return ExitStatusOf(unread, rejected);
}

}  // namespace

bool UseRecordedRoots(IndexerRun& run) {
  run.inputs = RecordedRoots(run.db);
  if (run.inputs.empty()) {
    std::cerr << "indexer: no PATH given, and " << run.db << " records none to update"
              << "\n  hint: index a PATH first: indexer --db " << run.db << " PATH...\nTry 'indexer --help'.\n";
    return false;
  }
  if (!run.quiet) {
    std::cerr << "indexer: updating what " << run.db << " recorded:";
    for (const std::string& root : run.inputs) std::cerr << " " << root;
    std::cerr << "\n";
  }
  return true;
}

bool InputsWorthRunning(const IndexerRun& run) {
  std::error_code ec;
  if (std::none_of(run.inputs.begin(), run.inputs.end(),
                   [&](const std::string& input) { return input == "-" || std::filesystem::exists(input, ec); })) {
    for (const std::string& input : run.inputs) std::cerr << "indexer: " << input << ": no such file or directory\n";
    std::cerr << "indexer: nothing to index; " << run.db << " was left as it was\n";
    return false;
  }
  for (const std::string& input : run.inputs) {
    if (run.rebuild && !run.build.pipeline.prune_empty && input != "-" && std::filesystem::is_empty(input, ec)) {
      std::cerr << "indexer: " << input << " is empty, as an unmounted file system looks; a rebuild would drop "
                << "its articles (--prune-empty allows that)\n";
      return false;
    }
    if (run.watch && !std::filesystem::is_directory(input)) {
      std::cerr << "indexer: --watch watches directories; " << input << " is not one\n";
      return false;
    }
  }
  return true;
}

std::string IndexPathBehindLink(const std::string& db) {
  std::error_code ec;
  if (!std::filesystem::is_symlink(db, ec)) return db;
  const std::filesystem::path target = std::filesystem::weakly_canonical(db, ec);
  return ec ? db : target.string();
}

int IndexArticles(const IndexerRun& run, ConsoleReporter& reporter, std::atomic<bool>& stop) {
  try {
    return IndexRun(run, reporter, stop).Index();
  } catch (...) {
    reporter.ClearProgress();  // the error message gets a line of its own
    throw;
  }
}

}  // namespace kiji
