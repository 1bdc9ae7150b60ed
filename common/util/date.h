// Article dates: parsed into one sortable form, and shown to people. Not
// the place for date ranges in queries (search/query_builder.h).
// Pure functions: safe from any thread.
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

// "YYYYMMDD" from a normalised date.
std::string CompactDay(std::string_view normalized_date);

// A normalised date as people read it: "27 March 1987" for a date alone,
// "27 March 1987, 11:51 UTC" with a time; anything else comes back as it is.
std::string HumanDate(std::string_view normalized_date);

}  // namespace kiji

#endif  // KIJI_COMMON_UTIL_DATE_H_
