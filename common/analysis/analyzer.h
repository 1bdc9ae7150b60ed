// The one text analysis chain used for indexing and for querying: ICU word
// segmentation over UTF-8 (dictionary-based for Japanese, Chinese and Thai;
// ASCII stretches by ascii_words.h, which draws the same boundaries),
// NFKC case folding and optional diacritic folding. Tokens keep their byte
// offsets so snippets can highlight exactly what matched. Stemming and term
// prefixes are applied by the callers (document_builder.h, query_builder.h);
// this class never touches an index.
// An Analyzer reuses one ICU word iterator, so Tokenize is not thread-safe:
// one Analyzer per thread (each bulk-build worker builds its own).
#ifndef KIJI_COMMON_ANALYSIS_ANALYZER_H_
#define KIJI_COMMON_ANALYSIS_ANALYZER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/analysis/analysis_settings.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
class Normalizer2;
U_NAMESPACE_END

namespace kiji {

enum class TokenKind { kLetter, kNumber, kKana, kIdeograph };

struct Token {
  std::string term;        // folded form: what goes into the index
  std::size_t begin = 0;   // byte offset of the first byte in the input
  std::size_t end = 0;     // byte offset one past the last byte
  TokenKind kind = TokenKind::kLetter;
};

// Terms longer than this (in bytes, after folding) are dropped: they are
// hashes, base64 or run-together junk, and Xapian limits term length.
inline constexpr std::size_t kMaxTermBytes = 64;

class Analyzer {
 public:
  explicit Analyzer(const AnalysisSettings& settings);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Splits valid UTF-8 `text` into word tokens: letters, numbers, kana and
  // ideographs; punctuation, symbols and spaces are dropped. An Analyzer
  // reuses one ICU iterator, so it is cheap to call repeatedly but must not
  // be shared between threads.
  std::vector<Token> Tokenize(std::string_view text);

  // The same tokens with every segment drawn by ICU, none by the ASCII
  // segmenter (ascii_words.h): the reference Tokenize must equal, for tests
  // and the fuzzer.
  std::vector<Token> TokenizeWithIcu(std::string_view text);

  // The folded form of one word, as Tokenize would produce it.
  std::string Fold(std::string_view word) const;

  const AnalysisSettings& settings() const { return settings_; }

 private:
  // Append the tokens of text[begin, end), offsets into `text`; the bounds
  // must be safe cuts (IsSafeCut) and, for the ASCII one, ASCII between.
  void AppendAsciiTokens(std::string_view text, std::size_t begin, std::size_t end,
                         std::vector<Token>& tokens) const;
  void AppendIcuTokens(std::string_view text, std::size_t begin, std::size_t end, std::vector<Token>& tokens);

  AnalysisSettings settings_;
  std::unique_ptr<icu::BreakIterator> words_;
  const icu::Normalizer2* casefold_;
  const icu::Normalizer2* nfd_;
  const icu::Normalizer2* nfc_;
};

// Where a piece of text[from, ...) of about `target` bytes should end so
// that tokenizing the pieces one by one gives the tokens of the whole (with
// their offsets moved): at a cut the segmentation of the whole draws too.
// Only text with no such cut for `target` bytes (one line without spaces)
// is cut at a code point boundary instead. For tokenizing long texts
// without holding all their tokens.
std::size_t TokenizePieceEnd(std::string_view text, std::size_t from, std::size_t target);

// True for tokens written in ideographs or kana, which have no spaces
// between words and are matched by adjacency rather than by word.
bool IsCjk(TokenKind kind);

// Overlapping bigrams of the Han characters in each run of adjacent
// ideograph tokens, e.g. 東京都庁 -> 東京 京都 都庁.
std::vector<std::string> IdeographBigrams(const std::vector<Token>& tokens);

// Groups of token indexes: maximal runs of CJK tokens that touch each other
// in the text (a CJK "phrase" written without spaces); every other token is
// a group of its own.
std::vector<std::vector<std::size_t>> AdjacencyGroups(const std::vector<Token>& tokens);

}  // namespace kiji

#endif  // KIJI_COMMON_ANALYSIS_ANALYZER_H_
