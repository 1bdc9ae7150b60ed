#include "common/search/explain.h"

#include <algorithm>
#include <set>

#include "common/index/schema.h"

namespace kiji {

std::vector<TermWeight> ExplainScore(const Xapian::Document& doc, const std::string& id, const Xapian::Query& query,
                                     const EnquireFor& enquire) {
  std::vector<TermWeight> out;
  const Xapian::Query only_this(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::IdTerm(id)), 0);
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
    w.weight = mset.empty() ? 0 : mset.begin().get_weight();
    out.push_back(std::move(w));
  }
  std::sort(out.begin(), out.end(), [](const TermWeight& a, const TermWeight& b) { return a.weight > b.weight; });
  return out;
}

}  // namespace kiji
