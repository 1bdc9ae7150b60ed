// indexer: builds or updates a kiji index from article files. Parses
// options and wires ArticleReader -> DocumentBuilder -> IndexWriter through
// RunIndexing; everything else lives in common/.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <exception>
#include <memory>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/analysis/analysis_settings.h"
#include "common/articles/article_reader.h"
#include "common/articles/directory_watcher.h"
#include "common/cli/command_line.h"
#include "common/index/index_location.h"
#include "common/index/index_ownership.h"
#include "common/index/index_settings.h"
#include "common/index/index_writer.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/parallel_build.h"
#include "common/index/shard_layout.h"
#include "common/util/stop_signals.h"
#include "common/util/terminal_stream.h"
#include "common/util/utf8.h"
#include "indexer/flags.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitPartial = 1;
constexpr int kExitError = 2;

std::atomic<bool> g_stop{false};  // set by SIGINT and SIGTERM (util/stop_signals.h)
// The --db path, for messages at the error boundary in main().
std::string g_db;

constexpr const char* kWriteHint =
    "\n  hint: check the --db path, its permissions, free disk space and the file size limit "
    "(ulimit -f); the index keeps everything committed before the error\n";

// Xapian 1.4 can throw again while unwinding a commit that failed to write
// (seen with a file-size limit), which ends in std::terminate. What was
// committed is safe; say what happened and exit like any other error.
[[noreturn]] void OnTerminate() {
  std::string what = "unknown error";
  if (const std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const Xapian::Error& x) {
      what = x.get_description();
    } catch (const std::exception& x) {
      what = x.what();
    } catch (...) {
    }
  }
  what = kiji::StripControlCharacters(kiji::RepairUtf8(what).text, false);
  std::fprintf(stderr, "indexer: writing the index failed: %s%s", what.c_str(), kWriteHint);
  std::_Exit(kExitError);
}

// Damage shows as many errors (a corrupt block, a missing termlist, a block
// past the end of a table): Xapian's check of the index tells it apart
// from other failures, reported as `otherwise`.
void ReportXapianError(const Xapian::Error& e, const std::string& otherwise) {
  if (const std::string damage = kiji::DamageIn(g_db); !damage.empty()) {
    const bool same = damage.find(e.get_description()) != std::string::npos;
    std::cerr << "indexer: " << kiji::DescribeDamage(g_db, same ? damage : e.get_description() + "; " + damage) << "\n";
  } else {
    std::cerr << "indexer: " << otherwise;
  }
}

const char* kUsage =
    "Usage: indexer [OPTIONS] PATH...\n"
    "\n"
    "Adds articles to a kiji index. PATH is an article file (.txt, .md), a JSON\n"
    "Lines file (.jsonl, .jsonl.gz), a directory (read recursively), or - for\n"
    "JSON Lines on stdin. Re-indexing replaces articles by id, never duplicates.\n"
    "A new index (and --rebuild) is built on every core beside the --db path\n"
    "and swapped in when complete; an existing one is updated in place, after\n"
    "a check of its posting table. Files written keep the --db directory's\n"
    "owner and its mode (without execute bits).\n"
    "\n"
    "Inside a directory, symbolic links are read only when they point below a\n"
    "PATH given, and only regular files are read.\n"
    "\n"
    "Exit status: 0 all indexed, 1 some inputs rejected (or interrupted), 2 error\n"
    "(including a PATH that is missing or cannot be read).\n"
    "\n"
    "Options";

// Prints problems as "location: reason" on stderr and, on a terminal, a
// live progress line.
class ConsoleReporter : public kiji::IndexingReporter {
 public:
  explicit ConsoleReporter(bool progress) : progress_(progress) {}

