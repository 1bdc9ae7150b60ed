// Score explanations: how much each term of a query adds to one document's
// score, under the search's own weighting, for --explain. Not the place for
// ranking itself (tiered_match.h). Reads a database owned by the calling
// thread; no shared state.
#ifndef KIJI_COMMON_SEARCH_EXPLAIN_H_
#define KIJI_COMMON_SEARCH_EXPLAIN_H_

#include <string>
#include <vector>

#include <xapian.h>

#include "common/search/tiered_match.h"

namespace kiji {

struct TermWeight {
  std::string term;   // as indexed, with its prefix
  std::string field;  // "body", "title", "caption", "stem", "cjk bigram", ...
  std::string text;   // the term without its prefix, as people read it
  Xapian::termcount wdf = 0;
  double weight = 0;
};

// The weight each term of `query` that `doc` (whose article id is `id`)
// holds gives it alone, heaviest first; `enquire` makes the Enquire of the
// search (its weighting scheme).
std::vector<TermWeight> ExplainScore(const Xapian::Document& doc, const std::string& id, const Xapian::Query& query,
                                     const EnquireFor& enquire);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_EXPLAIN_H_
