#include "common/analysis/analysis_settings.h"

#include <cctype>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>


namespace kiji {

AnalysisSettings AnalysisSettings::Current(bool fold_diacritics, const std::string& default_language) {
  AnalysisSettings s;
  s.icu_version = U_ICU_VERSION;
  s.unicode_version = U_UNICODE_VERSION;
  s.fold_diacritics = fold_diacritics;
  s.default_language = NormalizeLanguage(default_language);
  if (s.default_language.empty()) s.default_language = "en";
  return s;
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

bool IsKnownLanguage(std::string_view code) {
  if (code.empty()) return false;
  for (const char* const* known = icu::Locale::getISOLanguages(); *known != nullptr; ++known) {
    if (code == *known) return true;
  }
  return false;
}

Xapian::Stem StemmerFor(std::string_view language) {
  return Xapian::Stem(std::string(language), /*fallback=*/true);
}

}  // namespace kiji
