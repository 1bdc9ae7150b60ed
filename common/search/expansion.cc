#include "common/search/expansion.h"

#include "common/index/schema.h"

namespace kiji {

namespace {

// Expansion terms: body stems only.
class StemDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return term.size() > 2 && term[0] == schema::kStemmed[0] && !(term[1] >= 'A' && term[1] <= 'Z');
  }
};

}  // namespace

std::vector<std::string> FeedbackStems(const Xapian::Database& db, const Xapian::Query& query,
                                       const Xapian::RSet& feedback, Xapian::termcount terms) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const StemDecider decider;
  const Xapian::ESet eset = enquire.get_eset(terms, feedback, &decider);
  std::vector<std::string> out;
  for (auto it = eset.begin(); it != eset.end(); ++it) out.push_back(*it);
  return out;
}

Xapian::Query WithStems(const Xapian::Query& query, const std::vector<std::string>& stems, double weight) {
  if (stems.empty()) return query;
  const Xapian::Query expansion(Xapian::Query::OP_OR, stems.begin(), stems.end());
  return Xapian::Query(Xapian::Query::OP_OR, query, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, weight));
}

}  // namespace kiji
