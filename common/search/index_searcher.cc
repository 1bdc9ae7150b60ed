#include "common/search/index_searcher.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <sys/stat.h>


#include "common/index/index_location.h"
#include "common/index/retry_on_modified.h"
#include "common/index/index_error.h"
#include "common/index/schema.h"
#include "common/index/shard_batch.h"
#include "common/index/shard_layout.h"
#include "common/index/stored_article.h"
#include "common/search/weighting.h"
#include "common/index/index_settings.h"

namespace kiji {

namespace {


// Number of values shown per facet.
constexpr std::size_t kFacetValues = 10;

// The most frequent values of a ValueCountMatchSpy (Xapian's own, which
// remote shards can run too); a slot may hold several values joined by
// `separator` (tags), each counted once per article.
std::vector<FacetCount> TopValues(const Xapian::ValueCountMatchSpy& spy, char separator, std::size_t n) {
  std::map<std::string, Xapian::doccount> counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string value = *it;
    if (separator == '\0') {
      counts[value] += it.get_termfreq();
      continue;
    }
    std::set<std::string> seen;
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find(separator, start);
      if (end == std::string::npos) end = value.size();
      if (end > start && seen.insert(value.substr(start, end - start)).second) {
        counts[value.substr(start, end - start)] += it.get_termfreq();
      }
      start = end + 1;
    }
  }
  std::vector<FacetCount> out;
  for (const auto& [value, count] : counts) {
    if (!value.empty()) out.push_back({value, count});
  }
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

// Articles shorter than this are analysed whole for their snippet; longer
// ones only around where the query's words occur (SnippetRegions).
constexpr std::size_t kWholeSnippetBytes = 1024;

// Expansion terms for "more like this": body stems only.
class StemDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return term.size() > 2 && term[0] == schema::kStemmed[0] && !(term[1] >= 'A' && term[1] <= 'Z');
  }
};

// The terms of `query` when it is an OR of two or more single terms, else
// nothing.
std::vector<std::string> PlainWords(const Xapian::Query& query) {
  std::vector<std::string> out;
  if (query.get_type() != Xapian::Query::OP_OR || query.get_num_subqueries() < 2) return out;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Xapian::Query sub = query.get_subquery(i);
    if (sub.get_type() != Xapian::Query::LEAF_TERM) return {};
    out.push_back(*sub.get_terms_begin());
  }
  return out;
}

// How many of `n` documents hold at least one of `terms`, assuming they
// occur independently: Xapian's own estimate for an OR.
Xapian::doccount OrEstimate(const Xapian::MSet& mset, const std::vector<std::string>& terms, Xapian::doccount n) {
  if (n == 0) return 0;
  double none = 1.0;
  for (const std::string& term : terms) none *= 1.0 - static_cast<double>(mset.get_termfreq(term)) / n;
  return static_cast<Xapian::doccount>(std::lround(n * (1.0 - none)));
}

}  // namespace

bool ParseSortOrder(const std::string& text, SortOrder& out) {
  if (text == "relevance") out = SortOrder::kRelevance;
  else if (text == "date") out = SortOrder::kDateAscending;
  else if (text == "-date") out = SortOrder::kDateDescending;
  else return false;
  return true;
}

