#include "common/analysis/near_copies.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstdio>
#include <limits>
#include <unordered_map>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace kiji {

namespace {

// SplitMix64's finaliser: a cheap, well-mixed 64-bit hash of a 64-bit value.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Scripts written without spaces: each character is a word.
bool StandsAlone(UChar32 c) {
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return true;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA || script == USCRIPT_HANGUL ||
         script == USCRIPT_THAI || script == USCRIPT_LAO || script == USCRIPT_KHMER || script == USCRIPT_MYANMAR;
}

// A word character's folded form, with the common ASCII case kept off ICU.
// 0: not part of a word; negative: a character that is a word of its own.
std::int64_t WordCharacter(UChar32 c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : 0;
  }
  if (!(u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK)) return 0;
  const UChar32 folded = u_foldCase(c, U_FOLD_CASE_DEFAULT);
  return StandsAlone(c) ? -static_cast<std::int64_t>(folded) : folded;
}

bool IsDigit(UChar32 c) { return (c >= '0' && c <= '9') || (c >= 0x80 && u_isdigit(c)); }
bool IsUpper(UChar32 c) { return (c >= 'A' && c <= 'Z') || (c >= 0x80 && u_isupper(c)); }
bool EndsSentence(UChar32 c) { return c == '.' || c == '!' || c == '?' || c == '\n' || c == 0x3002; }

enum WordKind : std::uint8_t { kPlain = 0, kName = 1, kFigure = 2 };

// The words of a text, hashed, and which are names or figures (from
// `facts_from` on: what a dateline says is no fact of the story).
class WordScanner {
 public:
  explicit WordScanner(std::size_t facts_from) : facts_from_(facts_from) {}

  // `facts_start` gets the index of the first word from `facts_from` on.
  void Scan(std::string_view text, std::vector<std::uint64_t>& words, std::vector<std::uint8_t>& kinds,
            std::size_t& facts_start) {
    words_ = &words;
    kinds_ = &kinds;
    facts_start_ = &facts_start;
    facts_start = SIZE_MAX;
    words.reserve(text.size() / 6);
    kinds.reserve(text.size() / 6);
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
    for (std::int32_t i = 0; i < length;) {
      const auto at = static_cast<std::size_t>(i);
      UChar32 c;
      U8_NEXT(bytes, i, length, c);
      Take(c, at);
    }
    End();
  }

 private:
  void Take(UChar32 c, std::size_t at) {
    const std::int64_t w = c < 0 ? 0 : WordCharacter(c);
    if (w == 0) {
      End();
      if (c >= 0 && EndsSentence(c)) sentence_start_ = true;
      return;
    }
    if (w < 0) {  // a character that is a word of its own
      End();
      Push(Mix(static_cast<std::uint64_t>(-w) | (1ULL << 40)), kPlain);
      sentence_start_ = false;
      return;
    }
    if (!in_word_) {
      in_word_ = true;
      hash_ = 0xcbf29ce484222325ULL;
      digits_ = false;
      fact_ = at >= facts_from_;
      if (fact_ && *facts_start_ == SIZE_MAX) *facts_start_ = words_->size();
      capitalised_ = IsUpper(c) && !sentence_start_;
      sentence_start_ = false;
    }
    digits_ = digits_ || IsDigit(c);
    // FNV-1a over the folded code points.
    hash_ = (hash_ ^ static_cast<std::uint64_t>(w)) * 0x100000001b3ULL;
  }
  void End() {
    if (!in_word_) return;
    in_word_ = false;
    Push(Mix(hash_), !fact_ ? kPlain : digits_ ? kFigure : capitalised_ ? kName : kPlain);
  }
  void Push(std::uint64_t hash, WordKind kind) {
    words_->push_back(hash);
    kinds_->push_back(kind);
  }

  std::size_t facts_from_;
  std::vector<std::uint64_t>* words_ = nullptr;
  std::vector<std::uint8_t>* kinds_ = nullptr;
  std::size_t* facts_start_ = nullptr;
  std::uint64_t hash_ = 0;
  bool in_word_ = false, digits_ = false, capitalised_ = false, fact_ = false, sentence_start_ = true;
};