  void Rejected(const std::string& location, const std::string& reason) override {
    ClearProgress();
    std::cerr << Clean(location) << ": " << Clean(reason) << "\n";
  }
  void Warning(const std::string& location, const std::string& message) override {
    ClearProgress();
    std::cerr << Clean(location) << ": warning: " << Clean(message) << "\n";
  }
  void Progress(const kiji::IndexingStats& stats) override {
    if (!progress_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::fprintf(stderr, "\r%llu articles, %.1f MB read, %.0f articles/s ",
                 static_cast<unsigned long long>(stats.articles()), static_cast<double>(stats.bytes) / 1e6,
                 stats.ArticlesPerSecond());
    shown_ = true;
  }
  void ClearProgress() {
    if (shown_) std::fputs("\r\x1b[K", stderr);
    shown_ = false;
  }

 private:
  static std::string Clean(const std::string& s) { return kiji::StripControlCharacters(s, false); }

  bool progress_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

void PrintSummary(const std::string& db, const kiji::IndexingStats& stats) {
  std::printf("%s: %llu added, %llu updated, %llu unchanged, %llu removed, %llu rejected; %.1f MB read in %.2f s "
              "(%.0f articles/s)\n",
              kiji::StripControlCharacters(kiji::RepairUtf8(db).text, false).c_str(),
              static_cast<unsigned long long>(stats.added), static_cast<unsigned long long>(stats.updated),
              static_cast<unsigned long long>(stats.unchanged), static_cast<unsigned long long>(stats.removed),
              static_cast<unsigned long long>(stats.rejected), static_cast<double>(stats.bytes) / 1e6, stats.seconds,
              stats.ArticlesPerSecond());
  std::fflush(stdout);
}

// --watch: after the first run, index again whenever files change, until a
// signal asks to stop; each run commits, so searchers see new articles at once.
// A round reads only the paths that changed, and removes what was deleted or
// moved away.
int Watch(kiji::DirectoryWatcher& watcher, const std::vector<std::string>& inputs, kiji::IndexWriter& writer,
          kiji::PipelineOptions pipeline, ConsoleReporter& reporter, const std::string& db,
          kiji::IndexingStats stats, bool quiet) {
  bool rejected = stats.rejected > 0;
  bool unread = stats.unread_inputs > 0;
  if (!quiet) PrintSummary(db, stats);
  std::cerr << "indexer: watching " << inputs.size() << " director" << (inputs.size() == 1 ? "y" : "ies")
            << " for new articles; Ctrl-C to stop\n";
  while (!g_stop.load()) {
    std::vector<std::string> changed = watcher.Wait(std::chrono::milliseconds(250));
    if (changed.empty()) continue;
    for (std::string& path : changed) path = kiji::AbsolutePath(path);
    pipeline.reader.limit_to = std::move(changed);
    pipeline.reader.skip_files_being_written = true;
    stats = kiji::RunIndexing(inputs, writer, pipeline, reporter, &g_stop);
    reporter.ClearProgress();
    rejected = rejected || stats.rejected > 0;
    unread = unread || stats.unread_inputs > 0;
    if (!quiet && (stats.added || stats.updated || stats.removed || stats.rejected)) PrintSummary(db, stats);
  }
  std::cerr << "indexer: stopped watching; everything read is committed\n";
  return unread ? kExitError : rejected ? kExitPartial : kExitOk;
}

// Refuses, saying why, a run that could only lose articles or create an
// empty index: nothing given exists, a --rebuild from a PATH that is an
// empty directory (an unmounted file system looks like one), or --watch of
// something that is not a directory.
bool InputsWorthRunning(const kiji::IndexerRun& run) {
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

// How many articles the index at `path` holds; 0 when it cannot be read.
Xapian::doccount ArticlesIn(const std::string& path) {
  try {
    return Xapian::Database(path).get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

int ExitStatus(const kiji::IndexingStats& stats) {
  return stats.unread_inputs > 0 ? kExitError : stats.rejected > 0 ? kExitPartial : kExitOk;
}

// A new index, or a rebuild: built on every core beside the --db path,
// which keeps its old index (searchers go on using it) and its writer lock
// (held by `empty_index` when there is one; no one updates what is being
// replaced) until the swap.
int BuildAnew(const std::string& db, const std::vector<std::string>& inputs, const kiji::AnalysisSettings& settings,
              const kiji::BuildOptions& build, std::unique_ptr<kiji::IndexWriter> empty_index,
              const kiji::LockPolicy& lock_policy, bool rebuild, bool watch, ConsoleReporter& reporter, bool quiet) {
  const std::string target = kiji::RebuildPathFor(db);
  std::unique_ptr<kiji::DirectoryWatcher> watcher;
  if (watch) watcher = std::make_unique<kiji::DirectoryWatcher>(inputs);
  kiji::IndexingStats stats;
  {
    std::unique_ptr<kiji::IndexLock> lock;
    if (!empty_index) {
      lock = std::make_unique<kiji::IndexLock>(db, lock_policy);
      kiji::RemoveLeftoversOfDeadBuilds(db);
    }
    try {
      stats = kiji::BuildIndexInParallel(inputs, target, settings, build, reporter, &g_stop);
    } catch (...) {
      kiji::RemoveLeftoversOfDeadBuilds(db);
      throw;
    }
    reporter.ClearProgress();
    if (rebuild && g_stop.load()) {
      kiji::RemoveLeftoversOfDeadBuilds(db);
      std::cerr << "indexer: interrupted; the rebuild was discarded and " << db << " is unchanged\n";
      return kExitPartial;
    }
    if (rebuild && stats.unfinished_files > 0 && !g_stop.load()) {
      kiji::RemoveLeftoversOfDeadBuilds(db);
      std::cerr << "indexer: a file could not be read to its end (see above); the rebuild was discarded and " << db
                << " is unchanged\n";
      return kExitError;
    }
    if (rebuild && stats.unread_inputs > 0) {
      kiji::RemoveLeftoversOfDeadBuilds(db);
      std::cerr << "indexer: a PATH could not be read; the rebuild was discarded and " << db << " is unchanged\n";
      return kExitError;
    }
    // Whatever empties the input (an empty file, a feed emptied by a
    // failed sync, an unmounted mount point) must not empty the index.
    if (rebuild && !build.pipeline.prune_empty && ArticlesIn(target) == 0 && ArticlesIn(db) > 0) {
      kiji::RemoveLeftoversOfDeadBuilds(db);
      std::cerr << "indexer: the PATHs given hold no articles; the rebuild was discarded and " << db
                << " is unchanged (--prune-empty allows an empty rebuild)\n";
      return kExitError;
    }
    kiji::SwapInRebuiltIndex(target, db);
    empty_index.reset();
  }
  if (watch && !g_stop.load()) {
    kiji::IndexWriter writer(db, settings, false, lock_policy);
    return Watch(*watcher, inputs, writer, build.pipeline, reporter, db, stats, quiet);
  }
  if (!quiet) PrintSummary(db, stats);
  if (g_stop.load()) {
    const bool again = std::all_of(inputs.begin(), inputs.end(), kiji::CanBeReadAgain);
    std::cerr << "indexer: interrupted; "
              << (again ? "what is indexed is committed, and running the same command again indexes the rest"
                        : "everything read so far is committed")
              << "\n";
    return kExitPartial;
  }
  return ExitStatus(stats);
}

// Whether the run may write into, or replace, the existing non-empty --db
// directory: it holds an index and nothing else, and a rebuild replaces
// only an index kiji made. A rebuild keeps the recorded settings and shard
// count that the command line does not change. Says why not.
bool AcceptExistingDirectory(kiji::IndexerRun& run) {
  const kiji::IndexDirectory existing = kiji::InspectIndexDirectory(run.db);
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
    run.requested = kiji::NewIndexSettings(run.fold_given ? run.requested.fold_diacritics
                                                          : existing.settings->fold_diacritics,
                                           run.language_given ? run.requested.default_language
                                                              : existing.settings->default_language);
    if (!run.shards_given) run.build.shards = existing.shards;
  }
  return true;
}

// An existing index, updated in place, one transaction per batch.
int UpdateInPlace(const kiji::IndexerRun& run, kiji::IndexWriter& writer, ConsoleReporter& reporter) {
  if (!writer.interrupted_update().empty()) {
    std::cerr << "indexer: " << run.db << ": an update was interrupted (" << writer.interrupted_update()
              << "); this run completes it, reading again the files it had not recorded\n";
  }
  if (run.shards_given && run.build.shards != writer.shards()) {
    std::cerr << "indexer: " << run.db << " has " << writer.shards() << " shard" << (writer.shards() == 1 ? "" : "s")
              << "; to change that, --rebuild it with --shards " << run.build.shards << "\n";
    return kExitError;
  }
  writer.CheckForDamage();
  std::unique_ptr<kiji::DirectoryWatcher> watcher;  // before the run, so nothing arriving during it is missed
  if (run.watch) watcher = std::make_unique<kiji::DirectoryWatcher>(run.inputs);
  const kiji::IndexingStats stats = kiji::RunIndexing(run.inputs, writer, run.build.pipeline, reporter, &g_stop);
  if (run.watch) return Watch(*watcher, run.inputs, writer, run.build.pipeline, reporter, run.db, stats, run.quiet);
  reporter.ClearProgress();
  if (!run.quiet) PrintSummary(run.db, stats);
  if (g_stop.load()) {
    std::cerr << "indexer: interrupted; everything read so far is committed\n";
    return kExitPartial;
  }
  return ExitStatus(stats);
}

// Opens the index (or, for a rebuild of an existing one, only plans to
// replace it) and updates it in place or builds it the bulk way.
int Index(kiji::IndexerRun run, ConsoleReporter& reporter) {
  std::error_code ec;
  // A --db that is a symbolic link: the index goes where it points.
  if (std::filesystem::is_symlink(run.db, ec)) run.db = std::filesystem::weakly_canonical(run.db, ec).string();
  g_db = run.db;
  const bool fresh = !std::filesystem::exists(run.db, ec) || std::filesystem::is_empty(run.db, ec);
  if (!fresh && !AcceptExistingDirectory(run)) return kExitError;
  // Files created from now on are no more open than the index directory.
  if (const auto ownership = kiji::OwnershipOf(run.db)) kiji::RestrictNewFilesTo(*ownership);
  const kiji::LockPolicy lock_policy{run.wait, &g_stop};
  std::unique_ptr<kiji::IndexWriter> writer;
  if (!run.rebuild || fresh) {
    writer = std::make_unique<kiji::IndexWriter>(run.db, run.requested, run.settings_given, lock_policy);
    kiji::RemoveLeftoversOfDeadBuilds(run.db);
  }
  if (!run.rebuild && !writer->Empty()) return UpdateInPlace(run, *writer, reporter);
  // A new index (or one without articles: a first build that never
  // finished), or a rebuild, is built the bulk way.
  if (writer && !run.shards_given) run.build.shards = writer->shards();
  return BuildAnew(run.db, run.inputs, writer ? writer->settings() : run.requested, run.build, std::move(writer),
                   lock_policy, run.rebuild, run.watch, reporter, run.quiet);
}

int Run(int argc, char** argv) {
  const po::options_description options = kiji::DescribeFlags(kiji::IndexerFlags(), kUsage);
  kiji::FlagValues values(kiji::IndexerFlags());
  std::vector<std::string> inputs;
  try {
    kiji::ParseCommandLine(kiji::Arguments(argc, argv), kiji::IndexerFlags(), values, inputs);
  } catch (const po::error& e) {
    std::cerr << "indexer: " << e.what() << "\nTry 'indexer --help'.\n";
    return kExitError;
  }
  if (values.Given("help")) {
    std::cout << options << "\n";
    return kExitOk;
  }
  if (inputs.empty()) {
    std::cerr << "indexer: no PATH given\nTry 'indexer --help'.\n";
    return kExitError;
  }
  kiji::IndexerRun run;
  try {
    run = kiji::IndexerRunFrom(values, std::move(inputs), kiji::DefaultIndexPath());
  } catch (const std::invalid_argument& e) {
    std::cerr << "indexer: " << e.what() << "\n";
    return kExitError;
  }
  g_db = run.db;
  run.build.pipeline.reader.stop = &g_stop;  // a pipe whose writer stays open never holds a stop
  if (!InputsWorthRunning(run)) return kExitError;
  kiji::StopOnSignals(&g_stop);
  // Past a file-size limit (ulimit -f) a write should fail with EFBIG and be
  // reported, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  ConsoleReporter reporter(!run.quiet && isatty(STDERR_FILENO));
  return Index(std::move(run), reporter);
}

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(OnTerminate);
  // Messages quote paths, file names and library errors: none may carry
  // controls to the terminal.
  const kiji::TerminalSafeStream safe_messages(std::cerr);
  // The one boundary where library errors become a message and a status.
  try {
    return Run(argc, argv);
  } catch (const kiji::LockWaitInterrupted& e) {
    std::cerr << "indexer: " << e.what() << "\n";
    return kExitPartial;
  } catch (const kiji::IndexError& e) {
    std::cerr << "indexer: " << e.what() << "\n";
  } catch (const Xapian::DatabaseError& e) {
    ReportXapianError(e, "index error: " + e.get_description() + kWriteHint);
  } catch (const Xapian::Error& e) {
    ReportXapianError(e, "Xapian error: " + e.get_description() + "\n");
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "indexer: " << e.what() << "\n  hint: a new index (and --rebuild) is built beside the --db "
              << "directory, in " << kiji::RebuildPathFor(g_db) << ": its parent directory must be writable\n";
  } catch (const std::exception& e) {
    std::cerr << "indexer: " << e.what() << "\n";
  }
  return kExitError;
}
