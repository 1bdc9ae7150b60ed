// Recency: relevance blended with age, for news that is worth more when
// new. A match's score is raised by the best score of the query times
// 2^(-age / half-life), its age counted in days back from the newest
// article of the index (not from today: an archive ranks as a live feed
// does). Built on Xapian's ValueMapPostingSource over the day slot, which
// shards and remote servers evaluate as they are. Not the place for date
// filters (query_builder.h). Pure functions: safe from any thread.
#ifndef KIJI_COMMON_SEARCH_RECENCY_H_
#define KIJI_COMMON_SEARCH_RECENCY_H_

#include <optional>
#include <string_view>

#include <xapian.h>

namespace kiji {

// A half-life as people write it, in days: "7d", "2w", "6m" (30 days
// each), "1y" (365 days); a count from 1 to 99999. nullopt otherwise.
std::optional<double> ParseHalfLife(std::string_view text);

// Ages older than this many half-lives add nothing (less than a
// thousandth of the boost), so the map of days stays short.
inline constexpr double kRecencyHalfLives = 10;

// `query` with each match's score raised by `boost` × 2^(-age /
// `half_life_days`), age in days back from `newest_day` down to
// `oldest_day` (util/date.h DayNumber); articles without a date gain
// nothing. Matches stay the query's own.
Xapian::Query WithRecency(const Xapian::Query& query, double boost, long newest_day, long oldest_day,
                          double half_life_days);

}  // namespace kiji

#endif  // KIJI_COMMON_SEARCH_RECENCY_H_