std::size_t ShingleWidth(std::size_t words) { return std::min(kShingleWords, words); }

std::uint64_t ShingleAt(const std::vector<std::uint64_t>& words, std::size_t i, std::size_t width) {
  std::uint64_t h = 0;
  for (std::size_t j = 0; j < width; ++j) h = (h ^ words[i + j]) * 0x9e3779b97f4a7c15ULL + j;
  return Mix(h);
}

std::vector<std::uint64_t> ShinglesOfWords(const std::vector<std::uint64_t>& words) {
  std::vector<std::uint64_t> out;
  if (words.empty()) return out;
  const std::size_t width = ShingleWidth(words.size());
  out.reserve(words.size() - width + 1);
  for (std::size_t i = 0; i + width <= words.size(); ++i) out.push_back(ShingleAt(words, i, width));
  return out;
}

std::vector<std::uint64_t> SortedSet(std::vector<std::uint64_t> hashes) {
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  return hashes;
}

struct Replaced {
  std::size_t facts = 0;    // short passages where both texts name or number something else
  std::size_t figures = 0;  // of those, the ones with a figure
  std::size_t names = 0;    // of those, the ones where each text names someone or somewhere
  std::size_t added_names = 0;  // short passages naming someone where the other text has none
  std::size_t long_names = 0;   // passages of up to kLongGap words where each text names someone else
};

// Whether words [from, to) of `t` hold a name, and a figure.
std::pair<bool, bool> FactsIn(const TextFingerprint& t, std::size_t from, std::size_t to) {
  bool name = false, figure = false;
  for (std::size_t k = from; k < to; ++k) {
    name = name || t.kinds[k] == kName;
    figure = figure || t.kinds[k] == kFigure;
  }
  return {name, figure};
}

// Counts words [a0, a1) of `a`, in place of [b0, b1) of `b`, as a replaced
// fact when both are short and either holds a name or figure.
void CountGap(const TextFingerprint& a, std::size_t a0, std::size_t a1, const TextFingerprint& b, std::size_t b0,
              std::size_t b1, Replaced& out) {
  constexpr std::size_t kShortGap = 4;
  // A name at length: "Putnam High Yield Municipal" for "Franklin Insured
  // Tax Free Income" (counted for briefs only).
  constexpr std::size_t kLongGap = 8;
  if (a1 > a0 && a1 - a0 <= kShortGap && b1 <= b0) out.added_names += FactsIn(a, a0, a1).first;
  if (a1 <= a0 || b1 <= b0 || a1 - a0 > kLongGap || b1 - b0 > kLongGap) return;
  const auto [a_name, a_figure] = FactsIn(a, a0, a1);
  const auto [b_name, b_figure] = FactsIn(b, b0, b1);
  if (a1 - a0 > kShortGap || b1 - b0 > kShortGap) {
    out.long_names += a_name && b_name;
    return;
  }
  out.facts += a_name || b_name || a_figure || b_figure;
  out.figures += a_figure || b_figure;
  out.names += a_name && b_name;
}

