#include "common/analysis/near_copies.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstdio>
#include <limits>

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

// Hashes of the words of `text`, in order.
std::vector<std::uint64_t> WordHashes(std::string_view text) {
  std::vector<std::uint64_t> words;
  words.reserve(text.size() / 6);
  std::uint64_t word = 0;
  bool in_word = false;
  const auto end_word = [&] {
    if (in_word) words.push_back(Mix(word));
    in_word = false;
  };
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    const std::int64_t w = WordCharacter(c);
    if (w == 0) {
      end_word();
    } else if (w < 0) {
      end_word();
      words.push_back(Mix(static_cast<std::uint64_t>(-w) | (1ULL << 40)));
    } else {
      // FNV-1a over the folded code points.
      word = ((in_word ? word : 0xcbf29ce484222325ULL) ^ static_cast<std::uint64_t>(w)) * 0x100000001b3ULL;
      in_word = true;
    }
  }
  end_word();
  return words;
}

}  // namespace

std::vector<std::uint64_t> ShingleHashes(std::string_view text) {
  const std::vector<std::uint64_t> words = WordHashes(text);
  std::vector<std::uint64_t> out;
  if (words.empty()) return out;
  const std::size_t width = std::min(kShingleWords, words.size());
  out.reserve(words.size() - width + 1);
  for (std::size_t i = 0; i + width <= words.size(); ++i) {
    std::uint64_t h = 0;
    for (std::size_t j = 0; j < width; ++j) h = (h ^ words[i + j]) * 0x9e3779b97f4a7c15ULL + j;
    out.push_back(Mix(h));
  }
  return out;
}

namespace {

bool IsDigit(UChar32 c) { return (c >= '0' && c <= '9') || (c >= 0x80 && u_isdigit(c)); }
bool IsUpper(UChar32 c) { return (c >= 'A' && c <= 'Z') || (c >= 0x80 && u_isupper(c)); }
bool JoinsDigits(UChar32 c) { return c == '.' || c == ',' || c == '/' || c == '-' || c == ':'; }
bool EndsSentence(UChar32 c) { return c == '.' || c == '!' || c == '?' || c == '\n' || c == 0x3002; }

// Scans a text for its names and figures (TextFingerprint).
class FactScanner {
 public:
  void Scan(std::string_view text, TextFingerprint& out) {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
    for (std::int32_t i = 0; i < length;) {
      UChar32 c;
      U8_NEXT(bytes, i, length, c);
      Take(c);
    }
    Take(' ');
    for (std::vector<std::uint64_t>* facts : {&names_, &figures_}) {
      std::sort(facts->begin(), facts->end());
      facts->erase(std::unique(facts->begin(), facts->end()), facts->end());
    }
    out.names = std::move(names_);
    out.figures = std::move(figures_);
  }

 private:
  void Take(UChar32 c) {
    const bool letter_or_digit = c >= 0 && (WordCharacter(c) > 0 || IsDigit(c));
    if (letter_or_digit) {
      if (!in_token_) Start(c);
      if (joiner_ != 0) Add(joiner_);
      joiner_ = 0;
      digits_ = digits_ || IsDigit(c);
      Add(c >= 0x80 ? u_foldCase(c, U_FOLD_CASE_DEFAULT) : (IsUpper(c) ? c + 32 : c));
      return;
    }
    if (in_token_ && joiner_ == 0 && digits_ && JoinsDigits(c)) {
      joiner_ = c;  // kept if a digit or letter follows
      return;
    }
    End();
    if (c >= 0 && EndsSentence(c)) sentence_start_ = true;
    if (joiner_ != 0 && EndsSentence(joiner_)) sentence_start_ = true;
    joiner_ = 0;
  }
  void Start(UChar32 c) {
    in_token_ = true;
    hash_ = 0xcbf29ce484222325ULL;
    digits_ = false;
    capitalised_ = IsUpper(c) && !sentence_start_;
    sentence_start_ = false;
  }
  void Add(UChar32 c) { hash_ = (hash_ ^ static_cast<std::uint32_t>(c)) * 0x100000001b3ULL; }
  void End() {
    if (in_token_ && digits_) {
      figures_.push_back(Mix(hash_));
    } else if (in_token_ && capitalised_) {
      names_.push_back(Mix(hash_));
    }
    in_token_ = false;
  }

  std::vector<std::uint64_t> names_, figures_;
  std::uint64_t hash_ = 0;
  UChar32 joiner_ = 0;
  bool in_token_ = false, digits_ = false, capitalised_ = false, sentence_start_ = true;
};

// How many of `a` are missing from `b` (both sorted).
std::size_t Missing(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  return a.size() - CommonShingles(a, b);
}

}  // namespace

TextFingerprint Fingerprint(std::string_view title, std::string_view body, std::size_t facts_from) {
  std::string text(title);
  text += '\n';
  text += body;
  TextFingerprint out;
  out.shingles = Shingles(text);
  FactScanner().Scan(body.substr(std::min(facts_from, body.size())), out);
  return out;
}

std::vector<std::uint64_t> Shingles(std::string_view text) {
  std::vector<std::uint64_t> out = ShingleHashes(text);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
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
  // Cheap refusal first: sets of very different sizes cannot share enough.
  if (smaller == 0 || static_cast<double>(smaller) < kCopyOverlap * static_cast<double>(larger)) return false;
  if (ShingleOverlap(a, b) < kCopyOverlap) return false;
  const bool dated = a.day && b.day;
  if (dated && std::abs(*a.day - *b.day) > kCopyDays) return false;
  const std::size_t figures = std::min(Missing(a.figures, b.figures), Missing(b.figures, a.figures));
  if (figures > 0 && dated && *a.day != *b.day) return false;
  return figures + std::min(Missing(a.names, b.names), Missing(b.names, a.names)) < kReplacedFacts;
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
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%zu%012llx", band, static_cast<unsigned long long>(h >> 16));
    keys.emplace_back(buffer);
  }
  return keys;
}

}  // namespace kiji
