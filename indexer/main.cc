// indexer: builds or updates a kiji index from article files. Parses the
// options, refuses runs that could only lose articles, and hands the run to
// IndexArticles (index_run.h); library errors become a message and an exit
// status here, at the one boundary.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <exception>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/cli/command_line.h"
#include "common/cli/config_file.h"
#include "common/cli/version.h"
#include "common/cli/exit_status.h"
#include "common/index/index_location.h"
#include "common/util/stop_signals.h"
#include "common/util/terminal_stream.h"
#include "common/util/utf8.h"
#include "indexer/flags.h"
#include "indexer/index_run.h"

namespace po = boost::program_options;

namespace {

using kiji::kExitError;
using kiji::kExitOk;
using kiji::kExitPartial;

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
    "Usage: indexer [OPTIONS] [PATH...]\n"
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
    "With no PATH, the PATHs the index recorded (every one given before, except\n"
    "stdin) are read again.\n"
    "\n"
    "The manual: man indexer.\n"
    "\n"
    "Options";

int Run(int argc, char** argv) {
  const po::options_description options = kiji::DescribeFlags(kiji::IndexerFlags(), kUsage);
  kiji::FlagValues values(kiji::IndexerFlags());
  std::vector<std::string> inputs;
  try {
    kiji::ParseCommandLine(kiji::Arguments(argc, argv), kiji::IndexerFlags(), values, inputs);
    kiji::AddConfigDefaults(kiji::Arguments(argc, argv), "indexer", kiji::IndexerFlags(), values);
  } catch (const po::error& e) {
    std::cerr << "indexer: " << e.what() << "\nTry 'indexer --help'.\n";
    return kExitError;
  } catch (const std::invalid_argument& e) {  // the configuration file
    std::cerr << "indexer: " << e.what() << "\n";
    return kExitError;
  }
  if (values.Given("help")) {
    std::cout << options << "\n";
    return kExitOk;
  }
  if (values.Given("version")) {
    std::cout << kiji::VersionText("indexer");
    return kExitOk;
  }
  if (values.Given("generate")) return kiji::PrintDoc(values.Text("generate"), kiji::IndexerDoc(), kiji::IndexerFlags());
  kiji::IndexerRun run;
  try {
    run = kiji::IndexerRunFrom(values, std::move(inputs), kiji::DefaultIndexPath());
  } catch (const std::invalid_argument& e) {
    std::cerr << "indexer: " << e.what() << "\n";
    return kExitError;
  }
  run.db = kiji::IndexPathBehindLink(run.db);
  g_db = run.db;
  if (run.inputs.empty() && !kiji::UseRecordedRoots(run)) return kExitError;
  run.build.pipeline.reader.stop = &g_stop;  // a pipe whose writer stays open never holds a stop
  if (!InputsWorthRunning(run)) return kExitError;
  kiji::StopOnSignals(&g_stop);
  // Past a file-size limit (ulimit -f) a write should fail with EFBIG and be
  // reported, not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  kiji::ConsoleReporter reporter(!run.quiet && isatty(STDERR_FILENO));
  return kiji::IndexArticles(run, reporter, g_stop);
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
