#include "common/index/index_settings.h"

#include <exception>
#include <filesystem>
#include <sstream>
#include <utility>

#include "common/index/schema.h"
#include "common/index/shard_layout.h"

namespace kiji {

AnalysisSettings NewIndexSettings(bool fold_diacritics, const std::string& default_language) {
  AnalysisSettings s = AnalysisSettings::Current(fold_diacritics, default_language);
  s.schema_version = schema::kVersion;
  return s;
}

std::optional<AnalysisSettings> ReadIndexSettings(const Xapian::Database& db) {
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

void WriteIndexSettings(Xapian::WritableDatabase& db, const AnalysisSettings& settings) {
  db.set_metadata(schema::meta::kSchemaVersion, std::to_string(settings.schema_version));
  db.set_metadata(schema::meta::kIcuVersion, settings.icu_version);
  db.set_metadata(schema::meta::kUnicodeVersion, settings.unicode_version);
  db.set_metadata(schema::meta::kFoldDiacritics, settings.fold_diacritics ? "1" : "0");
  db.set_metadata(schema::meta::kDefaultLanguage, settings.default_language);
}

std::vector<std::string> RecordedRoots(const std::string& path) {
  std::vector<std::string> roots;
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return roots;
  std::string recorded;
  try {
    recorded = Xapian::Database(ShardPaths(path).front()).get_metadata(schema::meta::kRoots);
  } catch (const Xapian::DatabaseOpeningError&) {
    return roots;  // no index there yet
  }
  std::istringstream lines(recorded);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) roots.push_back(line);
  }
  return roots;
}

}  // namespace kiji
