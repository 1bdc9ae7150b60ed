// Tiered matching: the page of results for a ranked query, documents
// holding every word of a short keyword query first (BuiltQuery::all_words,
// query_builder.h), then the rest, by the same weighting; and the count of
// all matches, exact up to a bound. Not the place for what a hit shows
// (index_searcher.h). Pure functions over an Enquire factory; they share no
// state and are safe from any thread that owns the databases they search.
#ifndef KIJI_COMMON_SEARCH_TIERED_MATCH_H_
#define KIJI_COMMON_SEARCH_TIERED_MATCH_H_

#include <functional>
#include <vector>

#include <xapian.h>

#include "common/search/query_builder.h"
#include "common/search/stories.h"

namespace kiji {

// A run of results in rank order, with the bonus added to its scores: the
// entries of `mset` (by index) that the page shows, in order.
struct ResultPage {
  Xapian::MSet mset;
  double bonus = 0;
  std::vector<Xapian::doccount> entries;
};

// The page of a single MSet: all of its entries.
ResultPage WholePage(const Xapian::MSet& mset);

// An Enquire for a query, with the search's weighting, filters and sort.
using EnquireFor = std::function<Xapian::Enquire(const Xapian::Query&)>;

// The results offset..offset+limit of `built`, ranked relevance first in
// two tiers, as pages to show in order; `total` gets the estimated number
// of matches. `documents`: how many the collection holds. When the
// enquires collapse (Enquire::set_collapse_key), a key the first tier
// shows is not shown again in the second, on any page.
std::vector<ResultPage> TieredPages(const BuiltQuery& built, Xapian::doccount offset, Xapian::doccount limit,
                                    const EnquireFor& enquire, Xapian::doccount documents, Xapian::doccount& total);

// How many documents `enquire` matches, counted exactly when there are at
// most `exact_up_to` (or always, with `count_all`), else estimated with at
// least exact_up_to + 1. `exact` says whether the count is exact. With
// `collapse_slot` (not Xapian::BAD_VALUENO), documents sharing a non-empty
// value there count once: Xapian's own counts of a collapsed match are
// estimates, so the match runs uncollapsed and a spy counts the keys —
// `stories`' own when given (a local database: no value read per match),
// else Xapian's value count spy, which remote servers run.
Xapian::doccount CountMatches(const Xapian::Enquire& enquire, Xapian::doccount exact_up_to, bool count_all,
                              Xapian::doccount documents, bool& exact,
                              Xapian::valueno collapse_slot = Xapian::BAD_VALUENO,
                              const StoryIndex* stories = nullptr);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_TIERED_MATCH_H_
