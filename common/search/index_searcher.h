// IndexSearcher answers ranked queries over an index built by the indexer:
// it opens local, sharded and remote indexes as one collection, reads their
// analysis settings, parses queries with the same analyzer, and puts the
// search's parts together: tiered ranking (tiered_match.h), filters and
// sorting, facets (facets.h), explanations (explain.h), spelling
// (spelling.h), expansion (expansion.h) and snippets (snippet.h). It
// returns plain structs; formatting them is the printers' job
// (searcher/printer.h).
// An IndexSearcher is used by one thread at a time, like the
// Xapian::Database it holds; threads that search at once each open one.
#ifndef KIJI_COMMON_SEARCH_INDEX_SEARCHER_H_
#define KIJI_COMMON_SEARCH_INDEX_SEARCHER_H_

#include <cstdint>
#include <optional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analysis/analyzer.h"
#include "common/articles/article.h"
#include "common/search/explain.h"
#include "common/search/facets.h"
#include "common/search/match_terms.h"
#include "common/search/query_builder.h"
#include "common/search/query_parser.h"
#include "common/search/snippet.h"
#include "common/search/stories.h"
#include "common/search/tiered_match.h"

namespace kiji {

enum class SortOrder { kRelevance, kDateAscending, kDateDescending };

// "relevance", "date" (oldest first) or "-date" (newest first).
bool ParseSortOrder(const std::string& text, SortOrder& out);

struct SearchOptions {
  Xapian::doccount limit = 10;
  Xapian::doccount offset = 0;
  bool snippets = true;
  std::size_t snippet_chars = kDefaultSnippetChars;  // at most, in code points (snippet.h)
  bool details = true;             // load title, date, source, url; false: id and score only
  bool exact_total = false;        // count every match instead of estimating
  // Count matches exactly when there are at most this many (a bounded
  // extra pass); 0: keep Xapian's estimate, for output that never shows it.
  Xapian::doccount exact_up_to = 1000;
  bool plain = false;              // no query syntax: every word is a word
  bool collapse = true;            // one hit per story, listing its similar articles (stories.h)
  double recency_half_life = 0;    // days (recency.h); 0: relevance alone
  bool fallback_to_plain = false;  // on a syntax error search the words instead of throwing
  SortOrder sort = SortOrder::kRelevance;
  std::string since;               // date bounds: YYYY, YYYY-MM or YYYY-MM-DD
  std::string until;
  bool facets = false;
  bool explain = false;
  bool suggest = true;             // "did you mean" when little is found
  bool stopwords = true;           // drop stop words from free words (stopwords.h)
  std::string weighting;           // a --weighting spec (weighting.h); empty: the default
  // Pseudo-relevance feedback (RM3-style): the `expand_terms` strongest
  // stems of the first `expand_documents` results are added to the query
  // with this weight. Defaults are RM3's usual 10/10/0.5.
  bool expand = false;
  Xapian::doccount expand_documents = 10;
  Xapian::termcount expand_terms = 10;
  double expand_weight = 0.5;
};

struct Hit {
  Xapian::doccount rank = 0;  // 1-based, counting from the first result
  Xapian::docid docid = 0;
  double score = 0;
  std::string id;
  std::string title;
  std::string date;
  std::string source;
  std::string url;
  Snippet snippet;
  std::vector<TermWeight> explanation;  // with SearchOptions::explain
  // With SearchOptions::collapse and details: the other articles of the
  // hit's story, oldest first, at most kMaxSimilarShown, and how many.
  std::vector<StoryArticle> similar;
  Xapian::doccount similar_total = 0;
};

// An article's story: every article of it, oldest first.
struct StoryView {
  std::string id;   // the article asked for
  std::string key;  // the story's key; empty when the article has no copies
  std::vector<StoryArticle> articles;  // the article alone when it has no copies
  // How many articles the story holds: more than `articles` when the story
  // is longer than kMaxStoryRead (stories.h), whose first indexed are listed.
  Xapian::doccount total = 0;
};

struct SearchResult {
  std::string query_id;
  std::string query;
  Xapian::doccount total = 0;  // all matches: exact, or Xapian's estimate
  bool total_exact = false;    // `total` is a count, not an estimate
  std::vector<Hit> hits;
  std::vector<Facet> facets;
  std::string suggestion;      // a better-matching spelling of the query, if any
  std::string warning;         // e.g. the query was searched as plain words
  double seconds = 0;
};

// The whole stored article with the query's matches marked in its body.
struct ArticleView {
  Article article;
  std::vector<std::pair<std::size_t, std::size_t>> highlights;  // byte ranges in body
};

class IndexSearcher {
 public:
  // Opens the index at `location` (see ParseIndexLocation); throws
  // IndexError (index/index_error.h) when it is missing or was not built by kiji.
  explicit IndexSearcher(const std::string& location);
  // Opens several indexes (local directories, sharded ones, tcp:// and
  // ssh:// remotes) and searches them as one collection: Xapian combines
  // their statistics, so the ranking is the one a single index of all their
  // articles gives. A database named twice is searched once. They must
  // share analysis settings; otherwise IndexError says which differ. The
  // shards of an index are read at one commit: a commit half done is waited
  // for; shards left at different commits by an interrupted update are an
  // IndexError.
  explicit IndexSearcher(const std::vector<std::string>& locations);

