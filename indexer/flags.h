// The indexer's options, each defined once (common/cli/flag_table.h): the
// single source for its command line and --help, and the one place where a
// flag becomes a setting of the run (IndexerRunFrom). Immutable data and
// pure functions; safe from any thread.
#ifndef KIJI_INDEXER_FLAGS_H_
#define KIJI_INDEXER_FLAGS_H_

#include <string>
#include <vector>

#include "common/analysis/analysis_settings.h"
#include "common/cli/flag_docs.h"
#include "common/cli/flag_table.h"
#include "common/index/indexing_pipeline.h"
#include "common/index/parallel_build.h"

namespace kiji {

// Every option of the indexer, in --help order (tuning flags hidden).
FlagTable IndexerFlags();

// What the manual page and completions say besides the flags (flag_docs.h).
ProgramDoc IndexerDoc();

// What one indexer run is asked to do.
struct IndexerRun {
  std::string db;
  std::vector<std::string> inputs;
  AnalysisSettings requested;   // for a new index
  bool settings_given = false;  // --language or --fold-diacritics
  bool language_given = false;
  bool fold_given = false;
  bool shards_given = false;
  bool rebuild = false;
  bool watch = false;
  bool wait = false;
  bool quiet = false;
  BuildOptions build;  // build.pipeline is the update's pipeline too
};

// The run the flags and PATHs ask for, `db` defaulted when not given.
// std::invalid_argument with the reason when they contradict each other or
// a value is not valid. Does not look at the file system.
IndexerRun IndexerRunFrom(const FlagValues& values, std::vector<std::string> inputs, const std::string& default_db);

}  // namespace kiji

#endif  // KIJI_INDEXER_FLAGS_H_
