#include "common/analysis_settings.h"

#include <cctype>

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include "common/schema.h"

namespace kiji {

AnalysisSettings AnalysisSettings::ForNewIndex(bool fold_diacritics,
                                               std::string default_language) {
  AnalysisSettings s;
  s.schema_version = schema::kVersion;
  s.icu_version = U_ICU_VERSION;
  s.unicode_version = U_UNICODE_VERSION;
  s.fold_diacritics = fold_diacritics;
  s.default_language = NormalizeLanguage(default_language);
  if (s.default_language.empty()) s.default_language = "en";
  return s;
}

std::optional<AnalysisSettings> AnalysisSettings::ReadFrom(const Xapian::Database& db) {
  const std::string version = db.get_metadata(schema::meta::kSchemaVersion);
  if (version.empty()) return std::nullopt;
  AnalysisSettings s;
  try {
    s.schema_version = std::stoi(version);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  s.icu_version = db.get_metadata(schema::meta::kIcuVersion);
  s.unicode_version = db.get_metadata(schema::meta::kUnicodeVersion);
  s.fold_diacritics = db.get_metadata(schema::meta::kFoldDiacritics) == "1";
  s.default_language = db.get_metadata(schema::meta::kDefaultLanguage);
  if (s.default_language.empty()) s.default_language = "en";
  return s;
}

void AnalysisSettings::WriteTo(Xapian::WritableDatabase& db) const {
  db.set_metadata(schema::meta::kSchemaVersion, std::to_string(schema_version));
  db.set_metadata(schema::meta::kIcuVersion, icu_version);
  db.set_metadata(schema::meta::kUnicodeVersion, unicode_version);
  db.set_metadata(schema::meta::kFoldDiacritics, fold_diacritics ? "1" : "0");
  db.set_metadata(schema::meta::kDefaultLanguage, default_language);
}

std::string AnalysisSettings::IncompatibilityWith(const AnalysisSettings& other) const {
  if (schema_version != other.schema_version) {
    return "the index uses schema version " + std::to_string(schema_version) +
           ", this build writes version " + std::to_string(other.schema_version);
  }
  if (fold_diacritics != other.fold_diacritics) {
    return std::string("the index was built ") +
           (fold_diacritics ? "with" : "without") + " diacritic folding";
  }
  if (default_language != other.default_language) {
    return "the index's default language is '" + default_language + "', not '" +
           other.default_language + "'";
  }
  return {};
}

std::string NormalizeLanguage(std::string_view tag) {
  std::string code;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (!std::isalpha(static_cast<unsigned char>(c))) return {};
    code += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (code.size() < 2 || code.size() > 3) return {};
  return code;
}

Xapian::Stem StemmerFor(std::string_view language) {
  return Xapian::Stem(std::string(language), /*fallback=*/true);
}

}  // namespace kiji
