// The analysis settings as an index records them: stamped with the schema
// version when the index is created, written into its metadata and read
// back by every later indexer and searcher run (analysis/analysis_settings.h
// says what they are). Pure functions over a database handle; a handle is
// used by one thread at a time.
#ifndef KIJI_COMMON_INDEX_INDEX_SETTINGS_H_
#define KIJI_COMMON_INDEX_INDEX_SETTINGS_H_

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/analysis_settings.h"

namespace kiji {

// Settings for a new index: this build's ICU, Unicode and schema versions.
AnalysisSettings NewIndexSettings(bool fold_diacritics, const std::string& default_language);

// The settings stored in `db`; nullopt when the index has none (an empty or
// foreign database).
std::optional<AnalysisSettings> ReadIndexSettings(const Xapian::Database& db);

void WriteIndexSettings(Xapian::WritableDatabase& db, const AnalysisSettings& settings);

// The PATHs earlier runs indexed into the index at `path` (absolute, in
// the order first given); empty when there is no index there or it
// records none. Opens the index (its ledger) read-only.
std::vector<std::string> RecordedRoots(const std::string& path);

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_INDEX_SETTINGS_H_
