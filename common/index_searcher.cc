#include "common/index_searcher.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/index_writer.h"
#include "common/schema.h"
#include "common/weighting.h"

namespace kiji {

namespace {

// How often a search is retried when the indexer's commit invalidated the
// revision it was reading.
constexpr int kModifiedRetries = 5;

// Number of values shown per facet.
constexpr std::size_t kFacetValues = 10;

std::string JsonString(const nlohmann::json& data, const char* key) {
  const auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Article ArticleFromData(const std::string& data) {
  const nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
  Article a;
  a.id = JsonString(j, schema::data::kId);
  a.title = JsonString(j, schema::data::kTitle);
  a.body = JsonString(j, schema::data::kBody);
  a.date = JsonString(j, schema::data::kDate);
  a.source = JsonString(j, schema::data::kSource);
  a.url = JsonString(j, schema::data::kUrl);
  a.language = JsonString(j, schema::data::kLanguage);
  a.caption = JsonString(j, schema::data::kCaption);
  a.dateline = JsonString(j, schema::data::kDateline);
  if (const auto it = j.find(schema::data::kTags); it != j.end() && it->is_array()) {
    for (const auto& tag : *it) {
      if (tag.is_string()) a.tags.push_back(tag.get<std::string>());
    }
  }
  return a;
}

// Counts the values of one slot over every matching document; a slot may
// hold several values joined by a separator (tags).
class FacetSpy : public Xapian::MatchSpy {
 public:
  FacetSpy(Xapian::valueno slot, char separator) : slot_(slot), separator_(separator) {}

  void operator()(const Xapian::Document& doc, double) override {
    const std::string value = doc.get_value(slot_);
    if (value.empty()) return;
    if (separator_ == '\0') {
      ++counts_[value];
      return;
    }
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find(separator_, start);
      if (end == std::string::npos) end = value.size();
      if (end > start) ++counts_[value.substr(start, end - start)];
      start = end + 1;
    }
  }

  std::vector<FacetCount> Top(std::size_t n) const {
    std::vector<FacetCount> out;
    for (const auto& [value, count] : counts_) out.push_back({value, count});
    std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (out.size() > n) out.resize(n);
    return out;
  }

 private:
  Xapian::valueno slot_;
  char separator_;
  std::map<std::string, Xapian::doccount> counts_;
};

// Expansion terms for "more like this": body stems only.
class StemDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return term.size() > 2 && term[0] == schema::kStemmed[0] && !(term[1] >= 'A' && term[1] <= 'Z');
  }
};

template <typename Fn>
auto RetryOnModified(Xapian::Database& db, const Fn& fn) -> decltype(fn()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return fn();
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kModifiedRetries) throw;
      db.reopen();
    }
  }
}

}  // namespace

bool ParseSortOrder(const std::string& text, SortOrder& out) {
  if (text == "relevance") out = SortOrder::kRelevance;
  else if (text == "date") out = SortOrder::kDateAscending;
  else if (text == "-date") out = SortOrder::kDateDescending;
  else return false;
  return true;
}

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
  std::istringstream in(db_.get_metadata(schema::meta::kLanguages));
  std::vector<std::string> codes;
  for (std::string code; in >> code;) codes.push_back(code);
  if (codes.empty()) codes.push_back(settings->default_language);
  languages_ = QueryLanguages::For(codes);
}

bool IndexSearcher::Reopen() { return db_.reopen(); }

ParsedQuery IndexSearcher::Parse(const std::string& query, const SearchOptions& options,
                                 std::string& warning) {
  ParsedQuery parsed;
  if (options.plain) {
    parsed = ParsePlainQuery(query, *analyzer_);
  } else {
    try {
      parsed = ParseQuery(query, *analyzer_);
    } catch (const QuerySyntaxError& e) {
      if (!options.fallback_to_plain) throw;
      warning = std::string("query syntax: ") + e.what() + " at offset " + std::to_string(e.position()) +
                "; searched as plain words";
      parsed = ParsePlainQuery(query, *analyzer_);
    }
  }
  if (options.stopwords) DropStopwords(parsed, languages_);
  return parsed;
}

SearchResult IndexSearcher::Search(const std::string& query_id, const std::string& query,
                                   const SearchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  SearchResult result;
  result.query_id = query_id;
  result.query = query;
  const ParsedQuery parsed = Parse(query, options, result.warning);
  BuiltQuery built = BuildQuery(parsed, languages_);
  if (!options.since.empty() || !options.until.empty()) {
    const Xapian::Query dates = DateRangeQuery(options.since, options.until);
    built.query = built.query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, dates, 0)
                                      : Xapian::Query(Xapian::Query::OP_FILTER, built.query, dates);
  }
  if (built.query.empty()) {
    if (result.warning.empty()) result.warning = "the query has no words to search for";
    return result;
  }
  const MatchTerms matches = CollectMatchTerms(parsed, languages_);
  result = RetryOnModified(db_, [&] {
    BuiltQuery run = built;
    if (options.expand) {
      run.query = Expand(built.query, options);
      run.all_words = Xapian::Query();  // expansion terms are not typed words
    }
    return Run(result, parsed, run, matches, options);
  });
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

