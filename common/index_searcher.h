// IndexSearcher answers ranked queries over an index built by the indexer:
// it reads the index's analysis settings, parses queries with the same
// analyzer, ranks with BM25 and makes snippets. It returns plain result
// structs; formatting them is the printers' job (searcher/printer.h).
#ifndef KIJI_COMMON_INDEX_SEARCHER_H_
#define KIJI_COMMON_INDEX_SEARCHER_H_

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/analyzer.h"
#include "common/query_parser.h"
#include "common/snippet.h"

namespace kiji {

struct SearchOptions {
  Xapian::doccount limit = 10;
  Xapian::doccount offset = 0;
  bool snippets = true;
};

struct Hit {
  Xapian::doccount rank = 0;  // 1-based, counting from the first result
  double score = 0;
  std::string id;
  std::string title;
  std::string date;
  std::string source;
  std::string url;
  Snippet snippet;
};

struct SearchResult {
  std::string query_id;
  std::string query;
  Xapian::doccount total = 0;  // Xapian's estimate of all matches
  std::vector<Hit> hits;
};

// BM25 parameters chosen on news-like text (see README, "Ranking").
inline constexpr double kBm25K1 = 1.2;
inline constexpr double kBm25B = 0.75;

class IndexSearcher {
 public:
  // Opens the index at `path`; throws IndexError (index_writer.h) when it
  // is missing or was not built by kiji.
  explicit IndexSearcher(const std::string& path);

  SearchResult Search(const std::string& query_id, const std::string& query,
                      const SearchOptions& options);

  Xapian::doccount size() const { return db_.get_doccount(); }

 private:
  Hit MakeHit(const Xapian::MSetIterator& it, const MatchTerms& matches, bool snippets);

  Xapian::Database db_;
  std::unique_ptr<Analyzer> analyzer_;
  QueryLanguages languages_;
};

}  // namespace kiji

#endif  // KIJI_COMMON_INDEX_SEARCHER_H_
