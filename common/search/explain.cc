#include "common/search/explain.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/index/schema.h"

namespace kiji {

namespace {

// How many leaves of `query` hold each term.
void CountTermLeaves(const Xapian::Query& query, std::map<std::string, int>& occurrences) {
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t) ++occurrences[*t];
    return;
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) CountTermLeaves(query.get_subquery(i), occurrences);
}

}  // namespace

std::vector<TermWeight> ExplainScore(const Xapian::Document& doc, const std::string& id, const Xapian::Query& query,
                                     const EnquireFor& enquire) {
  std::vector<TermWeight> out;
  const Xapian::Query only_this(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::IdTerm(id)), 0);
  // A term the query holds at several positions ("Nadella Nadella", CJK
  // bigrams repeated) is a leaf at each: its weight counts as often.
  std::map<std::string, int> occurrences;
  CountTermLeaves(query, occurrences);
  std::set<std::string> seen;
  for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
    if (!seen.insert(*t).second) continue;
    Xapian::TermIterator in_doc = doc.termlist_begin();
    in_doc.skip_to(*t);
    if (in_doc == doc.termlist_end() || *in_doc != *t) continue;
    // The weight this term alone gives this document, under the same scheme.
    const Xapian::MSet mset =
        enquire(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(*t), only_this)).get_mset(0, 1);
    TermWeight w;
    w.term = *t;
    w.field = std::string(schema::DescribeTerm(*t));
    w.text = std::string(schema::TermText(*t));
    w.wdf = in_doc.get_wdf();
    w.weight = mset.empty() ? 0 : mset.begin().get_weight() * std::max(1, occurrences[*t]);
    out.push_back(std::move(w));
  }
  std::sort(out.begin(), out.end(), [](const TermWeight& a, const TermWeight& b) { return a.weight > b.weight; });
  return out;
}

}  // namespace kiji
