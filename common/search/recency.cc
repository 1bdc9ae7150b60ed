#include "common/search/recency.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/index/schema.h"
#include "common/util/date.h"

namespace kiji {

std::optional<double> ParseHalfLife(std::string_view text) {
  if (text.size() < 2 || text.size() > 6) return std::nullopt;
  double unit = 0;
  switch (text.back()) {
    case 'd': unit = 1; break;
    case 'w': unit = 7; break;
    case 'm': unit = 30; break;
    case 'y': unit = 365; break;
    default: return std::nullopt;
  }
  long count = 0;
  for (const char c : text.substr(0, text.size() - 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    count = count * 10 + (c - '0');
  }
  if (count < 1) return std::nullopt;
  return static_cast<double>(count) * unit;
}

Xapian::Query WithRecency(const Xapian::Query& query, double boost, long newest_day, long oldest_day,
                          double half_life_days) {
  auto* source = new Xapian::ValueMapPostingSource(schema::kDaySlot);
  const long days = std::min(newest_day - oldest_day, static_cast<long>(std::ceil(kRecencyHalfLives * half_life_days)));
  for (long age = 0; age <= days; ++age) {
    source->add_mapping(CompactDayOf(newest_day - age), boost * std::exp2(-static_cast<double>(age) / half_life_days));
  }
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release()));
}

}  // namespace kiji