// Where `a` and `b` tell the same text with a few words replaced: each gap
// between shingles that `a` shares with `b`, anchored by a shared shingle
// on both sides (or by the start of the story, after any dateline), against
// the gap between the same anchors in `b`. A gap of a few words on both
// sides holding a name or figure replaces a fact; longer gaps are rewritten
// passages (a changed paragraph, another credit line), which copies have.
Replaced ReplacedFacts(const TextFingerprint& a, const TextFingerprint& b) {
  Replaced out;
  const std::size_t width = kShingleWords;
  if (a.words.size() < 2 * width + 1 || b.words.size() < 2 * width + 1) return out;
  std::unordered_map<std::uint64_t, std::size_t> in_b;
  for (std::size_t i = 0; i + width <= b.words.size(); ++i) in_b.emplace(ShingleAt(b.words, i, width), i);
  std::vector<bool> covered(a.words.size(), false);
  std::vector<std::size_t> at(a.words.size(), SIZE_MAX);  // where the shingle starting here is in b
  for (std::size_t i = 0; i + width <= a.words.size(); ++i) {
    const auto found = in_b.find(ShingleAt(a.words, i, width));
    if (found == in_b.end()) continue;
    at[i] = found->second;
    std::fill(covered.begin() + static_cast<std::ptrdiff_t>(i), covered.begin() + static_cast<std::ptrdiff_t>(i + width), true);
  }
  // The story's opening, when no shared shingle anchors it from before (a
  // title rewritten with it): "Tokyo Optical Co is issuing" against
  // "Keihanshin Real Estate Co is issuing".
  const std::size_t start = a.facts_start;
  if (start < a.words.size() && (start < width || at[start - width] == SIZE_MAX)) {
    std::size_t next = start;
    while (next < a.words.size() && at[next] == SIZE_MAX) ++next;
    if (next < a.words.size() && at[next] >= b.facts_start) CountGap(a, start, next, b, b.facts_start, at[next], out);
  }
  for (std::size_t g0 = width; g0 < a.words.size();) {
    if (covered[g0]) {
      ++g0;
      continue;
    }
    std::size_t g1 = g0;
    while (g1 < a.words.size() && !covered[g1]) ++g1;
    if (g1 + width <= a.words.size() && at[g0 - width] != SIZE_MAX && at[g1] != SIZE_MAX) {
      CountGap(a, g0, g1, b, at[g0 - width] + width, at[g1], out);
    }
    g0 = g1;
  }
  return out;
}

// The words of a headline that say what it is about, sorted, each once:
// without figures ("UPDATE 2", "304 mln") or the labels wires put before a
// resent story ("CORRECTED:", "REFILE-").
std::vector<std::uint64_t> HeadlineWords(std::string_view title) {
  static const std::vector<std::uint64_t> kLabels = [] {
    std::vector<std::uint64_t> words;
    std::vector<std::uint8_t> kinds;
    std::size_t start = 0;
    WordScanner(SIZE_MAX).Scan("corrected correction corrects update updated refile rpt repeat urgent flash", words,
                               kinds, start);
    return SortedSet(std::move(words));
  }();
  std::vector<std::uint64_t> words, kept;
  std::vector<std::uint8_t> kinds;
  std::size_t start = 0;
  WordScanner(SIZE_MAX).Scan(title, words, kinds, start);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (kinds[i] != kFigure && !std::binary_search(kLabels.begin(), kLabels.end(), words[i])) kept.push_back(words[i]);
  }
  return SortedSet(std::move(kept));
}

}  // namespace

std::vector<std::uint64_t> ShingleHashes(std::string_view text) {
  std::vector<std::uint64_t> words;
  std::vector<std::uint8_t> kinds;
  std::size_t facts_start = 0;
  WordScanner(SIZE_MAX).Scan(text, words, kinds, facts_start);
  return ShinglesOfWords(words);
}

std::uint64_t PlaceKey(std::string_view place) {
  std::vector<std::uint64_t> words;
  std::vector<std::uint8_t> kinds;
  std::size_t facts_start = 0;
  WordScanner(SIZE_MAX).Scan(place, words, kinds, facts_start);
  return words.empty() ? 0 : ShingleAt(words, 0, words.size()) | 1;
}

std::vector<std::uint64_t> Shingles(std::string_view text) { return SortedSet(ShingleHashes(text)); }

TextFingerprint Fingerprint(std::string_view title, std::string_view body, std::size_t facts_from) {
  std::string text(title);
  text += '\n';
  const std::size_t body_at = text.size();
  text += body;
  TextFingerprint out;
  WordScanner(body_at + std::min(facts_from, body.size())).Scan(text, out.words, out.kinds, out.facts_start);
  out.shingles = SortedSet(ShinglesOfWords(out.words));
  for (std::size_t i = 0; i < out.words.size(); ++i) {
    if (out.kinds[i] == kFigure) out.figures.push_back(out.words[i]);
  }
  out.figures = SortedSet(std::move(out.figures));
  out.title_words = HeadlineWords(title);
  return out;
}

std::size_t CommonShingles(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  std::size_t common = 0;
  auto i = a.begin(), j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return common;
}

double ShingleOverlap(const TextFingerprint& a, const TextFingerprint& b) {
  if (a.shingles.empty() || b.shingles.empty()) return 0;
  return static_cast<double>(CommonShingles(a.shingles, b.shingles)) /
         static_cast<double>(std::max(a.shingles.size(), b.shingles.size()));
}

