// Facets: how the matches of a query spread over sources, years and tags,
// counted over every match (not only the page shown) with Xapian's value
// count match spies, which remote shards run too. Not the place for
// filtering on a facet (query_builder.h). Reads a database owned by the
// calling thread; no shared state.
#ifndef KIJI_COMMON_SEARCH_FACETS_H_
#define KIJI_COMMON_SEARCH_FACETS_H_

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace kiji {

struct FacetCount {
  std::string value;
  Xapian::doccount count = 0;
};

struct Facet {
  std::string name;                // "source", "year" or "tag"
  std::vector<FacetCount> counts;  // most frequent first
};

// Number of values shown per facet.
inline constexpr std::size_t kFacetValues = 10;

// The source, year and tag facets of the matches of `query` in `db`, each
// its kFacetValues most frequent values; `total` gets the exact number of
// matches (the pass sees them all).
std::vector<Facet> CountFacets(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount& total);

// The `n` most frequent values a spy saw, most frequent first (ties in
// byte order); a value may hold several joined by `separator` ('\0' for
// none), each counted once per article.
std::vector<FacetCount> TopValues(const Xapian::ValueCountMatchSpy& spy, char separator, std::size_t n);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_FACETS_H_