Xapian::Enquire IndexSearcher::MakeEnquire(const Xapian::Query& query, const SearchOptions& options) const {
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(*MakeWeighting(options.weighting.empty() ? kDefaultWeighting : options.weighting));
  // Equal scores: the article indexed first comes first, so runs are stable.
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  if (options.sort != SortOrder::kRelevance) {
    enquire.set_sort_by_value_then_relevance(schema::kDateSlot, options.sort == SortOrder::kDateDescending);
  }
  return enquire;
}

SearchResult IndexSearcher::Run(SearchResult result, const ParsedQuery& parsed, const BuiltQuery& built,
                                const MatchTerms& matches, const SearchOptions& options) {
  result.hits.clear();
  const Xapian::Query& query = built.query;
  try {
    // Pages of results in order, with the bonus added to their scores.
    std::vector<std::pair<Xapian::MSet, double>> pages;
    if (options.sort == SortOrder::kRelevance && !built.all_words.empty()) {
      // Two tiers: documents with every word, then the rest, each by BM25.
      // The first tier's scores carry a bonus of the highest score the
      // second tier can reach, so scores still fall with rank (TREC tools
      // rank by score).
      const Xapian::Query all(Xapian::Query::OP_FILTER, query, built.all_words);
      const Xapian::Query rest(Xapian::Query::OP_AND_NOT, query, built.all_words);
      const Xapian::doccount want = options.offset + options.limit;
      Xapian::MSet first = MakeEnquire(all, options).get_mset(options.offset, options.limit, want);
      Xapian::doccount in_first = first.size() == options.limit ? want : options.offset + first.size();
      if (first.empty() && options.offset > 0) in_first = MakeEnquire(all, options).get_mset(0, options.offset).size();
      const Xapian::doccount rest_offset = options.offset > in_first ? options.offset - in_first : 0;
      Xapian::MSet second = MakeEnquire(rest, options).get_mset(rest_offset, options.limit - first.size());
      result.total = first.get_matches_estimated() + second.get_matches_estimated();
      if (first.size() == options.limit) result.total = std::max(result.total, want);
      pages.emplace_back(first, second.get_max_possible());
      pages.emplace_back(second, 0.0);
    } else {
      Xapian::MSet mset = MakeEnquire(query, options).get_mset(options.offset, options.limit);
      result.total = mset.get_matches_estimated();
      pages.emplace_back(mset, 0.0);
    }
    Xapian::doccount rank = options.offset;
    for (const auto& [mset, bonus] : pages) {
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit = MakeHit(it, matches, query, options);
        hit.rank = ++rank;
        hit.score += bonus;
        if (options.explain && bonus > 0) hit.explanation.push_back({"", "all words bonus", 0, bonus});
        result.hits.push_back(std::move(hit));
      }
    }
    if (options.facets) {
      result.facets = CountFacets(query, result.total);
    } else if (options.exact_total) {
      result.total = MakeEnquire(query, options).get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
    }
  } catch (const Xapian::WildcardError&) {
    throw QueryError("a wildcard in \"" + result.query + "\" matches more than " +
                     std::to_string(kMaxWildcardExpansion) + " words; use a longer prefix");
  }
  if (options.suggest && options.offset == 0) result.suggestion = Suggest(result.query, parsed, options, result.total);
  return result;
}

Hit IndexSearcher::MakeHit(const Xapian::MSetIterator& it, const MatchTerms& matches,
                           const Xapian::Query& query, const SearchOptions& options) {
  Hit hit;
  hit.docid = *it;
  hit.score = it.get_weight();
  if (!options.details && !options.snippets && !options.explain) {
    // Runs and evaluations need only the id: read its value slot rather
    // than parsing the stored article.
    hit.id = it.get_document().get_value(schema::kIdSlot);
    if (!hit.id.empty()) return hit;
  }
  const Article a = ArticleFromData(it.get_document().get_data());
  hit.id = a.id;
  hit.title = a.title;
  hit.date = a.date;
  hit.source = a.source;
  hit.url = a.url;
  if (options.snippets) {
    const Xapian::Stem stem = StemmerFor(a.language);
    const std::vector<Token> tokens = analyzer_->Tokenize(a.body);
    hit.snippet = MakeSnippet(a.body, tokens, matches.MatchTokens(tokens, stem));
  }
  if (options.explain) hit.explanation = Explain(hit.docid, query, options);
  return hit;
}

