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

// A free word is corrected when the index lacks it, or holds it in at most
// kRareWordArticles articles while its closest spelling in the index's
// spelling table is in kMuchMoreFrequent times as many ("Volker" once,
// "Volcker" in 106 articles), even when the query finds something.
inline constexpr Xapian::doccount kRareWordArticles = 5;
inline constexpr Xapian::doccount kMuchMoreFrequent = 20;

// A better spelling of `query` (parsed as `parsed`, which found `total`
// matches): its free words corrected as above, the rest (operators,
// phrases, fields, wildcards) as typed. "" when no word needs it, when it
// is longer than a query may be, or when it finds no more: `count` says
// how many matches a query finds.
std::string SuggestSpelling(const Xapian::Database& db, const std::string& query, const ParsedQuery& parsed,
                            Xapian::doccount total, const std::function<Xapian::doccount(const std::string&)>& count);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_SPELLING_H_
