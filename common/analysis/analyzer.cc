#include "common/analysis/analyzer.h"

#include <algorithm>
#include <stdexcept>

#include "common/analysis/ascii_words.h"
#include "common/util/utf8.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace kiji {

namespace {

void ThrowIfFailed(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU: ") + what + ": " + u_errorName(status));
  }
}

// NFKC_Casefold of ASCII text.
void LowerAscii(std::string& s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// Typographic apostrophes are folded to ASCII so "Korea’s" and "Korea's"
// are one term and the Snowball stemmers see the apostrophe they expect.
void FoldApostrophes(std::string& s) {
  static constexpr std::string_view kRightQuote = "\xE2\x80\x99";  // U+2019
  if (s.find(kRightQuote) == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, kRightQuote.size(), kRightQuote) == 0) {
      out += '\'';
      i += kRightQuote.size() - 1;
    } else {
      out += s[i];
    }
  }
  s = std::move(out);
}

TokenKind KindOf(int32_t rule_status) {
  if (rule_status >= UBRK_WORD_IDEO && rule_status < UBRK_WORD_IDEO_LIMIT) {
    return TokenKind::kIdeograph;
  }
  if (rule_status >= UBRK_WORD_KANA && rule_status < UBRK_WORD_KANA_LIMIT) {
    return TokenKind::kKana;
  }
  if (rule_status >= UBRK_WORD_NUMBER && rule_status < UBRK_WORD_NUMBER_LIMIT) {
    return TokenKind::kNumber;
  }
  return TokenKind::kLetter;
}

bool IsHan(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN && U_SUCCESS(status);
}

// ICU labels dictionary words of Thai, Lao, Khmer and Burmese as letters, and
// some symbol-only segments as "none"; anything with a letter, digit or
// ideograph in it is a word.
bool HasWordCharacter(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && (u_isalnum(c) || u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))) return true;
  }
  return false;
}

}  // namespace

bool IsCjk(TokenKind kind) {
  return kind == TokenKind::kIdeograph || kind == TokenKind::kKana;
}

Analyzer::Analyzer(const AnalysisSettings& settings) : settings_(settings) {
  UErrorCode status = U_ZERO_ERROR;
  words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  ThrowIfFailed(status, "creating the word break iterator");
  casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  ThrowIfFailed(status, "loading NFKC_Casefold");
  nfd_ = icu::Normalizer2::getNFDInstance(status);
  ThrowIfFailed(status, "loading NFD");
  nfc_ = icu::Normalizer2::getNFCInstance(status);
  ThrowIfFailed(status, "loading NFC");
}

Analyzer::~Analyzer() = default;

std::string Analyzer::Fold(std::string_view word) const {
  std::string out;
  if (FirstNonAscii(word) == word.size()) {
    out.assign(word);
    LowerAscii(out);
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded =
      casefold_->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(),
                                                                         static_cast<int32_t>(word.size()))),
                           status);
  ThrowIfFailed(status, "case folding");
  if (settings_.fold_diacritics) {
    icu::UnicodeString decomposed = nfd_->normalize(folded, status);
    ThrowIfFailed(status, "decomposing");
    icu::UnicodeString stripped;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      if (u_charType(c) != U_NON_SPACING_MARK) stripped.append(c);
      i += U16_LENGTH(c);
    }
    folded = nfc_->normalize(stripped, status);
    ThrowIfFailed(status, "recomposing");
  }
  folded.toUTF8String(out);
  FoldApostrophes(out);
  return out;
}

std::vector<Token> Analyzer::Tokenize(std::string_view text) {
  // ICU sees only the stretches around non-ASCII characters: from the safe
  // cut before one to the first safe cut that a run of kMinAsciiRun ASCII
  // bytes follows, so text with a word of another script here and there
  // costs a few short ICU calls rather than one long one, and text mixed
  // throughout stays one call (64 bytes measured best: doc/performance.md).
  constexpr std::size_t kMinAsciiRun = 64;
  std::vector<Token> tokens;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t other = FirstNonAscii(text, pos);
    std::size_t icu_begin = other;
    while (icu_begin > pos && !IsSafeCut(text, icu_begin)) --icu_begin;
    std::size_t icu_end = other;
    while (icu_end < text.size()) {  // at a non-ASCII byte
      do {
        ++icu_end;
      } while (!IsSafeCut(text, icu_end));
      const std::size_t next_other = FirstNonAscii(text, icu_end);
      if (next_other == text.size() || next_other - icu_end >= kMinAsciiRun) break;
      icu_end = next_other;
    }
    AppendAsciiTokens(text, pos, icu_begin, tokens);
    AppendIcuTokens(text, icu_begin, icu_end, tokens);
    pos = icu_end;
  }
  return tokens;
}

