// Query expansion by relevance feedback: the strongest body stems of some
// documents, added to a query (--expand, RM3-style pseudo-relevance
// feedback) or making one ("more like this"). Not the place for ranking
// (tiered_match.h). Reads a database owned by the calling thread; no
// shared state.
#ifndef KIJI_COMMON_SEARCH_EXPANSION_H_
#define KIJI_COMMON_SEARCH_EXPANSION_H_

#include <string>
#include <vector>

#include <xapian.h>

namespace kiji {

// The `terms` strongest body stems (with their prefix) of the documents in
// `feedback`, for `query` (which may be empty), by Xapian's expansion weight.
std::vector<std::string> FeedbackStems(const Xapian::Database& db, const Xapian::Query& query,
                                       const Xapian::RSet& feedback, Xapian::termcount terms);

// `query` OR the stems, the stems' weight scaled by `weight`; `query` itself
// when there are no stems.
Xapian::Query WithStems(const Xapian::Query& query, const std::vector<std::string>& stems, double weight);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_EXPANSION_H_
