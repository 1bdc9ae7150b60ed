// Query building: from a parsed query tree (query_parser.h) to the Xapian
// query that runs it, with the stemmers of the index's languages, stop
// words dropped, the all-words tier of short keyword queries and date
// ranges. Pure functions over values; they open no index and are safe from
// any thread.
#ifndef KIJI_COMMON_SEARCH_QUERY_BUILDER_H_
#define KIJI_COMMON_SEARCH_QUERY_BUILDER_H_

#include <string>
#include <vector>

#include <xapian.h>

#include "common/search/query_parser.h"

namespace kiji {

// The stemmers of every language present in the index: a free word matches
// the stem it has in any of them.
struct QueryLanguages {
  std::vector<std::string> codes;  // ISO 639 codes, for stop lists
  std::vector<Xapian::Stem> stemmers;

  static QueryLanguages For(const std::vector<std::string>& codes);
};

// Drops stop words (stopwords.h) from the free words of every word list,
// as long as the list keeps at least one other word to search for. Phrases,
// +required and field words are kept.
void DropStopwords(ParsedQuery& parsed, const QueryLanguages& languages);

// Wildcards expanding to more terms than this are an error, not a hang.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 500;

// Keyword queries of up to this many words (as typed) rank the articles
// holding every word first. Longer queries are questions in natural
// language, where putting the articles with every word first ranks worse
// (Cranfield: MAP 0.3126 with, 0.3160 without), so they are ranked by BM25
// alone.
inline constexpr std::size_t kMaxAllWordsFirst = 4;

struct BuiltQuery {
  Xapian::Query query;
  // For a plain list of 2..kMaxAllWordsFirst words: the documents holding
  // all of them, which are ranked before the rest. Empty otherwise.
  Xapian::Query all_words;
};

BuiltQuery BuildQuery(const ParsedQuery& parsed, const QueryLanguages& languages);

// A date range filter from the bounds of date:A..B, --since and --until
// ("YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty = open). Throws
// std::invalid_argument for a malformed bound.
Xapian::Query DateRangeQuery(const std::string& from, const std::string& to);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_QUERY_BUILDER_H_
