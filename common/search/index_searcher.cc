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
#include "common/search/expansion.h"
#include "common/search/explain.h"
#include "common/search/facets.h"
#include "common/search/recency.h"
#include "common/search/spelling.h"
#include "common/search/tiered_match.h"
#include "common/search/weighting.h"
#include "common/index/index_settings.h"
#include "common/util/date.h"
#include "common/util/utf8.h"

namespace kiji {

namespace {

// "More like this" searches for this many of the article's strongest stems.
constexpr Xapian::termcount kMoreLikeStems = 20;

// Articles shorter than this are analysed whole for their snippet; longer
// ones only around where the query's words occur (SnippetRegions).
constexpr std::size_t kWholeSnippetBytes = 1024;
// Where the query's words cannot be found byte for byte (CJK, accents,
// "ß" typed for the probe "ss", no match in the regions), a snippet is
// chosen from the article's first this many bytes: the bound on one hit's
// work however large the article.
constexpr std::size_t kSnippetScanBytes = 256u << 10;

// The tokens of body[begin, end), with their offsets in `body`.
void AppendTokens(Analyzer& analyzer, std::string_view body, std::size_t begin, std::size_t end,
                  std::vector<Token>& out) {
  for (Token& t : analyzer.Tokenize(body.substr(begin, end - begin))) {
    t.begin += begin;
    t.end += begin;
    out.push_back(std::move(t));
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

namespace {

// "YYYY-MM-DD" of a day value ("YYYYMMDD"), for DayNumber.
std::string Dashed(const std::string& day) {
  return day.size() == 8 ? day.substr(0, 4) + "-" + day.substr(4, 2) + "-" + day.substr(6, 2) : std::string();
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
  stories_.reset();
  remote_ = std::any_of(locations_.begin(), locations_.end(),
                        [](const std::string& l) { return ParseIndexLocation(l).remote(); });
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
  if (changed) stories_.reset();
  return changed;
}

const StoryIndex* IndexSearcher::CountingStories() {
  // Xapian 1.4 hands a match spy documents numbered within their own shard,
  // which the story index (numbered across shards) cannot place.
  return parts_.size() == 1 ? Stories() : nullptr;
}

const StoryIndex* IndexSearcher::Stories() {
  if (remote_) return nullptr;
  if (!stories_) stories_ = std::make_unique<StoryIndex>(db_);
  return stories_.get();
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
  // A date order ranks by age already: recency would only change scores.
  if (options.recency_half_life > 0 && options.sort == SortOrder::kRelevance &&
      !RetryOnModified([this] { Reopen(); }, [&] { return AddRecency(built, options); }) && result.warning.empty()) {
    result.warning = "--recency changes nothing: no article has a date it can weigh (an index built by an older "
                     "kiji needs 'indexer --rebuild')";
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
  // Articles without copies have no key and are never collapsed.
  if (options.collapse) enquire.set_collapse_key(schema::kStorySlot);
  return enquire;
}

SearchResult IndexSearcher::Run(SearchResult result, const ParsedQuery& parsed, const BuiltQuery& built,
                                const MatchTerms& matches, const SearchOptions& options) {
  result.hits.clear();
  const Xapian::Query& query = built.query;
  // Xapian collapses for remote indexes; a local one is collapsed here
  // from the story index, which reads no value per match.
  SearchOptions match_options = options;
  match_options.collapse = options.collapse && remote_;
  const EnquireFor enquire = [&](const Xapian::Query& q) { return MakeEnquire(q, match_options); };
  try {
    const std::vector<ResultPage> pages = Pages(built, options, enquire, result.total);
    Xapian::doccount rank = options.offset;
    std::map<std::string, MatchTerms::Memo> memos;
    for (const ResultPage& page : pages) {
      for (const Xapian::doccount entry : page.entries) {
        if (result.hits.size() >= options.limit) break;
        const Xapian::MSetIterator it = page.mset[entry];
        Hit hit = MakeHit(it, matches, query, options, memos);
        hit.rank = ++rank;
        hit.score += page.bonus;
        if (options.explain && page.bonus > 0) {
          TermWeight bonus;
          bonus.field = "all words bonus";
          bonus.weight = page.bonus;
          hit.explanation.push_back(std::move(bonus));
        }
        result.hits.push_back(std::move(hit));
      }
    }
    if (options.facets) {
      result.facets = kiji::CountFacets(db_, query, result.total);  // counts every article, copies too
      result.total_exact = true;
      if (options.collapse) {
        result.total =
            CountMatches(enquire(query), 0, true, db_.get_doccount(), result.total_exact, schema::kStorySlot,
                         CountingStories());
      }
    } else if (options.exact_total || options.exact_up_to > 0) {
      result.total = CountMatches(enquire(query), options.exact_up_to, options.exact_total, db_.get_doccount(),
                                  result.total_exact, options.collapse ? schema::kStorySlot : Xapian::BAD_VALUENO,
                                  options.collapse ? CountingStories() : nullptr);
    }
    // A page the matches did not fill is the last: the total is what it
    // ends at, whatever an estimate said.
    if (!result.hits.empty() && result.hits.size() < options.limit && options.exact_up_to > 0) {
      result.total = options.offset + static_cast<Xapian::doccount>(result.hits.size());
      result.total_exact = true;
    }
  } catch (const Xapian::WildcardError&) {
    throw QueryError("a wildcard in \"" + result.query + "\" matches more than " +
                     std::to_string(kMaxWildcardExpansion) + " words; use a longer prefix");
  }
  if (options.suggest && options.offset == 0) result.suggestion = Suggest(result.query, parsed, options, result.total);
  return result;
}

std::vector<ResultPage> IndexSearcher::Pages(const BuiltQuery& built, const SearchOptions& options,
                                             const EnquireFor& enquire, Xapian::doccount& total) {
  const auto fetch_pages = [&](Xapian::doccount offset, Xapian::doccount limit) {
    if (options.sort == SortOrder::kRelevance && !built.all_words.empty()) {
      return TieredPages(built, offset, limit, enquire, db_.get_doccount(), total);
    }
    const Xapian::MSet mset = enquire(built.query).get_mset(offset, limit);
    total = mset.get_matches_estimated();
    return std::vector<ResultPage>{WholePage(mset)};
  };
  const StoryIndex* stories = options.collapse ? Stories() : nullptr;
  if (stories == nullptr || stories->empty()) return fetch_pages(options.offset, options.limit);
  // The list from its start, each story's best-ranked article kept, cut at
  // the page asked for; fetched again, deeper, while copies leave it short.
  const Xapian::doccount want = options.offset + options.limit;
  for (Xapian::doccount fetch = want;; fetch *= 2) {
    std::vector<ResultPage> pages = fetch_pages(0, fetch);
    Xapian::doccount fetched = 0, kept = 0;
    std::vector<bool> seen;
    for (ResultPage& page : pages) {
      std::vector<Xapian::doccount> entries;
      for (const Xapian::doccount entry : page.entries) {
        ++fetched;
        if (const std::uint32_t story = stories->StoryOf(*page.mset[entry]); story != 0) {
          if (seen.size() <= story) seen.resize(story + 1, false);
          if (seen[story]) continue;
          seen[story] = true;
        }
        if (kept >= options.offset && kept < want) entries.push_back(entry);
        ++kept;
      }
      page.entries = std::move(entries);
    }
    if (kept >= want || fetched < fetch) return pages;
  }
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
    MatchTerms::Memo& memo = memos[summary.language];
    std::vector<Token> tokens;
    std::vector<int> match;
    const std::vector<std::string> probes = matches.Probes();
    if (!probes.empty() && body.size() >= kWholeSnippetBytes) {
      for (const auto& [begin, end] : SnippetRegions(body, probes, 2 * options.snippet_chars)) {
        AppendTokens(*analyzer_, body, begin, end, tokens);
      }
      match = matches.MatchTokens(tokens, stem->second, &memo);
    }
    if (std::none_of(match.begin(), match.end(), [](int m) { return m != 0; })) {
      tokens.clear();
      AppendTokens(*analyzer_, body, 0, TokenizePieceEnd(body, 0, kSnippetScanBytes), tokens);
      match = matches.MatchTokens(tokens, stem->second, &memo);
    }
    hit.snippet = MakeSnippet(body, tokens, match, options.snippet_chars);
  }
  if (options.explain) hit.explanation = Explain(hit.docid, query, options);
  // The story index says which hits have copies without a value read.
  const StoryIndex* stories = options.collapse && options.details ? Stories() : nullptr;
  if (options.collapse && options.details && (stories == nullptr || stories->StoryOf(hit.docid) != 0)) {
    hit.similar = StoryArticles(db_, doc.get_value(schema::kStorySlot), hit.docid, kMaxSimilarShown,
                                hit.similar_total, stories);
  }
  return hit;
}

std::vector<TermWeight> IndexSearcher::Explain(Xapian::docid docid, const Xapian::Query& query,
                                               const SearchOptions& options) const {
  const Xapian::Document doc = db_.get_document(docid);
  // The id from its value slot: decoding the stored article would decompress
  // the whole body for it.
  std::string id = doc.get_value(schema::kIdSlot);
  if (id.empty()) id = DecodeStoredArticle(StoredArticleData(doc)).id;
  return ExplainScore(doc, id, query, [&](const Xapian::Query& q) { return MakeEnquire(q, options); });
}

std::string IndexSearcher::Suggest(const std::string& query, const ParsedQuery& parsed,
                                   const SearchOptions& options, Xapian::doccount total) {
  SearchOptions probe = options;
  probe.limit = 0;
  probe.offset = 0;
  probe.facets = probe.explain = probe.suggest = false;
  probe.recency_half_life = 0;
  probe.fallback_to_plain = true;
  return SuggestSpelling(db_, query, parsed, total,
                         [&](const std::string& suggestion) { return Search("", suggestion, probe).total; });
}

std::optional<long> IndexSearcher::NewestDay() const {
  const std::optional<long> newest = DayNumber(Dashed(db_.get_value_upper_bound(schema::kDaySlot)));
  const long tomorrow = DayNumber(TodayUtc()).value_or(0) + 1;  // a day's grace for time zones
  if (!newest || *newest <= tomorrow) return newest;
  // An article misdated in the future (2099) would age every real one past
  // mattering: count from the newest article dated no later than tomorrow.
  Xapian::Enquire enquire(db_);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDaySlot, CompactDayOf(tomorrow)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(schema::kDaySlot, true);
  const Xapian::MSet mset = enquire.get_mset(0, 1);
  if (mset.empty()) return std::nullopt;
  return DayNumber(Dashed(mset.begin().get_document().get_value(schema::kDaySlot)));
}

bool IndexSearcher::AddRecency(BuiltQuery& built, const SearchOptions& options) const {
  const std::optional<long> newest = NewestDay();
  const std::optional<long> oldest = DayNumber(Dashed(db_.get_value_lower_bound(schema::kDaySlot)));
  if (!newest || !oldest) return false;  // no dated article
  // The boost is the query's best score, so a new article of half the best
  // relevance outranks the best one when that is a half-life old.
  SearchOptions plain = options;
  plain.collapse = false;
  const double best = MakeEnquire(built.query, plain).get_mset(0, 1).get_max_attained();
  // A filter alone scores nothing: its matches rank by age alone.
  const double boost = best > 0 ? best : 1.0;
  // The tiers filter this query (tiered_match.h), so both rank by it.
  built.query = WithRecency(built.query, boost, *newest, *oldest, options.recency_half_life);
  return true;
}

Xapian::Query IndexSearcher::Expand(const Xapian::Query& query, const SearchOptions& options) const {
  SearchOptions first_pass = options;
  first_pass.sort = SortOrder::kRelevance;
  const Xapian::MSet top = MakeEnquire(query, first_pass).get_mset(0, options.expand_documents);
  if (top.empty()) return query;
  Xapian::RSet feedback;
  for (auto it = top.begin(); it != top.end(); ++it) feedback.add_document(*it);
  return WithStems(query, FeedbackStems(db_, query, feedback, options.expand_terms), options.expand_weight);
}

SearchResult IndexSearcher::MoreLike(Xapian::docid docid, const SearchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  return RetryOnModified([this] { Reopen(); }, [&] {
    const Article source = DecodeStoredArticle(StoredArticleData(db_.get_document(docid)));
    SearchResult result;
    result.query = "more like " + source.id;
    Xapian::RSet rset;
    rset.add_document(docid);
    const std::vector<std::string> terms = FeedbackStems(db_, Xapian::Query(schema::IdTerm(source.id)), rset,
                                                         kMoreLikeStems);
    MatchTerms matches;
    for (const std::string& term : terms) matches.stems.insert(term.substr(schema::kStemmed.size()));
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

std::optional<Xapian::docid> IndexSearcher::FindArticle(const std::string& id) {
  return RetryOnModified([this] { Reopen(); }, [&]() -> std::optional<Xapian::docid> {
    const std::string term = schema::IdTerm(id);
    const Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    return *it;
  });
}

std::optional<StoryView> IndexSearcher::Story(const std::string& id) {
  return RetryOnModified([this] { Reopen(); }, [&]() -> std::optional<StoryView> {
    const std::string term = schema::IdTerm(id);
    const Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    StoryView view;
    view.id = id;
    view.key = db_.get_document(*it).get_value(schema::kStorySlot);
    Xapian::doccount total = 0;
    view.articles = StoryArticles(db_, view.key, 0, kMaxStoryRead, total, Stories());
    if (view.articles.empty()) {
      // No copies: the article alone.
      ArticleSummary summary;
      DecodeArticleSummary(db_.get_document(*it).get_value(schema::kSummarySlot), summary);
      view.articles.push_back({*it, id, summary.title, summary.date, summary.source, summary.url});
      total = 1;
    }
    view.total = total;
    return view;
  });
}

ArticleView IndexSearcher::Open(Xapian::docid docid, const std::string& query) {
  ArticleView view;
  view.article = RetryOnModified([this] { Reopen(); }, [&] { return DecodeStoredArticle(StoredArticleData(db_.get_document(docid))); });
  if (TrimSpace(query).empty()) return view;
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
