#include "common/index_searcher.h"

#include <filesystem>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/index_writer.h"
#include "common/schema.h"

namespace kiji {

namespace {

std::string JsonString(const nlohmann::json& data, const char* key) {
  const auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

IndexSearcher::IndexSearcher(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    throw IndexError("no index at " + path + "; build one with: indexer --db " + path + " PATH...");
  }
  db_ = Xapian::Database(path);
  const auto settings = AnalysisSettings::ReadFrom(db_);
  if (!settings) {
    throw IndexError(path + " is not a kiji index (it has no kiji analysis settings); "
                     "build one with: indexer --db " + path + " PATH...");
  }
  analyzer_ = std::make_unique<Analyzer>(*settings);
  std::istringstream languages(db_.get_metadata(schema::meta::kLanguages));
  for (std::string code; languages >> code;) languages_.stemmers.push_back(StemmerFor(code));
  if (languages_.stemmers.empty()) languages_.stemmers.push_back(StemmerFor(settings->default_language));
}

SearchResult IndexSearcher::Search(const std::string& query_id, const std::string& query,
                                   const SearchOptions& options) {
  SearchResult result;
  result.query_id = query_id;
  result.query = query;
  const ParsedQuery parsed = ParseQuery(query, *analyzer_);
  const Xapian::Query xq = BuildQuery(parsed, languages_);
  if (xq.empty()) return result;
  const MatchTerms matches = CollectMatchTerms(parsed, languages_);

  Xapian::Enquire enquire(db_);
  enquire.set_query(xq);
  enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
  // Equal scores: the article indexed first comes first, so runs are stable.
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet mset = enquire.get_mset(options.offset, options.limit);
  result.total = mset.get_matches_estimated();
  Xapian::doccount rank = options.offset;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Hit hit = MakeHit(it, matches, options.snippets);
    hit.rank = ++rank;
    result.hits.push_back(std::move(hit));
  }
  return result;
}

Hit IndexSearcher::MakeHit(const Xapian::MSetIterator& it, const MatchTerms& matches,
                           bool snippets) {
  Hit hit;
  hit.score = it.get_weight();
  const Xapian::Document doc = it.get_document();
  const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
  hit.id = JsonString(data, schema::data::kId);
  hit.title = JsonString(data, schema::data::kTitle);
  hit.date = JsonString(data, schema::data::kDate);
  hit.source = JsonString(data, schema::data::kSource);
  hit.url = JsonString(data, schema::data::kUrl);
  if (snippets) {
    const std::string body = JsonString(data, schema::data::kBody);
    const Xapian::Stem stem = StemmerFor(JsonString(data, schema::data::kLanguage));
    const std::vector<Token> tokens = analyzer_->Tokenize(body);
    hit.snippet = MakeSnippet(body, tokens, matches.MatchTokens(tokens, stem));
  }
  return hit;
}

}  // namespace kiji