namespace {

// The stored article of `doc`: its compressed value, or the document data
// of an index written before the article moved there.
std::string StoredArticleData(const Xapian::Document& doc) {
  const std::string packed = doc.get_value(schema::kArticleSlot);
  if (packed.empty()) return doc.get_data();
  std::optional<std::string> data = DecompressStoredArticle(packed);
  if (!data) {
    throw IndexError("the stored article of document " + std::to_string(doc.get_docid()) +
                     " is damaged; rebuild the index with 'indexer --rebuild'");
  }
  return std::move(*data);
}

// The databases `text` names, each with a name for messages: a local
// sharded index's shards one by one (so their batch stamps can be compared),
// else the one database.
std::vector<std::pair<Xapian::Database, std::string>> OpenLocation(const std::string& text) {
  IndexLocation location;
  try {
    location = ParseIndexLocation(text);
  } catch (const std::invalid_argument& e) {
    throw IndexError(e.what());
  }
  if (location.ssh) {
    try {
      return {{Xapian::Remote::open("ssh", SshProgsrvArguments(location)), text}};
    } catch (const Xapian::NetworkError& e) {
      const std::string port = location.port ? " -p " + std::to_string(location.port) : "";
      throw IndexError("cannot read the index at " + text + ": " + e.get_msg() + "; does 'ssh" + port + " " +
                       location.host + " xapian-progsrv --help' work (Debian: xapian-tools on that host)?");
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw IndexError("no index at " + text + ": " + e.get_msg());
    }
  }
  if (location.remote()) {
    try {
      return {{Xapian::Remote::open(location.host, location.port, 10000, 5000), text}};
    } catch (const Xapian::NetworkError& e) {
      throw IndexError("cannot reach the index at " + text + ": " + e.get_msg() +
                       "; is xapian-tcpsrv serving a kiji index there (xapian-tcpsrv --port " +
                       std::to_string(location.port) + " INDEX_DIR)?");
    }
  }
  if (!std::filesystem::exists(location.path)) {
    throw IndexError("no index at " + text + "; build one with: indexer --db " + text + " PATH...");
  }
  std::vector<std::string> paths;
  try {
    paths = ShardPaths(location.path);
  } catch (const std::runtime_error& e) {
    throw IndexError(e.what());
  }
  std::vector<std::pair<Xapian::Database, std::string>> out;
  for (const std::string& path : paths) out.emplace_back(Xapian::Database(path), paths.size() > 1 ? path : text);
  return out;
}

// Whether `db` (a database, or a remote one serving several, whose UUIDs
// Xapian joins with ':') was opened already, by whatever name; throws
// IndexError when it only partly was.
bool AlreadyOpen(const Xapian::Database& db, const std::string& name, std::map<std::string, std::string>& seen) {
  std::vector<std::string> uuids;
  std::istringstream in(db.get_uuid());
  for (std::string uuid; std::getline(in, uuid, ':');) {
    if (!uuid.empty()) uuids.push_back(uuid);
  }
  std::size_t known = 0;
  std::string other;
  for (const std::string& uuid : uuids) {
    if (const auto it = seen.find(uuid); it != seen.end()) {
      ++known;
      other = it->second;
    }
  }
  if (known > 0 && known < uuids.size()) {
    throw IndexError(name + " and " + other + " share some of their databases; name each index or shard once");
  }
  for (const std::string& uuid : uuids) seen.emplace(uuid, name);
  return !uuids.empty() && known == uuids.size();
}

}  // namespace

IndexSearcher::IndexSearcher(const std::string& location)
    : IndexSearcher(std::vector<std::string>{location}) {}

IndexSearcher::IndexSearcher(const std::vector<std::string>& locations) : locations_(locations) {
  if (locations.empty()) throw IndexError("no index given");
  identity_ = DirectoryIdentities(locations_);
  OpenAllRetrying();
}

void IndexSearcher::OpenAllRetrying() {
  // Opening reads metadata from every part while an indexer may commit.
  RetryOnModified([] {}, [this] { OpenAll(); });
}

void IndexSearcher::OpenAll() {
  // The same database named twice (a trailing slash, a symlink, a shard
  // and its index's stub, a local path and a remote address) is searched
  // once; counted twice, every result would come twice.
  std::vector<Xapian::Database> parts;
  std::vector<std::string> part_names;
  std::map<std::string, std::string> seen;
  for (const std::string& location : locations_) {
    for (auto& [db, name] : OpenLocation(location)) {
      if (AlreadyOpen(db, name, seen)) continue;
      parts.push_back(std::move(db));
      part_names.push_back(std::move(name));
    }
  }
  WaitForWholeBatches(parts, part_names);
  Xapian::Database combined;
  std::optional<AnalysisSettings> first;
  std::set<std::string> codes;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Xapian::Database& db = parts[i];
    const std::string& location = part_names[i];
    const auto settings = ReadIndexSettings(db);
    if (!settings) {
      throw IndexError(location + " is not a kiji index (it has no kiji analysis settings); "
                       "build one with: indexer --db " + location + " PATH...");
    }
    if (!first) {
      first = settings;
    } else if (const std::string why = first->IncompatibilityWith(*settings); !why.empty()) {
      throw IndexError("cannot search " + part_names.front() + " and " + location +
                       " together: they were built with different analysis settings (" + why +
                       "); rebuild one with the other's settings");
    }
    std::istringstream in(db.get_metadata(schema::meta::kLanguages));
    for (std::string code; in >> code;) codes.insert(code);
    combined.add_database(db);
  }
  db_ = combined;
  parts_ = std::move(parts);
  part_names_ = std::move(part_names);
  analyzer_ = std::make_unique<Analyzer>(*first);
  std::vector<std::string> languages(codes.begin(), codes.end());
  if (languages.empty()) languages.push_back(first->default_language);
  languages_ = QueryLanguages::For(languages);
}

