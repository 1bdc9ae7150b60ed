// Spelling suggestions ("did you mean"): the query with each free word the
// index does not hold replaced by its closest spelling in the index's
// spelling table, offered only when that finds more. Not the place for
// parsing (query_parser.h). Reads a database owned by the calling thread;
// no shared state.
#ifndef KIJI_COMMON_SEARCH_SPELLING_H_
#define KIJI_COMMON_SEARCH_SPELLING_H_

#include <functional>
#include <string>

#include <xapian.h>

#include "common/search/query_parser.h"

namespace kiji {

// Queries that find more than this many matches get no suggestion.
inline constexpr Xapian::doccount kMaxMatchesForSuggestion = 2;

// A better spelling of `query` (parsed as `parsed`, which found `total`
// matches), or "" when there is none, when it is longer than a query may
// be, or when it finds no more: `count` says how many matches a query finds.
std::string SuggestSpelling(const Xapian::Database& db, const std::string& query, const ParsedQuery& parsed,
                            Xapian::doccount total, const std::function<Xapian::doccount(const std::string&)>& count);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_SPELLING_H_