  // Throws QuerySyntaxError for a query that does not parse (unless
  // options.fallback_to_plain), std::invalid_argument for bad date bounds
  // and QueryError for a wildcard that expands too far.
  SearchResult Search(const std::string& query_id, const std::string& query, const SearchOptions& options);

  // Articles like the one with `docid` (relevance feedback).
  SearchResult MoreLike(Xapian::docid docid, const SearchOptions& options);

  // The whole stored article, with the words `query` matches (as a search
  // would) marked in its body; an empty query marks nothing.
  ArticleView Open(Xapian::docid docid, const std::string& query);

  // The document of the article with this id; nullopt when the index holds
  // none.
  std::optional<Xapian::docid> FindArticle(const std::string& id);

  // The story of the article with this id (up to kMaxStoryRead articles);
  // nullopt when the index holds no such article.
  std::optional<StoryView> Story(const std::string& id);

  // Picks up what the indexer committed since the index was opened (whole
  // commits, as when opening), and an index rebuilt and swapped in at the
  // same path (noticed by the directory's identity: one stat per index,
  // cheap before every query); true when there was something new.
  bool Reopen();

  Xapian::doccount size() const { return db_.get_doccount(); }

 private:
  // A local index directory as the file system knows it; a swapped-in
  // rebuild is another directory. Remote indexes have none.
  struct DirectoryIdentity {
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::int64_t changed_ns = 0;
    bool missing = false;
    bool operator==(const DirectoryIdentity&) const = default;
  };
  static std::vector<DirectoryIdentity> DirectoryIdentities(const std::vector<std::string>& locations);
  // (Re)opens every location: the database, the analyzer, the languages.
  void OpenAll();
  void OpenAllRetrying();
  ParsedQuery Parse(const std::string& query, const SearchOptions& options, std::string& warning);
  SearchResult Run(SearchResult result, const ParsedQuery& parsed, const BuiltQuery& built,
                   const MatchTerms& matches, const SearchOptions& options);
  Xapian::Enquire MakeEnquire(const Xapian::Query& query, const SearchOptions& options) const;
  // The pages of results options.offset.. (tiered, or sorted), one hit per
  // story when options.collapse; `total` gets Xapian's estimate.
  std::vector<ResultPage> Pages(const BuiltQuery& built, const SearchOptions& options, const EnquireFor& enquire,
                                Xapian::doccount& total);
  Xapian::Query Expand(const Xapian::Query& query, const SearchOptions& options) const;
  // `built` with recency blended in (recency.h); false when no article
  // has a day to weigh.
  bool AddRecency(BuiltQuery& built, const SearchOptions& options) const;
  // The day recency counts back from: the newest article's, or, past an
  // article dated after tomorrow, the newest not; nullopt with none dated.
  std::optional<long> NewestDay() const;
  // `memos`: what the words of this page's articles matched, per language.
  Hit MakeHit(const Xapian::MSetIterator& it, const MatchTerms& matches, const Xapian::Query& query,
              const SearchOptions& options, std::map<std::string, MatchTerms::Memo>& memos);
  std::vector<TermWeight> Explain(Xapian::docid docid, const Xapian::Query& query,
                                  const SearchOptions& options) const;
  std::string Suggest(const std::string& query, const ParsedQuery& parsed, const SearchOptions& options,
                      Xapian::doccount total);

  std::vector<std::string> locations_;
  std::vector<DirectoryIdentity> identity_;
  Xapian::Database db_;  // parts_ as one collection
  // Each database once, with its name for messages; a sharded local index
  // shard by shard, so that all its shards show the same commit
  // (shard_batch.h).
  std::vector<Xapian::Database> parts_;
  std::vector<std::string> part_names_;
  // For counting collapsed matches without a value read each (stories.h):
  // built when first needed after each change of the index; never for a
  // collection with a remote index, whose servers run Xapian's own spy.
  const StoryIndex* Stories();
  // The same for a match spy: none for a collection of several databases.
  const StoryIndex* CountingStories();
  bool remote_ = false;
  std::unique_ptr<StoryIndex> stories_;
  std::map<std::string, Xapian::Stem> stemmers_;  // by language, for snippets
  mutable std::map<std::string, std::unique_ptr<Xapian::Weight>> weightings_;  // by --weighting spec
  std::unique_ptr<Analyzer> analyzer_;
  QueryLanguages languages_;
};

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_INDEX_SEARCHER_H_
