// Article dates: parsed into one sortable form, relative days ("7d",
// "yesterday") resolved against a given today, and dates shown to people.
// Not the place for date ranges in queries (search/query_builder.h).
// Pure functions but TodayUtc, which reads the clock: safe from any thread.
#ifndef KIJI_COMMON_UTIL_DATE_H_
#define KIJI_COMMON_UTIL_DATE_H_

#include <optional>
#include <string>
#include <string_view>

namespace kiji {

// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z", an
// offset ("+09:00", "+0900") or nothing (taken as UTC), and the same with a
// space instead of 'T'. Returns "YYYY-MM-DD" for a date alone, otherwise
// "YYYY-MM-DDTHH:MM:SSZ" converted to UTC; nullopt when `text` is not a
// valid date. Both forms sort correctly as strings.
std::optional<std::string> NormalizeDate(std::string_view text);

// Whether `text` is a date bound of a query or --since/--until: "YYYY",
// "YYYY-MM" or "YYYY-MM-DD", a real date.
bool IsDateBound(std::string_view text);

// Today's date in UTC, "YYYY-MM-DD", from the system clock: the day that
// relative dates count back from.
std::string TodayUtc();

// A relative day: "today", "yesterday", or a count and a unit, "7d", "2w",
// "6m", "1y" (days, weeks, calendar months, years; a count of up to 5 digits, 4 for years),
// as the day that long before `today` ("YYYY-MM-DD"). A month or year back
// from a day its month lacks lands on that month's last day (31 March - 1m
// = 28 or 29 February). nullopt when `text` is none of these.
std::optional<std::string> RelativeDay(std::string_view text, std::string_view today);

// Whether `text` is a count and a unit ("7d"), as opposed to a named day.
bool IsRelativeSpan(std::string_view text);

// A date bound as written (IsDateBound), or a relative day turned into
// one; nullopt when `text` is neither.
std::optional<std::string> ResolveDateBound(std::string_view text, std::string_view today);

// The end of a date range given only its start (as written): today when
// the start is a relative day, so that the last 7 days end today rather
// than at an article misdated 2099; "" (open) after an absolute start.
std::string ImpliedRangeEnd(std::string_view start, std::string_view today);

// Whether a range between two date bounds (IsDateBound; either may be
// empty, for open) ends before it starts: "2024..2023-05" does, while
// "2024-05..2024" does not, a year including its months.
bool RangeEndsBeforeStart(std::string_view start, std::string_view end);

// The day of a normalised date (or of "YYYY-MM-DD..." text) as a count of
// days since 1970-01-01; nullopt when it does not start with a valid day.
std::optional<long> DayNumber(std::string_view normalized_date);

// "YYYYMMDD" of a day counted as DayNumber counts it.
std::string CompactDayOf(long day_number);

// "YYYYMMDD" from a normalised date.
std::string CompactDay(std::string_view normalized_date);

// A normalised date as people read it: "27 March 1987" for a date alone,
// "27 March 1987, 11:51 UTC" with a time; anything else comes back as it is.
std::string HumanDate(std::string_view normalized_date);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_DATE_H_
