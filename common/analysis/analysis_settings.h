// The settings that decide how text becomes terms. They are written into an
// index when it is created and read back by every later indexer and searcher
// run, so queries are always analysed exactly as the articles were.
// This header does not analyse anything (see analyzer.h) nor read or write
// an index (index/index_settings.h). A plain value, safe to copy between threads.
#ifndef KIJI_COMMON_ANALYSIS_SETTINGS_H_
#define KIJI_COMMON_ANALYSIS_SETTINGS_H_

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

namespace kiji {

struct AnalysisSettings {
  int schema_version = 0;  // of the index that recorded these; 0 when none
  std::string icu_version;
  std::string unicode_version;
  bool fold_diacritics = false;
  // Language used for articles that do not name one (ISO 639-1 code).
  std::string default_language = "en";

  // Settings with this build's ICU and Unicode versions; schema_version
  // stays 0 (an index stamps its own: index/index_settings.h).
  static AnalysisSettings Current(bool fold_diacritics, const std::string& default_language);

  // A human-readable reason why articles analysed with `other` cannot go
  // into an index built with these settings; empty when they can.
  std::string IncompatibilityWith(const AnalysisSettings& other) const;
};

// Normalises a language tag ("EN", "en-US", "de_AT") to its ISO 639 code;
// empty for an empty or malformed tag.
std::string NormalizeLanguage(std::string_view tag);

// Whether `code` (normalised) is an ISO 639 language code ICU knows: the
// languages the analysis can be told articles are in.
bool IsKnownLanguage(std::string_view code);

// The Snowball stemmer for an ISO 639 code; Xapian's "none" stemmer for
// languages without one (Japanese, Chinese, Thai, ...).
Xapian::Stem StemmerFor(std::string_view language);

}  // namespace kiji

#endif  // KIJI_COMMON_ANALYSIS_SETTINGS_H_
