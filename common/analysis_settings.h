// The settings that decide how text becomes terms. They are written into an
// index when it is created and read back by every later indexer and searcher
// run, so queries are always analysed exactly as the articles were.
// This header does not analyse anything (see analyzer.h).
#ifndef KIJI_COMMON_ANALYSIS_SETTINGS_H_
#define KIJI_COMMON_ANALYSIS_SETTINGS_H_

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace kiji {

struct AnalysisSettings {
  int schema_version = 0;
  std::string icu_version;
  std::string unicode_version;
  bool fold_diacritics = false;
  // Language used for articles that do not name one (ISO 639-1 code).
  std::string default_language = "en";

  // Settings for a new index, stamped with this build's schema and ICU.
  static AnalysisSettings ForNewIndex(bool fold_diacritics, std::string default_language);

  // Reads the settings stored in `db`; nullopt when the index has none
  // (an empty or foreign database).
  static std::optional<AnalysisSettings> ReadFrom(const Xapian::Database& db);
  void WriteTo(Xapian::WritableDatabase& db) const;

  // A human-readable reason why articles analysed with `other` cannot go
  // into an index built with these settings; empty when they can.
  std::string IncompatibilityWith(const AnalysisSettings& other) const;
};

// Normalises a language tag ("EN", "en-US", "de_AT") to its ISO 639 code;
// empty for an empty or malformed tag.
std::string NormalizeLanguage(std::string_view tag);

// The Snowball stemmer for an ISO 639 code; Xapian's "none" stemmer for
// languages without one (Japanese, Chinese, Thai, ...).
Xapian::Stem StemmerFor(std::string_view language);

}  // namespace kiji

#endif  // KIJI_COMMON_ANALYSIS_SETTINGS_H_
