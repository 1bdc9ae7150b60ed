// Near copies: whether two texts are the same story told by different
// outlets (syndicated copies with other credit lines and datelines, wire
// updates, light edits, the same file twice). A text is reduced to its set
// of 5-word shingles; two texts are copies when they share a large part of
// their shingles, and MinHash band keys (Broder's locality-sensitive
// hashing) let an index find the few candidates worth comparing. Not the
// place for clusters in an index (index/story_clusters.h).
// Pure functions: safe from any thread.
#ifndef KIJI_COMMON_ANALYSIS_NEAR_COPIES_H_
#define KIJI_COMMON_ANALYSIS_NEAR_COPIES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiji {

// Words per shingle: long enough that unrelated text on one topic shares
// few, short enough that one changed word spoils only five.
inline constexpr std::size_t kShingleWords = 5;

// The shingles of `text` in text order, repeats included: hashes of every
// run of kShingleWords consecutive words. Words are runs of letters and digits,
// case-folded; each ideograph, kana, hangul syllable or Thai letter is a
// word of its own (those scripts write no spaces). A text of fewer words
// has one shingle of all of them; one without words has none.
std::vector<std::uint64_t> ShingleHashes(std::string_view text);

// ShingleHashes sorted, each once: the set that copies are compared by.
std::vector<std::uint64_t> Shingles(std::string_view text);

// How many hashes two sorted hash sets share.
std::size_t CommonShingles(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// What two articles are compared by: the shingles of their title and body,
// and the names and figures of their body (each sorted, each once):
// figures are numbers (runs of digits with the separators inside them,
// "6-1/16", "1,411"), names capitalised words that do not start a
// sentence, case-folded. They tell a copy from another report written to
// the same template ("Tokyo Optical Co is issuing a 40 mln dlr
// eurobond..." and "Keihanshin Real Estate Co is issuing a 25 mln dlr
// eurobond..."), which shares most shingles: copies differ by what one
// adds (a credit line, a paragraph) far more than by what both replace.
// `day`, the day published (util/date.h DayNumber; nullopt when unknown),
// tells a day's report from the next day's, which replaces only a figure
// or two, and a report that recurs in the same words (a central bank's
// "left credit policies unchanged") from a copy, which comes within days.
struct TextFingerprint {
  std::vector<std::uint64_t> shingles;
  std::vector<std::uint64_t> names;
  std::vector<std::uint64_t> figures;
  std::optional<long> day;
};
// `facts_from`: where in `body` names and figures start (after a dateline,
// whose date differs between a story and its resending).
TextFingerprint Fingerprint(std::string_view title, std::string_view body, std::size_t facts_from = 0);

// Texts are not copies when each has at least this many names and figures
// the other lacks (facts replaced, not added), or, dated on different
// days, when each has a figure the other lacks; nor when dated more than
// kCopyDays apart.
inline constexpr std::size_t kReplacedFacts = 3;
inline constexpr long kCopyDays = 3;

// Two texts are copies when each shares at least this part of its
// shingles with the other. Half would do by the definition readers are
// promised (a collapsed copy shares at least half of its shingles with the
// hit shown); the margin absorbs words another tokenizer splits otherwise.
inline constexpr double kCopyOverlap = 0.6;

// The shingles two texts share over the larger set's size: 1 for equal
// sets, 0 when either has none.
double ShingleOverlap(const TextFingerprint& a, const TextFingerprint& b);

// Whether two texts are copies of each other: each shares at least
// kCopyOverlap of its shingles with the other, and not too many of the
// names and figures of one are replaced in the other (kReplacedFacts).
bool AreNearCopies(const TextFingerprint& a, const TextFingerprint& b);

// MinHash band keys of a text's ShingleHashes (in any order, repeats
// allowed): kBands strings of 12 hex digits, each from kBandRows minimum
// hashes, taken in one pass by one-permutation hashing with rotation
// densification (Shrivastava & Li, 2014). Texts whose shingle sets have Jaccard similarity s share
// at least one key with probability 1 - (1 - s^3)^8: 0.998 for copies that
// share 90 % of their shingles (s = 0.82), 0.66 at s = 0.5, 0.06 at
// s = 0.2. Empty for a text without shingles. The band's number leads each
// key, so equal keys mean the same band.
inline constexpr std::size_t kBands = 8;
inline constexpr std::size_t kBandRows = 3;
std::vector<std::string> BandKeys(const std::vector<std::uint64_t>& shingles);

}  // namespace kiji

#endif  // KIJI_COMMON_ANALYSIS_NEAR_COPIES_H_