std::vector<IndexSearcher::DirectoryIdentity> IndexSearcher::DirectoryIdentities(
    const std::vector<std::string>& locations) {
  std::vector<DirectoryIdentity> out;
  for (const std::string& text : locations) {
    DirectoryIdentity identity;
    const IndexLocation location = ParseIndexLocation(text);  // checked when first opened
    struct stat st {};
    if (location.remote()) {
      // A remote server reopens its own database.
    } else if (::stat(location.path.c_str(), &st) != 0) {
      identity.missing = true;
    } else {
      identity = {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                  static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec, false};
    }
    out.push_back(identity);
  }
  return out;
}

bool IndexSearcher::Reopen() {
  // A rebuilt index is swapped in by renaming directories: reopen() would
  // keep reading the deleted one, so a changed directory is opened afresh.
  std::vector<DirectoryIdentity> now = DirectoryIdentities(locations_);
  const bool swapped = now != identity_ &&
                       std::none_of(now.begin(), now.end(), [](const DirectoryIdentity& d) { return d.missing; });
  if (swapped) {
    OpenAllRetrying();
    identity_ = std::move(now);
    return true;
  }
  const bool changed = db_.reopen();  // reopens parts_ too: they share their databases
  WaitForWholeBatches(parts_, part_names_);
  return changed;
}

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
  // Only snippets highlight matched words.
  const MatchTerms matches = options.snippets ? CollectMatchTerms(parsed, languages_) : MatchTerms();
  result = RetryOnModified([this] { Reopen(); }, [&] {
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
  // Parsed once per scheme: a query may make several Enquires.
  const std::string& spec = options.weighting.empty() ? kDefaultWeighting : options.weighting;
  auto weighting = weightings_.find(spec);
  if (weighting == weightings_.end()) weighting = weightings_.emplace(spec, MakeWeighting(spec)).first;
  enquire.set_weighting_scheme(*weighting->second);
  // Equal scores: the article indexed first comes first, so runs are stable.
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  if (options.sort != SortOrder::kRelevance) {
    enquire.set_sort_by_value_then_relevance(schema::kDateSlot, options.sort == SortOrder::kDateDescending);
  }
  return enquire;
}

namespace {

// A page of results in order, with the bonus added to its scores and the
// documents an earlier page already showed.
struct ResultPage {
  Xapian::MSet mset;
  double bonus = 0;
  std::set<Xapian::docid> shown;
};

using EnquireFor = std::function<Xapian::Enquire(const Xapian::Query&)>;

// Two tiers: documents with every word, then the rest, each by BM25. When
// one list shows both, the first tier's scores carry a bonus of the best
// score the second tier attains, so scores still fall with rank (TREC tools
// rank by score). The bonus is an attained score, not a bound, so it is the
// same however the index is laid out (one database, shards, remotes). The
// second tier is not run at all when the first fills the page: a keyword
// query usually costs one AND match.
//
// A query of plain words (the usual case) runs tier 1 as their AND: the
// same documents and scores as the filtered OR, with a third of the posting
// lists; and estimates the total from the term frequencies that match
// gathered, as Xapian estimates an OR, so a full first page costs one match.
std::vector<ResultPage> TieredPages(const BuiltQuery& built, const SearchOptions& options, const EnquireFor& enquire,
                                    Xapian::doccount documents, Xapian::doccount& total) {
  const Xapian::Query& query = built.query;
  const std::vector<std::string> words = PlainWords(query);
  const Xapian::Query all = words.empty() ? Xapian::Query(Xapian::Query::OP_FILTER, query, built.all_words)
                                          : Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
  // Built only on the paths that run it.
  const auto rest = [&] { return Xapian::Query(Xapian::Query::OP_AND_NOT, query, built.all_words); };
  const Xapian::doccount want = options.offset + options.limit;
  Xapian::MSet first = enquire(all).get_mset(options.offset, options.limit, want);
  if (first.size() == options.limit) {
    const Xapian::doccount estimate =
        words.empty() ? first.get_matches_estimated() + enquire(rest()).get_mset(0, 0).get_matches_estimated()
                      : std::max(first.get_matches_estimated(), OrEstimate(first, words, documents));
    total = std::max(want, estimate);
    return {{first, 0.0, {}}};
  }
  if (options.offset == 0) {
    // The rest of a first page: the query's own best matches less the
    // first tier's, which are all on this page. One plain match, where an
    // AND_NOT would evaluate the all-words query a second time; the same
    // documents and scores (AND_NOT scores by its left side).
    ResultPage rest_page{enquire(query).get_mset(0, options.limit), 0.0, {}};
    for (auto it = first.begin(); it != first.end(); ++it) rest_page.shown.insert(*it);
    double best_rest = 0;
    for (auto it = rest_page.mset.begin(); it != rest_page.mset.end(); ++it) {
      if (rest_page.shown.count(*it) == 0) {
        best_rest = it.get_weight();
        break;
      }
    }
    total = std::max<Xapian::doccount>(rest_page.mset.get_matches_estimated(), first.size());
    return {{first, first.empty() ? 0.0 : best_rest, {}}, std::move(rest_page)};
  }
  Xapian::doccount in_first = options.offset + first.size();
  if (first.empty() && options.offset > 0) in_first = enquire(all).get_mset(0, options.offset).size();
  const Xapian::doccount rest_offset = options.offset > in_first ? options.offset - in_first : 0;
  Xapian::MSet second = enquire(rest()).get_mset(rest_offset, options.limit - first.size());
  total = first.get_matches_estimated() + second.get_matches_estimated();
  return {{first, first.empty() ? 0.0 : second.get_max_attained(), {}}, {second, 0.0, {}}};
}

// Replaces the estimate in `result` by a count when that is cheap: every
// match when asked for, else up to `options.exact_up_to` of them (Xapian
// stops counting past its check-at-least bound and estimates the rest).
void CountMatches(const Xapian::Enquire& enquire, const SearchOptions& options, Xapian::doccount documents,
                  SearchResult& result) {
  if (!options.exact_total && options.exact_up_to == 0) return;
  const Xapian::doccount enough = options.exact_total ? documents : options.exact_up_to + 1;
  const Xapian::MSet counted = enquire.get_mset(0, 0, enough);
  result.total_exact = counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
  if (result.total_exact || options.exact_total) {
    result.total = counted.get_matches_estimated();
  } else {
    // Past the bound: an estimate informed by that many matches seen.
    result.total = std::max(counted.get_matches_estimated(), options.exact_up_to + 1);
  }
}

}  // namespace

SearchResult IndexSearcher::Run(SearchResult result, const ParsedQuery& parsed, const BuiltQuery& built,
                                const MatchTerms& matches, const SearchOptions& options) {
  result.hits.clear();
  const Xapian::Query& query = built.query;
  const EnquireFor enquire = [&](const Xapian::Query& q) { return MakeEnquire(q, options); };
  try {
    std::vector<ResultPage> pages;
    if (options.sort == SortOrder::kRelevance && !built.all_words.empty()) {
      pages = TieredPages(built, options, enquire, db_.get_doccount(), result.total);
    } else {
      Xapian::MSet mset = enquire(query).get_mset(options.offset, options.limit);
      result.total = mset.get_matches_estimated();
      pages.push_back({mset, 0.0, {}});
    }
    Xapian::doccount rank = options.offset;
    std::map<std::string, MatchTerms::Memo> memos;
    for (const ResultPage& page : pages) {
      for (auto it = page.mset.begin(); it != page.mset.end() && result.hits.size() < options.limit; ++it) {
        if (page.shown.count(*it) != 0) continue;
        Hit hit = MakeHit(it, matches, query, options, memos);
        hit.rank = ++rank;
        hit.score += page.bonus;
        if (options.explain && page.bonus > 0) hit.explanation.push_back({"", "all words bonus", 0, page.bonus});
        result.hits.push_back(std::move(hit));
      }
    }
    if (options.facets) {
      result.facets = CountFacets(query, result.total);
      result.total_exact = true;
    } else {
      CountMatches(enquire(query), options, db_.get_doccount(), result);
    }
  } catch (const Xapian::WildcardError&) {
    throw QueryError("a wildcard in \"" + result.query + "\" matches more than " +
                     std::to_string(kMaxWildcardExpansion) + " words; use a longer prefix");
  }
  if (options.suggest && options.offset == 0) result.suggestion = Suggest(result.query, parsed, options, result.total);
  return result;
}

Hit IndexSearcher::MakeHit(const Xapian::MSetIterator& it, const MatchTerms& matches,
                           const Xapian::Query& query, const SearchOptions& options,
                           std::map<std::string, MatchTerms::Memo>& memos) {
  Hit hit;
  hit.docid = *it;
  hit.score = it.get_weight();
  const Xapian::Document doc = it.get_document();
  if (!options.details && !options.snippets && !options.explain) {
    // Runs and evaluations need only the id: read its value slot rather
    // than parsing the stored article.
    hit.id = doc.get_value(schema::kIdSlot);
    if (!hit.id.empty()) return hit;
  }
  ArticleSummary summary;
  std::string body;
  if (DecodeArticleSummary(doc.get_value(schema::kSummarySlot), summary)) {
    if (options.snippets) body = StoredBody(StoredArticleData(doc));
  } else {
    // Indexed before summaries were stored: everything is in the data.
    Article a = DecodeStoredArticle(StoredArticleData(doc));
    summary = {a.id, a.title, a.date, a.source, a.url, a.language};
    body = std::move(a.body);
  }
  hit.id = std::move(summary.id);
  hit.title = std::move(summary.title);
  hit.date = std::move(summary.date);
  hit.source = std::move(summary.source);
  hit.url = std::move(summary.url);
  if (options.snippets) {
    auto stem = stemmers_.find(summary.language);
    if (stem == stemmers_.end()) stem = stemmers_.emplace(summary.language, StemmerFor(summary.language)).first;
    std::vector<Token> tokens;
    const std::vector<std::string> probes = matches.Probes();
    if (probes.empty() || body.size() < kWholeSnippetBytes) {
      tokens = analyzer_->Tokenize(body);
    } else {
      for (const auto& [begin, end] : SnippetRegions(body, probes)) {
        for (Token& t : analyzer_->Tokenize(std::string_view(body).substr(begin, end - begin))) {
          t.begin += begin;
          t.end += begin;
          tokens.push_back(std::move(t));
        }
      }
    }
    hit.snippet = MakeSnippet(body, tokens, matches.MatchTokens(tokens, stem->second, &memos[summary.language]));
  }
  if (options.explain) hit.explanation = Explain(hit.docid, query, options);
  return hit;
}

std::vector<TermWeight> IndexSearcher::Explain(Xapian::docid docid, const Xapian::Query& query,
                                               const SearchOptions& options) const {
  std::vector<TermWeight> out;
  const Xapian::Document doc = db_.get_document(docid);
  // The id from its value slot: decoding the stored article would decompress
  // the whole body for it.
  std::string id = doc.get_value(schema::kIdSlot);
  if (id.empty()) id = DecodeStoredArticle(StoredArticleData(doc)).id;
  const Xapian::Query only_this(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::IdTerm(id)), 0);
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
  Xapian::ValueCountMatchSpy sources(schema::kSourceSlot);
  Xapian::ValueCountMatchSpy years(schema::kYearSlot);
  Xapian::ValueCountMatchSpy tags(schema::kTagsSlot);
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.add_matchspy(&sources);
  enquire.add_matchspy(&years);
  enquire.add_matchspy(&tags);
  // Look at every match, not just the first page, so counts are exact.
  // The pass sees every match, so its count is exact: better than the estimate.
  total = enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
  return {{"source", TopValues(sources, '\0', kFacetValues)},
          {"year", TopValues(years, '\0', kFacetValues)},
          {"tag", TopValues(tags, schema::kTagSeparator, kFacetValues)}};
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
  if (suggestion.size() > kMaxQueryBytes) return {};  // longer words: it may not be searched
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
  return RetryOnModified([this] { Reopen(); }, [&] {
    const Article source = DecodeStoredArticle(StoredArticleData(db_.get_document(docid)));
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
  view.article = RetryOnModified([this] { Reopen(); }, [&] { return DecodeStoredArticle(StoredArticleData(db_.get_document(docid))); });
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