std::vector<Token> Analyzer::TokenizeWithIcu(std::string_view text) {
  std::vector<Token> tokens;
  AppendIcuTokens(text, 0, text.size(), tokens);
  return tokens;
}

void Analyzer::AppendAsciiTokens(std::string_view text, std::size_t begin, std::size_t end,
                                 std::vector<Token>& tokens) const {
  for (const AsciiWord& word : AsciiWords(text.substr(begin, end - begin))) {
    if (word.end - word.begin > kMaxTermBytes) continue;
    Token token;
    token.term.assign(text.substr(begin + word.begin, word.end - word.begin));
    LowerAscii(token.term);  // Fold's result for ASCII
    token.begin = begin + word.begin;
    token.end = begin + word.end;
    token.kind = word.number ? TokenKind::kNumber : TokenKind::kLetter;
    tokens.push_back(std::move(token));
  }
}

void Analyzer::AppendIcuTokens(std::string_view text, std::size_t begin, std::size_t end,
                               std::vector<Token>& tokens) {
  if (begin >= end) return;
  const std::string_view part = text.substr(begin, end - begin);
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, part.data(), static_cast<int64_t>(part.size()), &status);
  ThrowIfFailed(status, "opening UTF-8 text");
  words_->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    ThrowIfFailed(status, "setting break iterator text");
  }
  // For UTF-8 UText the iterator's native indexes are byte offsets.
  int32_t from = words_->first();
  for (int32_t to = words_->next(); to != icu::BreakIterator::DONE; from = to, to = words_->next()) {
    const int32_t status_code = words_->getRuleStatus();
    const std::string_view word = part.substr(static_cast<std::size_t>(from),
                                              static_cast<std::size_t>(to - from));
    if (status_code < UBRK_WORD_NONE_LIMIT && !HasWordCharacter(word)) continue;
    Token token;
    token.term = Fold(word);
    if (token.term.empty() || token.term.size() > kMaxTermBytes) continue;
    token.begin = begin + static_cast<std::size_t>(from);
    token.end = begin + static_cast<std::size_t>(to);
    token.kind = KindOf(status_code);
    tokens.push_back(std::move(token));
  }
  // Detach the iterator from the text before the UText goes away.
  words_->setText(icu::UnicodeString());
  utext_close(ut);
}

std::size_t TokenizePieceEnd(std::string_view text, std::size_t from, std::size_t target) {
  if (text.size() - from <= target) return text.size();
  // After a line feed UAX #29 always breaks and ICU's dictionary ranges
  // end; IsSafeCut covers a space before ASCII.
  const std::size_t limit = std::min(text.size(), from + 2 * target);
  for (std::size_t pos = from + target; pos < limit; ++pos) {
    if (text[pos - 1] == '\n' || IsSafeCut(text, pos)) return pos;
  }
  const std::size_t cut = AlignToCodePoint(text, from + target);
  return cut > from ? cut : from + target;
}

std::vector<std::vector<std::size_t>> AdjacencyGroups(const std::vector<Token>& tokens) {
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool joins_previous = i > 0 && IsCjk(tokens[i].kind) && IsCjk(tokens[i - 1].kind) &&
                                tokens[i - 1].end == tokens[i].begin;
    if (joins_previous) {
      groups.back().push_back(i);
    } else {
      groups.push_back({i});
    }
  }
  return groups;
}

std::vector<std::string> IdeographBigrams(const std::vector<Token>& tokens) {
  std::vector<std::string> bigrams;
  for (const auto& group : AdjacencyGroups(tokens)) {
    std::string run;
    if (!IsCjk(tokens[group.front()].kind)) continue;
    for (std::size_t i : group) run += tokens[i].term;
    const auto* p = reinterpret_cast<const uint8_t*>(run.data());
    const int32_t n = static_cast<int32_t>(run.size());
    int32_t prev_start = -1;
    UChar32 prev = -1;
    for (int32_t i = 0; i < n;) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      if (prev_start >= 0 && IsHan(prev) && IsHan(c)) {
        bigrams.push_back(run.substr(static_cast<std::size_t>(prev_start),
                                     static_cast<std::size_t>(i - prev_start)));
      }
      prev_start = start;
      prev = c;
    }
  }
  return bigrams;
}

}  // namespace kiji
