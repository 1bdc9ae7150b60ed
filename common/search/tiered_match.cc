#include "common/search/tiered_match.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
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

ResultPage WholePage(const Xapian::MSet& mset) {
  ResultPage page{mset, 0.0, {}};
  for (Xapian::doccount i = 0; i < mset.size(); ++i) page.entries.push_back(i);
  return page;
}

namespace {

// The second tier after the first (`head`): the query's own ranking less
// the head's documents and collapse keys, from its `skip`th such entry,
// `count` of them. One plain match, where an AND_NOT would evaluate the
// all-words query a second time; the same documents and scores (AND_NOT
// scores by its left side). Fetched again, deeper, when skipped entries
// leave it short.
ResultPage RestAfter(const Xapian::MSet& head, const Xapian::Query& query, const EnquireFor& enquire,
                     Xapian::doccount skip, Xapian::doccount count) {
  std::set<Xapian::docid> shown;
  std::set<std::string> keys;
  for (auto it = head.begin(); it != head.end(); ++it) {
    shown.insert(*it);
    if (!it.get_collapse_key().empty()) keys.insert(it.get_collapse_key());
  }
  for (Xapian::doccount fetch = skip + count + head.size();; fetch *= 2) {
    ResultPage page{enquire(query).get_mset(0, fetch), 0.0, {}};
    std::set<std::string> seen = keys;
    Xapian::doccount eligible = 0;
    for (auto it = page.mset.begin(); it != page.mset.end() && page.entries.size() < count; ++it) {
      if (shown.count(*it) != 0) continue;
      const std::string key = it.get_collapse_key();
      if (!key.empty() && !seen.insert(key).second) continue;
      if (eligible++ == 0) page.bonus = it.get_weight();  // the best of the rest, for the head's bonus
      if (eligible > skip) page.entries.push_back(it.get_rank());
    }
    if (page.entries.size() == count || page.mset.size() < fetch) return page;
  }
}

}  // namespace

// Two tiers: documents with every word, then the rest, each by BM25. When
// one list shows both, the first tier's scores carry a bonus of the best
// score the second tier attains, so scores still fall with rank (TREC tools
// rank by score). The bonus is an attained score, not a bound, so it is the
// same however the index is laid out (one database, shards, remotes). The
// second tier is not run at all when the first fills the page: a keyword
// query usually costs one AND match. A page past the first tier is cut
// from the list as the first page would continue it, so that paging
// neither skips nor repeats a result, nor a story.
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
  const Xapian::doccount want = offset + limit;
  Xapian::MSet first = enquire(all).get_mset(offset, limit, want);
  if (first.size() == limit) {
    const Xapian::doccount estimate =
        words.empty()
            ? first.get_matches_estimated() +
                  enquire(Xapian::Query(Xapian::Query::OP_AND_NOT, query, built.all_words)).get_mset(0, 0).get_matches_estimated()
            : std::max(first.get_matches_estimated(), OrEstimate(first, words, documents));
    total = std::max(want, estimate);
    return {WholePage(first)};
  }
  // The whole first tier (it ends on this page or before it), then the rest.
  const Xapian::MSet head = offset == 0 ? first : enquire(all).get_mset(0, want);
  ResultPage head_page{head, 0.0, {}};
  for (Xapian::doccount i = offset; i < head.size(); ++i) head_page.entries.push_back(i);
  const Xapian::doccount skip = offset > head.size() ? offset - head.size() : 0;
  ResultPage rest = RestAfter(head, query, enquire, skip, limit - static_cast<Xapian::doccount>(head_page.entries.size()));
  head_page.bonus = head.empty() ? 0.0 : rest.bonus;
  rest.bonus = 0.0;
  total = std::max<Xapian::doccount>(rest.mset.get_matches_estimated(), head.size());
  return {std::move(head_page), std::move(rest)};
}

namespace {

// Matches and duplicates among them, from one match of `enquire` counting
// at least `enough` documents.
struct Counted {
  Xapian::doccount matches = 0;     // Xapian's estimate (exact when bounds meet)
  Xapian::doccount duplicates = 0;  // seen matches sharing a story with one seen before
  Xapian::doccount seen = 0;        // matches the spy was shown
  bool bounds_exact = false;
};

Counted CountOnce(Xapian::Enquire enquire, Xapian::doccount enough, Xapian::valueno collapse_slot,
                  const StoryIndex* stories) {
  std::optional<Xapian::ValueCountMatchSpy> keys;
  std::optional<CollapsedMatches> collapsed;
  if (collapse_slot != Xapian::BAD_VALUENO) {
    enquire.set_collapse_key(Xapian::BAD_VALUENO);
    if (stories != nullptr) {
      if (!stories->empty()) enquire.add_matchspy(&collapsed.emplace(*stories));
    } else {
      enquire.add_matchspy(&keys.emplace(collapse_slot));
    }
  }
  const Xapian::MSet mset = enquire.get_mset(0, 0, enough);
  enquire.clear_matchspies();  // an Enquire is a shared handle: the spies die here
  Counted out;
  out.matches = mset.get_matches_estimated();
  out.bounds_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  out.seen = out.matches;  // no spy: nothing to scale
  if (collapsed) {
    out.duplicates = collapsed->collapsed();
    out.seen = collapsed->seen();
  } else if (keys) {
    for (auto key = keys->values_begin(); key != keys->values_end(); ++key) {
      if (!(*key).empty()) out.duplicates += key.get_termfreq() - 1;
    }
    out.seen = static_cast<Xapian::doccount>(keys->get_total());
  }
  out.duplicates = std::min(out.duplicates, out.matches);
  return out;
}

}  // namespace

Xapian::doccount CountMatches(const Xapian::Enquire& enquire, Xapian::doccount exact_up_to, bool count_all,
                              Xapian::doccount documents, bool& exact, Xapian::valueno collapse_slot,
                              const StoryIndex* stories) {
  // Xapian stops counting past its check-at-least bound and estimates the rest.
  const Xapian::doccount enough = count_all ? documents : exact_up_to + 1;
  Counted counted = CountOnce(enquire, enough, collapse_slot, stories);
  // Xapian can know a filter's count exactly without visiting every match
  // (a term's frequency), so the spy may have seen only some: scale the
  // duplicates it found, and when that estimate falls within the bound,
  // count everything so the total shown is exact.
  if (counted.seen < counted.matches && counted.seen > 0) {
    const double share = static_cast<double>(counted.duplicates) / counted.seen;
    const auto scaled = static_cast<Xapian::doccount>(std::lround(share * counted.matches));
    if (counted.matches - std::min(scaled, counted.matches) <= exact_up_to) {
      counted = CountOnce(enquire, documents, collapse_slot, stories);
    } else {
      exact = false;
      return std::max(counted.matches - std::min(scaled, counted.matches), exact_up_to + 1);
    }
  }
  exact = counted.bounds_exact && counted.seen >= counted.matches;
  const Xapian::doccount matches = counted.matches - counted.duplicates;
  if (exact || count_all) return matches;
  // Past the bound: an estimate informed by that many matches seen.
  return std::max(matches, exact_up_to + 1);
}

}  // namespace kiji