bool AreNearCopies(const TextFingerprint& a, const TextFingerprint& b) {
  const std::size_t smaller = std::min(a.shingles.size(), b.shingles.size());
  const std::size_t larger = std::max(a.shingles.size(), b.shingles.size());
  // Cheap refusals first: sets of very different sizes cannot share enough.
  if (smaller == 0 || static_cast<double>(smaller) < kCopyOverlap * static_cast<double>(larger)) return false;
  // Reports from two places: another market's prices, another city's weather.
  if (a.place != 0 && b.place != 0 && a.place != b.place) return false;
  const long days_apart = a.day && b.day ? std::abs(*a.day - *b.day) : 0;
  const std::size_t words = std::max(a.words.size(), b.words.size());
  const bool brief = words < kBriefWords;
  if (brief && days_apart > kCopyDays) return false;
  const double overlap = ShingleOverlap(a, b);
  if (overlap < (days_apart > kCopyDays ? kNearlyAll : kCopyOverlap)) return false;
  const Replaced replaced = ReplacedFacts(a, b);
  // A brief's figure revised on another day, or on a day unknown, is the
  // template's next report; a name swapped for another, another subject.
  if (brief && replaced.figures > 0 && (days_apart > 0 || !a.day || !b.day)) return false;
  // Under one headline, a name changed is a correction ("Word Economic
  // Forum" for "World"), one headline holding the other's words ("CORRECTED:
  // BEA shares drop" and "BEA shares drop"); under two, another subject.
  const std::size_t common_headline = CommonShingles(a.title_words, b.title_words);
  const bool two_headlines =
      common_headline < a.title_words.size() && common_headline < b.title_words.size();
  if (two_headlines || a.title_words.empty() || b.title_words.empty()) {
    if (brief ? replaced.names + replaced.long_names > 0 : replaced.names >= kReplacedNames) return false;
    // A brief naming one more party: "Franklin High-Yield Insured" against
    // "Franklin Insured", another fund.
    if (brief && replaced.added_names + ReplacedFacts(b, a).added_names > 0) return false;
  }
  // Each with figures the other lacks: another model, another day's numbers.
  const std::size_t common_figures = CommonShingles(a.figures, b.figures);
  if (overlap < kNearlyAll &&
      std::min(a.figures.size(), b.figures.size()) - common_figures >= kReplacedFigures) {
    return false;
  }
  return replaced.facts < std::max(kReplacedFacts, words / kWordsPerReplacedFact);
}

std::vector<std::string> BandKeys(const std::vector<std::uint64_t>& shingles) {
  std::vector<std::string> keys;
  if (shingles.empty()) return keys;
  constexpr std::size_t kBins = kBands * kBandRows;
  constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();
  std::array<std::uint64_t, kBins> minimum;
  minimum.fill(kEmpty);
  // One permutation: a shingle's hash picks its bin and is its value there.
  for (const std::uint64_t s : shingles) {
    const auto bin = static_cast<std::size_t>((static_cast<unsigned __int128>(s) * kBins) >> 64);
    minimum[bin] = std::min(minimum[bin], s);
  }
  // An empty bin borrows the next filled one's value, marked by the
  // distance, so that equal sets still get equal keys.
  std::array<std::uint64_t, kBins> filled = minimum;
  for (std::size_t bin = 0; bin < kBins; ++bin) {
    if (minimum[bin] != kEmpty) continue;
    for (std::size_t step = 1; step < kBins; ++step) {
      const std::uint64_t next = minimum[(bin + step) % kBins];
      if (next != kEmpty) {
        filled[bin] = Mix(next ^ (step * 0x5851f42d4c957f2dULL));
        break;
      }
    }
  }
  for (std::size_t band = 0; band < kBands; ++band) {
    std::uint64_t h = band;
    for (std::size_t r = 0; r < kBandRows; ++r) h = Mix(h ^ filled[band * kBandRows + r]);
    static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
    std::string key(1, static_cast<char>('0' + band));
    for (int i = 0; i < 6; ++i, h >>= 6) key += kDigits[h & 63];
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace kiji
