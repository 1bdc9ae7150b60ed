// Stop words: the function words ("the", "of", "und") that carry no topic.
// They are dropped from the free words of a query (never from phrases,
// never from +required words, and never when a query has nothing else),
// which helps ranking on natural-language questions (doc/performance.md,
// "Ranking defaults on Cranfield"). Articles are indexed in full, so "to
// be or not to be" in quotes is still found.
// Immutable lists: safe from any thread.
#ifndef KIJI_COMMON_ANALYSIS_STOPWORDS_H_
#define KIJI_COMMON_ANALYSIS_STOPWORDS_H_

#include <string>
#include <string_view>
#include <unordered_set>

namespace kiji {

// The Snowball project's stop list for an ISO 639 code (case-folded, with
// ASCII apostrophes); empty for languages without one.
const std::unordered_set<std::string>& StopwordsFor(std::string_view language);

}  // namespace kiji

#endif  // KIJI_COMMON_ANALYSIS_STOPWORDS_H_