std::vector<TermWeight> IndexSearcher::Explain(Xapian::docid docid, const Xapian::Query& query,
                                               const SearchOptions& options) const {
  std::vector<TermWeight> out;
  const Xapian::Document doc = db_.get_document(docid);
  const Xapian::Query only_this(Xapian::Query::OP_SCALE_WEIGHT,
                                Xapian::Query(schema::IdTerm(ArticleFromData(doc.get_data()).id)), 0);
  std::set<std::string> seen;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    if (!seen.insert(*t).second) continue;
    Xapian::TermIterator in_doc = doc.termlist_begin();
    in_doc.skip_to(*t);
    if (in_doc == doc.termlist_end() || *in_doc != *t) continue;
    // The weight this term alone gives this document, under the same scheme.
    Xapian::Enquire enquire = MakeEnquire(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(*t), only_this), options);
    const Xapian::MSet mset = enquire.get_mset(0, 1);
    TermWeight w;
    w.term = *t;
    w.field = std::string(schema::DescribeTerm(*t));
    w.wdf = in_doc.get_wdf();
    w.weight = mset.empty() ? 0 : mset.begin().get_weight();
    out.push_back(std::move(w));
  }
  std::sort(out.begin(), out.end(), [](const TermWeight& a, const TermWeight& b) { return a.weight > b.weight; });
  return out;
}

std::vector<Facet> IndexSearcher::CountFacets(const Xapian::Query& query, Xapian::doccount& total) const {
  FacetSpy sources(schema::kSourceSlot, '\0');
  FacetSpy years(schema::kYearSlot, '\0');
  FacetSpy tags(schema::kTagsSlot, schema::kTagSeparator);
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.add_matchspy(&sources);
  enquire.add_matchspy(&years);
  enquire.add_matchspy(&tags);
  // Look at every match, not just the first page, so counts are exact.
  // The pass sees every match, so its count is exact: better than the estimate.
  total = enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
  return {{"source", sources.Top(kFacetValues)}, {"year", years.Top(kFacetValues)}, {"tag", tags.Top(kFacetValues)}};
}

std::string IndexSearcher::Suggest(const std::string& query, const ParsedQuery& parsed,
                                   const SearchOptions& options, Xapian::doccount total) {
  constexpr Xapian::doccount kFew = 2;
  if (total > kFew) return {};
  std::string suggestion;
  std::size_t copied = 0;
  bool changed = false;
  for (const Token& word : FreeWords(parsed)) {
    // Words the articles use are not misspelt, however rare.
    if (db_.term_exists(word.term)) continue;
    const std::string better = db_.get_spelling_suggestion(word.term, 2);
    if (better.empty() || better == word.term) continue;
    suggestion.append(query, copied, word.begin - copied);
    suggestion += better;
    copied = word.end;
    changed = true;
  }
  if (!changed) return {};
  suggestion.append(query, copied);
  // Only worth offering when it finds more than the query did.
  SearchOptions probe = options;
  probe.limit = 0;
  probe.offset = 0;
  probe.facets = probe.explain = probe.suggest = false;
  probe.fallback_to_plain = true;
  const SearchResult better = Search("", suggestion, probe);
  return better.total > total ? suggestion : std::string();
}

Xapian::Query IndexSearcher::Expand(const Xapian::Query& query, const SearchOptions& options) const {
  SearchOptions first_pass = options;
  first_pass.sort = SortOrder::kRelevance;
  const Xapian::MSet top = MakeEnquire(query, first_pass).get_mset(0, options.expand_documents);
  if (top.empty()) return query;
  Xapian::RSet feedback;
  for (auto it = top.begin(); it != top.end(); ++it) feedback.add_document(*it);
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  StemDecider decider;
  const Xapian::ESet eset = enquire.get_eset(options.expand_terms, feedback, &decider);
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
  if (terms.empty()) return query;
  const Xapian::Query expansion(Xapian::Query::OP_OR, terms.begin(), terms.end());
  return Xapian::Query(Xapian::Query::OP_OR, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, options.expand_weight));
}

SearchResult IndexSearcher::MoreLike(Xapian::docid docid, const SearchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  return RetryOnModified(db_, [&] {
    const Article source = ArticleFromData(db_.get_document(docid).get_data());
    SearchResult result;
    result.query = "more like " + source.id;
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(schema::IdTerm(source.id)));
    StemDecider decider;
    const Xapian::ESet eset = enquire.get_eset(20, rset, &decider);
    std::vector<Xapian::Query> terms;
    MatchTerms matches;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
      terms.emplace_back(*it);
      matches.stems.insert((*it).substr(schema::kStemmed.size()));
    }
    if (terms.empty()) return result;
    BuiltQuery built;
    built.query = Xapian::Query(Xapian::Query::OP_AND_NOT,
                                Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                Xapian::Query(schema::IdTerm(source.id)));
    SearchOptions no_suggest = options;
    no_suggest.suggest = false;
    result = Run(result, ParsedQuery{}, built, matches, no_suggest);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  });
}

ArticleView IndexSearcher::Open(Xapian::docid docid, const std::string& query) {
  ArticleView view;
  view.article = RetryOnModified(db_, [&] { return ArticleFromData(db_.get_document(docid).get_data()); });
  std::string ignored;
  SearchOptions options;
  options.fallback_to_plain = true;
  const MatchTerms matches = CollectMatchTerms(Parse(query, options, ignored), languages_);
  const std::vector<Token> tokens = analyzer_->Tokenize(view.article.body);
  const std::vector<int> match = matches.MatchTokens(tokens, StemmerFor(view.article.language));
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (match[i] != 0) view.highlights.emplace_back(tokens[i].begin, tokens[i].end);
  }
  return view;
}

}  // namespace kiji
