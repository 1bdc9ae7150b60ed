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

// What two articles are compared by: the words of their title and body
// (hashed, in order), which of the body's words are names (capitalised,
// not starting a sentence) or figures (holding a digit), the set of their
// shingles, and `day`, the day published (util/date.h DayNumber; nullopt
// when unknown).
struct TextFingerprint {
  std::vector<std::uint64_t> words;
  std::vector<std::uint8_t> kinds;  // per word: plain, name or figure
  std::size_t facts_start = 0;      // the first word of the story after title and dateline
  std::vector<std::uint64_t> figures;  // the figures' words, sorted, each once
  std::vector<std::uint64_t> shingles;
  std::optional<long> day;
  // The place of the text's dateline (PlaceKey), 0 when it has none.
  std::uint64_t place = 0;
  // The title's words but figures and wire labels (CORRECTED, UPDATE),
  // sorted, each once: two headlines differ when each has a word the other
  // lacks.
  std::vector<std::uint64_t> title_words;
};

// A key for the place a dateline names ("SAN MATEO" and "San Mateo" alike);
// 0 for none.
std::uint64_t PlaceKey(std::string_view place);
// `facts_from`: where in `body` names and figures start (after a dateline,
// whose date differs between a story and its resending).
TextFingerprint Fingerprint(std::string_view title, std::string_view body, std::size_t facts_from = 0);

// Copies differ by what one adds or rewrites (a credit line, a dateline, a
// paragraph); reports written to one template differ by the facts put in
// its slots ("Tokyo Optical Co is issuing a 40 mln dlr eurobond..." and
// "Keihanshin Real Estate Co is issuing a 25 mln dlr eurobond..."), short
// passages where each names or numbers something else. Texts are not
// copies when kReplacedFacts such passages differ, or one per
// kWordsPerReplacedFact words of a longer text (an updated story revises
// figures all through). Reports to a template also recur, a day, a week
// or a month later: a brief (fewer than kBriefWords words) dated on
// another day is not a copy when it replaces a figure ("Federal funds
// were trading at 6-1/4 pct" the next day), nor when it is more than
// kCopyDays apart ("The Bundesbank left credit policies unchanged"), and
// texts more than kCopyDays apart must share kNearlyAll of their shingles
// (a factbox republished weeks later does; a maker's notice of another
// phone's update does not). Whatever their length, texts are not copies
// when, under two headlines, each names another party in kReplacedNames
// places (one in a brief, where naming one more party also counts), nor
// when their datelines name two places (reports of one template from two
// markets).
inline constexpr std::size_t kReplacedNames = 2;
inline constexpr std::size_t kReplacedFacts = 3;
inline constexpr std::size_t kReplacedFigures = 2;
inline constexpr std::size_t kWordsPerReplacedFact = 100;
inline constexpr double kNearlyAll = 0.9;
inline constexpr std::size_t kBriefWords = 100;
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
// kCopyOverlap of its shingles with the other, and no more facts are
// replaced than copies replace (above).
bool AreNearCopies(const TextFingerprint& a, const TextFingerprint& b);

// MinHash band keys of a text's ShingleHashes (in any order, repeats
// allowed): kBands strings of 7 characters, the band's number then 36 bits
// of the hash of kBandRows minimum hashes (in 6 characters of [0-9A-Za-z_-]),
// taken in one pass by one-permutation hashing with rotation densification
// (Shrivastava & Li, 2014). Texts whose shingle sets have Jaccard
// similarity s share at least one key with probability 1 - (1 - s^3)^6:
// 0.992 for copies that share 90 % of their shingles (s = 0.82), 0.55 at
// s = 0.5, 0.05 at s = 0.2. Empty for a text without shingles. Each key is
// a term of every article, unique to it but for its copies: few and short
// keys keep the index small (doc/performance.md, "Stories").
inline constexpr std::size_t kBands = 6;
inline constexpr std::size_t kBandRows = 3;
std::vector<std::string> BandKeys(const std::vector<std::uint64_t>& shingles);

}  // namespace kiji

#endif  // KIJI_COMMON_ANALYSIS_NEAR_COPIES_H_
