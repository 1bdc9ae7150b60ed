#include "common/search/tiered_match.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace kiji {

namespace {

// The terms of `query` when it is an OR of two or more single terms, else
// nothing.
std::vector<std::string> PlainWords(const Xapian::Query& query) {
  std::vector<std::string> out;
  if (query.get_type() != Xapian::Query::OP_OR || query.get_num_subqueries() < 2) return out;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Xapian::Query sub = query.get_subquery(i);
    if (sub.get_type() != Xapian::Query::LEAF_TERM) return {};
    out.push_back(*sub.get_terms_begin());
  }
  return out;
}

// How many of `n` documents hold at least one of `terms`, assuming they
// occur independently: Xapian's own estimate for an OR.
Xapian::doccount OrEstimate(const Xapian::MSet& mset, const std::vector<std::string>& terms, Xapian::doccount n) {
  if (n == 0) return 0;
  double none = 1.0;
  for (const std::string& term : terms) none *= 1.0 - static_cast<double>(mset.get_termfreq(term)) / n;
  return static_cast<Xapian::doccount>(std::lround(n * (1.0 - none)));
}

}  // namespace

// Two tiers: documents with every word, then the rest, each by BM25. When
// one list shows both, the first tier's scores carry a bonus of the best
// score the second tier attains, so scores still fall with rank (TREC tools
// rank by score). The bonus is an attained score, not a bound, so it is the
// same however the index is laid out (one database, shards, remotes). The
// second tier is not run at all when the first fills the page: a keyword
// query usually costs one AND match.
//
// A query of plain words (the usual case) runs tier 1 as their AND: the
// same documents and scores as the filtered OR, with a third of the posting
// lists; and estimates the total from the term frequencies that match
// gathered, as Xapian estimates an OR, so a full first page costs one match.
std::vector<ResultPage> TieredPages(const BuiltQuery& built, Xapian::doccount offset, Xapian::doccount limit,
                                    const EnquireFor& enquire, Xapian::doccount documents, Xapian::doccount& total) {
  const Xapian::Query& query = built.query;
  const std::vector<std::string> words = PlainWords(query);
  const Xapian::Query all = words.empty() ? Xapian::Query(Xapian::Query::OP_FILTER, query, built.all_words)
                                          : Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
  // Built only on the paths that run it.
  const auto rest = [&] { return Xapian::Query(Xapian::Query::OP_AND_NOT, query, built.all_words); };
  const Xapian::doccount want = offset + limit;
  Xapian::MSet first = enquire(all).get_mset(offset, limit, want);
  if (first.size() == limit) {
    const Xapian::doccount estimate =
        words.empty() ? first.get_matches_estimated() + enquire(rest()).get_mset(0, 0).get_matches_estimated()
                      : std::max(first.get_matches_estimated(), OrEstimate(first, words, documents));
    total = std::max(want, estimate);
    return {{first, 0.0, {}}};
  }
  if (offset == 0) {
    // The rest of a first page: the query's own best matches less the
    // first tier's, which are all on this page. One plain match, where an
    // AND_NOT would evaluate the all-words query a second time; the same
    // documents and scores (AND_NOT scores by its left side).
    ResultPage rest_page{enquire(query).get_mset(0, limit), 0.0, {}};
    for (auto it = first.begin(); it != first.end(); ++it) rest_page.shown.insert(*it);
    double best_rest = 0;
    for (auto it = rest_page.mset.begin(); it != rest_page.mset.end(); ++it) {
      if (rest_page.shown.count(*it) == 0) {
        best_rest = it.get_weight();
        break;
      }
    }
    total = std::max<Xapian::doccount>(rest_page.mset.get_matches_estimated(), first.size());
    return {{first, first.empty() ? 0.0 : best_rest, {}}, std::move(rest_page)};
  }
  Xapian::doccount in_first = offset + first.size();
  if (first.empty() && offset > 0) in_first = enquire(all).get_mset(0, offset).size();
  const Xapian::doccount rest_offset = offset > in_first ? offset - in_first : 0;
  Xapian::MSet second = enquire(rest()).get_mset(rest_offset, limit - first.size());
  total = first.get_matches_estimated() + second.get_matches_estimated();
  return {{first, first.empty() ? 0.0 : second.get_max_attained(), {}}, {second, 0.0, {}}};
}

Xapian::doccount CountMatches(const Xapian::Enquire& enquire, Xapian::doccount exact_up_to, bool count_all,
                              Xapian::doccount documents, bool& exact) {
  // Xapian stops counting past its check-at-least bound and estimates the rest.
  const Xapian::doccount enough = count_all ? documents : exact_up_to + 1;
  const Xapian::MSet counted = enquire.get_mset(0, 0, enough);
  exact = counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
  if (exact || count_all) return counted.get_matches_estimated();
  // Past the bound: an estimate informed by that many matches seen.
  return std::max(counted.get_matches_estimated(), exact_up_to + 1);
}

}  // namespace kiji
