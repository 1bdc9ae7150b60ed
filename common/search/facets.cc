#include "common/search/facets.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/index/schema.h"

namespace kiji {

std::vector<FacetCount> TopValues(const Xapian::ValueCountMatchSpy& spy, char separator, std::size_t n) {
  std::map<std::string, Xapian::doccount> counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string value = *it;
    if (separator == '\0') {
      counts[value] += it.get_termfreq();
      continue;
    }
    std::set<std::string> seen;
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find(separator, start);
      if (end == std::string::npos) end = value.size();
      if (end > start && seen.insert(value.substr(start, end - start)).second) {
        counts[value.substr(start, end - start)] += it.get_termfreq();
      }
      start = end + 1;
    }
  }
  std::vector<FacetCount> out;
  for (const auto& [value, count] : counts) {
    if (!value.empty()) out.push_back({value, count});
  }
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

std::vector<Facet> CountFacets(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount& total) {
  Xapian::ValueCountMatchSpy sources(schema::kSourceSlot);
  Xapian::ValueCountMatchSpy years(schema::kYearSlot);
  Xapian::ValueCountMatchSpy tags(schema::kTagsSlot);
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.add_matchspy(&sources);
  enquire.add_matchspy(&years);
  enquire.add_matchspy(&tags);
  // Every match, not just the first page, so counts (and the total) are exact.
  total = enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
  return {{"source", TopValues(sources, '\0', kFacetValues)},
          {"year", TopValues(years, '\0', kFacetValues)},
          {"tag", TopValues(tags, schema::kTagSeparator, kFacetValues)}};
}

}  // namespace kiji
